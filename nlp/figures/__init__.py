"""Figures (SPEC §2.1): numbers that quantify something, with qualifier, unit, subject and change."""

from __future__ import annotations

import re

from nlp.doc import Doc
from nlp.figures.scan import Draft, scan_sentence
from nlp.figures.subject import (
    continues,
    distributive,
    named_before,
    sentence_head,
    share_list_continues,
    subject_after,
    subject_before,
    table_subject,
    with_clause_head,
)
from nlp.numbers import english_grouping
from nlp.records import Figure, Mention
from nlp.registry import register

# POS tagging stays inside this many characters around a figure (within its clause): enough for
# a subject list before or after it, and cheap (tagging is the costly step).
_WINDOW_BEFORE = 65
_WINDOW_AFTER = 60
# A first, narrow window: most subjects are a few words long; the wide one is tagged only when a
# subject runs into the narrow window's edge.
_NARROW_BEFORE = 32
_NARROW_AFTER = 30
_CLAUSE_BREAKS = ";\n"


def _windows(
    doc: Doc, drafts: list[Draft], s_start: int, s_end: int, before: int, after: int
) -> list[tuple[int, int, bool, bool]]:
    """One POS window per draft: its clause, cut to a few words either side, snapped to spaces.
    The flags tell whether the clause was cut on the left and on the right."""
    text = doc.text
    out: list[tuple[int, int, bool, bool]] = []
    for d in drafts:
        c_start = max(text.rfind(ch, s_start, d.start) for ch in _CLAUSE_BREAKS) + 1
        c_start = max(c_start, s_start)
        ends = [i for i in (text.find(ch, d.end, s_end) for ch in _CLAUSE_BREAKS) if i >= 0]
        c_end = min(ends) if ends else s_end
        a = max(c_start, d.start - before)
        b = min(c_end, d.end + after)
        if a > c_start:
            space = text.find(" ", a, d.start)
            a = space + 1 if space >= 0 else d.start
        if b < c_end:
            space = text.rfind(" ", d.end, b)
            b = space if space >= 0 else d.end
        out.append((a, b, a > c_start, b < c_end))
    return out


def _merge(windows: list[tuple[int, int, bool, bool]]) -> list[tuple[int, int]]:
    """Overlapping windows of one sentence merged, so each stretch is tagged once."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted({(w[0], w[1]) for w in windows}):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


# Measure words that stay the unit even when the tokenizer joins them with the noun ("người dân").
_ALWAYS_UNITS = frozenset({"người", "hộ"})


def _subject(
    doc: Doc, d: Draft, window: tuple[int, int], figures: tuple[tuple[int, int], ...], edge: list[str]
) -> tuple[tuple[int, int] | None, bool]:
    """The subject span, and whether the measure word turned out to be part of a noun ("căn hộ").
    `edge` collects the window sides the search ran into."""
    if not d.wants_subject:
        return None, False
    tokens = doc.tokens(*window)
    span: tuple[int, int] | None = None
    fused = False
    after_first = not d.share_of
    if after_first and d.try_after:
        found = subject_after(tokens, d.subject_anchor, d.unit if d.measure_word else None, edge)
        if found is not None:
            span, fused = (found[0], found[1]), found[2]
    if span is not None and span[0] < span[1] and not fused and doc.text[: d.start].rstrip().endswith(" là"):
        before = subject_before(tokens, d.predicate_limit, figures, edge=edge)
        span = named_before(doc.text, tokens, span, before)  # "X là 822.000 cổ phần": X
    if span is None:
        span = subject_before(tokens, d.predicate_limit, figures, edge=edge)
    if span is None and not after_first and d.try_after and not d.share_of:
        found = subject_after(tokens, d.subject_anchor, None, edge)
        span = (found[0], found[1]) if found else None
    return span, fused and d.unit not in _ALWAYS_UNITS


# Between a change and the same change in other terms: "tăng 150 điểm, tương đương 0,4%".
_RESTATES = re.compile(r"\s*[,(]?\s*(?:tương đương|tức là|tức|hay)(?:\s+(?:với|mức))?\s*", re.IGNORECASE)


def _restated_change(text: str, previous: Figure | None, start: int) -> str | None:
    """The previous figure's change when this figure restates it ("…, tương đương 0,4%")."""
    if previous is None or previous.change is None:
        return None
    return previous.change if _RESTATES.fullmatch(text, previous.end, start) else None


