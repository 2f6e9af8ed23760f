"""Units of the file readers: format sniffing, page offsets, dropped glyphs, running lines, letterheads."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from scrapers.files import FileReadError, detect_format, read_bytes
from scrapers.files.blocks import Block, assemble, join_cells, page_at
from scrapers.files.glyphs import DROPPED, repair_dropped
from scrapers.files.letterhead import parse_header
from scrapers.files.running import drop_running_lines


@pytest.mark.parametrize(
    "data,fmt",
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\n<!DOCTYPE html><html><title>x</title>", "html"),
        (b"\xef\xbb\xbf<html>", "html"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + "WordDocument".encode("utf-16-le"), "doc"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 64, "binary"),
        ("Báo cáo tình hình".encode(), "text"),
        (b"\x00\x01\x02\xff", "binary"),
        (b"{\\rtf1\\ansi", "rtf"),
    ],
)
def test_detect_format(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


def test_unknown_content_is_one_clear_error() -> None:
    with pytest.raises(FileReadError, match="not a PDF, DOCX, DOC"):
        read_bytes(b"\x00\x01\x02\xff", name="x.pdf")


def test_broken_pdf_is_one_clear_error() -> None:
    with pytest.raises(FileReadError):
        read_bytes(b"%PDF-1.4\nnot really a pdf", name="x.pdf")


def test_assemble_page_offsets() -> None:
    blocks = [Block("Một", 1), Block("Hai ba", 1, breaks=(4,)), Block("Bốn", 3)]
    body, starts = assemble(blocks, start=10, pages=4)
    assert body == "Một\nHai ba\nBốn"
    assert starts == (10, 18, 21, 24)
    assert [page_at(starts, o) for o in (10, 17, 18, 21, 24)] == [1, 1, 2, 3, 4]
    assert page_at((), 5) is None


def test_join_cells_drops_rules_and_repeats() -> None:
    assert join_cells(["Số: 1/QĐ", "______", "Số: 1/QĐ", " Hà Nội "]) == "Số: 1/QĐ | Hà Nội"


def test_dropped_glyph_filled_from_document_words() -> None:
    blocks = [Block("Văn phòng tỉnh"), Block(f"Văn ph{DROPPED}ng UBND"), Block(f"x{DROPPED}yz")]
    fixed, n = repair_dropped(blocks)
    assert n == 1
    assert fixed[1].text == "Văn phòng UBND" and DROPPED in fixed[2].text


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    size: float = 12.0


def test_running_header_and_page_numbers_removed() -> None:
    pages = [
        [
            _Line(
                f"CÔNG BÁO/Số 5/Ngày 1-2-2024 {n}" if n % 2 else f"{n} CÔNG BÁO/Số 5/Ngày 1-2-2024", 30, 44
            ),
            _Line(f"Nội dung trang {n}", 300, 314),
            _Line(str(n), 800, 812),
        ]
        for n in range(1, 6)
    ]
    drop_running_lines(pages, 842)
    assert [[line.text for line in lines] for lines in pages] == [
        [f"Nội dung trang {n}"] for n in range(1, 6)
    ]


def test_header_split_across_cells() -> None:
    head = parse_header(
        [
            "SỞ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH LÀO CAI | Độc lập - Tự do - Hạnh phúc",
            "Số: 12/KH-SYT | Lào Cai, ngày 5 | tháng 3 năm 2024",
            "KẾ HOẠCH",
            "Phòng chống dịch bệnh mùa hè",
            "Căn cứ Luật Phòng, chống bệnh truyền nhiễm;",
        ]
    )
    assert head is not None
    assert (head.doc_type, head.number, head.year, head.code) == ("Kế hoạch", "12", None, "KH-SYT")
    assert (head.issued_on, head.place, head.title) == (
        "2024-03-05",
        "Lào Cai",
        "Phòng chống dịch bệnh mùa hè",
    )
    assert head.issuer == "SỞ Y TẾ TỈNH LÀO CAI"


def test_no_header_in_plain_prose() -> None:
    assert (
        parse_header(["Sáng 19/10, tại Hà Nội, hội nghị đã diễn ra.", "Theo báo cáo, năm nay tăng 5%."])
        is None
    )


def test_official_letter_without_type_word() -> None:
    head = parse_header(
        [
            "UBND TỈNH YÊN BÁI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 88/UBND-VX | Yên Bái, ngày 02 tháng 6 năm 2015",
            "V/v tổ chức ngày hội đọc sách",
            "Kính gửi: Sở Văn hóa, Thể thao và Du lịch",
        ]
    )
    assert head is not None and (head.doc_type, head.number, head.code) == ("Công văn", "88", "UBND-VX")
