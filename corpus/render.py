"""Summary views: Markdown for the terminal and notes, and a self-contained HTML page."""

from __future__ import annotations

import html
import json
from typing import Any

from corpus.summary import Summary

# No script, no network: the page may only use its own inline styles and inline images.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def _md_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _period_text(summary: Summary) -> str:
    p = summary.period
    if not p:
        return "—"
    span = p["from"] if p["from"] == p["to"] else f"{p['from']} → {p['to']}"
    return f"{span} ({', '.join(p['text'])}; {p['figures']} figure(s) refer to it)"


def headline_facts(summary: Summary) -> list[tuple[str, str]]:
    c = summary.counts
    return [
        ("Title", summary.title or "—"),
        ("Source", summary.source or "—"),
        ("URL", summary.url or "—"),
        ("Published", summary.published or "—"),
        ("Period covered", _period_text(summary)),
        (
            "Extracted",
            f"{c['figures']} figures, {c['dates']} dates, {c['documents']} document references "
            f"in {c['sentences']} sentences",
        ),
    ]


def _figure_rows(summary: Summary) -> list[list[Any]]:
    return [
        [f["n"], f["subject"] or "—", f["value"], f["change"] or "", _period(f), f["text"]]
        for f in summary.figures
    ]


def _period(f: dict[str, Any]) -> str:
    if not f["period"]:
        return ""
    return f["period"] + (" (published)" if f["period_from"] == "published" else "")


def _document_rows(summary: Summary) -> list[list[Any]]:
    return [
        [
            d["doc_type"],
            d["number"],
            d["code"],
            d["year"],
            d["issuer"],
            d["title"],
            d["issued_on"],
            d["cited"],
        ]
        for d in summary.documents
    ]


def _timeline_rows(summary: Summary) -> list[list[Any]]:
    return [
        [t["value"] or "(unresolved)", t["type"], "; ".join(t["texts"]), t["context"]]
        for t in summary.timeline
    ]


FIGURE_HEADER = ["#", "Subject", "Value", "Change / compared to", "Period", "As written"]
TIMELINE_HEADER = ["When", "Type", "As written", "Context"]
DOCUMENT_HEADER = ["Type", "Number", "Code", "Year", "Issuer", "Title", "Issued on", "Cited"]


def render_markdown(summary: Summary) -> str:
    lines = [f"# {_cell(summary.title) or summary.id}", ""]
    lines += [f"- **{k}:** {_cell(v)}" for k, v in headline_facts(summary)]
    lines += ["", f"## Key figures ({len(summary.figures)})", ""]
    lines += _md_table(FIGURE_HEADER, _figure_rows(summary)) if summary.figures else ["(none found)"]
    lines += ["", f"## Timeline ({len(summary.timeline)})", ""]
    lines += _md_table(TIMELINE_HEADER, _timeline_rows(summary)) if summary.timeline else ["(none found)"]
    lines += ["", f"## Documents cited ({len(summary.documents)})", ""]
    lines += _md_table(DOCUMENT_HEADER, _document_rows(summary)) if summary.documents else ["(none found)"]
    lines += ["", f"## Summary ({len(summary.sentences)} sentences)", ""]
    for i, s in enumerate(summary.sentences, 1):
        lines.append(f"{i}. {s['text']}  ")
        lines.append(f"   _({s['why']})_")
    if not summary.sentences:
        lines.append("(no sentence long enough to quote)")
    return "\n".join(lines) + "\n"


def render_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:70rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{border:1px solid #ddd;padding:.3rem .5rem;
vertical-align:top;text-align:left} th{background:#f4f4f4}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem} dt{font-weight:600}
ol li{margin-bottom:.6rem} .why{color:#666;font-size:.85rem;display:block}
td.value{white-space:nowrap;font-weight:600}
"""


def page(title: str, body: str, style: str = "") -> str:
    """A complete offline HTML document with a policy that forbids scripts and remote loads."""
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}{style}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _html_table(header: list[str], rows: list[list[Any]], value_col: int | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            cls = ' class="value"' if i == value_col else ""
            cells.append(f"<td{cls}>{html.escape('' if c is None else str(c))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(summary: Summary) -> str:
    e = html.escape
    parts = [f"<h1>{e(summary.title or summary.id)}</h1>", "<dl>"]
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in headline_facts(summary)]
    parts.append("</dl>")
    sections = [
        ("Key figures", FIGURE_HEADER, _figure_rows(summary), 2),
        ("Timeline", TIMELINE_HEADER, _timeline_rows(summary), None),
        ("Documents cited", DOCUMENT_HEADER, _document_rows(summary), None),
    ]
    for name, header, rows, value_col in sections:
        parts.append(f"<h2>{e(name)} ({len(rows)})</h2>")
        parts.append(_html_table(header, rows, value_col) if rows else "<p>(none found)</p>")
    parts.append(f"<h2>Summary ({len(summary.sentences)} sentences)</h2><ol>")
    parts += [f'<li>{e(s["text"])}<span class="why">{e(s["why"])}</span></li>' for s in summary.sentences]
    parts.append("</ol>")
    return page(summary.title or summary.id, "\n".join(parts))
