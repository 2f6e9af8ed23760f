"""DOCX text with python-docx: paragraphs and tables in body order, page breaks as Word last laid them out."""

from __future__ import annotations

import io
from typing import Any

from scrapers.files import legacy
from scrapers.files.blocks import Block, join_cells
from scrapers.files.errors import FileReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _run_font(run: Any) -> str | None:
    fonts = run.find(f"{_W}rPr/{_W}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi") or fonts.get(f"{_W}cs")


class _Reader:
    def __init__(self) -> None:
        self.page = 1
        self.encodings: dict[str, int] = {}
        self.any_text = False

    def paragraph(self, p: Any) -> tuple[str, tuple[int, ...], int]:
        """Text of a w:p, the offsets where a page break falls inside it, and its first page."""
        ppr = p.find(f"{_W}pPr")
        if ppr is not None and ppr.find(f"{_W}pageBreakBefore") is not None and self.any_text:
            self.page += 1
        start_page = self.page
        text = ""
        breaks: list[int] = []
        for el in p.iter():
            tag = el.tag
            if tag == f"{_W}lastRenderedPageBreak" or (tag == f"{_W}br" and el.get(f"{_W}type") == "page"):
                if not self.any_text:
                    continue  # a break before any text does not start a page of text
                self.page += 1
                if text.strip():
                    breaks.append(len(text))
                else:
                    start_page = self.page
            elif tag == f"{_W}r":
                # A tab separates words like a space; a line break is kept as "\n" (a letterhead
                # cell stacks its lines so) and becomes a space in running text.
                piece = "".join(
                    (t.text or "") if t.tag == f"{_W}t" else " " if t.tag == f"{_W}tab" else "\n"
                    for t in el
                    if t.tag in (f"{_W}t", f"{_W}tab", f"{_W}cr")
                    or (t.tag == f"{_W}br" and t.get(f"{_W}type") in (None, "textWrapping"))
                )
                encoding, capitals = legacy.encoding_of_font(_run_font(el))
                if encoding and piece:
                    piece = legacy.convert(piece, encoding, capitals)
                    self.encodings[encoding] = self.encodings.get(encoding, 0) + 1
                text += piece
        if text.strip():
            self.any_text = True
        return text, tuple(breaks), start_page


def _cell_paragraphs(reader: _Reader, tc: Any) -> list[str]:
    """The visual lines of a table cell: its paragraphs, split at line breaks."""
    return [line.strip() for p in tc.iter(f"{_W}p") for line in reader.paragraph(p)[0].split("\n")]


def read_docx(data: bytes) -> tuple[list[Block], str | None, int]:
    """Blocks of a .docx, the legacy encoding of its fonts (if any), and its page count as laid out."""
    try:
        import docx
    except ImportError:
        raise FileReadError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a zip without a valid document part
        raise FileReadError(f"not a readable DOCX ({type(exc).__name__}: {exc})") from None
    reader = _Reader()
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            text, breaks, page = reader.paragraph(child)
            text = text.replace("\n", " ")
            if text.strip():
                if breaks:
                    lead = len(text) - len(text.lstrip())
                    text = text.strip()
                    breaks = tuple(b - lead for b in breaks if 0 < b - lead < len(text))
                blocks.append(Block(text, page, "para", breaks))
        elif child.tag == f"{_W}tbl":
            blocks.extend(_table(reader, child, layout=not reader.any_text))
    encoding = max(reader.encodings, key=lambda k: reader.encodings[k]) if reader.encodings else None
    return blocks, encoding, reader.page


def _table(reader: _Reader, tbl: Any, layout: bool) -> list[Block]:
    """A table's rows; each merged cell once. A letterhead table (before any text) line by line."""
    out: list[Block] = []
    seen: set[int] = set()
    rows = tbl.findall(f"{_W}tr")
    for tr in rows:
        page = reader.page
        cells: list[list[str]] = []
        for tc in tr.findall(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue":
                continue  # the lower part of a vertically merged cell: its text is above
            if id(tc) in seen:
                continue
            seen.add(id(tc))
            cells.append(_cell_paragraphs(reader, tc))
        if layout and len(rows) <= 3:
            # Side-by-side blocks (issuer | national motto): read across, one visual line at a time.
            depth = max((len(c) for c in cells), default=0)
            for k in range(depth):
                line = join_cells([c[k] if k < len(c) else "" for c in cells])
                if line:
                    out.append(Block(line, page, "row"))
        else:
            line = join_cells([" ".join(p for p in c if p) for c in cells])
            if line:
                out.append(Block(line, page, "row"))
    return out
