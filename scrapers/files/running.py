"""Remove running headers, footers and page numbers: lines that repeat at a page's edge."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*/\s*\d{1,4})?$", re.IGNORECASE)
_EDGE_NUMBER = re.compile(r"^\s*\d{1,4}\s+|\s+\d{1,4}\s*$")
_DIGITS = re.compile(r"\d+")
_ZONE = 0.12  # top and bottom share of the page where running lines sit


def _key(text: str) -> str:
    """A running line with its page number and digits blurred ("4 CÔNG BÁO/Số 567" ~ "CÔNG BÁO/Số 568 5")."""
    text = text.replace("|", " ")
    return _DIGITS.sub("#", _EDGE_NUMBER.sub("", text)).strip().lower()


def drop_running_lines(pages: list[list[Any]], height: float) -> int:
    """Delete, in place, page numbers and lines repeated at the top or bottom of many pages."""
    edge: list[list[Any]] = []
    for lines in pages:
        positioned = [line for line in lines if line.size]
        # Generous at the top: a signature stamp may print a few lines above the running header.
        cands = positioned[:6] + positioned[-3:]
        edge.append([c for c in cands if c.top < _ZONE * height or c.bottom > (1 - _ZONE) * height])
    counts: Counter[str] = Counter()
    for cands in edge:
        counts.update({_key(c.text) for c in cands})
    need = max(2, int(0.3 * len(pages) + 0.5))
    running = {k for k, n in counts.items() if n >= need and len(k) >= 4}
    removed = 0
    for lines, cands in zip(pages, edge, strict=True):
        sizes = sorted(line.size for line in lines if line.size)
        typical = sizes[len(sizes) // 2] if sizes else 0
        drop = {id(c) for c in cands if _PAGE_NUMBER.match(c.text) or _key(c.text) in running}
        # Page numbers set in small print in the margin, wherever they stand.
        drop |= {
            id(line)
            for line in lines
            if line.size and _PAGE_NUMBER.match(line.text) and line.size < 0.7 * typical
        }
        if drop:
            lines[:] = [line for line in lines if id(line) not in drop]
            removed += len(drop)
    return removed
