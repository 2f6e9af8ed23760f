"""Plain-text articles in the shape of a copied web page (the seed): header lines, lead, captions, body.

The shape, top to bottom: an optional category line, the title, a dateline ("20-10-2023 10:00"),
the lead, then body paragraphs one a line with photo captions among them (a caption is a short
line without closing punctuation followed by a line holding only a non-breaking space, where the
photo was), a "Nguồn: <url or name>" attribution, and a "Tin liên quan" block that is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlp.records import Article
from scrapers.dates import parse_date
from scrapers.page import Extracted, ExtractionError, host_of

_DATELINE = re.compile(
    r"^\s*(?:(?:Thứ\s+\w+|Chủ\s+nhật)\s*,?\s*)?\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s*[,-]?\s*\d{1,2}[:h]\d{2})?(?:\s*\(?GMT\+7\)?)?\s*$",
    re.I,
)
_ATTRIBUTION = re.compile(r"^\s*(?:Nguồn|Theo)\s*:\s*(?P<src>\S.*?)\s*$")
_RELATED = re.compile(
    r"^\s*(?:Tin liên quan|Tin cùng chuyên mục|Bài liên quan|Tin khác|Xem thêm)\s*:?\s*$", re.I
)
_PHOTO_CREDIT = re.compile(r"(?:^|[\s(])Ảnh\s*:", re.I)
_CLOSING = (".", "…", "!", "?", ";", ":", '"', "”", ")")
_EDGE = " \t\r\xa0\u200b\ufeff"
_LEAD_DASH = re.compile(r"^[\s\xa0]*[-–—]\s*")
CAPTION_MAX_CHARS = 250


def _is_placeholder(line: str) -> bool:
    """A line with only spaces/NBSP: where a photo stood in the copied page."""
    return bool(line) and not line.strip(_EDGE)


def is_page_shaped(text: str) -> bool:
    """Whether a text starts like a copied article page: a dateline among its first four lines."""
    head = [line.strip(_EDGE) for line in text.splitlines() if line.strip(_EDGE)][:4]
    return any(_DATELINE.match(line) for line in head[1:])


def parse_text_article(text: str, *, id: str = "", url: str | None = None) -> Article:
    """An Article from text in the seed's shape; ExtractionError when no title or body is found."""
    article = extract_text(text).to_article(url, site=host_of(url))
    return replace(article, id=id) if id else article


def extract_text(text: str) -> Extracted:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Everything from a related-news heading on is not the article.
    for i, line in enumerate(lines):
        if _RELATED.match(line):
            lines = lines[:i]
            break
    ex = Extracted(method="textfile")
    items = [(i, line.strip(_EDGE)) for i, line in enumerate(lines) if line.strip(_EDGE)]
    if not items:
        raise ExtractionError("empty text")
    # Header: [category] title dateline, each on its own line.
    dateline_at = next((k for k, (_, line) in enumerate(items[:4]) if _DATELINE.match(line)), None)
    pos = 0
    if dateline_at is not None and dateline_at >= 1:
        if dateline_at >= 2:
            ex.category = items[dateline_at - 2][1]
        ex.title = items[dateline_at - 1][1]
        ex.published_at = parse_date(items[dateline_at][1])
        pos = dateline_at + 1
    else:
        ex.title = items[0][1]
        pos = 1
    rest = items[pos:]
    # The lead: the first paragraph after the header, when a blank line sets it apart.
    if rest:
        first_idx, first = rest[0]
        followed_by_blank = first_idx + 1 < len(lines) and not lines[first_idx + 1].strip(_EDGE)
        if followed_by_blank and len(rest) > 1:
            ex.sapo = _LEAD_DASH.sub("", first).strip(_EDGE)
            rest = rest[1:]
    paragraphs: list[str] = []
    for idx, line in rest:
        m = _ATTRIBUTION.match(line)
        if m:
            ex.source = m["src"]
            continue
        nxt = lines[idx + 1] if idx + 1 < len(lines) else ""
        caption = len(line) <= CAPTION_MAX_CHARS and (
            (_is_placeholder(nxt) and not line.endswith(_CLOSING)) or bool(_PHOTO_CREDIT.search(line))
        )
        if caption:
            ex.captions.append(line)
        else:
            paragraphs.append(line)
    ex.paragraphs = paragraphs
    return ex
