"""Sentence ranking: TF-IDF over underthesea words, TextRank times a prior, redundancy-aware pick."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from nlp.langdata import data_path, load_words

# TextRank damping: the usual PageRank value.
DAMPING = 0.85
ITERATIONS = 100
TOLERANCE = 1e-10
# The prior multiplies centrality: a sentence carrying key figures gains 1 + 0.5·log2(1 + n),
# n capped at 3 (×1.5 for one figure, ×2 for three or more: several help, a list of thresholds
# in a legal text does not run away), one of the first sentences (the lead) ×1.25.
FIGURE_BONUS = 0.5
FIGURE_CAP = 3
LEAD_BONUS = 0.25
LEAD_SENTENCES = 3
# Maximal marginal relevance: weight of the score against similarity to sentences already picked,
# and the similarity above which a sentence counts as saying the same thing again.
MMR_LAMBDA = 0.7
DUPLICATE_SIMILARITY = 0.6
# Candidates: long enough to say something, short enough to read (words, not syllables).
MIN_WORDS = 6
MAX_WORDS = 120

_HAS_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"https?://|www\.", re.I)
# Prose ends with sentence punctuation; captions, headings and labels usually do not.
_PROSE_END = re.compile(r"[.!?…;\"'”’)»]\s*$")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "stopwords.txt")))


@lru_cache(maxsize=8192)
def _words(sentence: str) -> tuple[str, ...]:
    """underthesea words of one sentence, lower case, without punctuation, numbers or stopwords."""
    from underthesea import word_tokenize

    stop = _stopwords()
    out = []
    for word in word_tokenize(sentence):
        w = " ".join(word.lower().split())
        if w and _HAS_LETTER.search(w) and w not in stop:
            out.append(w)
    return tuple(out)


@dataclass(frozen=True)
class RankedSentence:
    """A sentence's place in the text, its TextRank score and what favoured it."""

    index: int  # position among the sentences given
    score: float  # TextRank centrality times the prior, normalised to sum 1 over candidates
    rank: int  # 1 = best
    figures: int  # key figures the sentence carries
    lead: bool
    candidate: bool  # False: too short, too long or not prose (a URL line, a heading)


def _is_candidate(sentence: str, n_words: int) -> bool:
    if _URL.search(sentence) or not _HAS_LETTER.search(sentence):
        return False
    letters = [c for c in sentence if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return False  # an all-caps heading ("CHƯƠNG I", "HIẾN PHÁP")
    return MIN_WORDS <= n_words <= MAX_WORDS and bool(_PROSE_END.search(sentence))


def _tfidf(docs: Sequence[tuple[str, ...]]) -> sparse.csr_matrix:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(docs):
        return sparse.csr_matrix((len(docs), 1))
    vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2", lowercase=False)
    return sparse.csr_matrix(vectorizer.fit_transform(docs))


def _pagerank(sim: sparse.csr_matrix, prior: np.ndarray) -> np.ndarray:
    """Stationary distribution of a walk on the similarity graph that restarts uniformly."""
    n = sim.shape[0]
    out_weight = np.asarray(sim.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    transition = sparse.diags(inv) @ sim  # row-stochastic where a row has edges
    score = prior.copy()
    for _ in range(ITERATIONS):
        spread = transition.T @ score + score[dangling].sum() * prior
        new = DAMPING * spread + (1 - DAMPING) * prior
        if np.abs(new - score).sum() < TOLERANCE:
            score = new
            break
        score = new
    return np.asarray(score)


def _similarity(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    sim = sparse.csr_matrix(matrix @ matrix.T)
    sim.setdiag(0)
    sim.eliminate_zeros()
    return sim


def rank_sentences(
    sentences: Sequence[str],
    figure_counts: Sequence[int] | None = None,
    eligible: Sequence[bool] | None = None,
) -> list[RankedSentence]:
    """Score every sentence; non-candidates keep score 0. Deterministic: ties break by position.

    `figure_counts` gives how many key figures each sentence carries (favoured); `eligible` can rule sentences
    out beforehand (a title, a dateline) without moving the indices.
    """
    n = len(sentences)
    counts = list(figure_counts) if figure_counts is not None else [0] * n
    allowed = list(eligible) if eligible is not None else [True] * n
    # The length test counts syllables (whitespace pieces): a fair, cheap proxy for words.
    candidate = [allowed[i] and _is_candidate(s, len(s.split())) for i, s in enumerate(sentences)]
    words = [_words(s) if candidate[i] else () for i, s in enumerate(sentences)]
    idx = [i for i in range(n) if candidate[i]]
    scores = np.zeros(n)
    if idx:
        matrix = _tfidf([words[i] for i in idx])
        first = idx[0]
        prior = np.array(
            [
                1.0
                + FIGURE_BONUS * np.log2(1 + min(counts[i], FIGURE_CAP))
                + LEAD_BONUS * (i - first < LEAD_SENTENCES)
                for i in idx
            ]
        )
        centrality = _pagerank(_similarity(matrix), np.full(len(idx), 1.0 / len(idx)))
        weighted = centrality * prior
        scores[idx] = weighted / weighted.sum()
    order = sorted(range(n), key=lambda i: (-scores[i], i))
    rank_of = {i: r for r, i in enumerate(order, 1)}
    first_candidate = idx[0] if idx else 0
    return [
        RankedSentence(
            index=i,
            score=float(scores[i]),
            rank=rank_of[i],
            figures=int(counts[i]),
            lead=candidate[i] and i - first_candidate < LEAD_SENTENCES,
            candidate=candidate[i],
        )
        for i in range(n)
    ]


def select_summary(
    sentences: Sequence[str],
    n: int,
    figure_counts: Sequence[int] | None = None,
    eligible: Sequence[bool] | None = None,
) -> list[RankedSentence]:
    """The `n` best sentences, redundancy removed by maximal marginal relevance, in text order."""
    ranked = rank_sentences(sentences, figure_counts, eligible)
    pool = [r for r in ranked if r.candidate]
    if not pool or n <= 0:
        return []
    matrix = _tfidf([_words(sentences[r.index]) for r in pool])
    sim = (matrix @ matrix.T).toarray()
    top = max(r.score for r in pool) or 1.0
    chosen: list[int] = []  # positions in pool
    remaining = list(range(len(pool)))
    while remaining and len(chosen) < n:
        best, best_value = -1, -np.inf
        for p in remaining:
            redundancy = max((sim[p, c] for c in chosen), default=0.0)
            if redundancy >= DUPLICATE_SIMILARITY:
                continue
            value = MMR_LAMBDA * pool[p].score / top - (1 - MMR_LAMBDA) * redundancy
            if value > best_value + 1e-12:  # strict: the earlier sentence wins a tie
                best, best_value = p, value
        if best < 0:
            break
        chosen.append(best)
        remaining.remove(best)
    return sorted((pool[p] for p in chosen), key=lambda r: r.index)
