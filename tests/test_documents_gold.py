"""Document references on the dev gold set (tests/gold, texts in ../shared/data): the issue's targets."""

from pathlib import Path

import pytest

from nlp import extract
from nlp.scoring import load_gold, score

GOLD = sorted((Path(__file__).resolve().parent / "gold").glob("*.jsonl"))
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def report():
    if not GOLD or not DATA.is_dir():
        pytest.skip("dev gold set or shared data not available")
    docs = load_gold(GOLD, DATA)

    def predict(text, ref_date):
        return [m.to_dict() for m in extract(text, ref_date=ref_date, kinds=["document"])]

    return score(docs, predict, kinds=["document"])


def test_document_f1(report):
    assert report.kinds["document"].f1 >= 0.98, "\n".join(report.errors)


@pytest.mark.parametrize("attribute", ["doc_type", "number", "year", "code"])
def test_document_attribute_accuracy(report, attribute):
    assert report.kinds["document"].accuracy(attribute) >= 0.98, "\n".join(report.errors)


@pytest.mark.parametrize("attribute", ["issuer", "title", "issued_on", "part"])
def test_document_context_fields(report, attribute):
    # Lower bar: these come from the words around the reference (measured 0.96-1.0).
    assert report.kinds["document"].accuracy(attribute) >= 0.9, "\n".join(report.errors)
