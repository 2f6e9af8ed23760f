"""Batch processing: units cover every record once, faults are reported and skipped, reruns resume."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from corpus.batch import (
    BatchConfig,
    Filters,
    Unit,
    UnitTask,
    looks_vietnamese,
    plan_units,
    run_batch,
    run_unit,
)
from corpus.batch.units import parse_shard, parse_size, select_shard
from corpus.dedup import band_keys, group_duplicates
from corpus.store import Processed, Store
from nlp.records import Article
from scrapers.archives import ReadProblem, read_jsonl_range, read_page_files, read_warc_range
from scrapers.page import ExtractionError

# -- made-up articles (our own sentences) ---------------------------------------------------------
STORY = (
    "Sáng 12/3, Ủy ban nhân dân huyện Bình Sơn tổ chức hội nghị tổng kết công tác trồng rừng năm 2023. "
    "Theo báo cáo, toàn huyện đã trồng mới 1.250 ha rừng tập trung, tăng 12% so với cùng kỳ năm trước, "
    "vượt 5% kế hoạch tỉnh giao. Kinh phí hỗ trợ từ ngân sách tỉnh đạt 3,5 tỷ đồng, chủ yếu dành cho "
    "cây giống và công chăm sóc trong ba năm đầu. Hội nghị cũng biểu dương 25 tập thể và 40 cá nhân có "
    "thành tích xuất sắc trong phong trào trồng cây, bảo vệ rừng ở các xã vùng cao."
)
OTHER = (
    "Chiều 20/10, Sở Giáo dục và Đào tạo tỉnh công bố kết quả kỳ thi học sinh giỏi cấp tỉnh. Có 312 em "
    "đạt giải, trong đó 18 giải nhất, 57 giải nhì và 96 giải ba. Số học sinh đạt giải tăng gần 8% so với "
    "năm học trước; nhiều trường miền núi lần đầu có học sinh đạt giải nhất môn tiếng Anh và môn Tin học."
)


def row(i: int, **extra: object) -> dict[str, object]:
    return {
        "id": f"art-{i}",
        "title": f"Tin số {i}",
        "text": f"Bản tin số {i}. {STORY if i % 2 else OTHER}",
        "url": f"https://baothu.vn/tin-{i}.html",
        "published_at": f"2023-10-{1 + i % 28:02d}T08:00:00+07:00",
        **extra,
    }


def write_jsonl(path: Path, rows: list[dict[str, object]], extra_lines: list[bytes] = ()) -> Path:  # type: ignore[assignment]
    with path.open("wb") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False).encode() + b"\n")
        for line in extra_lines:
            fh.write(line + b"\n")
    return path


def page_html(i: int) -> bytes:
    paras = "".join(f"<p>{s.strip()}.</p>" for s in STORY.split(". ") if s.strip())
    return (
        f"<html><head><title>Bài {i}</title></head><body><h1>Bài {i}</h1>"
        f"<div class='content'>{paras}<p>Bài số {i}.</p></div></body></html>"
    ).encode()


def simple_html_to_article(data: bytes | str, url: str | None, **_: object) -> Article:
    """A stand-in page extractor: title from <h1>, body from the <p> elements."""
    import re

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    title = re.search(r"<h1>(.*?)</h1>", text)
    paras = re.findall(r"<p>(.*?)</p>", text)
    if not title or not paras:
        raise ExtractionError("no title or body")
    return Article(id=url or title.group(1), title=title.group(1), body="\n".join(paras), url=url)


def build_warc(path: Path, n: int, gz: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i in range(n):
            url = f"https://baothu.vn/bai-{i}.html"
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(page_html(i)), http_headers=http
                )
            )
    return path


def record_offsets(path: Path) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        return [it.offset for _ in it]


def read_all(reader, path: Path, chunk: int) -> list[Article | ReadProblem]:
    size = path.stat().st_size
    out: list[Article | ReadProblem] = []
    for start in range(0, size, chunk):
        out.extend(reader(str(path), start, min(start + chunk, size), simple_html_to_article))
    return out


def articles_of(items: list[Article | ReadProblem]) -> list[str]:
    return [a.url or a.id for a in items if isinstance(a, Article)]


def problems_of(items: list[Article | ReadProblem]) -> list[str]:
    return [str(p) for p in items if isinstance(p, ReadProblem)]


# -- units and readers ---------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", [1, 7, 100, 333, 1 << 20])
def test_jsonl_ranges_give_every_line_once(tmp_path, chunk):
    path = write_jsonl(tmp_path / "a.jsonl", [row(i) for i in range(9)])
    got = articles_of(read_all(read_jsonl_range, path, chunk))
    assert sorted(got) == sorted(f"https://baothu.vn/tin-{i}.html" for i in range(9))


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("chunk", [300, 1000, 1 << 20])
def test_warc_ranges_give_every_page_once(tmp_path, gz, chunk):
    path = build_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), 8, gz)
    got = read_all(read_warc_range, path, chunk)
    assert problems_of(got) == []
    assert sorted(articles_of(got)) == sorted(f"https://baothu.vn/bai-{i}.html" for i in range(8))


@pytest.mark.parametrize(("gz", "where"), [(True, "head"), (True, "middle"), (True, "end"), (False, "head")])
@pytest.mark.parametrize("chunk", [400, 1 << 20])
def test_corrupt_warc_record_is_reported_once_and_the_rest_read(tmp_path, gz, chunk, where):
    path = build_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), 8, gz)
    offsets = record_offsets(path)
    data = bytearray(path.read_bytes())
    bad, after = offsets[7], offsets[8]  # the response record of page 3
    if gz:
        # Damage the compressed stream just after the gzip header, in the middle, or near its end:
        # a damaged member may still inflate to something that looks like a record.
        at = {"head": bad + 10, "middle": (bad + after) // 2, "end": after - 24}[where]
        data[at : at + 16] = b"\x00" * 16
    else:
        data[bad : bad + 8] = b"XXXX/1.0"  # damage the version line
    path.write_bytes(bytes(data))
    got = read_all(read_warc_range, path, chunk)
    problems = problems_of(got)
    assert len(problems) == 1 and f"@{bad}: damaged WARC record" in problems[0]
    assert sorted(articles_of(got)) == sorted(f"https://baothu.vn/bai-{i}.html" for i in range(8) if i != 3)


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_archive_is_reported(tmp_path, gz):
    path = build_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), 5, gz)
    path.write_bytes(path.read_bytes()[:-200])
    got = read_all(read_warc_range, path, 500)
    assert len(problems_of(got)) == 1
    assert "truncated" in problems_of(got)[0] or "cut short" in problems_of(got)[0]
    assert sorted(articles_of(got)) == sorted(f"https://baothu.vn/bai-{i}.html" for i in range(4))


def test_jsonl_wrong_fields_and_undecodable_lines_are_named(tmp_path):
    bad = [
        json.dumps({"id": "n1", "text": 12}).encode(),  # wrong type
        json.dumps({"id": "n2", "title": "no text"}).encode(),  # missing text/html
        json.dumps({"id": "n3", "text": "Có chữ.", "published_at": "hôm qua"}).encode(),  # not a date
        b"[1, 2]",  # not an object
        b'{"id": "n5", "text": "c\xe0 ph\xea"}',  # Latin-1 bytes: not UTF-8
        b'{"id": "n6", "text": ',  # broken JSON
    ]
    path = write_jsonl(tmp_path / "a.jsonl", [row(0), row(1)], bad)
    got = list(read_jsonl_range(str(path), 0, path.stat().st_size, simple_html_to_article))
    assert articles_of(got) == ["https://baothu.vn/tin-0.html", "https://baothu.vn/tin-1.html"]
    problems = problems_of(got)
    assert [p.split(": ")[0] for p in problems] == [f"{path}:{n}" for n in range(3, 9)]
    assert "must be a string" in problems[0] and "not UTF-8" in problems[4] and "broken JSON" in problems[5]


def test_page_files_html_txt_and_undecodable(tmp_path):
    (tmp_path / "a.html").write_bytes(page_html(1))
    (tmp_path / "b.txt").write_text("Tiêu đề bài\n" + STORY, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes("Tiêu đề\nbài viết".encode("utf-16"))
    (tmp_path / "d.html").write_bytes(b"<html><body>menu</body></html>")
    files = tuple(str(tmp_path / n) for n in ("a.html", "b.txt", "c.txt", "d.html"))
    got = list(read_page_files(files, simple_html_to_article))
    assert [a.title for a in got if isinstance(a, Article)] == ["Bài 1", "Tiêu đề bài"]
    assert [p.split(":")[0] for p in problems_of(got)] == [files[2], files[3]]


def test_plan_units_chunks_folders_and_shards(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [row(i) for i in range(6)])
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(5):
        (pages / f"p{i}.html").write_bytes(page_html(i))
    units = list(plan_units([str(tmp_path / "a.jsonl"), str(pages)], chunk_size=1500))
    kinds = [u.kind for u in units]
    assert kinds.count("jsonl") == -(-(tmp_path / "a.jsonl").stat().st_size // 1500)
    assert sorted(f for u in units for f in u.files) == sorted(str(p.resolve()) for p in pages.iterdir())
    assert len({u.key for u in units}) == len(units)
    assert [u.key for u in plan_units([str(tmp_path / "a.jsonl"), str(pages)], 1500)] == [
        u.key for u in units
    ]
    halves = [list(select_shard(iter(units), (i, 2))) for i in range(2)]
    assert sorted(u.key for h in halves for u in h) == sorted(u.key for u in units)
    assert not {u.key for u in halves[0]} & {u.key for u in halves[1]}
    assert parse_shard("1/4") == (1, 4) and parse_size("4M") == 4 << 20 and parse_size("512k") == 512 << 10
    with pytest.raises(ValueError):
        parse_shard("4/4")


# -- filters and near-duplicates ------------------------------------------------------------------
def test_language_check():
    assert looks_vietnamese(STORY)
    assert not looks_vietnamese(
        "The provincial people's committee planted 1,250 hectares of forest this year."
    )
    assert not looks_vietnamese(
        "Le comité a planté 1 250 hectares de forêt cette année, selon le préfet élu."
    )
    assert not looks_vietnamese("Uy ban nhan dan huyen da trong moi 1.250 ha rung tap trung trong nam nay.")
    f = Filters(sites=("www.baothu.vn",), lang="vi")
    assert f.rejects(Article(id="a", body=STORY, url="https://e.baothu.vn/x")) is None
    assert f.rejects(Article(id="a", body=STORY, url="https://khac.vn/x")) == "site"


def test_near_duplicates_are_grouped_with_the_original_as_canonical(tmp_path):
    repost = STORY.replace("Sáng 12/3", "Ngày 12/3").replace("ba năm đầu", "3 năm đầu") + "\nNguồn: Báo Thử"
    arts = [
        Article(id="original", title="Bình Sơn trồng rừng", body=STORY, published_at="2023-03-12T09:00"),
        Article(
            id="repost",
            title="Huyện trồng mới rừng",
            body=repost,
            published_at="2023-03-13T10:00",
            source="Báo Thử",
        ),  # fmt: skip
        Article(id="other", title="Thi học sinh giỏi", body=OTHER, published_at="2023-03-12T08:00"),
    ]
    with Store(tmp_path / "s.db") as store:
        store.add_articles(arts)
        with store.transaction() as conn:
            for a in arts:
                conn.executemany(
                    "INSERT INTO dup_keys VALUES (?, ?, ?)", [(a.id, b, k) for b, k in band_keys(a.body)]
                )
        stats = group_duplicates(store)
        rows = {
            r[0]: (r[1], r[2]) for r in store.query("SELECT article_id, group_id, canonical FROM duplicates")
        }
    assert stats.groups == 1
    assert rows == {"original": ("original", 1), "repost": ("original", 0)}


def test_keys_of_an_older_sketch_scheme_are_recomputed_before_grouping(tmp_path):
    """A store written before the CRC-32 sketches holds keys in bands 0–15 that match no new key:
    grouping recomputes them, so an old article and its new repost are still found."""
    repost = STORY + "\nNguồn: Báo Thử"
    old = Article(id="old", title="Bình Sơn trồng rừng", body=STORY, published_at="2023-03-12T09:00")
    new = Article(
        id="new", title="Trồng rừng", body=repost, published_at="2023-03-14T09:00", source="Báo Thử"
    )
    with Store(tmp_path / "s.db") as store:
        store.add_articles([old, new])
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO dup_keys VALUES (?, ?, ?)", [("old", band, 1000 + band) for band in range(16)]
            )
            conn.executemany(
                "INSERT INTO dup_keys VALUES (?, ?, ?)", [("new", b, k) for b, k in band_keys(repost)]
            )
        stats = group_duplicates(store)
        bands = {r[0] for r in store.query("SELECT DISTINCT band FROM dup_keys WHERE article_id = 'old'")}
        groups = store.query("SELECT article_id, group_id FROM duplicates ORDER BY article_id")
    assert bands == set(range(16, 32))
    assert stats.groups == 1
    assert [tuple(r) for r in groups] == [("new", "old"), ("old", "old")]


def test_sketches_are_the_same_in_every_process():
    """Band keys come from CRC-32 hashes, not Python's per-process hash(): another interpreter
    (another worker, another run) gives the same keys for the same text."""
    code = "from corpus.dedup import band_keys; import sys; print(band_keys(sys.stdin.read()))"
    out = subprocess.run(
        [sys.executable, "-c", code], input=STORY, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(band_keys(STORY))
    assert len(band_keys(STORY)) == 16


# -- the engine: worker death, failures, resume ------------------------------------------------------
def fast_process(article: Article) -> Processed:
    return Processed(article.id, [], [])


def read_unit_simple(unit: Unit):
    return read_jsonl_range(unit.path, unit.start, unit.end, simple_html_to_article)


def fast_unit(task: UnitTask):
    return run_unit(task, read_unit_simple, fast_process)


def killing_unit(task: UnitTask):
    """Kill its own worker process mid-unit the first time it sees the unit starting at byte 0."""
    marker = Path(task.unit.path + ".killed")
    if task.unit.start == 0 and not marker.exists():
        marker.write_text("x")
        for i, _ in enumerate(read_unit_simple(task.unit)):
            if i == 1:
                os.kill(os.getpid(), signal.SIGKILL)
    return fast_unit(task)


def poison_unit(task: UnitTask):
    if task.unit.start == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    return fast_unit(task)


def ids_in(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT id FROM articles"))


def test_worker_killed_mid_unit_is_retried_with_nothing_lost(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(i) for i in range(12)])
    messages: list[str] = []
    config = BatchConfig((str(path),), tmp_path / "o.db", workers=2, chunk_size=1200)
    summary = run_batch(config, killing_unit, warn=messages.append)
    assert summary.units_failed == 0 and summary.articles == 12
    assert ids_in(tmp_path / "o.db") == sorted(f"art-{i}" for i in range(12))
    assert any("worker process died (signal 9); unit retried" in m for m in messages)


def test_unit_that_always_kills_its_worker_fails_alone_and_rerun_retries(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(i) for i in range(12)])
    messages: list[str] = []
    config = BatchConfig((str(path),), tmp_path / "o.db", workers=2, chunk_size=1200)
    summary = run_batch(config, poison_unit, warn=messages.append)
    assert summary.units_failed == 1 and 0 < summary.articles < 12
    assert any("died 3 times" in m for m in messages)
    again = run_batch(config, fast_unit, warn=messages.append)
    assert again.units == 1 and again.units_skipped == summary.units - 1
    assert ids_in(tmp_path / "o.db") == sorted(f"art-{i}" for i in range(12))


def test_parquet_crash_between_files_and_manifest_doubles_nothing(tmp_path):
    pytest.importorskip("pyarrow")
    from corpus.batch import merge_parquet_units

    path = write_jsonl(tmp_path / "a.jsonl", [row(i) for i in range(12)])
    config = BatchConfig((str(path),), tmp_path / "pq", fmt="parquet", workers=1, chunk_size=1200)
    first = run_batch(config, fast_unit)
    manifest = tmp_path / "pq" / "manifest.jsonl"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text("".join(lines[:-1]) + lines[-1][:10])  # the last unit's line torn by a crash
    again = run_batch(config, fast_unit)
    assert again.units == 1 and again.units_skipped == first.units - 1
    with Store(tmp_path / "m.db") as store:
        units, added = merge_parquet_units(store, tmp_path / "pq")
        assert (units, added) == (first.units, 12)
        assert merge_parquet_units(store, tmp_path / "pq") == (0, 0)
    assert ids_in(tmp_path / "m.db") == sorted(f"art-{i}" for i in range(12))


def test_rerun_with_another_chunk_size_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [row(i) for i in range(3)])
    run_batch(BatchConfig((str(path),), tmp_path / "o.db", chunk_size=1000), fast_unit)
    from corpus.batch import OutputError

    with pytest.raises(OutputError, match="chunk-size 1000"):
        run_batch(BatchConfig((str(path),), tmp_path / "o.db", chunk_size=2000), fast_unit)


# -- the command, end to end (real extraction, a few articles) ---------------------------------------
def store_records(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {
            "articles": sorted(conn.execute("SELECT id, hash, url, title, body, published_at FROM articles")),
            "sentences": sorted(conn.execute('SELECT article_id, idx, start, "end" FROM sentences')),
            "figures": sorted(conn.execute('SELECT article_id, start, "end", text, value, unit, subject FROM figures')),
            "dates": sorted(conn.execute('SELECT article_id, start, "end", text, type, value FROM dates')),
            "documents": sorted(conn.execute('SELECT article_id, start, "end", text, doc_type, number FROM documents')),
            "duplicates": sorted(conn.execute("SELECT article_id, group_id, canonical FROM duplicates")),
        }  # fmt: skip


@pytest.fixture
def inputs(tmp_path) -> list[str]:
    jsonl = write_jsonl(tmp_path / "in.jsonl", [row(i) for i in range(10)], [b'{"id": 5}'])
    warc = build_warc(tmp_path / "in.warc.gz", 3, gz=True)
    return [str(jsonl), str(warc)]


def test_batch_command_resumes_after_kill_9_with_identical_records(tmp_path, inputs):
    args = ["--workers", "2", "--chunk-size", "1K", "--no-progress"]
    done = run_cli("batch", *inputs, "--out", str(tmp_path / "full.db"), *args)
    assert done.returncode == 0, done.stderr.decode()
    assert b"in.jsonl:11: a line needs" in done.stderr  # the broken line is named and skipped
    out = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "batch", *inputs, "--out", str(out), *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 120
    finished = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(out, timeout=1) as conn:
                finished = conn.execute("SELECT count(*) FROM batch_units").fetchone()[0]
        except sqlite3.Error:
            finished = 0
        if finished >= 2:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run: parent and workers
    proc.wait()
    assert finished >= 2, "the run ended before it could be killed mid-way"
    rerun = run_cli("batch", *inputs, "--out", str(out), *args)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert b"unit(s) already done" in rerun.stderr
    full, resumed = store_records(tmp_path / "full.db"), store_records(out)
    assert len(full["articles"]) == 13 and full["figures"]
    assert resumed == full


def test_shards_merged_equal_one_run(tmp_path, inputs):
    args = ["--workers", "1", "--chunk-size", "2K", "--no-progress"]
    assert run_cli("batch", *inputs, "--out", str(tmp_path / "one.db"), *args).returncode == 0
    for i in range(2):
        r = run_cli("batch", *inputs, "--out", str(tmp_path / f"s{i}.db"), "--shard", f"{i}/2", *args)
        assert r.returncode == 0, r.stderr.decode()
    m = run_cli("merge", str(tmp_path / "s0.db"), str(tmp_path / "s1.db"), "--out", str(tmp_path / "m.db"))
    assert m.returncode == 0, m.stderr.decode()
    assert store_records(tmp_path / "m.db") == store_records(tmp_path / "one.db")
    assert store_records(tmp_path / "one.db")["duplicates"]  # the odd-numbered articles share a story


def test_parquet_output_merges_to_the_same_store(tmp_path, inputs):
    pytest.importorskip("pyarrow")
    args = ["--workers", "1", "--chunk-size", "2K", "--no-progress"]
    assert run_cli("batch", *inputs, "--out", str(tmp_path / "one.db"), *args).returncode == 0
    r = run_cli("batch", *inputs, "--out", str(tmp_path / "pq"), "--format", "parquet", *args)
    assert r.returncode == 0, r.stderr.decode()
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "pq" / "figures")
    assert {"article_id", "start", "end", "text", "value", "unit", "subject", "rule"} <= set(
        table.column_names
    )
    assert run_cli("merge", str(tmp_path / "pq"), "--out", str(tmp_path / "m.db")).returncode == 0
    assert store_records(tmp_path / "m.db") == store_records(tmp_path / "one.db")


def test_dask_local_cluster_gives_the_records_of_the_local_path(tmp_path, inputs):
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    args = ["--workers", "2", "--chunk-size", "2K", "--no-progress"]
    assert run_cli("batch", *inputs, "--out", str(tmp_path / "local.db"), *args).returncode == 0
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        r = run_cli(
            "batch", *inputs, "--out", str(tmp_path / "dask.db"), "--engine", "dask",
            "--scheduler", cluster.scheduler_address, *args,
        )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    assert store_records(tmp_path / "dask.db") == store_records(tmp_path / "local.db")


def test_batch_bad_arguments_are_one_line_errors(tmp_path):
    r = run_cli("batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o.db"))
    assert r.returncode == 2 and b"no such file" in r.stderr and b"Traceback" not in r.stderr
    (tmp_path / "x.csv").write_text("a,b")
    r = run_cli("batch", str(tmp_path / "x.csv"), "--out", str(tmp_path / "o.db"), "--shard", "0/2")
    assert r.returncode == 2 and b"not an input batch reads" in r.stderr
    r = run_cli("batch", str(tmp_path / "x.csv"), "--out", str(tmp_path / "o.db"), "--shard", "2/2")
    assert r.returncode == 2 and b"0 <= i < N" in r.stderr


def test_gzip_jsonl_truncated(tmp_path):
    data = gzip.compress(b"".join(json.dumps(row(i)).encode() + b"\n" for i in range(6)))
    (tmp_path / "a.jsonl.gz").write_bytes(data[: len(data) // 2])
    from scrapers.archives import read_gzip_jsonl

    got = list(read_gzip_jsonl(str(tmp_path / "a.jsonl.gz"), simple_html_to_article))
    assert problems_of(got) and "damaged gzip stream" in problems_of(got)[-1]


def test_report_files_in_a_folder_are_read_and_broken_ones_named(tmp_path, shared_data):
    docx = shared_data / "reports" / "nd-356-2025-ndcp-bao-ve-du-lieu-ca-nhan.docx"
    if not docx.exists():
        pytest.skip("the shared DOCX report is not there")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF")
    got = list(read_page_files((str(docx), str(tmp_path / "broken.pdf"))))
    assert [a.title[:10] for a in got if isinstance(a, Article)] == ["NGHỊ ĐỊNH "]
    assert [p.split(":")[0] for p in problems_of(got)] == [str(tmp_path / "broken.pdf")]


def test_preload_module_loads_the_models_the_workers_share() -> None:
    """What the fork server imports leaves the segmentation model and POS model loaded (in a fresh
    interpreter, so nothing this test process loaded earlier counts)."""
    code = (
        "import corpus.batch.preload\n"
        "from nlp.text import fast_pos, fast_words\n"
        "print(fast_words._model.cache_info().currsize, fast_pos._model.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1"]
