"""Reading text of HTML elements: block elements make paragraphs, inline elements join as the reader sees them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import bs4
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.builder._lxml import LXMLTreeBuilder

# Elements that start a new paragraph. Everything else (a, span, strong, em, sup, …) is inline,
# so a document number linked inside a sentence stays inside that sentence.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "caption",
    ]
)
# Elements whose text is never reading text.
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "map",
        "audio",
        "video",
        "source",
        "track",
        "head",
        "title",
        "meta",
        "link",
    ]
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_SPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")
_EDGE_SPACE = " \t\n\r\f\v\xa0\u200b\ufeff"

SkipFn = Callable[[Tag], bool]


# Script (except JSON-LD), style and SVG bodies are never read: cut them before parsing (a news
# page is often half inline JavaScript and CSS, and bs4 tree building is the slowest step).
# Each body runs to the first closing tag; written as "[^<]*(?:<(?!/script)[^<]*)*" rather than
# a lazy ".*?" (same match, but the engine skips whole runs of text instead of testing each
# character), and behind one common "<" so the scan jumps from "<" to "<".
_HEAVY = re.compile(
    r"<(?:script\b(?![^>]*ld\+json)[^>]*>[^<]*(?:<(?!/script\s*>)[^<]*)*</script\s*>"
    r"|style\b[^>]*>[^<]*(?:<(?!/style\s*>)[^<]*)*</style\s*>"
    r"|svg\b[^>]*>[^<]*(?:<(?!/svg\s*>)[^<]*)*</svg\s*>"
    r"|!--[^-]*(?:-(?!->)[^-]*)*-->)",
    re.I,
)


_NON_SPACE = re.compile(r"\S+")  # bs4's own split of multi-valued attributes


class _HtmlBuilder(LXMLTreeBuilder):
    """bs4's lxml HTML builder without the namespace bookkeeping HTML never needs.

    lxml's HTML parser reports no namespaces; for each element bs4's builder still copies the
    attributes twice and looks up namespace prefixes. This builds the same tree (same Tag and
    attribute classes, same source lines) and hands anything namespaced back to bs4.
    """

    _list_attrs: dict[str, tuple[str, ...]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._list_attrs = {}  # tag name -> its multi-valued attribute names

    def start(
        self, tag: str | bytes, attrib: dict[str | bytes, str | bytes], nsmap: dict[str, str] | None = None
    ) -> None:
        if (
            nsmap
            or len(self.nsmaps) > 1
            or not isinstance(tag, str)
            or tag[:1] == "{"
            or "{" in "".join(cast(Iterable[str], attrib))  # a namespaced attribute name
        ):
            super().start(tag, attrib, nsmap or {})
            return
        assert self.soup is not None
        attrs = self.attribute_dict_class()
        dict.update(attrs, attrib)  # lxml gives strings: XMLAttributeDict would store them unchanged
        self.soup.handle_starttag(tag, None, None, attrs, namespaces=self.active_namespace_prefixes[-1])

    def data(self, data: str | bytes) -> None:
        assert self.soup is not None and isinstance(data, str)
        self.soup.current_data.append(data)  # what soup.handle_data does, one call fewer per text run

    def _replace_cdata_list_attribute_values(self, tag_name: str, attrs: Any) -> Any:
        """Split class="a b" (and bs4's other multi-valued attributes) into lists, as bs4 does.

        bs4 tests every attribute of every element against its table; this looks up only the few
        attribute names of the table.
        """
        if not attrs or not self.cdata_list_attributes:
            return attrs
        names = self._list_attrs.get(tag_name)
        if names is None:
            table = self.cdata_list_attributes
            found = set(table.get("*", ())) | set(table.get(tag_name.lower(), ()))
            names = self._list_attrs[tag_name] = tuple(sorted(found))
        for attr in names:
            value = attrs.get(attr)
            if isinstance(value, str):
                attrs[attr] = self.attribute_value_list_class(_NON_SPACE.findall(value))
        return attrs

    def end(self, tag: str | bytes) -> None:
        if len(self.nsmaps) > 1 or not isinstance(tag, str) or tag[:1] == "{":
            super().end(tag)
            return
        assert self.soup is not None
        self.soup.endData()
        self.soup.handle_endtag(tag, None)


class _Soup(BeautifulSoup):
    """bs4's tree, with its end-of-text step tested on the whole string at once.

    bs4 decides whether a text run is all ASCII whitespace character by character in Python
    (every indentation run between two tags); `str.strip` does the same test in C.
    """

    def endData(self, containerClass: type[NavigableString] | None = None) -> None:
        if not self.current_data:
            return
        data = "".join(self.current_data)
        if not self.preserve_whitespace_tag_stack and not data.strip(self.ASCII_SPACES):
            data = "\n" if "\n" in data else " "
        self.current_data = []
        if self.parse_only and len(self.tagStack) <= 1 and not self.parse_only.allow_string_creation(data):
            return
        self.object_was_parsed(self.string_container(containerClass)(data))

    def string_container(self, base_class: type[NavigableString] | None = None) -> type[NavigableString]:
        if base_class is None and not self.string_container_stack and not self.element_classes:
            return NavigableString  # what bs4 answers then, without its lookups
        return super().string_container(base_class)


def _bs4_version() -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", bs4.__version__)[:2])


# _HtmlBuilder and _Soup lean on bs4's parser internals as of 4.13 (attribute_dict_class,
# namespace stacks, string containers; checked to build identical trees with 4.15): older
# versions get the stock builder.
_FAST_TREE = _bs4_version() >= (4, 13)


def parse_html(html: str | bytes) -> BeautifulSoup:
    """Parse a page with lxml (fast, forgiving with truncated markup)."""
    if isinstance(html, str):
        html = _HEAVY.sub("", html)
    if not _FAST_TREE:
        return BeautifulSoup(html, "lxml")
    return _Soup(html, builder=_HtmlBuilder())


def clean_line(text: str) -> str:
    """Collapse ASCII whitespace runs to one space and trim the edges (NBSP inside a line is kept)."""
    return _SPACE_RUN.sub(" ", text).strip(_EDGE_SPACE)


def _is_text(node: object) -> bool:
    return isinstance(node, NavigableString) and not isinstance(
        node, Comment | Doctype | ProcessingInstruction
    )


def inline_text(el: Tag | NavigableString) -> str:
    """All text of an element on one line, ignoring block structure."""
    if isinstance(el, NavigableString):
        return clean_line(str(el)) if _is_text(el) else ""
    parts: list[str] = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and _is_text(node) and not _inside_skipped(node, el):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append(" ")
    return clean_line("".join(parts))


def _inside_skipped(node: NavigableString, root: Tag) -> bool:
    parent = node.parent
    while parent is not None and parent is not root:
        if parent.name in SKIP_TAGS:
            return True
        parent = parent.parent
    return False


_CELL_TAGS = frozenset(["td", "th"])
_TABLE_OR_IMG = frozenset(["table", "img"])


def _row_cells(tr: Tag, skip: SkipFn | None) -> list[str] | None:
    """The cells of a data row, or None for a layout row (a cell holding several paragraphs)."""
    cells = []
    for cell in tr.children:
        if not isinstance(cell, Tag) or cell.name not in _CELL_TAGS:
            continue
        if skip is not None and skip(cell):
            continue
        if any(isinstance(d, Tag) and d.name in _TABLE_OR_IMG for d in cell.descendants):
            return None
        lines = block_texts(cell, skip)
        if len(lines) > 1:
            return None
        cells.append(lines[0] if lines else "")
    return cells


class _Lines:
    """Accumulates inline text into the current line; a block boundary flushes it."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, Tag | None]] = []
        self._buf: list[str] = []
        self._owner: Tag | None = None

    def add(self, text: str, owner: Tag | None) -> None:
        if not self._buf:
            self._owner = owner
        self._buf.append(text)

    def flush(self) -> None:
        if self._buf:
            text = "".join(self._buf)
            # Most runs between two blocks are indentation only: clean_line would give "".
            line = clean_line(text) if text.strip(_EDGE_SPACE) else ""
            if line:
                self.lines.append((line, self._owner))
        self._buf = []
        self._owner = None


def iter_blocks(root: Tag, skip: SkipFn | None = None) -> Iterator[tuple[str, Tag | None]]:
    """Paragraphs of `root` in reading order, each with the nearest block element that holds it.

    `skip(tag)` drops a whole subtree (boilerplate, captions collected elsewhere). Table rows of
    cells without block content become one line with cells separated by a tab.
    """
    out = _Lines()
    block_stack: list[Tag] = [root]

    def walk(el: Tag) -> None:
        for node in el.contents:
            if not isinstance(node, Tag):
                if _is_text(node):
                    out.add(str(node), block_stack[-1])
                continue
            name = node.name
            if name in SKIP_TAGS or (skip is not None and skip(node)):
                continue
            if name == "br":
                out.flush()
                continue
            if name == "tr":
                cells = _row_cells(node, skip)
                if cells is not None:
                    out.flush()
                    line = "\t".join(c for c in cells if c)
                    if line:
                        out.lines.append((line, node))
                    continue
            if name in BLOCK_TAGS or name in ("td", "th"):
                out.flush()
                block_stack.append(node)
                walk(node)
                block_stack.pop()
                out.flush()
            else:
                walk(node)

    walk(root)
    out.flush()
    yield from out.lines


def block_texts(root: Tag, skip: SkipFn | None = None) -> list[str]:
    """Paragraph strings of `root` (see `iter_blocks`)."""
    return [line for line, _ in iter_blocks(root, skip)]


def class_tokens(el: Tag) -> str:
    """The element's class names and id as one lower-case string, for boilerplate patterns."""
    raw = el.get("class")
    classes: list[str] = [raw] if isinstance(raw, str) else [str(c) for c in (raw or [])]
    ident = el.get("id") or ""
    return (" ".join(classes) + " " + (ident if isinstance(ident, str) else "")).lower()
