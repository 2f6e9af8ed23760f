"""Dates, times and periods (SPEC §2.2): regex candidates, composition, resolution against ref_date."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from nlp.dates import lexicon as lx
from nlp.dates.atoms import FLAGS, RULES, Cand, find_candidates
from nlp.dates.compose import compose
from nlp.dates.resolve import Context, resolve
from nlp.dates.timex import Point, format_point
from nlp.doc import Doc
from nlp.langdata import data_path, load_words
from nlp.records import DateMention, Mention
from nlp.registry import register

_RULE_ORDER = {name: i for i, (name, _, _) in enumerate(RULES)}
_FUTURE = re.compile(rf"\b(?:{lx.alternation(load_words(data_path(__file__, 'future_cues.txt')))})\b", FLAGS)


def select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates: longest first, then the earlier rule, then the earlier start."""
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), _RULE_ORDER.get(c.rule, 99), c.start))
    starts: list[int] = []
    kept: list[Cand] = []
    for c in ranked:
        i = bisect_left(starts, c.start)
        if (i > 0 and kept[i - 1].end > c.start) or (i < len(kept) and kept[i].start < c.end):
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


class _Resolver:
    """Walks the mentions in order, keeping the day last talked about (for "chiều cùng ngày")."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.anchor: date | None = doc.ref_date.date() if doc.ref_date else None
        self.anchor_sentence = -1
        self._future: dict[int, bool] = {}

    def context(self, pos: int) -> Context:
        i = self.doc.sentence_index(pos)
        if i not in self._future:
            s = self.doc.sentence_at(pos)
            self._future[i] = bool(_FUTURE.search(s.text))
        return Context(
            self.doc.ref_date, self.anchor, future=self._future[i], anchor_here=i == self.anchor_sentence
        )

    def mention(self, c: Cand) -> DateMention:
        ctx = self.context(c.start)
        value: str | None = None
        kind = "date"
        lunar = bool(c.point and c.point.lunar)
        if c.kind == "point" and c.point is not None:
            p = resolve(c.point, ctx)
            if p is not None:
                value = format_point(p)
                kind = "time" if p.hour is not None else "date"
                self._remember(p, c.start)
            else:
                kind = "time" if c.point.hour is not None else "date"
        elif c.kind == "interval" and c.point is not None and c.point2 is not None:
            kind = "interval"
            end = resolve(c.point2, ctx)
            start_point = c.point
            if (
                start_point.year is None
                and end is not None
                and start_point.rel is None
                and not start_point.now
            ):
                start_point = _borrow_year(start_point, end)
            start = resolve(start_point, ctx)
            if start is not None and end is not None:
                a, b = format_point(start), format_point(end)
                value = f"{a}/{b}" if a and b else None
        elif c.kind == "duration" and c.duration is not None:
            kind = "duration"
            value = c.duration.value()
            if c.duration2 is not None:
                value += "/" + c.duration2.value()
        elif c.kind == "set":
            kind, value = "set", c.value
        text = self.doc.text[c.start : c.end]
        return DateMention(
            c.start, c.end, text, type=kind, value=value, mod=c.mod, rule=c.rule + (":lunar" if lunar else "")
        )

    def _remember(self, p: Point, pos: int) -> None:
        if p.day is not None and p.month is not None and p.year is not None:
            try:
                anchor = date(p.year, p.month, p.day)
            except ValueError:
                return  # a typo such as "31/6/2006" is still a date as written, but no anchor
            self.anchor = anchor
            self.anchor_sentence = self.doc.sentence_index(pos)


def _borrow_year(start: Point, end: Point) -> Point:
    if end.year is None:
        return start
    if start.month is not None and end.month is not None and start.month > end.month:
        return start.with_(year=end.year - 1)
    return start.with_(year=end.year)


@register("date", priority=2)
def extract_dates(doc: Doc) -> list[Mention]:
    """Every temporal expression of the document, resolved against `doc.ref_date`."""
    text = doc.text
    cands = compose(select(find_candidates(text)), text)
    resolver = _Resolver(doc)
    return [resolver.mention(c) for c in cands]
