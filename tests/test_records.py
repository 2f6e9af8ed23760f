"""Records serialise to exactly the SPEC JSON, and an Article's hash identifies its content."""

from nlp.records import Article, DateMention, DocumentRef, Figure, mention_from_dict


def test_figure_to_dict_is_the_spec_json():
    f = Figure(10, 24, "trên 1.000 người", value=1000.0, qualifier="gt", rule="digits")
    assert f.to_dict() == {
        "kind": "figure", "start": 10, "end": 24, "text": "trên 1.000 người", "value": 1000, "value_max": None,
        "qualifier": "gt", "quantity": "count", "unit": None, "subject": None, "change": None,
        "compared_to": None, "per": None,
    }  # fmt: skip
    assert f.to_dict(with_rule=True)["rule"] == "digits"
    assert mention_from_dict(f.to_dict()) == Figure(10, 24, "trên 1.000 người", value=1000, qualifier="gt")


def test_date_and_document_fields():
    assert set(DateMention(0, 1, "x").to_dict()) == {"kind", "start", "end", "text", "type", "value", "mod"}
    assert set(DocumentRef(0, 1, "x").to_dict()) == {
        "kind", "start", "end", "text", "doc_type", "number", "year", "code", "issuer", "title", "issued_on", "part",
    }  # fmt: skip


def test_article_hash_follows_content_and_text_joins_parts():
    a = Article(id="a", title="T", sapo="S", body="B")
    assert a.text == "T\n\nS\n\nB"
    assert a.hash == Article(id="other", title="T", sapo="S", body="B").hash
    assert a.hash != Article(id="a", title="T", sapo="S", body="B2").hash
