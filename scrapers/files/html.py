"""An HTML page that arrived as a "document" (a download link that answered with a web page)."""

from __future__ import annotations

from scrapers.htmltext import block_texts, parse_html


def read_html(data: bytes) -> tuple[str, list[str]]:
    """The page's title and its text blocks (scripts, styles and forms left out)."""
    soup = parse_html(data)
    for tag in soup(["script", "style", "noscript", "template", "form", "svg"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.body or soup
    return title, [b for b in block_texts(root) if b.strip()]
