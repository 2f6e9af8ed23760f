"""Run extraction over stored articles that are not yet processed, in small all-or-nothing batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from corpus.store import Processed, Store
from nlp import analyze
from nlp.records import Article, DocumentRef, Mention

# Articles per transaction: small enough that a kill loses little work, large enough to be fast.
BATCH = 25


def process_article(article: Article) -> Processed:
    """Extract from one article, its publication time as the reference date (SPEC §1)."""
    analysis = analyze(article.text, ref_date=ref_date_of(article.published_at))
    mentions = [m for m in analysis.mentions if not _is_self_reference(m, article.self_document)]
    return Processed(article.id, analysis.sentences, [(analysis.sentence_index(m), m) for m in mentions])


def _is_self_reference(mention: Mention, own: DocumentRef | None) -> bool:
    """A report file's own number or heading is not a citation (SPEC §2.4: its heading is no mention)."""
    if own is None or not isinstance(mention, DocumentRef):
        return False
    if own.end > own.start and mention.start < own.end and own.start < mention.end:
        return True
    return bool(
        own.number
        and (mention.number or "").lstrip("0") == own.number.lstrip("0")
        and (mention.code or "").upper() == (own.code or "").upper()
    )


def ref_date_of(published_at: str | None) -> str | None:
    """The reference date an article's publication time gives for resolving its relative dates."""
    # Keep the local wall-clock time the site gives ("2023-10-20T10:00:00+07:00" → 2023-10-20T10:00).
    if not published_at:
        return None
    return published_at[:16] if len(published_at) >= 16 and published_at[10] in "T " else published_at[:10]


def _batches(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_store(
    store: Store,
    on_article: Callable[[Article], None] | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> int:
    """Process every unprocessed article; each batch commits together, so a rerun resumes cleanly.

    An article whose extraction fails is reported through `on_error` and left unprocessed (a later
    run tries it again); the other articles of its batch are stored. Returns how many were stored.
    """
    done = 0
    # Materialise the ids first: the loop commits, and a paged read must not skip rows meanwhile.
    pending = [a.id for a in store.iter_articles(unprocessed_only=True)]
    articles = (a for a in (store.get_article(i) for i in pending) if a is not None)
    for batch in _batches(articles, BATCH):
        results = []
        for article in batch:
            try:
                results.append(process_article(article))
            except Exception as exc:  # one bad article must not stop an archive-sized run
                if on_error is None:
                    raise
                on_error(article, exc)
        store.save_processed(results)
        done += len(results)
        if on_article:
            for a in batch:
                on_article(a)
    return done
