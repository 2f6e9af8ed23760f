"""PDF text in reading order: lines from positioned words, tables as rows, paragraphs rebuilt."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from statistics import median
from typing import Any

from scrapers.files import legacy
from scrapers.files.blocks import CELL_SEP, Block, join_cells, tidy
from scrapers.files.errors import FileReadError
from scrapers.files.glyphs import DROPPED, repair_dropped
from scrapers.files.running import drop_running_lines

# A gap between two words wider than this many font sizes separates two columns (letterheads,
# signature blocks): the line is then written as cells.
_COLUMN_GAP = 2.5
# A word this much smaller than its line and raised above the baseline is a superscript.
_SUPER_SIZE = 0.8
# Units whose superscript digit is an exponent ("m2", "km2", "m3"), kept; other raised digits
# glued to a word are footnote markers ("43/2021/AL1"), dropped.
_EXPONENT_UNITS = re.compile(r"(?:^|[\d\s(])(?:k|c|d|m)?m$")
_LIST_MARKER = re.compile(
    r"^(?:[-+•*–]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][)]\s|[IVXLC]+[.)]\s|(?:Điều|Chương|Mục|Phần|PHẦN|Phụ lục)\s)"
)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    kind: str = "para"  # "para", "row" (table row or columns), "note" (footnote)
    bold: bool = False


@dataclass
class PdfText:
    blocks: list[Block]
    pages: int
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    scanned: list[int] = field(default_factory=list)  # 1-based pages without a text layer


def read_pdf(data: bytes, ocr: bool = False) -> PdfText:
    """Blocks of a PDF's text; pages without a text layer are reported (or OCRed with `ocr`)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        widgets = _widget_boxes(pdf)
        if widgets:
            # Signed copies stamp the number and day into form fields: flatten so they become text.
            pdf.close()
            pdf = pdfplumber.open(io.BytesIO(_flatten(data)))
    except PDFSyntaxError as exc:
        raise FileReadError(f"not a readable PDF ({exc})") from None
    except Exception as exc:  # encrypted, truncated … : pdfminer raises many kinds
        raise FileReadError(f"cannot open the PDF ({type(exc).__name__}: {exc})") from None
    warnings: list[str] = []
    encodings: Counter[str] = Counter()
    pages_lines: list[list[Line]] = []
    scanned: list[int] = []
    with pdf:
        for page in pdf.pages:
            n = page.page_number
            lines = _page_lines(page, widgets.get(n, []), encodings)
            if not lines and (page.images or not page.chars):
                scanned.append(n)
            pages_lines.append(lines)
        if scanned and ocr:
            from scrapers.files.ocr import ocr_pages

            texts = ocr_pages(data, scanned)
            for n, text in texts.items():
                pages_lines[n - 1] = [
                    Line(t, 0, 0, i, i + 1, 0, n) for i, t in enumerate(text.split("\n")) if t.strip()
                ]
            warnings += [f"page {n}: no text layer, read by OCR (check the text)" for n in texts]
            scanned = [n for n in scanned if n not in texts]
        warnings += [f"page {n}: no text layer, needs OCR (run with --ocr)" for n in scanned]
    drop_running_lines(pages_lines, pdf_height(pages_lines))
    blocks = _paragraphs(pages_lines)
    blocks, fixed = repair_dropped(blocks)
    if fixed:
        warnings.append(f"{fixed} glyph(s) without a Unicode mapping restored from the document's own words")
    leftover = sum(b.text.count(DROPPED) for b in blocks)
    if leftover:
        blocks = [Block(b.text.replace(DROPPED, ""), b.page, b.kind, b.breaks) for b in blocks]
        warnings.append(f"{leftover} glyph(s) without a Unicode mapping could not be restored")
    encoding = encodings.most_common(1)[0][0] if encodings else None
    return PdfText(blocks, len(pages_lines), warnings, encoding, scanned)


def pdf_height(pages: list[list[Line]]) -> float:
    bottoms = [line.bottom for lines in pages for line in lines]
    return max(bottoms, default=842.0)


