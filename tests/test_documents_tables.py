"""Every row of the document extractor's tables maps as written: type words, type and issuer codes,
court stages, law names, and the quantity words that keep a bare number from being a citation."""

import pytest

from nlp import extract
from nlp.documents.tables import (
    PARTY,
    STATE,
    court_stages,
    issuer_codes,
    law_names,
    quantity_words,
    type_codes,
    type_words,
)


def documents(text: str) -> list[dict]:
    return [m.to_dict() for m in extract(text, kinds=["document"])]


def only(text: str) -> dict:
    found = documents(text)
    assert len(found) == 1, f"{text!r}: {[d['text'] for d in found]}"
    return found[0]


TYPE_WORDS = sorted(type_words().items())


@pytest.mark.parametrize(("word", "entry"), TYPE_WORDS, ids=[w for w, _ in TYPE_WORDS])
def test_type_word_maps(word, entry):
    text = f"Cơ quan thực hiện theo {word[0].upper() + word[1:]} số 12/2020/XYZ-ABC của đơn vị."
    got = only(text)
    assert got["doc_type"] == entry.doc_type
    assert got["number"] == "12" and got["year"] == 2020 and got["code"] == "XYZ-ABC"


def _systems(values: dict[str, str]) -> list[str]:
    return [PARTY, STATE] if "any" in values else list(values)


TYPE_CODE_ROWS = [
    (code, system, values.get(system) or values["any"])
    for code, values in sorted(type_codes().by_code.items())
    for system in _systems(values)
]


@pytest.mark.parametrize(
    ("code", "system", "doc_type"), TYPE_CODE_ROWS, ids=[f"{c}-{s}" for c, s, _ in TYPE_CODE_ROWS]
)
def test_type_code_maps(code, system, doc_type):
    symbol = f"12-{code}/TW" if system == PARTY else f"12/2020/{code}-CP"
    got = only(f"Đơn vị nhận được số {symbol} hôm qua.")
    assert got["doc_type"] == doc_type
    assert got["code"] == symbol.split("-", 1)[1] if system == PARTY else symbol.split("/", 2)[2]


ISSUER_ROWS = [
    (code, system, values.get(system) or values["any"])
    for code, values in sorted(issuer_codes().by_code.items())
    for system in _systems(values)
]


@pytest.mark.parametrize(("code", "system", "name"), ISSUER_ROWS, ids=[f"{c}-{s}" for c, s, _ in ISSUER_ROWS])
def test_issuer_code_maps(code, system, name):
    text = (
        f"Nghị quyết số 12-NQ/{code} đã có hiệu lực."
        if system == PARTY
        else f"Quyết định số 12/QĐ-{code} đã có hiệu lực."
    )
    assert only(text)["issuer"] == name


def test_bct_depends_on_the_numbering_system():
    assert only("Kết luận 123-KL/BCT được quán triệt.")["issuer"] == "Bộ Chính trị"
    assert only("Quyết định 123/QĐ-BCT được ban hành.")["issuer"] == "Bộ Công Thương"


def test_tt_depends_on_the_numbering_system():
    assert only("Đơn vị thực hiện số 03-TT/TW hôm qua.")["doc_type"] == "Thông tri"
    assert only("Đơn vị thực hiện số 03/2020/TT-BTC hôm qua.")["doc_type"] == "Thông tư"


@pytest.mark.parametrize(("stage", "doc_type"), sorted(court_stages().items()))
def test_court_stage_maps(stage, doc_type):
    got = only(f"Tòa án đã có số 15/2021/DS-{stage} về vụ tranh chấp.")
    assert got["doc_type"] == doc_type and got["code"] == f"DS-{stage}"


@pytest.mark.parametrize("name", law_names())
def test_law_name_is_read_whole(name):
    got = only(f"Theo quy định của Luật {name} năm 2020, cơ quan phải công khai.")
    assert got["text"] == f"Luật {name} năm 2020"
    assert (got["doc_type"], got["title"], got["year"], got["number"]) == ("Luật", name, 2020, None)
    got = only(f"Theo Luật {name}, cơ quan phải công khai.")
    assert got["title"] == name


@pytest.mark.parametrize("word", sorted(quantity_words()))
def test_quantity_word_blocks_a_bare_number(word):
    assert documents(f"Tỉnh đặt mục tiêu cho Kế hoạch 5 {word} tới.") == []
