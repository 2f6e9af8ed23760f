"""The figure extractor's language data (nlp/figures/data), loaded once into lookup tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.langdata import data_path, load_map, load_rows, load_words

# The token grammar every table is written in: a numeral, a run of letters, or one other sign.
TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|\S")


def split_phrase(phrase: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Tokens of a phrase and, for each token after the first, whether a space precedes it."""
    tokens: list[str] = []
    spaced: list[bool] = []
    last_end = -1
    for m in TOKEN.finditer(phrase):
        if tokens:
            spaced.append(m.start() > last_end)
        tokens.append(m.group().lower())
        last_end = m.end()
    return tuple(tokens), tuple(spaced)


@dataclass(frozen=True)
class Phrase:
    """A multi-token entry of a table: its tokens, their spacing, and the value it stands for."""

    tokens: tuple[str, ...]
    spaced: tuple[bool, ...]
    value: tuple[str, ...]


class PhraseTable:
    """Phrases indexed by first and by last token, for longest matches forwards or backwards."""

    def __init__(self, rows: list[tuple[str, tuple[str, ...]]]) -> None:
        self.by_first: dict[str, list[Phrase]] = {}
        self.by_last: dict[str, list[Phrase]] = {}
        for written, value in rows:
            tokens, spaced = split_phrase(written)
            if not tokens:
                continue
            phrase = Phrase(tokens, spaced, value)
            self.by_first.setdefault(tokens[0], []).append(phrase)
            self.by_last.setdefault(tokens[-1], []).append(phrase)
        for table in (self.by_first, self.by_last):
            for phrases in table.values():
                phrases.sort(key=lambda p: -len(p.tokens))

    def __contains__(self, word: str) -> bool:
        return word in self.by_first


def _table(name: str, columns: int = 1) -> PhraseTable:
    rows = load_rows(data_path(__file__, name))
    return PhraseTable([(row[0], tuple(row[1 : 1 + columns])) for row in rows])


@dataclass(frozen=True)
class Lexicon:
    units: PhraseTable  # value: (quantity, canonical unit)
    scaled_units: PhraseTable  # units only right after a scale word ("tỷ bảng"); value as units
    measure_words: PhraseTable
    scales: dict[str, float]
    traps: frozenset[tuple[str, str]]
    qualifiers: PhraseTable  # value: (qualifier, before|after)
    upto_triggers: PhraseTable
    changes: PhraseTable  # value: (increase|decrease|level,)
    change_fillers: PhraseTable
    comparison: PhraseTable
    bases: PhraseTable
    time_units: PhraseTable
    id_prefixes: PhraseTable
    street_words: PhraseTable  # a bare number before one, then a name or number, is an address
    score_words: PhraseTable
    predicate_verbs: PhraseTable
    vague: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """All tables, loaded on first use."""
    traps = set()
    for word in load_words(data_path(__file__, "traps.txt")):
        tokens, _ = split_phrase(word)
        if len(tokens) == 2:
            traps.add((tokens[0], tokens[1]))
    return Lexicon(
        units=_table("units.tsv", 2),
        scaled_units=_table("scaled_units.tsv", 2),
        measure_words=_table("measure_words.txt", 0),
        scales={k: float(v) for k, v in load_map(data_path(__file__, "scales.tsv")).items()},
        traps=frozenset(traps),
        qualifiers=_table("qualifiers.tsv", 2),
        upto_triggers=_table("upto_triggers.txt", 0),
        changes=_table("changes.tsv", 1),
        change_fillers=_table("change_fillers.txt", 0),
        comparison=_table("comparison.txt", 0),
        bases=_table("bases.txt", 0),
        time_units=_table("time_units.txt", 0),
        id_prefixes=_table("id_prefixes.txt", 0),
        street_words=_table("street_words.txt", 0),
        score_words=_table("score_words.txt", 0),
        predicate_verbs=_table("predicate_verbs.txt", 0),
        vague=frozenset(load_words(data_path(__file__, "vague_multipliers.txt"))),
    )
