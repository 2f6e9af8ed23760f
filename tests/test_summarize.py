"""`vnpress summarize`: every extracted figure in the table, sensible deterministic sentences, bad input."""

from __future__ import annotations

import json

import pytest
from conftest import SEED, SHARED_DATA, run_cli

from cli import articles_from_file
from corpus.periods import bucket, value_span
from corpus.process import ref_date_of
from corpus.summary import find_dateline, format_figure_value
from nlp import analyze
from nlp.summary import rank_sentences, select_summary

ARTICLES = SHARED_DATA / "html" / "articles.jsonl"
# Three saved article pages of different kinds: market news, a tax story, a long legal text.
PAGES = ["znews-1613516", "vnexpress-4672302", "vbpl-toanvan-96122"]


def _article(article_id: str) -> dict:
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == article_id:
            return row
    raise KeyError(article_id)


def _summary_json(ref: str, *extra: str) -> dict:
    proc = run_cli("summarize", ref, "--format", "json", *extra)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


# -- the ranker -----------------------------------------------------------------------------------
SENTENCES = [
    "Hội nghị tổng kết công tác chăn nuôi của huyện diễn ra sáng nay tại hội trường ủy ban.",
    "Năm nay đàn bò của huyện tăng mạnh nhờ chương trình hỗ trợ con giống cho các hộ chăn nuôi.",
    "Năm nay đàn bò của huyện tăng mạnh nhờ chương trình hỗ trợ con giống cho các hộ chăn nuôi.",
    "Chương trình hỗ trợ con giống đã giúp các hộ chăn nuôi bò trong huyện có thêm thu nhập ổn định.",
    "Trời mưa to suốt buổi chiều khiến nhiều tuyến đường ngập nước.",
    "Các hộ chăn nuôi bò mong muốn chương trình hỗ trợ con giống được kéo dài thêm vài năm.",
    "Đàn bò của huyện hiện có hơn 12.000 con, các hộ chăn nuôi thu về khoảng 40 tỷ đồng.",
]


def test_ranker_is_deterministic_and_drops_repeats():
    first = select_summary(SENTENCES, 3)
    assert [r.index for r in first] == [r.index for r in select_summary(SENTENCES, 3)]
    chosen = {r.index for r in first}
    assert not {1, 2} <= chosen, "a sentence repeated word for word was picked twice"
    assert 4 not in chosen, "the off-topic sentence outranked the on-topic ones"
    assert [r.index for r in first] == sorted(r.index for r in first), "not in text order"


def test_sentences_carrying_figures_are_favoured():
    plain = {r.index: r.score for r in rank_sentences(SENTENCES)}
    counts = [0, 0, 0, 0, 0, 0, 2]
    boosted = {r.index: r.score for r in rank_sentences(SENTENCES, counts)}
    assert boosted[6] > plain[6]
    place = {
        name: sorted(s, key=lambda i: -s[i]).index(6) for name, s in (("plain", plain), ("boosted", boosted))
    }
    assert place["boosted"] < place["plain"]


def test_ranker_skips_headings_urls_and_fragments():
    ranked = rank_sentences(
        ["CHƯƠNG I. NHỮNG QUY ĐỊNH CHUNG", "Nguồn: https://example.vn/a.html", "Ngắn quá.", *SENTENCES]
    )
    assert [r.candidate for r in ranked[:3]] == [False, False, False]
    assert all(r.score == 0 for r in ranked[:3])


# -- helpers ----------------------------------------------------------------------------------------
def test_value_spans_and_buckets():
    assert value_span("2023-Q3")[0].isoformat() == "2023-07-01"
    assert value_span("2022-02/2023-10-20")[1].isoformat() == "2023-10-20"
    assert value_span("XXXX-10-19") is None and value_span("P1Y") is None
    assert bucket(value_span("2023-11")[1], "quarter") == "2023-Q4"
    assert find_dateline("Tiêu đề\n\n20-10-2023 10:00\n\nNội dung.") == "2023-10-20T10:00"
    fig = {"value": 183800000, "unit": "VND", "per": "lượng", "qualifier": "gt", "value_max": None}
    assert format_figure_value(fig) == "> 183,8 triệu VND/lượng"


