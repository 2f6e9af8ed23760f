"""Figures (SPEC §2.1): numbers that quantify something, with qualifier, unit, subject and change."""

from __future__ import annotations

from nlp.doc import Doc
from nlp.figures.scan import Draft, scan_sentence
from nlp.figures.subject import subject_after, subject_before
from nlp.numbers import english_grouping
from nlp.records import Figure, Mention
from nlp.registry import register

# POS tagging stays inside this many characters around a figure (within its clause): enough for
# a subject list before or after it, and cheap (tagging is the costly step).
_WINDOW_BEFORE = 90
_WINDOW_AFTER = 90
_CLAUSE_BREAKS = ";\n"


def _windows(doc: Doc, drafts: list[Draft], s_start: int, s_end: int) -> list[tuple[int, int]]:
    """One POS window per draft: its clause, cut to a few words either side, snapped to spaces;
    overlapping windows of the same clause are merged so each stretch is tagged once."""
    text = doc.text
    out: list[tuple[int, int]] = []
    for d in drafts:
        c_start = max(text.rfind(ch, s_start, d.start) for ch in _CLAUSE_BREAKS) + 1
        c_start = max(c_start, s_start)
        ends = [i for i in (text.find(ch, d.end, s_end) for ch in _CLAUSE_BREAKS) if i >= 0]
        c_end = min(ends) if ends else s_end
        a = max(c_start, d.start - _WINDOW_BEFORE)
        b = min(c_end, d.end + _WINDOW_AFTER)
        if a > c_start:
            space = text.find(" ", a, d.start)
            a = space + 1 if space >= 0 else d.start
        if b < c_end:
            space = text.rfind(" ", d.end, b)
            b = space if space >= 0 else d.end
        out.append((a, b))
    return out


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(set(windows)):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


# Measure words that stay the unit even when the tokenizer joins them with the noun ("người dân").
_ALWAYS_UNITS = frozenset({"người", "hộ"})


def _subject(
    doc: Doc, d: Draft, window: tuple[int, int], figures: tuple[tuple[int, int], ...]
) -> tuple[str | None, bool]:
    """The subject, and whether the measure word turned out to be part of a noun ("căn hộ")."""
    if not d.wants_subject:
        return None, False
    tokens = doc.tokens(*window)
    span: tuple[int, int] | None = None
    fused = False
    after_first = not d.share_of
    if after_first and d.try_after:
        found = subject_after(tokens, d.subject_anchor, d.unit if d.measure_word else None)
        if found is not None:
            span, fused = (found[0], found[1]), found[2]
    if span is None:
        span = subject_before(tokens, d.predicate_limit, figures)
    if span is None and not after_first and d.try_after and not d.share_of:
        found = subject_after(tokens, d.subject_anchor, None)
        span = (found[0], found[1]) if found else None
    if span is None:
        return None, False
    return doc.written(*span).strip() or None, fused and d.unit not in _ALWAYS_UNITS


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
        windows = _windows(doc, drafts, sentence.start, sentence.end)
        merged = _merge(windows)
        previous: Figure | None = None
        for d, w in zip(drafts, windows, strict=True):
            host = next(m for m in merged if m[0] <= w[0] and w[1] <= m[1])
            others = tuple((o.start, o.end) for o in drafts if o is not d)
            subject, fused = _subject(doc, d, host, others)
            if subject is None and previous is not None and _continues(text, previous, d.start):
                subject = previous.subject  # "doanh thu đạt 1.200 tỷ đồng, tăng 12%": same subject
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
                change=d.change,
                compared_to=doc.written(*d.compared) if d.compared else None,
                per=d.per,
                rule=d.rule,
            )
            out.append(previous)
    return out


def _continues(text: str, previous: Figure, start: int) -> bool:
    """Only a comma or a bracket and a verb separate two figures: "đạt 1.200 tỷ đồng, tăng 12%",
    "822.000 cổ phần, chiếm 0,183%", "18,3 tỷ baht (khoảng 450,75 triệu USD)"."""
    between = text[previous.end : start].strip()
    if previous.subject and between.startswith(previous.subject):
        between = between[len(previous.subject) :].strip()  # the subject written after the figure
    return between[:1] in (",", "(") and len(between.split()) <= 3 and ";" not in between
