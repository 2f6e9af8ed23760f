"""Word 97-2003 .doc text through antiword (or catdoc), tables as rows, legacy fonts converted."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from scrapers.files import legacy
from scrapers.files.blocks import Block, join_cells
from scrapers.files.errors import FileReadError

_HEAD_LINES = 14
# In the letterhead antiword sets the two columns side by side, two or more spaces apart.
_COLUMNS = re.compile(r"\t+|\s{2,}(?=[A-ZĐÀ-Ỹ|])")
_PICTURE = re.compile(r"^\s*\[pic\]\s*$")
INSTALL_HINT = "reading .doc needs antiword or catdoc (Debian: apt-get install antiword catdoc)"


def _run(tool: list[str], path: str) -> str:
    try:
        proc = subprocess.run([*tool, path], capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise FileReadError(f"{tool[0]} took too long on this file") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FileReadError(
            f"{tool[0]} cannot read it: {reason[0] if reason else 'exit ' + str(proc.returncode)}"
        )
    return proc.stdout.decode("utf-8", "replace")


def doc_text(data: bytes) -> str:
    """The raw text of a .doc: antiword (one paragraph a line, tables with "|"), else catdoc."""
    tools = []
    if shutil.which("antiword"):
        tools.append(["antiword", "-m", "UTF-8.txt", "-w", "0"])
    if shutil.which("catdoc"):
        tools.append(["catdoc", "-d", "utf-8", "-w"])
    if not tools:
        raise FileReadError(INSTALL_HINT)
    fd, path = tempfile.mkstemp(suffix=".doc")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        error: FileReadError | None = None
        for tool in tools:
            try:
                return _run(tool, path)
            except FileReadError as exc:  # antiword refuses some files catdoc reads: try the next
                error = exc
        assert error is not None
        raise error
    finally:
        os.unlink(path)


def read_doc(data: bytes) -> tuple[list[Block], str | None, list[str]]:
    """Blocks of a .doc (no pages: Word binary files keep no layout), its legacy encoding, warnings."""
    text = doc_text(data).replace("\r", "\n").replace("\f", "\n")
    warnings: list[str] = []
    encoding = legacy.detect(text)
    if encoding:
        text, changed = legacy.fix_lines(text, encoding)
        warnings.append(f"legacy {encoding.upper()} text converted to Unicode ({changed} line(s))")
    blocks: list[Block] = []
    seen = 0
    for raw in text.split("\n"):
        if not raw.strip() or _PICTURE.match(raw):
            continue
        seen += 1
        if "|" in raw:
            row = join_cells(raw.split("|"))
            if row:
                blocks.append(Block(row, 0, "row"))
            continue
        if seen <= _HEAD_LINES and len(raw.strip()) < 120:
            parts = _COLUMNS.split(raw.strip())
            if len(parts) > 1:
                blocks.append(Block(join_cells(parts), 0, "row"))
                continue
        blocks.append(Block(raw, 0))
    return blocks, encoding, warnings