def _widget_boxes(pdf: Any) -> dict[int, list[tuple[float, float, float, float]]]:
    """Form-field boxes (x0, top, x1, bottom) per page that carry an appearance to flatten."""
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for page in pdf.pages:
        try:
            annots = page.annots
        except Exception:  # a broken annotation dictionary: read the page without it
            continue
        for a in annots:
            d = a.get("data") or {}
            subtype = getattr(d.get("Subtype"), "name", d.get("Subtype"))
            if str(subtype).strip("/'") == "Widget" and d.get("AP") is not None:
                boxes.setdefault(page.page_number, []).append((a["x0"], a["top"], a["x1"], a["bottom"]))
    return boxes


def _flatten(data: bytes) -> bytes:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]  # keep a reference: the raw handle dies with the object
            pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def _in_box(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _page_lines(page: Any, widgets: list[tuple[float, float, float, float]], enc: Counter[str]) -> list[Line]:
    """The page's lines (top to bottom), with its ruled tables as rows in their place."""
    from pdfplumber.utils.text import WordExtractor

    chars = [c for c in page.chars if c.get("upright", True)]
    tables: list[tuple[tuple[float, float, float, float], list[Line]]] = []
    if len(page.rects) + len(page.lines) >= 4:
        markers = _marker_keys(chars)
        if markers:  # table cells are read from chars directly: drop footnote markers first
            page = page.filter(lambda o: o.get("object_type") != "char" or _key(o) not in markers)
        for table in page.find_tables():
            rows = [r for r in table.extract() if any(r)]
            if len(rows) < 2 or max(len([c for c in r if c]) for r in rows) < 2:
                continue  # a framed paragraph, not a table
            box = table.bbox
            tables.append((box, _table_lines(table, rows, page.page_number)))
            chars = [c for c in chars if not _in_box(c, box)]
    _mark_dropped_glyphs(chars)
    # No split on font or size: Công báo PDFs draw each precomposed Vietnamese letter from a
    # second subset font, so a word's letters need not share one font.
    raw = WordExtractor(x_tolerance=3, y_tolerance=3).extract_words(chars, return_chars=True)
    words = [w for word in raw for w in _split_word(word, enc)]
    # A stamped form field is one token even when its appearance spaces the digits ("1 3 1").
    for box in widgets:
        inside = [w for w in words if _in_box(w, box)]
        if len(inside) > 1 and all(w["text"].isdigit() for w in inside):
            inside.sort(key=lambda w: w["x0"])
            merged = dict(inside[0], text="".join(w["text"] for w in inside), x1=inside[-1]["x1"])
            words = [w for w in words if not any(w is i for i in inside)] + [merged]
    lines = _group_lines(words, page.page_number)
    for _box, rows in tables:
        lines.extend(rows)
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _key(c: dict[str, Any]) -> tuple[str, float, float]:
    return (c["text"], round(c["x0"], 2), round(c["top"], 2))


def _marker_keys(chars: list[dict[str, Any]]) -> set[tuple[str, float, float]]:
    """Footnote-marker digits: small, raised, right after a bigger letter ("phiện¹"), not an exponent."""
    keys: set[tuple[str, float, float]] = set()
    word = ""
    for prev, c in zip(chars, chars[1:], strict=False):
        word = word + prev["text"] if prev["text"].strip() else ""
        if (
            c["text"].isdigit()
            and c["size"] < _SUPER_SIZE * prev["size"]
            and c["bottom"] < prev["bottom"] - 0.15 * prev["size"]
            and (prev["text"].isalpha() or _key(prev) in keys)
            and not _EXPONENT_UNITS.search(word)
        ):
            keys.add(_key(c))
    return keys


def _split_word(word: dict[str, Any], enc: Counter[str]) -> list[dict[str, Any]]:
    """A word as one or two tokens (a raised small tail such as "AL¹" split off), legacy fonts converted."""
    chars = word["chars"]
    size = max(c["size"] for c in chars)
    base = max(c["bottom"] for c in chars if c["size"] == size)
    cut = len(chars)
    while (
        cut > 1
        and chars[cut - 1]["size"] < _SUPER_SIZE * size
        and chars[cut - 1]["bottom"] < base - 0.15 * size
    ):
        cut -= 1
    out = []
    for part in (chars[:cut], chars[cut:]):
        if not part:
            continue
        text = ""
        for font, group in groupby(part, key=lambda c: c.get("fontname")):
            piece = "".join(c["text"] for c in group)
            encoding, capitals = legacy.encoding_of_font(font)
            if encoding:
                piece = legacy.convert(piece, encoding, capitals)
                enc[encoding] += 1
            text += piece
        out.append(
            {
                "text": text,
                "x0": part[0]["x0"],
                "x1": part[-1]["x1"],
                "top": min(c["top"] for c in part),
                "bottom": max(c["bottom"] for c in part),
                "size": max(c["size"] for c in part),
                "bold": "bold" in str(part[0].get("fontname", "")).lower(),
            }
        )
    return out


def _mark_dropped_glyphs(chars: list[dict[str, Any]]) -> None:
    """A "space" as wide as a letter between two letters is a glyph the font maps to nothing."""
    spaces = [c["x1"] - c["x0"] for c in chars if c["text"] == " " and c["size"] > 0]
    if not spaces:
        return
    for i in range(1, len(chars) - 1):
        c = chars[i]
        if c["text"] != " " or c["size"] <= 0:
            continue
        width = c["x1"] - c["x0"]
        prev, nxt = chars[i - 1], chars[i + 1]
        if (
            width > 0.42 * c["size"]
            and prev["text"].isalpha()
            and nxt["text"].isalpha()
            and abs(prev["x1"] - c["x0"]) < 1
            and abs(c["x1"] - nxt["x0"]) < 1
            and abs(prev["top"] - nxt["top"]) < 1
        ):
            c["text"] = DROPPED


def _table_lines(table: Any, rows: list[list[str | None]], page: int) -> list[Line]:
    """One line per table row; a row that only wraps the cells above (no first cell) joins them."""
    out: list[Line] = []
    merged: list[list[str]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for row_obj, cells in zip(table.rows, table.extract(), strict=False):
        if not any(cells):
            continue
        texts = [c or "" for c in cells]
        if merged and not texts[0].strip() and len(merged[-1]) == len(texts):
            merged[-1] = [f"{a} {b}".strip() for a, b in zip(merged[-1], texts, strict=True)]
            x0, top, x1, _ = boxes[-1]
            boxes[-1] = (x0, top, x1, row_obj.bbox[3])
        else:
            merged.append(texts)
            boxes.append(row_obj.bbox)
    for texts, (x0, top, x1, bottom) in zip(merged, boxes, strict=True):
        text = join_cells(texts)
        if text:
            out.append(Line(text, x0, x1, top, bottom, 0.0, page, kind="row"))
    return out


def _group_lines(words: list[dict[str, Any]], page: int) -> list[Line]:
    """Words clustered into lines by vertical overlap; superscripts handled; wide gaps as cells."""
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        h = w["bottom"] - w["top"]
        for row in reversed(rows[-3:]):
            top = min(x["top"] for x in row)
            bottom = max(x["bottom"] for x in row)
            overlap = min(bottom, w["bottom"]) - max(top, w["top"])
            if overlap >= 0.5 * min(h, bottom - top):
                row.append(w)
                break
        else:
            rows.append([w])
    lines: list[Line] = []
    for row in rows:
        line = _make_line(row, page)
        if line is not None:
            lines.append(line)
    return lines


def _make_line(row: list[dict[str, Any]], page: int) -> Line | None:
    row.sort(key=lambda w: w["x0"])
    size = Counter(round(w["size"], 1) for w in row for _ in w["text"]).most_common(1)[0][0]
    base = median(w["bottom"] for w in row if round(w["size"], 1) == size)
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    for w in row:
        raised = w["size"] < _SUPER_SIZE * size and w["bottom"] < base - 0.15 * size
        if raised and prev is not None:
            if w["text"].isdigit() and _EXPONENT_UNITS.search(parts[-1]):
                parts[-1] += w["text"]  # m2, km2: an exponent written flat
            # else a footnote marker: dropped
            continue
        if raised and w["text"].isdigit() and len(row) > 1:
            continue  # a footnote's own number at the start of the footnote line
        if w["text"].isdigit() and w["size"] < 0.7 * size:
            left_gap = w["x0"] - prev["x1"] if prev is not None else 1e9
            i = row.index(w)
            right_gap = row[i + 1]["x0"] - w["x1"] if i + 1 < len(row) else 1e9
            if min(left_gap, right_gap) > size:
                continue  # a page number in the margin beside a body line
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            parts.append(CELL_SEP.strip() if gap > _COLUMN_GAP * size else "")
        parts.append(w["text"])
        prev = w
    text = tidy(" ".join(p for p in parts if p))
    if not text:
        return None
    kind = "row" if CELL_SEP in text else "para"
    bold = sum(len(w["text"]) for w in row if w.get("bold")) * 2 > sum(len(w["text"]) for w in row)
    return Line(
        text,
        row[0]["x0"],
        max(w["x1"] for w in row),
        min(w["top"] for w in row),
        max(w["bottom"] for w in row),
        size,
        page,
        kind,
        bold,
    )


def _paragraphs(pages: list[list[Line]]) -> list[Block]:
    """Lines joined into paragraphs, also across a page break; footnotes after their paragraph."""
    body = [line for lines in pages for line in lines if line.kind == "para" and line.size]
    if not body:
        return [Block(line.text, line.page, line.kind) for lines in pages for line in lines]
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in body).most_common(1)[0][0]
    width = max(right - left, 1)
    body_size = Counter(line.size for line in body).most_common(1)[0][0]
    pitches = [
        b.top - a.top
        for lines in pages
        for a, b in zip(lines, lines[1:], strict=False)
        if a.kind == b.kind == "para" and 0 < b.top - a.top < 3 * a.size
    ]
    pitch = median(pitches) if pitches else body_size * 1.4

    blocks: list[Block] = []
    pending_notes: list[Block] = []
    cur: list[str] = []
    cur_page = 0
    cur_breaks: list[int] = []
    last: Line | None = None

    def flush() -> None:
        nonlocal cur, cur_breaks, last
        if cur:
            text = " ".join(cur)
            blocks.append(Block(text, cur_page, "para", tuple(cur_breaks)))
        cur, cur_breaks = [], []
        blocks.extend(pending_notes)
        pending_notes.clear()

    for lines in pages:
        notes = _footnotes(lines, body_size)
        for line in lines:
            if line in notes:
                continue
            if line.kind != "para":
                flush()
                blocks.append(Block(line.text, line.page, line.kind))
                last = None
                continue
            if cur and last is not None and _continues(last, line, left, right, width, pitch):
                if line.page != last.page:
                    cur_breaks.append(len(" ".join(cur)) + 1)
                cur.append(line.text)
            else:
                flush()
                cur, cur_page = [line.text], line.page
            last = line
        if notes:
            # A footnote waits for the paragraph running over the page break to end.
            pending_notes.extend(Block(n.text, n.page, "note") for n in notes)
            if last is None or not cur:
                flush()
    flush()
    return blocks


def _footnotes(lines: list[Line], body_size: float) -> list[Line]:
    """Small-print lines under the last body line of a page."""
    notes: list[Line] = []
    for line in reversed(lines):
        if line.kind == "para" and line.size and line.size <= 0.85 * body_size:
            notes.append(line)
        else:
            break
    return list(reversed(notes)) if len(notes) < len(lines) else []


def _continues(prev: Line, line: Line, left: float, right: float, width: float, pitch: float) -> bool:
    """Whether `line` goes on with the paragraph whose last line is `prev`."""
    if _LIST_MARKER.match(line.text) or abs(line.size - prev.size) > 0.6:
        return False
    same_page = line.page == prev.page
    if same_page and line.top - prev.top > 1.5 * max(pitch, prev.size):
        return False
    prev_full = prev.x1 >= right - 0.06 * width
    indented = line.x0 > left + 0.015 * width + 3
    if prev_full and not indented:
        return True

    # Centred headings and titles that wrap: both lines inside the margins, the same case.
    def centred(x: Line) -> bool:
        return x.x0 > left + 6 and x.x1 < right - 3 and abs((x.x0 - left) - (right - x.x1)) < 0.1 * width

    return (
        same_page
        and centred(prev)
        and centred(line)
        and prev.text.isupper() == line.text.isupper()
        and prev.bold == line.bold
    )
