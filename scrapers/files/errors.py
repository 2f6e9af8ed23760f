"""The one error a file reader raises: its message is a one-line reason, shown after the file name."""

from __future__ import annotations


class FileReadError(Exception):
    """The file cannot be read as a report (broken, encrypted, missing tool …)."""
