"""Throughput of `nlp.extract` against underthesea `word_tokenize` alone, on the same news text.

    python benchmarks/bench_extract.py [--articles N] [--file PATH]

Reads the first N articles (default 2,000) of the shared VNTC sample, then times, on exactly the
same texts: (1) underthesea `word_tokenize` over every line, (2) the full `nlp.extract` with every
extractor on. The two run in turn, 50 articles at a time, so that the load of a shared machine
weighs on both alike. Prints characters per second of each and their ratio (the target is extract
>= 2x faster: it finds candidates by regex and tags only the clauses around them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT_FILE = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "vntc_sample_part1.jsonl"
)


def load_texts(path: Path, limit: int) -> list[str]:
    """Title and body of the first `limit` articles, as the extractor would read them."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= limit:
                break
            if line.strip():
                row = json.loads(line)
                texts.append("\n".join(part for part in (row.get("title"), row.get("text")) if part))
    return texts


def _tokenize_all(texts: list[str]) -> None:
    from underthesea import word_tokenize

    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                word_tokenize(line)


def _extract_all(texts: list[str], kinds: list[str] | None) -> int:
    from nlp import extract

    return sum(len(extract(text, kinds=kinds)) for text in texts)


def time_both(texts: list[str], kinds: list[str] | None, batch: int) -> tuple[float, float, int]:
    """Seconds of underthesea `word_tokenize` and of `nlp.extract` over all texts, and the number
    of mentions. The two are timed batch by batch, in turn, so that a change in the load of a
    shared machine during the run weighs on both alike."""
    from underthesea import word_tokenize

    from nlp import extract

    word_tokenize("Khởi động mô hình.")  # load the models outside the timing
    extract("Khởi động: 1.000 người ngày 19/10/2023 theo Nghị định 100/2019/NĐ-CP.", kinds=kinds)
    tok_s = ext_s = 0.0
    mentions = 0
    for i in range(0, len(texts), batch):
        part = texts[i : i + batch]
        t0 = time.perf_counter()
        _tokenize_all(part)
        t1 = time.perf_counter()
        mentions += _extract_all(part, kinds)
        t2 = time.perf_counter()
        tok_s += t1 - t0
        ext_s += t2 - t1
    return tok_s, ext_s, mentions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="how many articles (default 2000)")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="JSONL news file")
    parser.add_argument("--kinds", help="only these kinds, comma-separated (to see each one's cost)")
    parser.add_argument("--batch", type=int, default=50, help="articles timed in turn (default 50)")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",") if args.kinds else None
    if not args.file.is_file():
        print(f"bench_extract: no file {args.file}", file=sys.stderr)
        return 2
    texts = load_texts(args.file, args.articles)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars:,} characters from {args.file.name}")
    tok_s, ext_s, mentions = time_both(texts, kinds, args.batch)
    tok_rate, ext_rate = chars / tok_s, chars / ext_s
    print(f"underthesea word_tokenize: {tok_rate:12,.0f} chars/s  ({tok_s:.1f} s)")
    label = f"({args.kinds})" if args.kinds else "(all kinds)"
    print(f"nlp.extract {label:<14}{ext_rate:12,.0f} chars/s  ({ext_s:.1f} s, {mentions:,} mentions)")
    print(f"ratio extract / tokenize:  {ext_rate / tok_rate:12.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
