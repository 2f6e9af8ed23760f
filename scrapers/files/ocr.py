"""OCR of PDF pages without a text layer: pypdfium2 renders, the Tesseract CLI reads (Vietnamese model)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from scrapers.files.errors import FileReadError

INSTALL_HINT = (
    "OCR needs Tesseract with its Vietnamese model (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
)
_DPI = 300


def available() -> bool:
    """Whether `tesseract` is installed with the "vie" language."""
    if not shutil.which("tesseract"):
        return False
    proc = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "vie" in proc.stdout.split()


def ocr_pages(data: bytes, pages: list[int]) -> dict[int, str]:
    """Text of the given 1-based pages of a PDF, read by Tesseract."""
    if not available():
        raise FileReadError(INSTALL_HINT)
    import pypdfium2 as pdfium

    out: dict[int, str] = {}
    doc = pdfium.PdfDocument(data)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in pages:
                page = doc[n - 1]
                image = page.render(scale=_DPI / 72).to_pil()
                page.close()
                path = os.path.join(tmp, f"p{n}.png")
                image.save(path)
                proc = subprocess.run(
                    ["tesseract", path, "stdout", "-l", "vie", "--psm", "4"],
                    capture_output=True,
                    timeout=300,
                    check=False,
                )
                if proc.returncode == 0:
                    out[n] = proc.stdout.decode("utf-8", "replace")
    finally:
        doc.close()
    return out
