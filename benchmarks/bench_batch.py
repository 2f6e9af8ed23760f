"""End-to-end `vnpress batch` throughput, scaling over workers, and peak memory of the process tree.

    python benchmarks/bench_batch.py [--articles 20000] [--scaling-articles 2000]
                                     [--baseline-articles 2000] [--warc-copies 20] [--json OUT]

Runs the real command (`python -m cli batch`) as a subprocess on the first N articles of the shared
VNTC sample (../shared/data/news/vntc_sample_part*.jsonl) and on a WARC built here from the saved
pages of ../shared/data/html (each page written --warc-copies times under distinct URLs). Reports:

- articles/s and characters/s per core, end to end (reading, extraction, near-duplicate sketches,
  writing the store, grouping), with 2 workers on all N articles, and the projected core-hours for
  one million articles of the same average length;
- underthesea `word_tokenize` alone (line by line) over the same text as the baseline ratio;
- scaling: 2 workers against 1 worker on the same --scaling-articles articles;
- peak RSS of the whole process tree (the command, its fork server and workers) for 1,000 articles
  against all N;
- pages/s through the WARC path (site/generic page extraction included).

Small runs for a quick check: --articles 300 --scaling-articles 200 --baseline-articles 100.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
NEWS = sorted((DATA / "news").glob("vntc_sample_part*.jsonl"))


def write_articles(path: Path, n: int) -> tuple[int, int]:
    """The first n VNTC articles as batch JSONL; returns (articles, characters of title + text)."""
    count = chars = 0
    with path.open("w", encoding="utf-8") as out:
        for src in NEWS:
            with src.open(encoding="utf-8") as fh:
                for line in fh:
                    if count >= n:
                        return count, chars
                    row = json.loads(line)
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    chars += len(row.get("title") or "") + 2 + len(row.get("text") or "")
                    count += 1
    return count, chars


def build_warc(path: Path, copies: int) -> int:
    """A gzipped WARC of the saved HTML pages, each page `copies` times under its own URL."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [json.loads(line) for line in (DATA / "html" / "articles.jsonl").open(encoding="utf-8")]
    records = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for copy in range(copies):
            for page in pages:
                body = (DATA / "html" / page["file"]).read_bytes()
                base = page.get("url") or f"https://{page['file']}"  # a page saved without its URL
                url = f"{base}?copy={copy}" if copy else base
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
                )
                records += 1
    return records


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_batch(inputs: list[Path], out: Path, workers: int, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Run the command; wall seconds, peak tree RSS, and the articles it stored."""
    cmd = [sys.executable, "-m", "cli", "batch", *map(str, inputs), "--out", str(out),
           "--workers", str(workers), "--no-progress", *extra]  # fmt: skip
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read() if proc.stderr else b""))
    reader.start()
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench_batch: batch failed ({proc.returncode}): {b''.join(err).decode()[-2000:]}")
    with sqlite3.connect(out) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"seconds": seconds, "peak_rss_mb": peak / 2**20, "stored": stored}


def baseline(path: Path, n: int) -> tuple[float, int]:
    """underthesea word_tokenize alone, line by line, over the first n articles: (chars/s, chars)."""
    from underthesea import word_tokenize

    texts = []
    with path.open(encoding="utf-8") as fh:
        for line, _ in zip(fh, range(n), strict=False):
            row = json.loads(line)
            texts.append(f"{row.get('title') or ''}\n\n{row.get('text') or ''}")
    word_tokenize("Khởi động mô hình.")
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                word_tokenize(line)
    return chars / (time.perf_counter() - t0), chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="articles for throughput and memory")
    parser.add_argument("--scaling-articles", type=int, default=2000, help="articles for 1 vs 2 workers")
    parser.add_argument("--baseline-articles", type=int, default=2000, help="articles for word_tokenize")
    parser.add_argument("--small-articles", type=int, default=1000, help="the small run of the memory check")
    parser.add_argument("--warc-copies", type=int, default=20, help="copies of each saved page in the WARC")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not NEWS:
        print(f"bench_batch: no VNTC sample under {DATA / 'news'}", file=sys.stderr)
        return 2
    cores = len(os.sched_getaffinity(0))
    results: dict[str, object] = {"cores": cores}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp_name:
        tmp = Path(tmp_name)
        full = tmp / "full.jsonl"
        n, chars = write_articles(full, args.articles)
        print(f"{n} articles, {chars:,} characters ({chars / max(n, 1):,.0f} per article); {cores} cores")

        tok_rate, tok_chars = baseline(full, args.baseline_articles)
        print(
            f"baseline underthesea word_tokenize: {tok_rate:,.0f} chars/s on one core ({tok_chars:,} chars)"
        )

        run = run_batch([full], tmp / "full.db", 2)
        per_core = n / run["seconds"] / 2
        chars_core = chars / run["seconds"] / 2
        core_hours = 1e6 / per_core / 3600
        print(
            f"end to end, 2 workers, {n} articles: {run['seconds']:.1f} s, {per_core:.1f} articles/s and "
            f"{chars_core:,.0f} chars/s per core; ratio to word_tokenize {chars_core / tok_rate:.2f}x; "
            f"1M articles ≈ {core_hours:.2f} core-hours; peak RSS {run['peak_rss_mb']:.0f} MB"
        )
        results["throughput"] = {
            "articles": n, "chars": chars, "seconds": run["seconds"], "articles_per_s_per_core": per_core,
            "chars_per_s_per_core": chars_core, "tokenize_chars_per_s": tok_rate,
            "ratio_to_tokenize": chars_core / tok_rate, "core_hours_per_million": core_hours,
            "stored": run["stored"],
        }  # fmt: skip

        small = tmp / "small.jsonl"
        ns, _ = write_articles(small, args.small_articles)
        small_run = run_batch([small], tmp / "small.db", 2)
        growth = run["peak_rss_mb"] / small_run["peak_rss_mb"] - 1
        print(
            f"peak RSS of the process tree: {small_run['peak_rss_mb']:.0f} MB for {ns} articles, "
            f"{run['peak_rss_mb']:.0f} MB for {n} ({growth:+.1%})"
        )
        results["memory"] = {
            "small_articles": ns, "small_peak_rss_mb": small_run["peak_rss_mb"], "articles": n,
            "peak_rss_mb": run["peak_rss_mb"], "growth": growth,
        }  # fmt: skip

        part = tmp / "scaling.jsonl"
        nsc, _ = write_articles(part, args.scaling_articles)
        one = run_batch([part], tmp / "one.db", 1)
        two = run_batch([part], tmp / "two.db", 2)
        speedup = one["seconds"] / two["seconds"]
        print(
            f"scaling on {nsc} articles: 1 worker {one['seconds']:.1f} s, 2 workers {two['seconds']:.1f} s: {speedup:.2f}x"
        )
        results["scaling"] = {"articles": nsc, "one_worker_s": one["seconds"], "two_workers_s": two["seconds"],
                              "speedup": speedup}  # fmt: skip

        warc = tmp / "pages.warc.gz"
        records = build_warc(warc, args.warc_copies)
        wrun = run_batch([warc], tmp / "warc.db", 2)
        size = warc.stat().st_size
        print(
            f"WARC of {records} pages ({size / 2**20:.1f} MB gzipped): {wrun['seconds']:.1f} s with 2 workers, "
            f"{records / wrun['seconds'] / 2:.1f} pages/s per core, {wrun['stored']} articles stored"
        )
        results["warc"] = {"pages": records, "bytes": size, "seconds": wrun["seconds"],
                           "pages_per_s_per_core": records / wrun["seconds"] / 2, "stored": wrun["stored"]}  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
