"""The command line as a user meets it: SPEC §1 extract contract, bad input, store commands."""

from __future__ import annotations

import json
import resource
import sqlite3

from conftest import SEED, run_cli

TEXT = "Năm 2023, xã trồng mới 120 ha rừng và hỗ trợ 2,5 tỷ đồng cho 300 hộ nghèo."


def lines(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]


def test_extract_reads_stdin_and_offsets_index_the_text():
    proc = run_cli("extract", "--format", "jsonl", stdin=TEXT.encode())
    assert proc.returncode == 0, proc.stderr
    for m in lines(proc):
        assert m["doc_id"] == "-"
        assert TEXT[m["start"] : m["end"]] == m["text"]
    starts = [m["start"] for m in lines(proc)]
    assert starts == sorted(starts)


def test_offsets_index_nfd_text_as_given(tmp_path):
    import unicodedata

    text = unicodedata.normalize("NFD", TEXT)
    f = tmp_path / "nfd.txt"
    f.write_text(text, encoding="utf-8")
    proc = run_cli("extract", str(f))
    assert proc.returncode == 0
    for m in lines(proc):
        assert m["doc_id"] == str(f)
        assert text[m["start"] : m["end"]] == m["text"]


def test_a_missing_file_is_one_line_and_the_other_files_still_run(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    proc = run_cli("extract", str(tmp_path / "missing.txt"), str(good))
    assert proc.returncode != 0
    err = proc.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "missing.txt: no such file" in err[0]
    assert "Traceback" not in proc.stderr.decode()
    assert all(m["doc_id"] == str(good) for m in lines(proc))


def test_a_binary_file_is_rejected_in_one_line(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    proc = run_cli("extract", str(binary))
    assert proc.returncode != 0
    err = proc.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "image.txt" in err and "Traceback" not in err


def test_not_utf8_names_the_line(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("dòng một\ndòng hai\n".encode() + "đồng".encode("cp1258", errors="replace") + b"\xff")
    proc = run_cli("extract", str(latin))
    assert proc.returncode != 0
    assert "latin.txt:3: not UTF-8" in proc.stderr.decode()


def test_a_broken_jsonl_line_among_valid_ones(tmp_path):
    f = tmp_path / "docs.jsonl"
    f.write_text(
        json.dumps({"id": "d1", "text": TEXT}, ensure_ascii=False)
        + "\n{broken json\n"
        + json.dumps({"id": "d3", "text": TEXT, "ref_date": "2023-10-20"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    proc = run_cli("extract", str(f))
    assert proc.returncode != 0
    err = proc.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "docs.jsonl:2" in err[0]
    ids = {m["doc_id"] for m in lines(proc)}
    assert ids <= {"d1", "d3"}
    assert proc.stdout  # the valid documents were written


def test_an_empty_file_gives_nothing_and_succeeds(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("", encoding="utf-8")
    proc = run_cli("extract", str(f))
    assert proc.returncode == 0
    assert proc.stdout == b""
    assert "empty" in proc.stderr.decode()


def test_a_20_mb_single_line_does_not_crash_and_memory_stays_bounded(tmp_path):
    f = tmp_path / "huge.txt"
    sentence = "Đoàn công tác đã đến thăm và làm việc với chính quyền địa phương trong nhiều ngày qua. "
    f.write_text(sentence * (20_000_000 // len(sentence)), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = run_cli("extract", str(f))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    assert max(peak_mb, before / 1024) < 2048


def test_a_bad_ref_date_is_rejected():
    proc = run_cli("extract", "--ref-date", "20/10/2023", stdin=TEXT.encode())
    assert proc.returncode == 2
    assert "YYYY-MM-DD" in proc.stderr.decode()


def test_ingest_twice_and_process(tmp_path):
    db = str(tmp_path / "c.db")
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>Tin</title><script>x=1</script></head><body><p>{TEXT}</p></body></html>"
    )
    for _ in range(2):
        proc = run_cli("ingest", "--db", db, str(SEED), str(page))
        assert proc.returncode == 0, proc.stderr
    assert b"0 new article(s) stored, 2 already there" in proc.stdout
    assert run_cli("process", "--db", db).returncode == 0
    listing = run_cli("figures", "--db", db, "--format", "jsonl")
    assert listing.returncode == 0
    exported = run_cli("export", "--db", db, "--format", "jsonl")
    assert exported.returncode == 0
    for row in lines(exported):
        assert {"article_id", "sentence", "start", "end", "kind"} <= row.keys()


def test_ingest_reports_bad_files_and_keeps_the_good_ones(tmp_path):
    db = str(tmp_path / "c.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Có 5 người."}\n{"id": "no text"}\n', encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    proc = run_cli("ingest", "--db", db, str(bad), str(good), str(tmp_path / "missing.txt"))
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert "bad.jsonl:2" in err and "missing.txt" in err and "Traceback" not in err
    assert b"1 new article(s)" in proc.stdout


def test_an_unusable_store_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    proc = run_cli("figures", "--db", str(bad))
    assert proc.returncode != 0
    assert len(proc.stderr.decode().strip().splitlines()) == 1


def test_listing_filters_by_publication_date_and_folded_search(tmp_path):
    rows = [
        {"id": "old", "text": "Xã có 120 hộ nghèo.", "published_at": "2023-01-05T08:00:00+07:00"},
        {"id": "new", "text": "Xã còn 45 hộ nghèo.", "published_at": "2024-06-01T08:00:00+07:00"},
        {"id": "other", "text": "Giá vàng tăng 2 triệu đồng.", "published_at": "2024-06-02T08:00:00+07:00"},
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert run_cli("ingest", "--db", db, str(src)).returncode == 0
    assert run_cli("process", "--db", db).returncode == 0

    def ids(*args: str) -> set[str]:
        proc = run_cli("figures", "--db", db, "--format", "jsonl", *args)
        assert proc.returncode == 0, proc.stderr
        return {json.loads(line)["article_id"] for line in proc.stdout.decode().splitlines()}

    assert ids("--since", "2024-01-01") == {"new", "other"}
    assert ids("--until", "2023-12-31") == {"old"}
    assert ids("--search", "ho ngheo") == {"old", "new"}
    assert ids("--since", "2024-01-01", "--search", "hộ nghèo") == {"new"}


def test_process_resolves_dates_against_each_articles_publication_time(tmp_path):
    rows = [
        {
            "id": "a",
            "text": "Sáng hôm qua, xã tổ chức hội nghị.",
            "published_at": "2023-10-20T10:00:00+07:00",
        },
        {
            "id": "b",
            "text": "Sáng hôm qua, xã tổ chức hội nghị lần hai.",
            "published_at": "2024-03-01T08:00:00+07:00",
        },
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert run_cli("ingest", "--db", db, str(src)).returncode == 0
    assert run_cli("process", "--db", db).returncode == 0
    proc = run_cli("dates", "--db", db, "--format", "jsonl")
    values = {
        json.loads(line)["article_id"]: json.loads(line)["value"]
        for line in proc.stdout.decode().splitlines()
    }
    assert values == {"a": "2023-10-19TMO", "b": "2024-02-29TMO"}


def test_ingest_and_batch_read_a_jsonl_line_alike(tmp_path):
    """ingest and batch share one JSONL reader: a line with both "body" and "text" is read by its
    body (text repeats the title), "ref_date" stands for "published_at", and a field of the wrong
    type is one error naming file and line."""
    row = {
        "id": "a1",
        "title": "Xã trồng rừng",
        "text": "Xã trồng rừng\n\nXã trồng mới 120 ha rừng.",
        "body": "Xã trồng mới 120 ha rừng.",
        "ref_date": "2024-03-01",
    }
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(row, ensure_ascii=False) + '\n{"id": "b", "text": 5}\n', encoding="utf-8")
    db, out = tmp_path / "c.db", tmp_path / "batch.db"
    ingested = run_cli("ingest", "--db", str(db), str(src))
    assert ingested.returncode == 1
    err = ingested.stderr.decode()
    assert f"{src}:2" in err and 'field "text" must be a string' in err and "Traceback" not in err
    src.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_cli("ingest", "--db", str(db), str(src)).returncode == 0
    assert run_cli("batch", str(src), "--out", str(out), "--workers", "1", "--no-dedup").returncode == 0
    for path in (db, out):
        with sqlite3.connect(path) as conn:
            stored = conn.execute("SELECT id, title, body, published_at FROM articles").fetchall()
        assert stored == [("a1", "Xã trồng rừng", "Xã trồng mới 120 ha rừng.", "2024-03-01")]
