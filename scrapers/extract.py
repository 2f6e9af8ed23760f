"""Page → Article: the site's declaration when its host has one, the generic extractor otherwise."""

from __future__ import annotations

from bs4 import BeautifulSoup

from nlp.records import Article
from scrapers.charset import decode_html
from scrapers.declarations import Declaration, declaration_for, extract_declared
from scrapers.generic import extract_generic
from scrapers.htmltext import parse_html
from scrapers.page import Extracted, ExtractionError, host_of

__all__ = ["ExtractionError", "Extracted", "article_from_html", "extract_html"]


def _soup(html: str | bytes, content_type: str | None = None) -> BeautifulSoup:
    if isinstance(html, bytes):
        html, _ = decode_html(html, content_type)
    if not html.strip():
        raise ExtractionError("empty page")
    return parse_html(html)


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    use_declaration: bool = True,
    declaration: Declaration | None = None,
    content_type: str | None = None,
) -> Extracted:
    """Read the article fields off a page (bytes are decoded with their declared charset first)."""
    soup = _soup(html, content_type)
    decl = declaration or (declaration_for(host_of(url)) if use_declaration else None)
    if decl is None:
        return extract_generic(soup, url)
    ex = extract_declared(soup, decl)
    if ex.title and ex.paragraphs and ex.published_at:
        return ex
    # The declaration missed something (a layout change, another page type): fill from the generic path.
    gen = extract_generic(_soup(html, content_type), url)
    if not ex.paragraphs:
        ex.paragraphs, ex.captions = gen.paragraphs, ex.captions or gen.captions
        ex.sapo = ex.sapo or gen.sapo
        ex.method = f"generic (declaration {decl.name} found no body)"
    ex.title = ex.title or gen.title
    ex.published_at = ex.published_at or gen.published_at
    ex.modified_at = ex.modified_at or gen.modified_at
    ex.author = ex.author or gen.author
    ex.category = ex.category or gen.category
    ex.tags = ex.tags or gen.tags
    ex.source = ex.source or gen.source
    return ex


def article_from_html(
    html: str | bytes,
    url: str | None = None,
    *,
    fetched_at: str | None = None,
    use_declaration: bool = True,
    content_type: str | None = None,
) -> Article:
    """The Article of a page; ExtractionError (with the reason) when no title or no body is found."""
    ex = extract_html(html, url, use_declaration=use_declaration, content_type=content_type)
    return ex.to_article(url or ex.canonical_url, fetched_at=fetched_at)
