"""Read-side queries over the store: mention listings with filters and the citation index."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from corpus.folding import fold
from corpus.store import Store

KIND_TABLES = {"figure": "figures", "date": "dates", "document": "documents"}


@dataclass(frozen=True)
class MentionFilter:
    """Filters shared by the listing commands; None means "any"."""

    article: str | None = None
    since: str | None = None  # on the article's publication date, ISO prefix compare
    until: str | None = None
    search: str | None = None  # full-text query over the articles, folded
    unit: str | None = None  # figures
    subject: str | None = None  # figures: substring of the subject, folded
    doc_type: str | None = None  # documents
    code: str | None = None  # documents
    year: int | None = None  # documents
    limit: int | None = None


def list_mentions(store: Store, kind: str, flt: MentionFilter) -> list[dict[str, Any]]:
    """Stored mentions of one kind with their article and sentence, filtered, in reading order."""
    table = KIND_TABLES[kind]
    where: list[str] = []
    params: list[Any] = []
    if flt.article:
        where.append("m.article_id = ?")
        params.append(flt.article)
    if flt.since:
        where.append("a.published_at >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("substr(a.published_at, 1, ?) <= ?")
        params.extend([len(flt.until), flt.until])
    if flt.unit and kind == "figure":
        where.append("m.unit = ?")
        params.append(flt.unit)
    if flt.doc_type and kind == "document":
        where.append("m.doc_type = ? COLLATE NOCASE")
        params.append(flt.doc_type)
    if flt.code and kind == "document":
        where.append("upper(m.code) = upper(?)")
        params.append(flt.code)
    if flt.year is not None and kind == "document":
        where.append("m.year = ?")
        params.append(flt.year)
    if flt.search:
        search_sql, search_params = store.search_subquery(flt.search)
        if not search_params:
            return []
        where.append(f"m.article_id IN ({search_sql})")
        params.extend(search_params)
    sql = (
        f"SELECT m.*, a.published_at AS published_at, a.title AS article_title FROM {table} m "
        "JOIN articles a ON a.id = m.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.rowid, m.start"
    )
    rows = [dict(r) for r in store.query(sql, params)]
    if flt.subject and kind == "figure":
        needle = fold(flt.subject).casefold()
        rows = [r for r in rows if r["subject"] and needle in fold(r["subject"]).casefold()]
    if flt.limit is not None:
        rows = rows[: flt.limit]
    for r in rows:
        r.pop("id", None)
        r["kind"] = kind
    return rows


def document_key(row: dict[str, Any]) -> tuple[str, str, str, str]:
    """Identity of a cited document: type, number, year and code (title for laws cited by name)."""
    number = (row.get("number") or "").lstrip("0") or (row.get("number") or "")
    ident = number if row.get("number") else (row.get("title") or "").casefold()
    return (
        (row.get("doc_type") or "").casefold(),
        ident,
        str(row.get("year") or ""),
        (row.get("code") or "").upper(),
    )


def citation_index(store: Store, flt: MentionFilter) -> list[dict[str, Any]]:
    """Distinct cited documents with how many articles and mentions cite each, most cited first."""
    groups: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for row in list_mentions(store, "document", replace(flt, limit=None)):
        key = document_key(row)
        g = groups.setdefault(
            key,
            {
                "doc_type": row["doc_type"], "number": row["number"], "year": row["year"], "code": row["code"],
                "issuer": row["issuer"], "title": row["title"], "articles": set(), "mentions": 0,
            },
        )  # fmt: skip
        g["articles"].add(row["article_id"])
        g["mentions"] += 1
        g["title"] = g["title"] or row["title"]
        g["issuer"] = g["issuer"] or row["issuer"]
    out = []
    for g in groups.values():
        g["articles"] = len(g["articles"])
        out.append(g)
    out.sort(key=lambda g: (-g["articles"], -g["mentions"], str(g["doc_type"]), str(g["number"])))
    return out[: flt.limit] if flt.limit is not None else out


_REF = re.compile(
    r"^\s*(?:số\s+)?(?P<number>\d+[a-zA-Z]?)(?:/(?P<year>\d{4}))?\s*[-/]\s*(?P<code>\S+)\s*$", re.I
)


def parse_reference(reference: str) -> dict[str, Any] | None:
    """Number, year and code of a written reference such as "57-NQ/TW" or "100/2019/NĐ-CP"."""
    m = _REF.match(reference.replace("–", "-"))
    if not m:
        return None
    return {"number": m["number"], "year": int(m["year"]) if m["year"] else None, "code": m["code"].upper()}


def citing_articles(store: Store, reference: str) -> list[dict[str, Any]]:
    """Mentions of the document written as `reference`, with their article and sentence text."""
    ref = parse_reference(reference)
    if ref is None:
        return []
    sql = (
        "SELECT m.*, a.url AS article_url, a.published_at AS published_at, s.start AS s_start, s.end AS s_end "
        "FROM documents m JOIN articles a ON a.id = m.article_id LEFT JOIN sentences s "
        "ON s.article_id = m.article_id AND s.idx = m.sentence WHERE upper(m.code) = ? ORDER BY a.rowid, m.start"
    )
    out = []
    texts: dict[str, str] = {}
    for row in store.query(sql, (ref["code"],)):
        r = dict(row)
        if (r["number"] or "").lstrip("0") != ref["number"].lstrip("0"):
            continue
        if ref["year"] is not None and r["year"] not in (None, ref["year"]):
            continue
        if r["article_id"] not in texts:
            article = store.get_article(r["article_id"])
            texts[r["article_id"]] = article.text if article else ""
        start, end = r.pop("s_start"), r.pop("s_end")
        r["sentence_text"] = texts[r["article_id"]][start:end] if start is not None else None
        r.pop("id", None)
        out.append(r)
    return out
