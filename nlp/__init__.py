"""vnpress NLP: canonical text, sentences and the figure, date and document extractors."""

from nlp.pipeline import Analysis, analyze, extract, parse_ref_date
from nlp.records import Article, DateMention, DocumentRef, Figure, Mention

__all__ = [
    "Analysis",
    "Article",
    "DateMention",
    "DocumentRef",
    "Figure",
    "Mention",
    "analyze",
    "extract",
    "parse_ref_date",
]
