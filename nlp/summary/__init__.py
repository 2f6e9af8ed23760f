"""Extractive summaries: rank a text's sentences (TF-IDF over underthesea words, TextRank, MMR)."""

from nlp.summary.rank import RankedSentence, rank_sentences, select_summary

__all__ = ["RankedSentence", "rank_sentences", "select_summary"]
