"""The subject of a figure: the noun phrase it counts or measures, from underthesea POS of its clause."""

from __future__ import annotations

from functools import cache

from nlp.figures.lexicon import lexicon
from nlp.langdata import data_path, load_words
from nlp.numbers import NUMBER_WORDS
from nlp.text.tokens import Token

_NOUN = frozenset({"N", "Np", "Nc", "Ny", "Nb", "Nu"})
_MODIFIER = frozenset({"A", "M"})
_MAX_ITEM = 5
_MAX_ITEMS = 8
_LIST_END = frozenset({";", ".", ":", "!", "?", "…", ")"})


# Inside a subject before its predicate these may stand as modifiers ("mức giảm trừ", "tốc độ tăng").
_LEFT_ALLOWED = frozenset({"tăng", "giảm", "mức", "tham gia", "thực hiện", "đạt", "chiếm", "bằng", "lên"})


@cache
def activity_measure_words() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "activity_measure_words.txt")))


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Stop words, words skipped before a predicate, and predicate verbs (lower case)."""
    lex = lexicon()
    stops = frozenset(load_words(data_path(__file__, "subject_stops.txt")))
    skips = set(load_words(data_path(__file__, "subject_skips.txt")))
    for table in (lex.qualifiers, lex.changes, lex.change_fillers, lex.bases):
        for phrases in table.by_first.values():
            skips.update(" ".join(p.tokens) for p in phrases)
    predicates = frozenset(
        " ".join(p.tokens)
        for table in (lex.predicate_verbs, lex.changes)
        for ps in table.by_first.values()
        for p in ps
    )
    return stops, frozenset(skips), predicates


def _is_number(tok: Token) -> bool:
    return tok.text[:1].isdigit() or tok.text.lower() in NUMBER_WORDS


def _nounish(tok: Token) -> bool:
    """A token a noun phrase may hold: nouns, adjectives, and POS slips on words (never numbers)."""
    if _is_number(tok) or not tok.text[:1].isalpha():
        return False
    return tok.pos in _NOUN or tok.pos in _MODIFIER or tok.pos == "V"


def _item(tokens: list[Token], i: int, after_measure: bool) -> int:
    """End index of one noun phrase starting at tokens[i] (i itself when there is none)."""
    stops, _, _ = _words()
    j = i
    while j < len(tokens) and j - i < _MAX_ITEM:
        tok = tokens[j]
        low = tok.text.lower()
        if low in stops or not _nounish(tok):
            break
        if tok.pos == "V" and not (after_measure and j == i) and j > i and tokens[j - 1].pos != "V":
            break  # a verb after the head noun starts the predicate ("200 hộ dân được hỗ trợ")
        if j == i and tok.pos not in _NOUN and not after_measure and tok.pos != "M":
            break  # after a bare number the phrase opens with a noun ("73 máy bay")
        j += 1
    # The phrase must hold a noun or follow a measure word ("357 buổi tuyên truyền miệng").
    if j > i and not after_measure and not any(t.pos in _NOUN or t.pos == "M" for t in tokens[i:j]):
        return i
    return j


def subject_after(tokens: list[Token], anchor: int, measure_word: str | None) -> tuple[int, int] | None:
    """Noun phrase right after character offset `anchor` (the end of the number and its unit),
    lists kept whole ("cán bộ, đảng viên, quần chúng")."""
    after_measure = measure_word is not None
    activity = measure_word in activity_measure_words()
    i = 0
    while i < len(tokens) and tokens[i].start < anchor:
        i += 1
    if i >= len(tokens):
        return None
    # A measure word fused with the noun by the tokenizer ("hộ nghèo") opens the phrase.
    if i > 0 and tokens[i - 1].end > anchor and after_measure:
        i -= 1
    if tokens[i].pos == "V" and not activity and tokens[i].start >= anchor:
        return None  # "5 người chết": the verb is the predicate, not what is counted
    end = _item(tokens, i, after_measure)
    if end == i:
        return None
    last = end
    items = 1
    j = end
    while j + 1 < len(tokens) and tokens[j].text == "," and items < _MAX_ITEMS:
        nxt = _item(tokens, j + 1, False)
        if nxt == j + 1:
            break
        # Only a list that runs to the end of the clause is a list of subjects.
        follow = tokens[nxt] if nxt < len(tokens) else None
        if follow is not None and follow.text not in _LIST_END and follow.text != ",":
            break
        last, j, items = nxt, nxt, items + 1
    start_tok = tokens[i]
    return start_tok.start if start_tok.start >= anchor or after_measure else anchor, tokens[last - 1].end


def subject_before(tokens: list[Token], limit: int) -> tuple[int, int] | None:
    """Noun phrase before a predicate verb that ends before character offset `limit`
    ("doanh thu đạt …", "tỷ lệ hộ nghèo giảm còn …"); None after an action verb ("phạt …")."""
    stops, skips, predicates = _words()
    k = len(tokens)
    while k > 0 and tokens[k - 1].end > limit:
        k -= 1
    seen_predicate = False
    while k > 0:
        low = tokens[k - 1].text.lower()
        pair = f"{tokens[k - 2].text.lower()} {low}" if k > 1 else ""
        if pair in predicates or pair in skips:
            seen_predicate = seen_predicate or pair in predicates
            k -= 2
        elif low in predicates or low in skips:
            seen_predicate = seen_predicate or low in predicates
            k -= 1
        else:
            break
    if not seen_predicate or k == 0:
        return None
    end = k
    # A date inside the phrase ("doanh thu năm 2023 đạt …") is skipped, not kept as its end.
    while end > 0 and (
        _is_number(tokens[end - 1]) or tokens[end - 1].text.lower() in ("năm", "tháng", "quý")
    ):
        if (
            end - 1 > 0
            and _is_number(tokens[end - 1])
            and tokens[end - 2].text.lower() in ("năm", "tháng", "quý")
        ):
            end -= 2
            continue
        break
    j = end
    while j > 0 and end - j < 7:
        tok = tokens[j - 1]
        low = tok.text.lower()
        if low == "của" and j - 1 > 0 and j < end and _nounish(tokens[j - 2]):
            j -= 1
            continue
        if (low in stops and low not in _LEFT_ALLOWED) or not _nounish(tok):
            break
        j -= 1
    while j < end and (tokens[j].pos == "V" or tokens[j].text.lower() == "của"):
        j += 1
    if j >= end or not any(t.pos in _NOUN or t.pos == "M" for t in tokens[j:end]):
        return None
    return tokens[j].start, tokens[end - 1].end
