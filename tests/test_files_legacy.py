"""Legacy Vietnamese encodings: every table entry, detection, and TCVN3/VNI documents made here round-trip."""

from __future__ import annotations

import io
import unicodedata

import pytest

from nlp.langdata import data_path, load_rows
from scrapers.files import legacy, read_bytes

# Our own text (not from any document), with every vowel shape, đ, and capitals with tone marks.
TEXT = (
    "Ủy ban nhân dân xã Hòa Bình báo cáo: năm 2011 toàn xã thu hoạch được 1.250 tấn lúa, "
    "tăng 8% so với năm trước; khuyến khích nông dân ứng dụng giống mới, xây dựng đường giao "
    "thông nông thôn, trường học và trạm y tế. Những khó khăn về thủy lợi đã được khắc phục."
)
HEADING = "BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI NĂM 2011"

VN_LETTERS = {
    unicodedata.normalize("NFC", base + mark)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
} | {"đ", "Đ"}


def _rows(name: str) -> list[tuple[str, ...]]:
    return list(load_rows(data_path(legacy.__file__, name)))


@pytest.mark.parametrize("row", _rows("tcvn3.tsv"), ids=lambda r: r[0])
def test_tcvn3_entry(row: tuple[str, ...]) -> None:
    code, letter, name = row
    assert letter in VN_LETTERS and unicodedata.name(letter) == name
    assert legacy.convert(bytes([int(code, 16)]).decode("cp1252"), "tcvn3") == letter


@pytest.mark.parametrize("row", _rows("viscii.tsv"), ids=lambda r: r[0])
def test_viscii_entry(row: tuple[str, ...]) -> None:
    code, letter, name = row
    assert letter in VN_LETTERS and unicodedata.name(letter) == name
    assert legacy.convert(chr(int(code, 16)), "viscii") == letter


@pytest.mark.parametrize("row", _rows("vni.tsv"), ids=lambda r: r[0])
def test_vni_entry(row: tuple[str, ...]) -> None:
    seq, letter, glyphs = row
    assert letter in VN_LETTERS
    assert bytes(int(h, 16) for h in seq.split()).decode("cp1252") == glyphs
    assert legacy.convert(glyphs, "vni") == letter
    assert legacy.encode(letter, "vni") == glyphs


def test_tables_cover_the_alphabet() -> None:
    marked = {ch for ch in VN_LETTERS if not ch.isascii()}
    assert set(legacy.table("viscii").values()) == marked  # VISCII has every precomposed letter
    assert set(legacy.table("vni").values()) == marked
    lower = {ch for ch in marked if ch.islower()}
    assert lower <= set(legacy.table("tcvn3").values())  # VN3: all small letters, capitals via .VnTimeH


def test_published_tcvn3_codes() -> None:
    # Spot checks against TCVN 5712:1993 (VN3): á=B8, đ=AE, Đ=A7, ư=AD, ộ=E9, ỹ=FC.
    table = legacy.table("tcvn3")
    assert [table[bytes([b]).decode("cp1252")] for b in (0xB8, 0xAE, 0xA7, 0xAD, 0xE9, 0xFC)] == list(
        "áđĐưộỹ"
    )


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_detect_and_convert_plain_text(encoding: str) -> None:
    text = TEXT if encoding != "tcvn3" else TEXT.replace("Ủy", "ủy")  # VN3 has no toned capitals
    encoded = legacy.encode(text, encoding)
    assert encoded != text
    assert legacy.detect(encoded) == encoding
    assert legacy.convert(encoded, encoding) == text


def test_unicode_text_is_left_alone() -> None:
    assert legacy.detect(TEXT) is None
    assert legacy.detect("Độc lập – Tự do – Hạnh phúc\n\u00a0\n“Hợp đồng”") is None


def test_font_names() -> None:
    assert legacy.encoding_of_font("ABCDEF+.VnTimeH") == ("tcvn3", True)
    assert legacy.encoding_of_font(".VnTime") == ("tcvn3", False)
    assert legacy.encoding_of_font("VNI-Times") == ("vni", False)
    assert legacy.encoding_of_font("Times New Roman") == (None, False)


def _docx(runs: list[tuple[str, str]]) -> bytes:
    """A .docx with one paragraph per (text, font) pair, as a 2005 office would have typed it."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text, font in runs:
        document.add_paragraph().add_run(text).font.name = font
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_tcvn3_document_round_trips() -> None:
    # The heading typed in the capitals font .VnTimeH (lower-case codes drawn as capitals).
    heading = legacy.encode(HEADING.lower(), "tcvn3")
    body = legacy.encode(TEXT.replace("Ủy", "ủy"), "tcvn3")
    result = read_bytes(_docx([(heading, ".VnTimeH"), (body, ".VnTime")]), name="bc.docx")
    assert result.encoding == "tcvn3"
    assert result.article.text.split("\n") == [HEADING, TEXT.replace("Ủy", "ủy")]


def test_vni_document_round_trips() -> None:
    result = read_bytes(
        _docx([(legacy.encode(HEADING, "vni"), "VNI-Times"), (legacy.encode(TEXT, "vni"), "VNI-Times")])
    )
    assert result.encoding == "vni"
    assert result.article.text.split("\n") == [HEADING, TEXT]
