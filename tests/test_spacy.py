"""spaCy integration: underthesea tokens on the exact text, the `vnpress` component, pipe, DocBin."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED_DATA

spacy = pytest.importorskip("spacy", reason="the spaCy integration needs the 'spacy' extra")

from spacy.tokens import DocBin  # noqa: E402

from nlp import extract  # noqa: E402
from nlp.spacy_vi import SPAN_KEYS, _split_at, doc_from_spans, load, word_spans  # noqa: E402


def twenty_texts() -> list[str]:
    """The 16 saved article pages and the first news articles: 20 texts of every length."""
    texts = [
        json.loads(line)["text"] for line in (SHARED_DATA / "html" / "articles.jsonl").open(encoding="utf-8")
    ]
    with (SHARED_DATA / "news" / "vntc_sample_part1.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) == 20:
                break
            texts.append(json.loads(line)["text"])
    return texts


def spans_as_records(doc) -> dict[str, list]:
    return {
        key: [(s.start_char, s.end_char, s._.record) for s in doc.spans[key]] for key in SPAN_KEYS.values()
    }


def records_of(text: str, ref_date: str | None = None) -> dict[str, list]:
    out: dict[str, list] = {key: [] for key in SPAN_KEYS.values()}
    for m in extract(text, ref_date):
        out[SPAN_KEYS[m.kind]].append((m.start, m.end, m.to_dict(with_rule=True)))
    return out


def test_tokens_are_underthesea_words_on_the_exact_text():
    text = (
        "  Từ tháng 2/2022 đến nay,\u00a0đội ngũ báo cáo viên\n\nđã thực hiện  357 buổi tuyên truyền miệng."
    )
    doc = load().make_doc(text)
    assert doc.text == text
    words = [t.text for t in doc if t.text.strip()]
    assert "báo cáo viên" in words and "357" in words  # multi-syllable words stay one token
    assert [(t.idx, t.idx + len(t.text)) for t in doc if t.text.strip()] == word_spans(text)


def test_a_mention_inside_a_word_splits_it():
    vocab = load().vocab
    text = "tuyên truyền miệng"
    doc = doc_from_spans(vocab, text, [(0, len(text))])
    assert len(doc) == 1
    split = _split_at(doc, {6})
    assert [t.text for t in split] == ["tuyên", "truyền miệng"] and split.text == text


def test_pipe_in_two_processes_equals_extract_and_docbin_keeps_the_spans(shared_data):
    nlp = load()
    assert nlp.pipe_names == ["vnpress"]
    texts = twenty_texts()
    docs = list(nlp.pipe(texts, n_process=2, batch_size=4))
    assert len(docs) == 20
    total = 0
    for text, doc in zip(texts, docs, strict=True):
        assert doc.text == text
        assert spans_as_records(doc) == records_of(text)
        total += sum(len(doc.spans[k]) for k in SPAN_KEYS.values())
        for key in SPAN_KEYS.values():
            for span in doc.spans[key]:
                assert span.text == span._.record["text"] and span.label_ == span._.record["kind"].upper()
                assert span._.mention.to_dict(with_rule=True) == span._.record
    assert total > 0, "no mention found in 20 articles"

    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    again = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [spans_as_records(d) for d in again] == [spans_as_records(d) for d in docs]
    assert [d.text for d in again] == texts


def test_a_doc_carries_its_own_reference_date():
    nlp = load()
    text = "Hôm qua, xã trồng mới 120 ha rừng."
    doc = nlp.make_doc(text)
    doc.user_data["ref_date"] = "2023-10-20T10:00"
    doc = nlp(doc)
    assert spans_as_records(doc) == records_of(text, "2023-10-20T10:00")
