"""One-page summary of an article or report: headline facts, key figures, timeline, documents, sentences."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from corpus.periods import nearest_date, value_span
from corpus.queries import document_key
from nlp.pipeline import Analysis
from nlp.records import Article
from nlp.summary import select_summary

DEFAULT_SENTENCES = 3
SNIPPET = 160

_SOURCE_LINE = re.compile(r"^\s*Nguồn\s*:\s*(\S.*?)\s*$", re.M | re.I)
# A dateline: a line holding only a date, maybe a time ("20-10-2023 10:00", "07/03/2026 08:01").
_DATELINE = re.compile(
    r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ ,]+(\d{1,2})[:h](\d{2}))?\s*(?:GMT\+7)?\s*$"
)
_QUALIFIER_SIGN = {"eq": "", "gt": "> ", "ge": "≥ ", "lt": "< ", "le": "≤ ", "approx": "≈ "}
_CHANGE_SIGN = {"increase": "↑ tăng", "decrease": "↓ giảm"}


def find_dateline(text: str, max_lines: int = 8) -> str | None:
    """ISO time of a dateline among the first lines (a line that is only a date), else None."""
    for line in text.splitlines()[:max_lines]:
        m = _DATELINE.match(line)
        if m:
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            iso = f"{year:04d}-{month:02d}-{day:02d}"
            return f"{iso}T{int(m[4]):02d}:{m[5]}" if m[4] else iso
    return None


def guess_title(article: Article) -> str:
    """The article's title, else the first line of a plain text when it reads like one."""
    if article.title.strip():
        return " ".join(article.title.split())
    for line in article.body.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line.split()) <= 30 and not line.endswith(".") else ""
    return ""


def guess_source(article: Article) -> str | None:
    """Who published it: the attribution, else the site, else a "Nguồn:" line, else the URL's host."""
    if article.source:
        return article.source
    if article.site:
        return article.site
    m = _SOURCE_LINE.search(article.body)
    if m:
        return m[1]
    if article.url:
        return urlsplit(article.url).netloc or article.url
    return None


