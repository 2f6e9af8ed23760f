"""The reading order of a file as blocks (paragraphs, table rows) with their page, joined into text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CELL_SEP = " | "  # table cells of one row: a separator no Vietnamese sentence uses

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_RULE = re.compile(r"^[-_=.*~]{3,}$")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table row; `page` is 1-based, 0 when the format has no pages."""

    text: str
    page: int = 0
    kind: str = "para"  # "para", "row" (a table row, cells joined by CELL_SEP) or "note" (footnote)
    # Offsets inside `text` where the next page begins, for a paragraph that runs over a page
    # break (the text is then already tidy, so the offsets stay true).
    breaks: tuple[int, ...] = ()


def tidy(text: str) -> str:
    """One line of reading text: NFC, single spaces, no zero-width or soft-hyphen characters."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def join_cells(cells: list[str]) -> str:
    """A table row as one line; empty cells dropped, a merged cell given once."""
    out: list[str] = []
    for cell in cells:
        cell = tidy(cell.replace("\n", " "))
        if _RULE.match(cell):  # a rule drawn with "____" or "----" under a letterhead line
            continue
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return CELL_SEP.join(out)


def assemble(blocks: list[Block], start: int = 0, pages: int = 0) -> tuple[str, tuple[int, ...]]:
    """Blocks as body text (one block a line) and the offset where each page starts.

    `start` is the offset of the body inside the final text (after the title), so that the page
    offsets point into `Article.text`. Pages without text still get an entry (the offset of the
    next text), so `page_starts[n - 1]` is always page n.
    """
    lines: list[str] = []
    page_starts: list[int] = []
    pos = start
    for block in blocks:
        text = block.text if block.breaks else tidy(block.text)
        if not text:
            continue
        while block.page > len(page_starts):
            page_starts.append(pos)
        for n, brk in enumerate(block.breaks, 1):
            while block.page + n > len(page_starts):
                page_starts.append(pos + brk)
        lines.append(text)
        pos += len(text) + 1
    body = "\n".join(lines)
    while pages > len(page_starts):  # trailing pages without text (a scan) still have a start
        page_starts.append(start + len(body))
    return body, tuple(page_starts)


def page_at(page_starts: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page holding the character at `offset`, or None when pages are unknown."""
    if not page_starts:
        return None
    page = 0
    for n, begin in enumerate(page_starts, 1):
        if begin <= offset:
            page = n
        else:
            break
    return page or 1
