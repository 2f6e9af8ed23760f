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

from underthesea import word_tokenize


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


def features(words: list[str]) -> list[list[str]]:
    """The feature strings of underthesea's POS template, token by token."""
    n = len(words)
    lower = [w.lower() for w in words]
    title = [_istitle(w) for w in words]
    out: list[list[str]] = []
    for i in range(n):

        def at(k: int, col: list[str]) -> str:
            j = i + k
            if j < 0:
                return "BOS"
            if j >= n:
                return "EOS"
            return col[j]

        def pair(a: int, b: int, col: list[str]) -> str:
            if i + a < 0:
                return "BOS"
            if i + a >= n or i + b >= n:
                return "EOS"
            return " ".join(col[i + a : i + b + 1])

        def tag(k: int) -> str:
            j = i + k
            return "BOS" if j < 0 else ("EOS" if j >= n else "X")

        def tag_pair(a: int, b: int) -> str:
            if i + a < 0:
                return "BOS"
            if i + a >= n or i + b >= n:
                return "EOS"
            return " ".join(["X"] * (b - a + 1))

        out.append(
            [
                f"T[-2].lower={at(-2, lower)}",
                f"T[-1].lower={at(-1, lower)}",
                f"T[0].lower={at(0, lower)}",
                f"T[1].lower={at(1, lower)}",
                f"T[2].lower={at(2, lower)}",
                f"T[0].istitle={at(0, title)}",
                f"T[-1].istitle={at(-1, title)}",
                f"T[1].istitle={at(1, title)}",
                f"T[-2]={at(-2, words)}",
                f"T[-1]={at(-1, words)}",
                f"T[0]={at(0, words)}",
                f"T[1]={at(1, words)}",
                f"T[2]={at(2, words)}",
                f"T[-2,-1]={pair(-2, -1, words)}",
                f"T[-1,0]={pair(-1, 0, words)}",
                f"T[0,1]={pair(0, 1, words)}",
                f"T[1,2]={pair(1, 2, words)}",
                f"T[-3][1]={tag(-3)}",
                f"T[-2][1]={tag(-2)}",
                f"T[-1][1]={tag(-1)}",
                f"T[-3,-2][1]={tag_pair(-3, -2)}",
                f"T[-2,-1][1]={tag_pair(-2, -1)}",
            ]
        )
    return out


def pos_tag(sentence: str) -> list[tuple[str, str]]:
    """Words and POS tags of one sentence, exactly as `underthesea.pos_tag(sentence)`."""
    words = word_tokenize(sentence)
    if not words:
        return []
    tags = _model().tag(features(words))
    return list(zip(words, tags, strict=True))
