"""The dates extractor's language data, loaded from `data/` and turned into regex alternations."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.langdata import data_path, load_map, load_rows, load_words


def _path(name: str):  # noqa: ANN202 - a Path
    return data_path(__file__, name)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


_Trie = dict[str, "_Trie"]


def trie_alternation(words: Iterable[str]) -> str:
    """The phrases of `alternation(words)`, lower-cased, as a regex trie: it matches the same
    longest phrase at each position, but tests each character once instead of every phrase."""
    root: _Trie = {}
    for w in words:
        node = root
        for ch in " ".join(w.lower().split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        kids = sorted((ch, sub) for ch, sub in node.items() if ch)
        if not kids:
            return ""
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in kids]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def key(text: str) -> str:
    """Lookup key of a matched phrase: lower case, single spaces."""
    return " ".join(text.lower().split())


MONTHS: dict[str, int] = {k: int(v) for k, v in load_map(_path("months.tsv")).items()}
WEEKDAYS: dict[str, int] = {k.lower(): int(v) for k, v in load_map(_path("weekdays.tsv")).items()}
PARTS_OF_DAY: dict[str, tuple[str, tuple[int, int] | None]] = {}
for _row in load_rows(_path("parts_of_day.tsv")):
    _lo_hi = None if _row[2] == "-" else tuple(int(x) for x in _row[2].split("-"))
    PARTS_OF_DAY[_row[0]] = (_row[1], _lo_hi)  # type: ignore[assignment]
RELATIVE: dict[str, tuple[str, int]] = {r[0]: (r[1], int(r[2])) for r in load_rows(_path("relative.tsv"))}
ANCHORED: dict[str, int] = {k: int(v) for k, v in load_map(_path("anchored.tsv")).items()}
DEICTIC: dict[str, int] = {k: int(v) for k, v in load_map(_path("deictic_words.tsv")).items()}
PERIOD_WORDS: tuple[str, ...] = load_words(_path("period_words.tsv"))
NOW_WORDS: tuple[str, ...] = load_words(_path("now_words.tsv"))
MODS: dict[str, str] = load_map(_path("mods.tsv"))
POSITION_MODS = {k: v for k, v in MODS.items() if v in ("start", "mid", "end")}
AMOUNT_MODS = {k: v for k, v in MODS.items() if v not in ("start", "mid", "end")}
UNITS: dict[str, tuple[str, bool]] = {
    r[0]: (r[1], r[2] == "T") for r in load_rows(_path("duration_units.tsv"))
}
SETS: dict[str, str] = load_map(_path("sets.tsv"))
SEASONS: dict[str, str] = load_map(_path("seasons.tsv"))
VAGUE: tuple[str, ...] = load_words(_path("vague_amounts.tsv"))
HOLIDAYS: dict[str, tuple[bool, int, int]] = {
    key(r[0]): (r[1] == "lunar", int(r[2]), int(r[3])) for r in load_rows(_path("holidays.tsv"))
}
LUNAR_WORDS: dict[str, str] = {k.lower(): v for k, v in load_map(_path("lunar_words.tsv")).items()}
NOT_DATE_BEFORE: tuple[str, ...] = load_words(_path("not_date_before.txt"))
