"""Archive readers for batch runs: articles of a WARC, JSONL or page-file byte range, streamed.

Each reader yields Articles and, for a record it cannot use, a `ReadProblem` naming where and why,
then goes on with the next record. A byte range [start, end) owns the records that *start* in it,
so a file cut into ranges anywhere gives every record to exactly one range.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any

from nlp.pipeline import RefDateError, parse_ref_date
from nlp.records import Article
from scrapers.page import ExtractionError, article_id, host_of

# (html bytes or text, url, fetched_at, content_type) -> Article, or ExtractionError.
HtmlToArticle = Callable[..., Article]

_WINDOW = 1 << 20
_GZIP_MEMBER = b"\x1f\x8b\x08"


class ReadProblem(Exception):
    """A record that gives no article: the message is `where: why`."""


def _default_html_to_article() -> HtmlToArticle:
    from scrapers.extract import article_from_html

    return article_from_html


# -- JSONL ----------------------------------------------------------------------------------------
_TEXT_FIELDS = ("id", "title", "sapo", "url", "site", "source", "source_site", "author", "category")


def read_jsonl_range(
    path: str, start: int, end: int, html_to_article: HtmlToArticle | None = None
) -> Iterator[Article | ReadProblem]:
    """Articles of the JSONL lines starting in [start, end): id, text or html, url, published_at …"""
    with open(path, "rb") as fh:
        fh.seek(max(start - 1, 0))
        if start > 0:
            fh.readline()  # the rest of a line that began before the range (or just its "\n")
        lines = _LineCounter(path, start)
        while True:
            offset = fh.tell()
            if offset >= end:
                return
            raw = fh.readline()
            if not raw:
                return
            if raw.strip():
                yield _jsonl_article(raw, partial(lines.where, offset), html_to_article)


def read_gzip_jsonl(
    path: str, html_to_article: HtmlToArticle | None = None
) -> Iterator[Article | ReadProblem]:
    """Articles of a whole gzipped JSONL file (a truncated stream ends with a problem, not a crash)."""
    n = 0
    try:
        with gzip.open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):  # noqa: B007 - n is read after the loop
                if raw.strip():
                    yield _jsonl_article(raw, partial(str.format, "{}:{}", path, n), html_to_article)
    except (OSError, EOFError, zlib.error) as exc:
        yield ReadProblem(f"{path}: after line {n}: damaged gzip stream ({exc}); the rest is skipped")


class _LineCounter:
    """Line numbers for messages, counted from the file start only when a message needs one."""

    def __init__(self, path: str, start: int) -> None:
        self.path = path
        self.pos, self.count = 0, 0  # newlines before byte `pos`

    def line_at(self, offset: int) -> int:
        if offset < self.pos:
            self.pos, self.count = 0, 0
        with open(self.path, "rb") as fh:
            fh.seek(self.pos)
            while self.pos < offset:
                block = fh.read(min(_WINDOW, offset - self.pos))
                if not block:
                    break
                self.count += block.count(b"\n")
                self.pos += len(block)
        return self.count + 1

    def where(self, offset: int) -> str:
        return f"{self.path}:{self.line_at(offset)}"


def _jsonl_article(
    raw: bytes, where: Callable[[], str], html_to_article: HtmlToArticle | None
) -> Article | ReadProblem:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ReadProblem(f"{where()}: not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadProblem(f"{where()}: broken JSON line ({exc.msg})")
    try:
        return article_from_row(row, html_to_article)
    except (ReadProblem, ExtractionError) as exc:
        return ReadProblem(f"{where()}: {exc}")


def article_from_row(row: Any, html_to_article: HtmlToArticle | None = None) -> Article:
    """An Article from one JSONL object; ReadProblem when its fields are missing or of the wrong type."""
    if not isinstance(row, dict):
        raise ReadProblem("a line must be a JSON object")
    if row.get("published_at") is None and row.get("ref_date") is not None:
        row = {**row, "published_at": row["ref_date"]}  # as in the documents `extract` reads
    for name in (*_TEXT_FIELDS, "text", "body", "html", "published_at"):
        value = row.get(name)
        if value is not None and not (isinstance(value, str) or (name == "id" and isinstance(value, int))):
            raise ReadProblem(f'field "{name}" must be a string, not {type(value).__name__}')
    published = row.get("published_at")
    if published is not None:
        try:
            parse_ref_date(str(published))
        except RefDateError:
            raise ReadProblem(f'"published_at" {published!r} is not an ISO date') from None
    url = _str(row.get("url"))
    # "body" is the article body alone; "text" may repeat the title and lead before it (as in
    # exports that give both), so a line with both is read by its "body".
    body = row.get("body")
    text = body if isinstance(body, str) and body.strip() else row.get("text")
    if isinstance(text, str) and text.strip():
        title = _str(row.get("title")) or ""
        article = Article(
            id=_str(row.get("id")) or article_id(url, title + "\n" + text[:200]),
            title=title,
            sapo=_str(row.get("sapo")) or "",
            body=text,
            url=url,
            site=_str(row.get("site")) or _str(row.get("source_site")) or host_of(url),
            published_at=_str(published),
            author=_str(row.get("author")),
            category=_str(row.get("category")),
            source=_str(row.get("source")),
        )
    elif isinstance(row.get("html"), str) and row["html"].strip():
        convert = html_to_article or _default_html_to_article()
        article = convert(row["html"], url)
        fields: dict[str, Any] = {}
        if row.get("id") is not None:
            fields["id"] = str(row["id"])
        if published and not article.published_at:
            fields["published_at"] = str(published)
        if fields:
            from dataclasses import replace

            article = replace(article, **fields)
    else:
        raise ReadProblem('a line needs a non-empty "text" (or "body") or "html" string')
    return article


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


# -- page files -------------------------------------------------------------------------------------
def read_page_files(
    files: tuple[str, ...], html_to_article: HtmlToArticle | None = None
) -> Iterator[Article | ReadProblem]:
    """One article per .html/.htm (site or generic extractor), .txt, or .pdf/.docx/.doc report file."""
    for name in files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield ReadProblem(f"{path}: cannot read ({exc.strerror})")
            continue
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            try:
                yield (html_to_article or _default_html_to_article())(data, None)
            except ExtractionError as exc:
                yield ReadProblem(f"{path}: no article ({exc})")
            except Exception as exc:  # noqa: BLE001 - an extractor failure costs this page only
                yield ReadProblem(f"{path}: extractor failed ({_reason(exc)})")
            continue
        if suffix in REPORT_SUFFIXES:
            yield _report_article(path, data)
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield ReadProblem(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
            continue
        if not text.strip():
            yield ReadProblem(f"{path}: empty")
            continue
        lines = text.strip().split("\n", 1)
        title, body = (lines[0].strip(), lines[1].strip()) if len(lines) == 2 else ("", lines[0].strip())
        yield Article(id=path.stem, title=title, body=body)


REPORT_SUFFIXES = (".pdf", ".docx", ".doc")


def _report_article(path: Path, data: bytes) -> Article | ReadProblem:
    """A PDF/DOCX/DOC report through the scrapers' file readers (format decided by content)."""
    from scrapers.files import FileReadError, read_bytes

    try:
        return read_bytes(data, name=str(path)).article
    except FileReadError as exc:
        return ReadProblem(f"{path}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one broken report must not stop the folder
        return ReadProblem(f"{path}: cannot read ({_reason(exc)})")


# -- WARC -------------------------------------------------------------------------------------------
def read_warc_range(
    path: str, start: int, end: int, html_to_article: HtmlToArticle | None = None
) -> Iterator[Article | ReadProblem]:
    """Articles of the HTML responses of the WARC records starting in [start, end).

    A damaged record is reported and skipped: reading resumes at the next record boundary found by
    scanning (a gzip member that inflates to "WARC/", or a "WARC/1.x" header line). A file cut
    short (a truncated .gz, a last record shorter than its Content-Length) is reported too.
    """
    from warcio.archiveiterator import ArchiveIterator

    convert = html_to_article or _default_html_to_article()
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
        pos: int | None = start if start == 0 else next_record_start(fh, start, gz)
        while pos is not None and pos < end:
            fh.seek(pos)
            it = ArchiveIterator(fh)
            current = pos
            # A record's item waits until the iterator has moved past it: a damaged gzip member can
            # inflate to a plausible record that only shows as damage once reading runs past it.
            pending: Article | ReadProblem | None = None
            try:
                for record in it:
                    if it.offset != current and gz and not _gz_record_at(fh, it.offset):
                        # warcio's offsets drift after a damaged member that still inflated: the
                        # record at `current` ended in the wrong place, so it is the damaged one.
                        raise _RecordOverrun(f"next record expected at {it.offset} is not there")
                    if pending is not None:
                        yield pending
                        pending = None
                    current = it.offset
                    if current >= end:
                        return
                    pending = _warc_article(record, convert, f"{path}@{current}")
                    missing = getattr(record.raw_stream, "limit", 0)
                    if missing:
                        pending = ReadProblem(
                            f"{path}@{current}: record cut short ({missing} bytes missing); skipped"
                        )
                if pending is not None:
                    yield pending
                if it.offset < size:
                    # warcio stops quietly at a gzip member cut off by the end of the file.
                    yield ReadProblem(
                        f"{path}@{it.offset}: truncated archive ({size - it.offset} bytes at the end "
                        "cannot be read); skipped"
                    )
                return
            except Exception as exc:  # noqa: BLE001 - any damage in a record: report it, resync past it
                failed_at = max(it.offset, current)
                if isinstance(exc, _RecordOverrun) or (
                    gz and failed_at > current and not _gz_member_sound(fh, current, failed_at)
                ):
                    # Reading failed somewhere that is no record's start: the record at `current`
                    # ended in the wrong place, so the damage is in it, whatever it seemed to hold.
                    yield ReadProblem(f"{path}@{current}: damaged WARC record ({_reason(exc)}); skipped")
                    pos = next_record_start(fh, current + 1, gz)
                    continue
                if pending is not None and failed_at > current:
                    yield pending  # the damage is past the record at `current`, which is sound
                if failed_at < end or not _reported_by_owner(fh, gz, failed_at, start, end):
                    yield ReadProblem(f"{path}@{failed_at}: damaged WARC record ({_reason(exc)}); skipped")
                if failed_at >= end:
                    return
                pos = next_record_start(fh, failed_at + 1, gz)


class _RecordOverrun(Exception):
    """Reading a record ran past the next record's start: that record is damaged."""


def _gz_record_at(fh: IO[bytes], offset: int) -> bool:
    """Whether a gzip member holding a WARC record starts at `offset` (the file position is kept)."""
    here = fh.tell()
    try:
        fh.seek(offset)
        head = fh.read(16 * 1024)
    finally:
        fh.seek(here)
    return head.startswith(_GZIP_MEMBER) and _record_starts(head, 0, True, offset, fh)


def _gz_member_sound(fh: IO[bytes], start: int, end: int) -> bool:
    """Whether [start, end) is exactly one whole gzip member whose checksum holds."""
    fh.seek(start)
    inflater = zlib.decompressobj(31)
    try:
        inflater.decompress(fh.read(end - start))
    except zlib.error:
        return False
    return inflater.eof and not inflater.unused_data


def _reported_by_owner(fh: IO[bytes], gz: bool, offset: int, start: int, end: int) -> bool:
    """Whether the range that owns `offset` (ranges are cut every end-start bytes) reaches it itself."""
    chunk = end - start
    owner = end + ((offset - end) // chunk) * chunk
    first = next_record_start(fh, owner, gz)
    return first is not None and first <= offset


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _warc_article(record: Any, convert: HtmlToArticle, where: str) -> Article | ReadProblem | None:
    """The article of an HTML response or resource record; None for records that hold no page."""
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        if status != "200":
            return None
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    data = record.content_stream().read()
    fetched = record.rec_headers.get_header("WARC-Date")
    try:
        return convert(data, url, fetched_at=fetched, content_type=content_type)
    except ExtractionError as exc:
        return ReadProblem(f"{where} {url}: no article ({exc})")
    except (UnicodeError, LookupError) as exc:
        return ReadProblem(f"{where} {url}: undecodable page ({_reason(exc)})")
    except Exception as exc:  # noqa: BLE001 - an extractor failure costs this page, not the archive
        return ReadProblem(f"{where} {url}: extractor failed ({_reason(exc)})")


def next_record_start(fh: IO[bytes], pos: int, gz: bool) -> int | None:
    """The offset of the first WARC record starting at or after `pos`, or None at the end of file."""
    marker = _GZIP_MEMBER if gz else b"WARC/1."
    while True:
        fh.seek(pos)
        window = fh.read(_WINDOW + 64 * 1024)
        if not window:
            return None
        i = window.find(marker)
        while i != -1 and i < _WINDOW:
            if _record_starts(window, i, gz, pos + i, fh):
                return pos + i
            i = window.find(marker, i + 1)
        if len(window) <= _WINDOW:
            return None
        pos += _WINDOW


def _record_starts(window: bytes, i: int, gz: bool, offset: int, fh: IO[bytes]) -> bool:
    if gz:
        try:
            head = zlib.decompressobj(31).decompress(window[i : i + 64 * 1024], 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/") or head.startswith(b"filedesc://")
    # Uncompressed: a version line at a line start, followed by WARC named headers.
    if offset > 0 and (i == 0 or window[i - 1 : i] != b"\n"):
        if i != 0:
            return False
        fh.seek(offset - 1)
        if fh.read(1) != b"\n":
            return False
    line_end = window.find(b"\n", i)
    return (
        line_end != -1
        and window[i:line_end].rstrip() in (b"WARC/1.0", b"WARC/1.1")
        and (b"WARC-Type:" in window[line_end : line_end + 4096])
    )
