"""How numbers and symbols are read: spacing, dash look-alikes, Đ typed as Ð or D, case slips."""

import pytest

from nlp import extract


def only(text: str) -> dict:
    found = [m.to_dict() for m in extract(text, kinds=["document"])]
    assert len(found) == 1, f"{text!r}: {[d['text'] for d in found]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "number", "year", "code", "issuer"),
    [
        (
            "Nghị quyết số 57 - NQ/TW được ban hành.",
            "Nghị quyết số 57 - NQ/TW",
            "57",
            None,
            "NQ/TW",
            "Ban Chấp hành Trung ương",
        ),
        (
            "Nghị quyết số 57-NQ / TW được ban hành.",
            "Nghị quyết số 57-NQ / TW",
            "57",
            None,
            "NQ/TW",
            "Ban Chấp hành Trung ương",
        ),
        (
            "Hướng dẫn số 06 –HD/TW được ban hành.",
            "Hướng dẫn số 06 –HD/TW",
            "06",
            None,
            "HD/TW",
            "Ban Chấp hành Trung ương",
        ),
        (
            "Nghị định 100/2019/NĐ–CP được ban hành.",
            "Nghị định 100/2019/NĐ–CP",
            "100",
            2019,
            "NĐ-CP",
            "Chính phủ",
        ),
        (
            "Nghị định 100/2019/NĐ—CP được ban hành.",
            "Nghị định 100/2019/NĐ—CP",
            "100",
            2019,
            "NĐ-CP",
            "Chính phủ",
        ),
        (
            "Nghị định 100 / 2019 / NĐ - CP được ban hành.",
            "Nghị định 100 / 2019 / NĐ - CP",
            "100",
            2019,
            "NĐ-CP",
            "Chính phủ",
        ),
        # Ð (eth) is the same letter as Đ: canonical text writes Đ.
        (
            "Nghị định 100/2019/NÐ-CP được ban hành.",
            "Nghị định 100/2019/NÐ-CP",
            "100",
            2019,
            "NĐ-CP",
            "Chính phủ",
        ),
        ("Đề án số 01-ÐA/ÐUK được ban hành.", "Đề án số 01-ÐA/ÐUK", "01", None, "ĐA/ĐUK", "Đảng ủy Khối"),
        # D typed for Đ: the code stays as written (SPEC), the tables still read it.
        (
            "Nghị định 100/2019/ND-CP được ban hành.",
            "Nghị định 100/2019/ND-CP",
            "100",
            2019,
            "ND-CP",
            "Chính phủ",
        ),
        ("Đề án số 01-DA/DUK được ban hành.", "Đề án số 01-DA/DUK", "01", None, "DA/DUK", "Đảng ủy Khối"),
        (
            "Quyết định số 9/QD-UBND được ban hành.",
            "Quyết định số 9/QD-UBND",
            "9",
            None,
            "QD-UBND",
            "Ủy ban nhân dân",
        ),
        (
            "Nghị quyết số 5/NQ-HDND được ban hành.",
            "Nghị quyết số 5/NQ-HDND",
            "5",
            None,
            "NQ-HDND",
            "Hội đồng nhân dân",
        ),
        (
            "Chỉ thị 36/2006/CT-TTG được ban hành.",
            "Chỉ thị 36/2006/CT-TTG",
            "36",
            2006,
            "CT-TTG",
            "Thủ tướng Chính phủ",
        ),
        (
            "Nghị\u00a0định\u00a0số\u00a0100/2019/NĐ-CP được ban hành.",
            "Nghị\u00a0định\u00a0số\u00a0100/2019/NĐ-CP",
            "100",
            2019,
            "NĐ-CP",
            "Chính phủ",
        ),
        (
            "Quyết định số: 12/QĐ-UBND được ban hành.",
            "Quyết định số: 12/QĐ-UBND",
            "12",
            None,
            "QĐ-UBND",
            "Ủy ban nhân dân",
        ),
        (
            "Quyết định số12/QĐ-UBND được ban hành.",
            "Quyết định số12/QĐ-UBND",
            "12",
            None,
            "QĐ-UBND",
            "Ủy ban nhân dân",
        ),
        (
            "Quyết định 1234a/QĐ-UBND được ban hành.",
            "Quyết định 1234a/QĐ-UBND",
            "1234a",
            None,
            "QĐ-UBND",
            "Ủy ban nhân dân",
        ),
        (
            "Quyết định 12/QĐ-UBND.VX được ban hành.",
            "Quyết định 12/QĐ-UBND.VX",
            "12",
            None,
            "QĐ-UBND.VX",
            None,
        ),
    ],
)
def test_symbol_variants(text, span, number, year, code, issuer):
    got = only(text)
    assert (got["text"], got["number"], got["year"], got["code"]) == (span, number, year, code)
    if issuer is not None:
        assert got["issuer"] == issuer


def test_offsets_point_into_the_text_as_given():
    text = (
        "Theo Nghi\u0323 quyê\u0301t sô\u0301 57-NQ/TW, ca\u0301c câ\u0301p u\u0309y ha\u0300nh đô\u0323ng."
    )
    got = only(text)
    assert text[got["start"] : got["end"]] == got["text"]
    assert got["code"] == "NQ/TW" and got["doc_type"] == "Nghị quyết"


def test_number_and_year_are_not_figures_or_dates():
    mentions = extract("Nghị định 100/2019/NĐ-CP ngày 30/12/2019 quy định mức phạt.")
    kinds = [(m.kind, m.text) for m in mentions]
    assert ("document", "Nghị định 100/2019/NĐ-CP") in kinds
    doc = next(m for m in mentions if m.kind == "document")
    assert all(m.end <= doc.start or m.start >= doc.end for m in mentions if m is not doc)
    assert doc.issued_on == "2019-12-30"
