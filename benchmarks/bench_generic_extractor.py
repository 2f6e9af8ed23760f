"""vnpress's generic extractor against trafilatura, page by page, on every saved article page.

    pip install -e '.[bench]'
    python benchmarks/bench_generic_extractor.py [--repeat 5] [--json OUT]

For each page of ../shared/data/html/articles.jsonl (site declarations OFF for vnpress):
body token-F1 against the reference reading (the reference of long legal texts is cut near
6,000 characters: both outputs are cut to the same number of tokens), F1 of lead+body (trafilatura
does not separate the lead), publication time right to the minute (to the day when the reference
has no time), and milliseconds per page (decoding and parsing included). Timing: each page is run
`--repeat` times by each tool, the two tools taking turns so that both see the same machine load,
and the fastest run of each counts (the least disturbed by other processes). The "loses" column
names what vnpress loses on for that page: body F1, time, ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.extract import extract_html  # noqa: E402
from scrapers.quality import prefix_like, token_f1  # noqa: E402

HTML = REPO.parent / "shared" / "data" / "html"


def _race(ours: Any, theirs: Any, repeat: int) -> tuple[Any, Any, float, float]:
    """Both tools' results and their best time in ms over `repeat` alternating runs."""
    best = [float("inf"), float("inf")]
    outs: list[Any] = [None, None]
    for _ in range(repeat):
        for k, fn in enumerate((ours, theirs)):
            start = time.perf_counter()
            outs[k] = fn()
            best[k] = min(best[k], (time.perf_counter() - start) * 1000)
    return outs[0], outs[1], best[0], best[1]


def _date_ok(predicted: str | None, reference: str) -> bool:
    if not predicted:
        return False
    n = 16 if "T" in reference else 10
    return predicted.replace(" ", "T")[:n] == reference[:n]


def _f1(pred: str, ref: str, truncated: bool) -> float:
    return token_f1(prefix_like(pred, ref) if truncated else pred, ref)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--pages", nargs="*", default=[], help="only pages whose id contains one of these")
    args = ap.parse_args()
    try:
        import trafilatura
    except ImportError:
        sys.exit("trafilatura is not installed: pip install -e '.[bench]'")

    rows = []
    for line in (HTML / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        ref = json.loads(line)
        if args.pages and not any(p in ref["id"] for p in args.pages):
            continue
        raw = (HTML / ref["file"]).read_bytes()
        url = ref["url"]
        trunc = bool(ref.get("truncated_or_table"))
        full_ref = "\n".join(p for p in (ref["sapo"], ref["body"]) if p)

        ours, theirs, ms_ours, ms_theirs = _race(
            lambda raw=raw, url=url: extract_html(raw, url, use_declaration=False),
            lambda raw=raw, url=url: trafilatura.bare_extraction(
                raw,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                as_dict=True,
                date_extraction_params={
                    "extensive_search": True,
                    "original_date": True,
                    "outputformat": "%Y-%m-%d %H:%M",
                },
            ),
            args.repeat,
        )
        t_text = (theirs or {}).get("text") or ""
        rows.append(
            {
                "id": ref["id"],
                "body_f1": (_f1(ours.body, ref["body"], trunc), _f1(t_text, ref["body"], trunc)),
                "lead_body_f1": (
                    _f1("\n".join(p for p in (ours.sapo, ours.body) if p), full_ref, trunc),
                    _f1(t_text, full_ref, trunc),
                ),
                "date_ok": (
                    _date_ok(ours.published_at, ref["ref_date"]),
                    _date_ok((theirs or {}).get("date"), ref["ref_date"]),
                ),
                "date": (ours.published_at, (theirs or {}).get("date")),
                "ms": (ms_ours, ms_theirs),
            }
        )

    def loses(r: dict[str, Any]) -> str:
        what = []
        if r["body_f1"][0] < r["body_f1"][1] - 1e-9:
            what.append("body F1")
        if r["date_ok"][1] and not r["date_ok"][0]:
            what.append("time")
        if r["ms"][0] > r["ms"][1]:
            what.append("ms")
        return ", ".join(what)

    print(f"{'page':32} {'body F1':>15} {'lead+body F1':>15} {'time ok':>9} {'ms/page (best)':>15}  loses")
    print(f"{'':32} {'vnpress  traf':>15} {'vnpress  traf':>15} {'vnp traf':>9} {'vnpress   traf':>15}")
    for r in rows:
        b, lb, d, ms = r["body_f1"], r["lead_body_f1"], r["date_ok"], r["ms"]
        print(
            f"{r['id'][:32]:32} {b[0]:7.3f} {b[1]:6.3f} {lb[0]:7.3f} {lb[1]:6.3f} "
            f"{'yes' if d[0] else 'no':>4} {'yes' if d[1] else 'no':>4} {ms[0]:8.1f} {ms[1]:6.1f}  {loses(r) or '-'}"
        )
    n = len(rows)
    print(
        f"{'MEAN / TOTAL':32} {sum(r['body_f1'][0] for r in rows) / n:7.3f} {sum(r['body_f1'][1] for r in rows) / n:6.3f} "
        f"{sum(r['lead_body_f1'][0] for r in rows) / n:7.3f} {sum(r['lead_body_f1'][1] for r in rows) / n:6.3f} "
        f"{sum(r['date_ok'][0] for r in rows):4d} {sum(r['date_ok'][1] for r in rows):4d} "
        f"{statistics.median(r['ms'][0] for r in rows):8.1f} {statistics.median(r['ms'][1] for r in rows):6.1f}  (ms: median)"
    )
    lost = [f"{r['id']} ({loses(r)})" for r in rows if loses(r)]
    print("pages where vnpress loses (body F1, time or ms):", ", ".join(lost) or "none")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
