"""Tell a file's format from its first bytes (magic numbers), never from its name."""

from __future__ import annotations

import io
import zipfile

# OLE2 compound file (Word 97-2003 .doc, also .xls/.ppt): D0 CF 11 E0 A1 B1 1A E1.
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# Markers that say "this is HTML" within the first bytes, after any BOM and whitespace.
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<!--")


def detect_format(data: bytes) -> str:
    """One of "pdf", "docx", "doc", "rtf", "html", "text" or "binary" for the bytes of a file."""
    head = data[:2048]
    # A PDF may carry a few bytes of junk before its header; readers accept it within 1 KiB.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "binary"
    if head.startswith(_OLE_MAGIC):
        # Only Word documents hold a "WordDocument" stream; its UTF-16 name sits in the directory.
        return "doc" if "WordDocument".encode("utf-16-le") in data else "binary"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_HTML_MARKERS) or lowered.startswith(b"<?xml") and b"<html" in lowered:
        return "html"
    if _looks_like_text(head):
        return "text"
    return "binary"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True
