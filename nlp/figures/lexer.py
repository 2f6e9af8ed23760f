"""Split a sentence into numeral, word and sign tokens with offsets, and match data phrases on them."""

from __future__ import annotations

from typing import NamedTuple

from nlp.figures.lexicon import TOKEN, Phrase, PhraseTable


class Tok(NamedTuple):
    """One token: offsets into the document text, the text, its lower case, and its surroundings.
    (A named tuple: sentences make many of them, and tuples are the cheapest to build.)"""

    start: int
    end: int
    text: str
    low: str
    spaced: bool  # whitespace (or the sentence start) precedes it
    line_start: bool  # first token of its line

    @property
    def is_num(self) -> bool:
        return "0" <= self.text[0] <= "9"

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of text[start:end]; offsets stay those of `text`."""
    toks: list[Tok] = []
    append = toks.append
    has_newline = text.find("\n", start, end) >= 0
    prev_end = -1
    for m in TOKEN.finditer(text, start, end):
        a, b = m.span()
        word = m.group()
        if prev_end >= 0:
            append(Tok(a, b, word, word.lower(), a > prev_end, has_newline and "\n" in text[prev_end:a]))
        else:
            line_start = not text[text.rfind("\n", 0, a) + 1 : a].strip()
            append(Tok(a, b, word, word.lower(), True, line_start))
        prev_end = b
    return toks


def match_at(table: PhraseTable, toks: list[Tok], i: int) -> tuple[Phrase, int] | None:
    """Longest phrase of `table` starting at token i; returns it and the index after it."""
    if i >= len(toks):
        return None
    for phrase in table.by_first.get(toks[i].low, ()):
        n = len(phrase.tokens)
        if i + n > len(toks):
            continue
        if all(toks[i + k].low == phrase.tokens[k] for k in range(1, n)) and all(
            toks[i + k].spaced == phrase.spaced[k - 1] for k in range(1, n)
        ):
            return phrase, i + n
    return None


def match_before(table: PhraseTable, toks: list[Tok], j: int) -> tuple[Phrase, int] | None:
    """Longest phrase of `table` ending just before token j; returns it and its first index."""
    if j <= 0:
        return None
    for phrase in table.by_last.get(toks[j - 1].low, ()):
        n = len(phrase.tokens)
        i = j - n
        if i < 0:
            continue
        if all(toks[i + k].low == phrase.tokens[k] for k in range(n - 1)) and all(
            toks[i + k].spaced == phrase.spaced[k - 1] for k in range(1, n)
        ):
            return phrase, i
    return None
