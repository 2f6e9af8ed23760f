"""End-to-end `vnpress batch` throughput, scaling over workers, and peak memory of the process tree.

    python benchmarks/bench_batch.py [--articles 20000] [--scaling-articles 4000] [--scaling-runs 3]
                                     [--baseline-articles 2000] [--warc-copies 5] [--json OUT]

Runs the real command (`python -m cli batch`) as a subprocess on the first N articles of the shared
VNTC sample (../shared/data/news/vntc_sample_part*.jsonl) and on a WARC built here from the saved
pages of ../shared/data/html (each page written --warc-copies times under distinct URLs). Reports:

- articles/s and characters/s per core, end to end (reading, extraction, near-duplicate sketches,
  writing the store, grouping), with 2 workers on all N articles, and the projected core-hours for
  one million articles of the same average length;
- underthesea `word_tokenize` alone (line by line) over the same text as the baseline ratio;
- scaling: 2 workers against 1 worker on the same --scaling-articles articles, in --scaling-runs
  alternating pairs (the median ratio: one run on a shared machine can be off by 10%);
- peak RSS of the whole process tree (the command, its fork server and workers) for 1,000 articles
  against all N;
- pages/s through the WARC path (site/generic page extraction included).

Small runs for a quick check: --articles 300 --scaling-articles 200 --scaling-runs 1 --baseline-articles 100.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
NEWS = sorted((DATA / "news").glob("vntc_sample_part*.jsonl"))
# Units of ≈75 articles: enough units that two workers finish together (the default 1 MiB is for
# archives of gigabytes, where there are thousands of units anyway).
CHUNK = "256K"


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


def tree(root: int) -> list[int]:
    """A process and all its descendants (the command, its fork server and workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def sample(pids: list[int], cpu: dict[int, float]) -> int:
    """Resident bytes of `pids`; records each one's CPU seconds so far (user + system) in `cpu`."""
    rss, tick = 0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            pass
    return rss


def run_batch(inputs: list[Path], out: Path, workers: int, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Run the command; wall seconds, CPU seconds and peak RSS of its tree, the articles it stored.

    Records it skipped (with the reason) are shown: a stored count below the input count is explained.
    """
    cmd = [sys.executable, "-m", "cli", "batch", *map(str, inputs), "--out", str(out),
           "--workers", str(workers), "--chunk-size", CHUNK, "--no-progress", *extra]  # fmt: skip
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read() if proc.stderr else b""))
    reader.start()
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        peak = max(peak, sample(tree(proc.pid), cpu))
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench_batch: batch failed ({proc.returncode}): {b''.join(err).decode()[-2000:]}")
    with sqlite3.connect(out) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    skipped = [line for line in b"".join(err).decode().splitlines() if line.startswith("vnpress: skipped")]
    for line in skipped[:5]:
        print(f"    ({line})", flush=True)
    # CPU seconds of the whole tree (sampled every 0.2 s): per-core rates that other load on a shared
    # machine does not distort, unlike wall-clock time.
    return {
        "seconds": seconds,
        "cpu_seconds": sum(cpu.values()),
        "peak_rss_mb": peak / 2**20,
        "stored": stored,
        "skipped_lines": len(skipped),
    }


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
    t0 = time.process_time()  # CPU time, like the batch runs' per-core figures
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                word_tokenize(line)
    return chars / (time.process_time() - t0), chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="articles for throughput and memory")
    parser.add_argument("--scaling-articles", type=int, default=4000, help="articles for 1 vs 2 workers")
    parser.add_argument(
        "--scaling-runs", type=int, default=3, help="alternating pairs of 1- and 2-worker runs"
    )
    parser.add_argument("--baseline-articles", type=int, default=2000, help="articles for word_tokenize")
    parser.add_argument("--small-articles", type=int, default=1000, help="the small run of the memory check")
    parser.add_argument("--warc-copies", type=int, default=5, help="copies of each saved page in the WARC")
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
        print(
            f"{n} articles, {chars:,} characters ({chars / max(n, 1):,.0f} per article); {cores} cores",
            flush=True,
        )

        tok_rate, tok_chars = baseline(full, args.baseline_articles)
        print(
            f"baseline word_tokenize: {tok_rate:,.0f} chars/s per core by CPU time ({tok_chars:,} chars)",
            flush=True,
        )

        run = run_batch([full], tmp / "full.db", 2)
        per_core = n / run["cpu_seconds"]
        chars_core = chars / run["cpu_seconds"]
        wall_core = n / run["seconds"] / 2
        core_hours = 1e6 / per_core / 3600
        print(
            f"end to end, 2 workers, {n} articles: {run['seconds']:.1f} s wall, {run['cpu_seconds']:.1f} CPU s; "
            f"per core {per_core:.1f} articles/s and {chars_core:,.0f} chars/s by CPU time "
            f"({wall_core:.1f} articles/s by wall time / 2); ratio to word_tokenize {chars_core / tok_rate:.2f}x; "
            f"1M articles ≈ {core_hours:.2f} core-hours; {run['stored']} stored",
            flush=True,
        )
        results["throughput"] = {
            "articles": n, "chars": chars, "seconds": run["seconds"], "cpu_seconds": run["cpu_seconds"],
            "articles_per_s_per_core": per_core, "chars_per_s_per_core": chars_core,
            "articles_per_s_per_core_wall": wall_core, "tokenize_chars_per_s": tok_rate,
            "ratio_to_tokenize": chars_core / tok_rate, "core_hours_per_million": core_hours,
            "stored": run["stored"],
        }  # fmt: skip

        small = tmp / "small.jsonl"
        ns, _ = write_articles(small, args.small_articles)
        small_run = run_batch([small], tmp / "small.db", 2)
        growth = run["peak_rss_mb"] / small_run["peak_rss_mb"] - 1
        print(
            f"peak RSS of the process tree: {small_run['peak_rss_mb']:.0f} MB for {ns} articles, "
            f"{run['peak_rss_mb']:.0f} MB for {n} ({growth:+.1%})",
            flush=True,
        )
        results["memory"] = {
            "small_articles": ns, "small_peak_rss_mb": small_run["peak_rss_mb"], "articles": n,
            "peak_rss_mb": run["peak_rss_mb"], "growth": growth,
        }  # fmt: skip

        part = tmp / "scaling.jsonl"
        nsc, _ = write_articles(part, args.scaling_articles)
        # 1 and 2 workers alternate, pair after pair, so a change in the machine's load or clock
        # weighs on both sides alike; the median of the pairs' ratios is the figure.
        pairs = []
        for k in range(args.scaling_runs):
            one = run_batch([part], tmp / f"one{k}.db", 1)
            two = run_batch([part], tmp / f"two{k}.db", 2)
            pairs.append((one, two))
            print(
                f"  scaling pair {k + 1}: 1 worker {one['seconds']:.1f} s, 2 workers {two['seconds']:.1f} s wall: "
                f"{one['seconds'] / two['seconds']:.2f}x; CPU seconds {one['cpu_seconds']:.1f} vs {two['cpu_seconds']:.1f}",
                flush=True,
            )
        ratios = sorted(one["seconds"] / two["seconds"] for one, two in pairs)
        speedup = statistics.median(ratios)
        one_s = statistics.median(one["seconds"] for one, _ in pairs)
        two_s = statistics.median(two["seconds"] for _, two in pairs)
        print(
            f"scaling on {nsc} articles, {len(pairs)} alternating pairs: 1 worker {one_s:.1f} s, 2 workers "
            f"{two_s:.1f} s wall (medians): {speedup:.2f}x (median of the pairs; range {ratios[0]:.2f}–{ratios[-1]:.2f}x)",
            flush=True,
        )
        results["scaling"] = {
            "articles": nsc, "pairs": len(pairs), "one_worker_s": one_s, "two_workers_s": two_s,
            "speedup": speedup, "speedups": ratios,
            "one_worker_cpu_s": [one["cpu_seconds"] for one, _ in pairs],
            "two_workers_cpu_s": [two["cpu_seconds"] for _, two in pairs],
        }  # fmt: skip

        warc = tmp / "pages.warc.gz"
        records = build_warc(warc, args.warc_copies)
        wrun = run_batch([warc], tmp / "warc.db", 2)
        size = warc.stat().st_size
        print(
            f"WARC of {records} pages ({size / 2**20:.1f} MB gzipped): {wrun['seconds']:.1f} s wall with 2 workers, "
            f"{records / wrun['cpu_seconds']:.2f} pages/s per core by CPU time, {wrun['stored']} articles stored",
            flush=True,
        )
        results["warc"] = {
            "pages": records, "bytes": size, "seconds": wrun["seconds"], "cpu_seconds": wrun["cpu_seconds"],
            "pages_per_s_per_core": records / wrun["cpu_seconds"], "stored": wrun["stored"],
        }  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