# -- formatting values ---------------------------------------------------------------------------
def format_number(value: float) -> str:
    """Vietnamese digits: "." groups thousands, "," marks decimals; at most three decimals."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _scaled(value: float) -> str:
    for scale, word in ((1e9, "tỷ"), (1e6, "triệu")):
        if abs(value) >= scale:
            return f"{format_number(value / scale)} {word}"
    return format_number(value)


def format_figure_value(fig: dict[str, Any]) -> str:
    """Qualifier, number (or range), unit and rate: "> 19.600 lượt", "183,8 triệu VND/lượng"."""
    value = fig.get("value")
    if value is None:
        return fig.get("text") or ""
    number = _scaled(value)
    if fig.get("value_max") is not None:
        number = f"{number}–{_scaled(fig['value_max'])}"
    unit = fig.get("unit") or ""
    if unit == "%":
        out = f"{number}%"
    else:
        out = f"{number} {unit}".strip()
    if fig.get("per"):
        out += f"/{fig['per']}"
    return _QUALIFIER_SIGN.get(fig.get("qualifier") or "eq", "") + out


def format_change(fig: dict[str, Any]) -> str:
    parts = []
    if fig.get("change"):
        parts.append(_CHANGE_SIGN.get(fig["change"], fig["change"]))
    if fig.get("compared_to"):
        parts.append(f"so với {fig['compared_to']}")
    return " ".join(parts)


def _one_line(text: str, width: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- the summary -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """Everything the summary views show, as plain data (the JSON output is `to_dict()`)."""

    id: str
    title: str
    source: str | None
    url: str | None
    published: str | None
    period: dict[str, Any] | None
    counts: dict[str, int]
    figures: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sentence_of(analysis: Analysis, start: int) -> int:
    starts = [s.start for s in analysis.sentences]
    from bisect import bisect_right

    return max(bisect_right(starts, start) - 1, 0)


def build_summary(
    article: Article,
    analysis: Analysis,
    published: str | None = None,
    n_sentences: int = DEFAULT_SENTENCES,
) -> Summary:
    """Summarise `article` from the analysis of `article.text` (offsets into that text)."""
    text = article.text
    published = published or article.published_at
    records = [m.to_dict(with_rule=True) for m in analysis.mentions]
    for r in records:
        r["sentence"] = _sentence_of(analysis, r["start"])
    figures = [r for r in records if r["kind"] == "figure"]
    dates = [r for r in records if r["kind"] == "date"]
    documents = [r for r in records if r["kind"] == "document"]
    dates_by_sentence: dict[int, list[dict[str, Any]]] = {}
    for d in dates:
        dates_by_sentence.setdefault(d["sentence"], []).append(d)

    title = guess_title(article)
    figure_rows = []
    for i, f in enumerate(figures, 1):
        when = nearest_date(f, dates_by_sentence.get(f["sentence"], []))
        figure_rows.append(
            {
                "n": i,
                "subject": f.get("subject"),
                "value": format_figure_value(f),
                "change": format_change(f) or None,
                "period": when["value"] if when else (published[:10] if published else None),
                "period_from": "text" if when else ("published" if published else None),
                "period_text": " ".join(when["text"].split()) if when else None,
                "text": f["text"],
                "sentence": f["sentence"],
                "record": {k: v for k, v in f.items() if k != "sentence"},
            }
        )

    figure_counts = [0] * len(analysis.sentences)
    for f in figures:
        figure_counts[f["sentence"]] += 1
    title_norm = " ".join(title.split())
    dateline = find_dateline(text)
    eligible = [
        " ".join(s.text.split()) != title_norm and not (dateline and _DATELINE.match(s.text))
        for s in analysis.sentences
    ]
    chosen = select_summary([s.text for s in analysis.sentences], n_sentences, figure_counts, eligible)
    sentence_rows = []
    for pick in chosen:
        why = [f"TextRank rank {pick.rank}"]
        if pick.figures:
            why.append(f"carries {pick.figures} figure(s)")
        if pick.lead:
            why.append("in the lead")
        s = analysis.sentences[pick.index]
        sentence_rows.append(
            {
                "index": pick.index,
                "start": s.start,
                "end": s.end,
                "text": " ".join(s.text.split()),
                "score": round(pick.score, 6),
                "rank": pick.rank,
                "figures": pick.figures,
                "why": "; ".join(why),
            }
        )

    return Summary(
        id=article.id,
        title=title,
        source=guess_source(article),
        url=article.url,
        published=published,
        period=period_covered(figure_rows),
        counts={
            "sentences": len(analysis.sentences),
            "figures": len(figures),
            "dates": len(dates),
            "documents": len(documents),
        },
        figures=figure_rows,
        timeline=timeline(dates, [s.text for s in analysis.sentences]),
        documents=cited_documents(documents),
        sentences=sentence_rows,
    )


def period_covered(figure_rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The period most figures refer to (the date or period written in their sentence).

    The most common one wins (ties: the one met first); a date that only one aside mentions
    ("the highest since 1979") does not stretch it. None when no figure's sentence dates it.
    """
    dated = [f for f in figure_rows if f["period_from"] == "text"]
    if not dated:
        return None
    count = Counter(f["period"] for f in dated)
    value = max(count, key=lambda v: count[v])  # max keeps the first of equals: text order
    span = value_span(value)
    if span is None:
        return None
    return {
        "value": value,
        "from": span[0].isoformat(),
        "to": span[1].isoformat(),
        "figures": count[value],
        "text": list(dict.fromkeys(f["period_text"] for f in dated if f["period"] == value)),
    }


def timeline(dates: Sequence[dict[str, Any]], sentences: Sequence[str]) -> list[dict[str, Any]]:
    """Distinct dates and periods on the calendar in time order, then the unresolved ones in text order."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for d in dates:
        if d.get("type") in ("duration", "set"):
            continue
        value = d.get("value") or ""
        key = (value or f"?{d['start']}", d.get("type") or "")
        g = groups.setdefault(
            key,
            {
                "value": d.get("value"),
                "type": d.get("type"),
                "mod": d.get("mod"),
                "texts": [],
                "mentions": 0,
                "context": _one_line(sentences[d["sentence"]]) if sentences else "",
                "first": d["start"],
            },
        )
        written = " ".join(d["text"].split())
        if written not in g["texts"]:
            g["texts"].append(written)
        g["mentions"] += 1
    rows = list(groups.values())

    def order(g: dict[str, Any]) -> tuple[int, str, str, int]:
        span = value_span(g["value"])
        if span is None:
            return (1, "", "", g["first"])
        return (0, span[0].isoformat(), span[1].isoformat(), g["first"])

    rows.sort(key=order)
    for g in rows:
        span = value_span(g["value"])
        g["resolved"] = span is not None
        del g["first"]
    return rows


def cited_documents(documents: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Distinct cited documents in order of first citation, with issuer, title and times cited."""
    groups: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for d in documents:
        g = groups.setdefault(
            document_key(d),
            {
                "doc_type": d.get("doc_type"),
                "number": d.get("number"),
                "year": d.get("year"),
                "code": d.get("code"),
                "issuer": d.get("issuer"),
                "title": d.get("title"),
                "issued_on": d.get("issued_on"),
                "text": " ".join(d["text"].split()),
                "cited": 0,
            },
        )
        for key in ("issuer", "title", "issued_on"):
            g[key] = g[key] or d.get(key)
        g["cited"] += 1
    return list(groups.values())
