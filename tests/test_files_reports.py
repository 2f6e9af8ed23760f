"""Each real report in ../shared/data/reports read as a file: format, header, clean text, pages.

Expected values were taken by reading each file (see MANIFEST.json there for its identity).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from scrapers.files import ReadResult, read_file

REPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reports"
pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason="shared reports not available")

# Latin-1 symbols that TCVN3 text shows when it was not converted ("symbol soup").
SOUP = set("¸µ¶·¹¨»¾¼½Æ©ÇËÐÎÏÑª×ØÜÞß«åæç¬ëîïñö÷øûüþ¡¢§£¤¥¦®")

HEADERS: dict[str, dict[str, object]] = {
    "anle-43-2021-al-tand-toi-cao.pdf": dict(
        doc_type="Án lệ",
        number="43",
        year=2021,
        code="AL",
        issuer="Hội đồng Thẩm phán Tòa án nhân dân tối cao",
        issued_on="2021-02-24",
        title="Về hiệu lực của hợp đồng thế chấp trong trường hợp tài sản thế chấp là nhà đất do bên thế "
        "chấp nhận chuyển nhượng của người khác nhưng chưa thanh toán đủ tiền cho bên bán",
    ),
    "binhduong-ct-09-2009-ctubnd.doc": dict(
        doc_type="Chỉ thị",
        number="09",
        year=2009,
        code="CT-UBND",
        issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG",
        issued_on="2009-04-15",
        title="Về việc đẩy mạnh hoạt động khoa học và công nghệ cấp cơ sở",
    ),
    "congbao-luat-73-2021-qh14-phong-chong-ma-tuy.pdf": dict(
        doc_type="Luật",
        number="73",
        year=2021,
        code="QH14",
        issuer="QUỐC HỘI",
        issued_on="2021-03-30",
        title="PHÒNG, CHỐNG MA TÚY",
    ),
    "congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf": dict(
        doc_type="Nghị định",
        number="28",
        year=2026,
        code="NĐ-CP",
        issuer="CHÍNH PHỦ",
        issued_on="2026-01-19",
        title="Quy định các danh mục chất ma túy và tiền chất",
    ),
    "daklak-tb-131-vpubnd-2023.pdf": dict(
        doc_type="Thông báo",
        number="131",
        year=None,
        code="TB-VPUBND",
        issuer="UBND TỈNH ĐẮK LẮK - VĂN PHÒNG",
        issued_on="2023-10-09",
    ),
    "hanoi-qd-15-2010-qdubnd.doc": dict(
        doc_type="Quyết định",
        number="15",
        year=2010,
        code="QĐ-UBND",
        issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        issued_on="2010-04-26",
        title="Ban hành Quy định về quản lý, cung cấp, sử dụng Internet tại các đại lý Internet trên địa "
        "bàn Thành phố Hà Nội",
    ),
    "nd-356-2025-ndcp-bao-ve-du-lieu-ca-nhan.docx": dict(
        doc_type="Nghị định",
        number="356",
        year=2025,
        code="NĐ-CP",
        issuer="CHÍNH PHỦ",
        issued_on="2025-12-31",
        title="Quy định chi tiết một số điều và biện pháp thi hành Luật Bảo vệ dữ liệu cá nhân",
    ),
    "nd-86-2011-ndcp-luat-thanh-tra.doc": dict(
        doc_type="Nghị định",
        number="86",
        year=2011,
        code="NĐ-CP",
        issuer="CHÍNH PHỦ",
        issued_on="2011-09-22",
        title="QUY ĐỊNH CHI TIẾT VÀ HƯỚNG DẪN THI HÀNH MỘT SỐ ĐIỀU CỦA LUẬT THANH TRA",
    ),
    "party-hd-btctu-hanoi-2025-huy-hieu-dang.pdf": dict(
        doc_type="Hướng dẫn",
        number=None,
        year=None,
        code="HD/BTCTU",
        issuer="THÀNH UỶ HÀ NỘI - BAN TỔ CHỨC",
        issued_on="2025-08-XX",
        title="Thực hiện quy trình, thủ tục, tổ chức trao tặng Huy hiệu Đảng",
    ),
    "party-qd-294-qdtw-2025-thi-hanh-dieu-le.pdf": dict(
        doc_type="Quy định",
        number="294",
        year=None,
        code="QĐ/TW",
        issuer="BAN CHẤP HÀNH TRUNG ƯƠNG",
        issued_on="2025-05-26",
        title="THI HÀNH ĐIỀU LỆ ĐẢNG",
    ),
    "phutho-stttt-decuong-dutoan-qlvb-2012.doc": dict(
        doc_type="Đề cương",
        number=None,
        code=None,
        issuer="ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ - SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        issued_on=None,
    ),
    "tt-01-2011-ttbnv-the-thuc-van-ban.doc": dict(
        doc_type="Thông tư",
        number="01",
        year=2011,
        code="TT-BNV",
        issuer="BỘ NỘI VỤ",
        issued_on="2011-01-19",
        title="Hướng dẫn thể thức và kỹ thuật trình bày văn bản hành chính",
    ),
}

FORMATS = {
    "not-a-pdf-html-page-nd-57-2022.pdf": "html",
    "nd-356-2025-ndcp-bao-ve-du-lieu-ca-nhan.docx": "docx",
}

# (file, text that must be in the reading text, its page or None for formats without pages)
PRESENT = [
    ("anle-43-2021-al-tand-toi-cao.pdf", "Quyết định giám đốc thẩm số 01/2019/KDTM-GĐT ngày 11/01/2019", 1),
    # a sentence running over the page break stays whole, and its second half is on page 2
    ("anle-43-2021-al-tand-toi-cao.pdf", "“Chưa thanh toán hết tiền mua nhà đất”", 1),
    ("anle-43-2021-al-tand-toi-cao.pdf", "vay tổng cộng 8.000.000.000 đồng", 2),
    ("anle-43-2021-al-tand-toi-cao.pdf", "Quyền sử dụng 298,3m2 đất", 2),
    ("congbao-luat-73-2021-qh14-phong-chong-ma-tuy.pdf", "Thời gian ký: 28.04.2021 15:52:31 +07:00", 1),
    (
        "congbao-luat-73-2021-qh14-phong-chong-ma-tuy.pdf",
        "kỳ họp thứ 11 thông qua ngày 30 tháng 3 năm 2021",
        31,
    ),
    ("congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf", "STT | Tên chất | Tên khoa học | Mã thông tin CAS", 5),
    (
        "congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf",
        "3 | Acetyl fentanyl | N-(1-Phenethylpiperidin-4-yl)-N- phenylacetamide | 3258-84-2",
        5,
    ),
    (
        "congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf",
        "Nghị định này có hiệu lực thi hành từ ngày 19 tháng 01 năm 2026",
        2,
    ),
    ("daklak-tb-131-vpubnd-2023.pdf", "Văn phòng UBND tỉnh thông báo", 2),
    ("daklak-tb-131-vpubnd-2023.pdf", "Đắk Lắk, ngày 09 tháng 10 năm 2023", 1),
    ("daklak-tb-131-vpubnd-2023.pdf", "thu hồi 8.428 m2 đất", 1),
    ("daklak-tb-131-vpubnd-2023.pdf", "Công văn số 5731/UBND-NNMT ngày 11/7/2022", 1),
    ("gso-sotay-dieutravien-bien-dong-dan-so.pdf", "vì thế khi tiến hành phỏng vấn", 2),
    ("hanoi-qd-15-2010-qdubnd.doc", "Số: 15/2010/QĐ-UBND | Hà Nội, ngày 26 tháng 04 năm 2010", None),
    ("nd-356-2025-ndcp-bao-ve-du-lieu-ca-nhan.docx", "CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1),
    (
        "nd-356-2025-ndcp-bao-ve-du-lieu-ca-nhan.docx",
        "Số: 356/2025/NĐ-CP\nHà Nội, ngày 31 tháng 12 năm 2025",
        1,
    ),
    ("party-hd-btctu-hanoi-2025-huy-hieu-dang.pdf", "Hướng dẫn số 12- HD/BTCTW ngày 18/01/2022", 1),
    ("party-qd-294-qdtw-2025-thi-hanh-dieu-le.pdf", "Số 294-QĐ/TW | Hà Nội, ngày 26 tháng 5 năm 2025", 1),
    ("phutho-stttt-decuong-dutoan-qlvb-2012.doc", "Nghị định", None),
    (
        "tt-01-2011-ttbnv-the-thuc-van-ban.doc",
        "Căn cứ Nghị định số 48/2008/NĐ-CP ngày 17 tháng 4 năm 2008",
        None,
    ),
]

# Text that must NOT be in the reading text: running headers, page numbers, footnote markers.
ABSENT = [
    ("anle-43-2021-al-tand-toi-cao.pdf", "43/2021/AL1"),
    ("congbao-luat-73-2021-qh14-phong-chong-ma-tuy.pdf", "CÔNG BÁO/Số 567 + 568"),
    ("congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf", "CÔNG BÁO/Số 82"),
    ("congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf", "thuốc phiện1"),
    ("daklak-tb-131-vpubnd-2023.pdf", "Văn ph ng"),
    ("gso-sotay-dieutravien-bien-dong-dan-so.pdf", "tiến 2 hành"),
]


@cache
def read(name: str) -> ReadResult:
    return read_file(REPORTS / name)


def all_files() -> list[str]:
    if not REPORTS.is_dir():
        return []
    return sorted(p.name for p in REPORTS.iterdir() if p.name != "MANIFEST.json")


@pytest.mark.parametrize("name", all_files())
def test_text_is_clean_unicode(name: str) -> None:
    result = read(name)
    text = result.article.text
    assert "\ufffd" not in text and "\ufffc" not in text
    if name.startswith("phutho-cv"):  # the image-only scan
        return
    letters = [ch for ch in text if ch.isalpha()]
    soup = sum(ch in SOUP for ch in text)
    assert soup < 0.002 * len(letters), f"{soup} legacy-looking symbols"
    assert result.encoding is None  # no file here is legacy-encoded
    vietnamese = sum(ch in "ăâđêôơư" or "\u1ea0" <= ch <= "\u1ef9" for ch in text.lower())
    assert vietnamese > 0.05 * len(letters) or name.startswith(("congbao-nd", "not-a-pdf"))


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_self_document(name: str) -> None:
    ref = read(name).article.self_document
    assert ref is not None
    for field, expected in HEADERS[name].items():
        assert getattr(ref, field) == expected, field


@pytest.mark.parametrize(
    "name", ["gso-sotay-dieutravien-bien-dong-dan-so.pdf", "not-a-pdf-html-page-nd-57-2022.pdf"]
)
def test_no_header_no_self_document(name: str) -> None:
    assert read(name).article.self_document is None


def test_self_document_span_points_into_text() -> None:
    article = read("congbao-nd-28-2026-ndcp-danh-muc-ma-tuy.pdf").article
    ref = article.self_document
    assert ref is not None and article.text[ref.start : ref.end] == "Số: 28/2026/NĐ-CP"
    assert article.to_dict()["self_document"]["code"] == "NĐ-CP"


@pytest.mark.parametrize("name,format", sorted(FORMATS.items()))
def test_format_by_content(name: str, format: str) -> None:
    assert read(name).format == format


def test_misnamed_html_read_as_html() -> None:
    result = read("not-a-pdf-html-page-nd-57-2022.pdf")
    assert any("HTML page, not a PDF" in w for w in result.warnings)
    assert result.article.title.startswith("Nghị định số 57/2022/NĐ-CP")
    assert result.pages is None


def test_scan_reported_per_page() -> None:
    result = read("phutho-cv-ubnd-ksttthc-2011-scan.pdf")
    assert result.pages == 2
    assert "page 1: no text layer, needs OCR (run with --ocr)" in result.warnings
    assert "page 2: no text layer, needs OCR (run with --ocr)" in result.warnings


def test_dropped_glyph_restored_and_reported() -> None:
    result = read("daklak-tb-131-vpubnd-2023.pdf")
    assert any("restored from the document's own words" in w for w in result.warnings)


@pytest.mark.parametrize("name,snippet,page", PRESENT)
def test_text_present_on_page(name: str, snippet: str, page: int | None) -> None:
    result = read(name)
    at = result.article.text.find(snippet)
    assert at >= 0, snippet
    if page is None:
        assert result.page_of(at) is None
    else:
        assert result.page_of(at) == page
        if snippet.startswith("“Chưa"):  # runs over the break: its end is on the next page
            assert result.page_of(at + len(snippet) - 1) == page + 1


@pytest.mark.parametrize("name,snippet", ABSENT)
def test_artifacts_removed(name: str, snippet: str) -> None:
    assert snippet not in read(name).article.text


@pytest.mark.parametrize("name", [n for n in all_files() if n.endswith(".pdf") and not n.startswith("not-")])
def test_page_starts_cover_every_page(name: str) -> None:
    result = read(name)
    starts = result.article.page_starts
    assert len(starts) == result.pages
    assert list(starts) == sorted(starts) and starts[0] == 0
    assert starts[-1] <= len(result.article.text)
