"""Reports as files: PDF, DOCX, DOC (and a web page saved under a document's name) read into an Article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from nlp.records import Article, DocumentRef
from scrapers.files.blocks import Block, assemble, tidy
from scrapers.files.errors import FileReadError
from scrapers.files.letterhead import Header, parse_header
from scrapers.files.sniff import detect_format

__all__ = ["FORMATS", "FileReadError", "ReadResult", "detect_format", "read_bytes", "read_file"]

FORMATS = ("pdf", "docx", "doc", "html", "text")  # what read_file accepts, decided by content


@dataclass(frozen=True)
class ReadResult:
    """An Article read from a file, with what the reader noticed on the way."""

    article: Article
    format: str  # the format found by content: "pdf", "docx", "doc", "html", "text"
    pages: int | None  # None when the format keeps no layout (.doc, HTML, text)
    warnings: tuple[str, ...] = ()  # one line each: "page 2: no text layer, needs OCR (run with --ocr)"
    encoding: str | None = None  # the legacy font encoding converted from ("tcvn3", "vni", "viscii")

    def page_of(self, offset: int) -> int | None:
        """The page of a character of `article.text` (a mention's start), None when unknown."""
        return self.article.page_of(offset)


def read_file(path: str | Path, ocr: bool = False, url: str | None = None) -> ReadResult:
    """Read a report file; its format is decided by its bytes, never by its name."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FileReadError(f"cannot read the file ({exc.strerror or exc})") from None
    return read_bytes(data, name=p.name, ocr=ocr, url=url)


def read_bytes(data: bytes, name: str = "", ocr: bool = False, url: str | None = None) -> ReadResult:
    """Read a report from its bytes (a download, an attachment); `name` only labels messages."""
    fmt = detect_format(data)
    warnings: list[str] = []
    encoding: str | None = None
    pages: int | None = None
    html_title = ""
    if fmt == "pdf":
        from scrapers.files.pdf import read_pdf

        pdf = read_pdf(data, ocr=ocr)
        blocks, pages, encoding = pdf.blocks, pdf.pages, pdf.encoding
        warnings += pdf.warnings
    elif fmt == "docx":
        from scrapers.files.wordx import read_docx

        blocks, encoding, pages = read_docx(data)
    elif fmt == "doc":
        from scrapers.files.wordbin import read_doc

        blocks, encoding, notes = read_doc(data)
        warnings += notes
    elif fmt == "html":
        from scrapers.files.html import read_html

        html_title, texts = read_html(data)
        blocks = [Block(t) for t in texts]
        if name.lower().endswith((".pdf", ".doc", ".docx")):
            warnings.append(
                f"the file is an HTML page, not a {name.rsplit('.', 1)[-1].upper()}: read as HTML"
            )
    elif fmt == "text":
        text = data.decode("utf-8", "replace")
        blocks = [Block(line) for line in text.splitlines()]
    elif fmt == "rtf":
        raise FileReadError("RTF is not supported: save it as .docx or .pdf")
    else:
        raise FileReadError("not a PDF, DOCX, DOC, HTML or text file (unknown content)")
    if encoding and fmt in ("pdf", "docx"):
        warnings.append(f"legacy {encoding.upper()} font text converted to Unicode")
    return ReadResult(_article(data, blocks, pages, html_title, url), fmt, pages, tuple(warnings), encoding)


def _article(
    data: bytes, blocks: list[Block], pages: int | None, html_title: str, url: str | None
) -> Article:
    header = parse_header([b.text for b in blocks]) if not html_title else None
    title = tidy(html_title)
    if header is not None and header.heading:
        # The heading (type word and title) becomes the Article's title, in its own words.
        title = " ".join(tidy(blocks[i].text) for i in header.heading)
        drop = set(header.heading)
        # Keep page 1 starting at 0: the heading lines are always on the first page of the file.
        blocks = [b for i, b in enumerate(blocks) if i not in drop]
    start = len(title) + 2 if title else 0
    body, page_starts = assemble(blocks, start=start, pages=pages or 0)
    if title and page_starts:
        page_starts = (0, *page_starts[1:])
    ident = "file:" + hashlib.sha256(data).hexdigest()[:16]
    article = Article(id=ident, title=title, body=body, url=url, page_starts=page_starts if pages else ())
    if header is not None:
        article = _with_self(article, header)
    return article


def _with_self(article: Article, header: Header) -> Article:
    from dataclasses import replace

    text = article.text
    span = tidy(header.number_text) if header.number_text else ""
    start = text.find(span) if span else -1
    ref = DocumentRef(
        start=max(start, 0),
        end=start + len(span) if start >= 0 else 0,
        text=span if start >= 0 else "",
        doc_type=header.doc_type,
        number=header.number,
        year=header.year,
        code=header.code,
        issuer=header.issuer,
        title=header.title,
        issued_on=header.issued_on,
        rule="files.letterhead",
    )
    return replace(article, self_document=ref)
