"""Decode page bytes before parsing: declared charset (header, BOM, <meta>), UTF-8 fallback."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a response declares: BOM, then Content-Type header, then <meta> in the head."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and _codec(m[1]):
            return _codec(m[1])
    m2 = _META_CHARSET.search(data[:4096])
    if m2:
        return _codec(m2[1].decode("ascii", "replace"))
    return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Text of a page and the codec used.

    The declared charset is tried first; when the bytes are not valid in it, or it is a legacy
    single-byte charset while the bytes are valid UTF-8 (a wrong declaration, common on
    Vietnamese sites that moved to UTF-8), UTF-8 is used; as a last resort, UTF-8 with
    replacement characters.
    """
    declared = declared_charset(data, content_type)
    utf8_ok = True
    try:
        utf8_text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        utf8_ok = False
        utf8_text = ""
    if declared and declared not in ("utf-8", "utf-8-sig"):
        if utf8_ok and re.search(rb"[\xc0-\xff]", data):
            return utf8_text, "utf-8"  # multi-byte UTF-8 sequences that decode cleanly: not Latin-1 etc.
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    if utf8_ok:
        return utf8_text, "utf-8"
    for fallback in ("windows-1258", "cp1252"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        return text, fallback
    return data.decode("utf-8", errors="replace"), "utf-8"
