"""Token-overlap scores used to check extracted text against a reference reading."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Word tokens after NFC and case folding (punctuation and spacing do not count)."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text).casefold())


def token_prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of `predicted` against `reference`."""
    pred, ref = Counter(tokens(predicted)), Counter(tokens(reference))
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    p = overlap / sum(pred.values())
    r = overlap / sum(ref.values())
    return p, r, 2 * p * r / (p + r)


def token_f1(predicted: str, reference: str) -> float:
    return token_prf(predicted, reference)[2]


def prefix_like(predicted: str, reference: str) -> str:
    """The start of `predicted` holding as many tokens as `reference`.

    For references cut to a length (long legal texts), compare like with like.
    """
    n = len(tokens(reference))
    text = unicodedata.normalize("NFC", predicted)
    for count, m in enumerate(_TOKEN.finditer(text), start=1):
        if count == n:
            return text[: m.end()]
    return predicted
