"""underthesea's word segmenter with its CRF features built in Python: same model, same words, faster.

underthesea's `word_tokenize` hands every sentence to a Rust `CRFFeaturizer` that re-reads its
43 feature templates for every syllable (most of the segmentation time). This module builds the
very same feature strings column by column and calls the same CRF model, so
`word_tokenize(s) == underthesea.word_tokenize(s)` (tests/test_fast_words.py checks it on real
text and on edge cases). The featurizer's own definitions are kept: `isdigit` is "parses as a
32-bit integer" ("-1" yes, "1.000" no), `istitle` is "every space-separated part starts with a
character that upper-casing leaves unchanged" ("1.200" and "ABC" yes), `is_in_dict` looks the
lower-cased text up in the model's dictionary.
"""

from __future__ import annotations

import re
from functools import cache
from os.path import dirname, isfile, join
from typing import Any

_INT = re.compile(r"[+-]?[0-9]+")
_I32 = 2**31


@cache
def _model() -> tuple[Any, frozenset[str]] | None:
    """underthesea's segmentation CRF and its dictionary (the featurizer's word list), loaded from
    underthesea's own model files, or None when this underthesea no longer has the files and
    template this module mirrors.

    The files are read once, here: going through `underthesea.word_tokenize` would also build its
    Rust featurizer over the 72,000-word dictionary, which this module never uses (a third of a
    second at every start).
    """
    import joblib  # underthesea's own dependency, which wrote these files
    import underthesea.pipeline.word_tokenize as ws

    try:
        from underthesea_core import CRFTagger
    except ImportError:
        return None
    path = join(dirname(ws.__file__), "models", "ws_crf_vlsp2013_20230727")
    files = [join(path, name) for name in ("features.bin", "dictionary.bin", "models.bin")]
    if not all(isfile(f) for f in files):
        return None
    features = joblib.load(files[0])
    if features != list(_TEMPLATE):
        return None
    dictionary = frozenset(joblib.load(files[1]))
    estimator = CRFTagger()
    estimator.load(files[2])  # the model underthesea's FastCRFSequenceTagger loads
    return estimator, dictionary


def _loaded() -> tuple[Any, frozenset[str]]:
    model = _model()
    if model is None:
        raise RuntimeError(
            "underthesea's word segmentation model changed: nlp.text.fast_words needs an update"
        )
    return model


_TEMPLATE = (
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]", "T[-2,0]", "T[-1,1]", "T[0,2]",
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[-2,-1].lower", "T[-1,0].lower", "T[0,1].lower", "T[1,2].lower",
    "T[-1].isdigit", "T[0].isdigit", "T[1].isdigit",
    "T[-2].istitle", "T[-1].istitle", "T[0].istitle", "T[1].istitle", "T[2].istitle",
    "T[0,1].istitle", "T[0,2].istitle",
    "T[-2].is_in_dict", "T[-1].is_in_dict", "T[0].is_in_dict", "T[1].is_in_dict", "T[2].is_in_dict",
    "T[-2,-1].is_in_dict", "T[-1,0].is_in_dict", "T[0,1].is_in_dict", "T[1,2].is_in_dict",
    "T[-2,0].is_in_dict", "T[-1,1].is_in_dict", "T[0,2].is_in_dict",
)  # fmt: skip


def _cell(name: str) -> tuple[str, tuple[str, int], int]:
    """ "T[-1,1].lower" -> ("T[-1,1].lower=", ("lower", 3), -1): prefix, column, first offset."""
    head, _, attr = name.partition(".")
    offsets = [int(x) for x in head[2:-1].split(",")]
    return name + "=", (attr, offsets[-1] - offsets[0] + 1), offsets[0]


_CELLS = tuple(_cell(name) for name in _TEMPLATE)


def _isdigit(token: str) -> str:
    if not _INT.fullmatch(token):
        return "False"
    return "True" if -_I32 <= int(token) < _I32 else "False"


def _istitle(token: str) -> bool:
    return all(part[:1].upper() == part[:1] for part in token.split(" "))