# -- the command on real texts ----------------------------------------------------------------------
@pytest.mark.parametrize("ref", [str(SEED), *(f"{ARTICLES}#{a}" for a in PAGES)])
def test_every_extracted_figure_is_in_the_table(shared_data, ref):
    summary = _summary_json(ref)
    if ref == str(SEED):  # read as the CLI reads it: the ingest reader, the article's ref date
        (article,) = articles_from_file(SEED, None)
        text, ref_date = article.text, ref_date_of(article.published_at) or find_dateline(article.text)
    else:
        row = _article(ref.rpartition("#")[2])
        text, ref_date = row["text"], row["ref_date"]
    figures = [m.to_dict(with_rule=True) for m in analyze(text, ref_date).mentions if m.kind == "figure"]
    assert [f["record"] for f in summary["figures"]] == figures
    assert summary["counts"]["figures"] == len(figures)
    for row in summary["figures"]:
        assert row["value"], row
    # The summary quotes whole sentences of the text, never the title, and explains each pick.
    assert 1 <= len(summary["sentences"]) <= 3
    for s in summary["sentences"]:
        assert " ".join(text[s["start"] : s["end"]].split()) == s["text"]
        assert s["text"] != summary["title"] and s["why"].startswith("TextRank rank")
    md = run_cli("summarize", ref).stdout.decode()
    for f in figures:
        assert " ".join(f["text"].split()).replace("|", "\\|") in md


def test_output_is_deterministic_in_every_format(shared_data):
    for fmt in ("md", "json", "html"):
        a = run_cli("summarize", str(SEED), "--format", fmt, "-n", "4")
        b = run_cli("summarize", str(SEED), "--format", fmt, "-n", "4")
        assert a.returncode == 0, a.stderr.decode()
        assert a.stdout == b.stdout, fmt


def test_seed_headline_facts(shared_data):
    summary = _summary_json(str(SEED))
    assert summary["published"].startswith("2023-10-20T10:00")  # the dateline under the title
    assert "baolangson.vn" in summary["source"] + (summary["url"] or "")
    assert summary["title"]


def test_html_summary_escapes_the_text(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(
        "Tin <script>alert(1)</script>\n\nNăm 2023, xã trồng mới 120 ha rừng <b>và</b> hỗ trợ 300 hộ nghèo "
        "thoát nghèo bền vững, theo báo cáo của ủy ban.\n",
        encoding="utf-8",
    )
    proc = run_cli("summarize", str(page), "--format", "html")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>" not in out
    assert "Content-Security-Policy" in out


def test_bad_references_are_one_line_errors(tmp_path):
    proc = run_cli("summarize", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "none.db"))
    assert proc.returncode == 1
    assert proc.stderr.decode().count("\n") == 1 and "no such file" in proc.stderr.decode()
    assert not (tmp_path / "none.db").exists(), "a lookup must not create a store"
    many = tmp_path / "many.jsonl"
    many.write_text('{"id": "a", "text": "Một."}\n{"id": "b", "text": "Hai."}\n', encoding="utf-8")
    proc = run_cli("summarize", str(many))
    assert proc.returncode == 1 and "#ID" in proc.stderr.decode()
    proc = run_cli("summarize", f"{many}#zz")
    assert proc.returncode == 1 and "no article with id 'zz'" in proc.stderr.decode()


def test_a_stored_article_by_id(tmp_path):
    db = tmp_path / "v.db"
    assert run_cli("ingest", str(SEED), "--db", str(db)).returncode == 0
    summary = _summary_json(SEED.stem, "--db", str(db))
    assert summary["id"] == SEED.stem and summary["counts"]["sentences"] > 5


def test_a_url_is_fetched_and_read_by_the_site_extractors(shared_data):
    """A saved page served on localhost: fetched through scrapers.fetch, as a live page would be."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SHARED_DATA / "html"))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/vnexpress.net/article_4672302_thue-giam-tru-gia-canh.html"
        summary = _summary_json(url, "-n", "2")
    finally:
        server.shutdown()
        server.server_close()
    assert summary["url"] == url and summary["title"].startswith("Ông Hồ Đức Phớc")
    assert summary["published"].startswith("2023-11-02") and summary["counts"]["figures"] == len(
        summary["figures"]
    )
    assert len(summary["sentences"]) == 2