@register("figure", priority=1)
def extract_figures(doc: Doc) -> list[Mention]:
    """Every figure of the document, with offsets into the canonical text."""
    text = doc.text
    comma_thousands = english_grouping(text)
    out: list[Mention] = []
    for sentence in doc.sentences:
        drafts = scan_sentence(doc, sentence.start, sentence.end, comma_thousands)
        if not drafts:
            continue
        narrow = _windows(doc, drafts, sentence.start, sentence.end, _NARROW_BEFORE, _NARROW_AFTER)
        wide = _windows(doc, drafts, sentence.start, sentence.end, _WINDOW_BEFORE, _WINDOW_AFTER)
        narrow_hosts, wide_hosts = _merge(narrow), _merge(wide)
        previous: Figure | None = None
        share = False  # the previous figure was a share ("chiếm N% …")
        items = distributive(text, sentence.start, sentence.end, [(d.start, d.end) for d in drafts])
        for n, (d, nw, ww) in enumerate(zip(drafts, narrow, wide, strict=True)):
            others = tuple((o.start, o.end) for o in drafts if o is not d)
            host = next(m for m in narrow_hosts if m[0] <= nw[0] and nw[1] <= m[1])
            edge: list[str] = []
            span, fused = _subject(doc, d, host, others, edge)
            cut = ("left" in edge and nw[2] and host[0] == nw[0]) or (
                "right" in edge and nw[3] and host[1] == nw[1]
            )
            if cut and (nw[0], nw[1]) != (ww[0], ww[1]):
                host = next(m for m in wide_hosts if m[0] <= ww[0] and ww[1] <= m[1])
                span, fused = _subject(doc, d, host, others, [])
            span = table_subject(text, d.start, span)  # in a table row: its cell, or the row label
            subject = (doc.written(*span).strip() or None) if span else None
            if span is not None and span[0] == span[1]:
                pass  # the rules found that the figure has no subject ("thu hút 15 người tham gia")
            elif (
                span is not None
                and previous is not None
                and previous.subject
                and span[1] <= previous.start
                and continues(text, previous.end, previous.subject, d.start)
            ):
                # "giá vàng … giảm 8 USD xuống 1.985 USD/ounce": the search went back past the
                # previous figure of the same predicate chain, whose subject (found from nearer,
                # in a window that held all of it) is this one's too.
                subject = previous.subject
            elif (
                subject is None
                and previous is not None
                and continues(text, previous.end, previous.subject, d.start)
            ):
                subject = previous.subject  # "doanh thu đạt 1.200 tỷ đồng, tăng 12%": same subject
            elif d.wants_subject:  # beyond the window: the clause's head
                lower = max(sentence.start, previous.end if previous else 0)
                head = with_clause_head(text, sentence.start, lower, d.start, span, d.end)
                if head is None and d.share_of:  # "X là …, chiếm N%": the sentence's subject
                    head = sentence_head(text, sentence.start, d.start)
                subject = (doc.written(*head).strip() or None) if head else None
            if (
                share
                and previous is not None
                and d.quantity == previous.quantity == "percent"
                and share_list_continues(text, previous.end, d.start)
            ):
                subject = previous.subject  # "chiếm 15-25% ca A, gần 5% ca B": shares of one X
            if n in items:
                subject = doc.written(*items[n]).strip()  # "A, B và C … lần lượt N; M và K"
            share = d.share_of or (share and subject == (previous.subject if previous else None))
            end = d.number_end if fused else d.end  # "2.000 căn hộ": the noun is no unit
            previous = Figure(
                start=d.start,
                end=end,
                text=text[d.start : end],
                value=d.value,
                value_max=d.value_max,
                qualifier=d.qualifier,
                quantity=d.quantity,
                unit=None if fused else d.unit,
                subject=subject,
                change=d.change or _restated_change(text, previous, d.start),
                compared_to=doc.written(*d.compared) if d.compared else None,
                per=d.per,
                rule=d.rule,
            )
            out.append(previous)
    return out