def _padded(vals: list[str], width: int) -> list[str]:
    """n-gram values with the featurizer's BOS before and EOS after, so that the cell at offset k
    of token i is padded[i + k + 2] (k in -2..2)."""
    return ["BOS", "BOS", *vals, *(["EOS"] * (width + 1))]


# Per-syllable values, cached: the same syllables come back all the time. Cleared when large.
_CACHE_LIMIT = 200_000
_PROPS: dict[str, tuple[str, str, bool, str]] = {}
_NORMALIZED: dict[str, str] = {}


def _props(token: str, dictionary: frozenset[str]) -> tuple[str, str, bool, str]:
    """(lower case, isdigit, istitle, is_in_dict) of one syllable."""
    found = _PROPS.get(token)
    if found is None:
        if len(_PROPS) >= _CACHE_LIMIT:
            _PROPS.clear()
        low = token.lower()
        found = _PROPS[token] = (low, _isdigit(token), _istitle(token), str(low in dictionary))
    return found


def features(tokens: list[str]) -> list[tuple[str, ...]]:
    """The feature strings of underthesea's segmentation template, syllable by syllable."""
    _, dictionary = _loaded()
    n = len(tokens)
    props = [_props(t, dictionary) for t in tokens]
    low = [p[0] for p in props]
    bi = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    bi_low = [f"{a} {b}" for a, b in zip(low, low[1:], strict=False)]
    tri = [f"{a} {b}" for a, b in zip(bi, tokens[2:], strict=False)]
    tri_low = [f"{a} {b}" for a, b in zip(bi_low, low[2:], strict=False)]
    title_b = [p[2] for p in props]
    columns = {
        ("", 1): tokens,
        ("", 2): bi,
        ("", 3): tri,
        ("lower", 1): low,
        ("lower", 2): bi_low,
        ("lower", 3): tri_low,
        ("isdigit", 1): [p[1] for p in props],
        ("istitle", 1): [str(t) for t in title_b],
        ("istitle", 2): [str(a and b) for a, b in zip(title_b, title_b[1:], strict=False)],
        ("istitle", 3): [
            str(a and b and c) for a, b, c in zip(title_b, title_b[1:], title_b[2:], strict=False)
        ],
        ("is_in_dict", 1): [p[3] for p in props],
        ("is_in_dict", 2): [str(t in dictionary) for t in bi_low],
        ("is_in_dict", 3): [str(t in dictionary) for t in tri_low],
    }
    padded = {key: _padded(vals, key[1]) for key, vals in columns.items()}
    cells = [list(map(prefix.__add__, padded[key][k + 2 : k + 2 + n])) for prefix, key, k in _CELLS]
    return list(zip(*cells, strict=True))


def syllables(sentence: str) -> list[str]:
    """underthesea's regex tokenizer (`regex_tokenize.tokenize` with token normalisation), with the
    normalised form of each token cached."""
    from underthesea.pipeline.word_tokenize import regex_tokenize as rt

    out: list[str] = []
    normalized = _NORMALIZED
    token_normalize = rt.token_normalize
    # Every alternative of underthesea's pattern is one named group around the whole match, so
    # the token underthesea picks from the group dict is the match itself.
    for m in rt.patterns.finditer(rt.normalize_characters_in_text(sentence)):
        token = m.group()
        norm = normalized.get(token)
        if norm is None:
            if len(normalized) >= _CACHE_LIMIT:
                normalized.clear()
            norm = normalized[token] = token_normalize(token)
        out.append(norm)
    return out


def word_tokenize(sentence: str) -> list[str]:
    """Words of one sentence, exactly as `underthesea.word_tokenize(sentence)`."""
    model = _model()
    if model is None:  # another underthesea: its own (slower) segmenter gives the same words
        from underthesea import word_tokenize as underthesea_word_tokenize

        return list(underthesea_word_tokenize(sentence))
    tokens = syllables(sentence)
    if not tokens:
        return []
    tags = model[0].tag(features(tokens))
    output: list[str] = []
    for tag, token in zip(tags, tokens, strict=True):
        if tag == "I-W" and output:
            output[-1] = output[-1] + " " + token
        else:
            output.append(token)
    return output
