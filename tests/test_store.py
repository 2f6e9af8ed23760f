"""The SQLite store: migrations, idempotent ingest, folded search, resumable processing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from corpus.process import process_store
from corpus.store import Store, StoreError
from nlp.records import Article

REPORT = (
    "Năm 2023, huyện trồng mới 120 ha rừng, tăng 15% so với năm 2022. Theo Quyết định số 1234/QĐ-UBND "
    "ngày 12/3/2023, tỉnh hỗ trợ 2,5 tỷ đồng cho 300 hộ tuyên truyền viên."
)


def articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", title=f"Bài {i}", body=f"{REPORT} Bài số {i}.") for i in range(n)]


def test_migrations_are_recorded_once(tmp_path):
    db = tmp_path / "s.db"
    Store(db).close()
    with Store(db) as store:
        assert "0001_initial.sql" in store.applied_migrations()
        assert len(store.applied_migrations()) == len(set(store.applied_migrations()))


def test_ingesting_twice_changes_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_articles(articles(5)) == 5
        assert store.add_articles(articles(5)) == 0
        assert store.count("articles") == 5


def test_same_id_different_content_keeps_both(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles([Article(id="x", body="một")])
        store.add_articles([Article(id="x", body="hai")])
        ids = sorted(r[0] for r in store.query("SELECT id FROM articles"))
        assert ids[0] == "x" and ids[1].startswith("x-") and len(ids) == 2


def test_search_folds_accents_and_d(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles([Article(id="a", body="Công tác tuyên truyền miệng ở Đồng Đăng")])
        store.add_articles([Article(id="b", body="Giá vàng hôm nay")])
        assert store.search_ids("tuyen truyen") == ["a"]
        assert store.search_ids("dong dang") == ["a"]
        assert store.search_ids("Tuyên truyền") == ["a"]
        assert store.search_ids('"; DROP') == []


def test_an_unusable_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a usable vnpress store"):
        Store(bad)


def test_a_failing_article_is_reported_left_unprocessed_and_a_rerun_completes(tmp_path, monkeypatch):
    import corpus.process as proc

    with Store(tmp_path / "s.db") as store:
        store.add_articles(articles(60))
        real = proc.process_article

        def flaky(article):
            if article.id == "a39":
                raise RuntimeError("extractor bug")
            return real(article)

        monkeypatch.setattr(proc, "process_article", flaky)
        errors = []
        assert process_store(store, on_error=lambda a, exc: errors.append((a.id, str(exc)))) == 59
        assert errors == [("a39", "extractor bug")]
        assert store.count_unprocessed() == 1
        assert store.query("SELECT count(*) FROM sentences WHERE article_id = 'a39'")[0][0] == 0
        with pytest.raises(RuntimeError):  # without a handler the error is the caller's
            process_store(store)
        monkeypatch.setattr(proc, "process_article", real)
        assert process_store(store) == 1
        counts = {t: store.count(t) for t in ("sentences", "figures", "dates", "documents")}

    with Store(tmp_path / "clean.db") as clean:
        clean.add_articles(articles(60))
        process_store(clean)
        assert counts == {t: clean.count(t) for t in ("sentences", "figures", "dates", "documents")}


def test_kill_9_midway_then_rerun_gives_the_uninterrupted_result(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.add_articles(articles(120))
    # A real process, slowed per article so the kill lands mid-run, killed with SIGKILL.
    script = textwrap.dedent(
        f"""
        import time, corpus.process as proc
        from corpus.store import Store
        real = proc.process_article
        def slow(a):
            time.sleep(0.02)
            return real(a)
        proc.process_article = slow
        proc.process_store(Store({str(db)!r}))
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], cwd=os.getcwd())
    deadline = time.time() + 120
    while time.time() < deadline:
        with Store(db) as probe:
            done = 120 - probe.count_unprocessed()
        if done >= 25:
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Store(db) as store:
        assert 0 < store.count_unprocessed() < 120, "the kill should land mid-run"
        process_store(store)
        assert store.count_unprocessed() == 0
        got = {t: store.count(t) for t in ("sentences", "figures", "dates", "documents")}
        dupes = store.query(
            'SELECT count(*) FROM (SELECT article_id, start, "end" FROM figures GROUP BY 1, 2, 3 HAVING count(*) > 1)'
        )
    with Store(tmp_path / "ref.db") as ref:
        ref.add_articles(articles(120))
        process_store(ref)
        assert got == {t: ref.count(t) for t in ("sentences", "figures", "dates", "documents")}
    assert dupes[0][0] == 0


def test_every_article_field_round_trips(tmp_path):
    from nlp.records import DocumentRef

    article = Article(
        id="r", title="Quyết định", body="Nội dung", captions=("Ảnh 1",), tags=("kinh tế",),
        extra=(("number", "09/2010/QĐ-UBND"), ("issuer", "UBND")), page_starts=(0, 12),
        self_document=DocumentRef(0, 3, "Số:", doc_type="Quyết định", number="09", year=2010),
    )  # fmt: skip
    with Store(tmp_path / "s.db") as store:
        store.add_articles([article])
        assert store.get_article("r") == article


def test_a_report_does_not_cite_itself(tmp_path):
    from corpus.process import process_article
    from nlp.records import DocumentRef

    body = (
        "Số: 15/2010/QĐ-UBND\nQUYẾT ĐỊNH số 15/2010/QĐ-UBND về quản lý chợ\n"
        "Căn cứ Nghị định số 02/2003/NĐ-CP ngày 14/01/2003 của Chính phủ về phát triển và quản lý chợ."
    )
    own = DocumentRef(4, 19, "15/2010/QĐ-UBND", doc_type="Quyết định", number="15", year=2010, code="QĐ-UBND")
    result = process_article(Article(id="qd", body=body, self_document=own))
    cited = [(m.number, m.code) for _, m in result.mentions if m.kind == "document"]
    assert cited == [("02", "NĐ-CP")]
