"""underthesea's default POS tagger with its feature extraction rewritten: same model, same tags, faster.

underthesea 6-9 builds the CRF features of `pos_tag` in pure Python, re-parsing each feature
template with a regex and rebuilding the sentence columns for every token (quadratic in the
sentence length): most of the tagging time. This module computes the very same feature strings
in one pass and calls the same CRF model, so `pos_tag(s) == underthesea.pos_tag(s)` for every
sentence (tests/test_fast_pos.py checks it on real text).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from nlp.text.fast_words import word_tokenize  # underthesea's word_tokenize, same words, faster


@cache
def _model() -> Any:
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return CRFPOSTagPredictor.Instance().model


def _istitle(word: str) -> str:
    # underthesea's text_istitle: every space-separated part starts with a capital.
    if not word:
        return "False"
    try:
        return str(all(part[0].istitle() for part in word.split(" ")))
    except IndexError:
        return "False"


# (lower case, istitle) of each word seen, cached: the same words come back all the time.
_PROPS: dict[str, tuple[str, str]] = {}


def _props(word: str) -> tuple[str, str]:
    if len(_PROPS) >= 200_000:
        _PROPS.clear()
    found = _PROPS[word] = (word.lower(), _istitle(word))
    return found


def _padded(vals: list[str], width: int) -> list[str]:
    """Column values (n-grams of `width` tokens) with BOS before and EOS after, so that the cell at
    offset k of token i is padded[i + k + 3] (k in -3..2)."""
    return ["BOS"] * 3 + vals + ["EOS"] * (width + 2)


# (feature name, column, offset or offsets), in underthesea's template order.
_TEMPLATE: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("T[-2].lower", "lower", (-2,)),
    ("T[-1].lower", "lower", (-1,)),
    ("T[0].lower", "lower", (0,)),
    ("T[1].lower", "lower", (1,)),
    ("T[2].lower", "lower", (2,)),
    ("T[0].istitle", "title", (0,)),
    ("T[-1].istitle", "title", (-1,)),
    ("T[1].istitle", "title", (1,)),
    ("T[-2]", "word", (-2,)),
    ("T[-1]", "word", (-1,)),
    ("T[0]", "word", (0,)),
    ("T[1]", "word", (1,)),
    ("T[2]", "word", (2,)),
    ("T[-2,-1]", "word", (-2, -1)),
    ("T[-1,0]", "word", (-1, 0)),
    ("T[0,1]", "word", (0, 1)),
    ("T[1,2]", "word", (1, 2)),
    ("T[-3][1]", "tag", (-3,)),
    ("T[-2][1]", "tag", (-2,)),
    ("T[-1][1]", "tag", (-1,)),
    ("T[-3,-2][1]", "tag", (-3, -2)),
    ("T[-2,-1][1]", "tag", (-2, -1)),
)


def _cell(name: str, column: str, offsets: tuple[int, ...]) -> tuple[str, tuple[str, int], int]:
    return name + "=", (column, offsets[-1] - offsets[0] + 1), offsets[0]


_CELLS = tuple(_cell(*t) for t in _TEMPLATE)


def features(words: list[str]) -> list[tuple[str, ...]]:
    """The feature strings of underthesea's POS template, token by token."""
    n = len(words)
    props = [_PROPS.get(w) or _props(w) for w in words]
    tags = ["X"] * n  # the placeholder tag column underthesea feeds its template
    columns = {
        ("word", 1): words,
        ("word", 2): [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)],
        ("lower", 1): [p[0] for p in props],
        ("title", 1): [p[1] for p in props],
        ("tag", 1): tags,
        ("tag", 2): ["X X"] * (n - 1),
    }
    padded = {key: _padded(vals, key[1]) for key, vals in columns.items()}
    cells = [list(map(prefix.__add__, padded[key][k + 3 : k + 3 + n])) for prefix, key, k in _CELLS]
    return list(zip(*cells, strict=True))


def pos_tag(sentence: str) -> list[tuple[str, str]]:
    """Words and POS tags of one sentence, exactly as `underthesea.pos_tag(sentence)`."""
    words = word_tokenize(sentence)
    if not words:
        return []
    tags = _model().tag(features(words))
    return list(zip(words, tags, strict=True))
