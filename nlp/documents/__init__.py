"""Official document references (SPEC §2.3): numbered, listed, and cited by name."""

from __future__ import annotations

from nlp.doc import Doc
from nlp.documents.context import (
    date_after,
    issuer_after,
    issuer_before,
    part_before,
    skip_of_phrase,
    title_after,
)
from nlp.documents.refs import (
    Ref,
    congress_resolutions,
    constitutions,
    extend_lists,
    laws_by_name,
    numbered,
)
from nlp.documents.selfref import drop_own
from nlp.records import DocumentRef, Mention
from nlp.registry import register


def _resolve(refs: list[Ref]) -> list[Ref]:
    """Non-overlapping references, longer first (a law's name with its number beats the number)."""
    kept: list[Ref] = []
    for r in sorted(refs, key=lambda r: (-(r.end - r.start), r.start)):
        if all(r.end <= k.start or k.end <= r.start for k in kept):
            kept.append(r)
    return sorted(kept, key=lambda r: r.start)


def _record(doc: Doc, ref: Ref, next_start: int | None) -> DocumentRef:
    text = doc.text
    part = None if ref.member else part_before(text, ref.start)
    issued_on = None
    issuer_span = ref.issuer_span
    title_span = ref.title_span
    if not ref.list_next:
        # After the reference: its issue date and issuing body, in either order, then its title.
        pos = ref.end
        named, pos = issuer_after(text, pos)
        issued_on, pos = date_after(text, pos)
        if named is None:
            named, pos = issuer_after(text, pos)
        issuer_span = issuer_span or named
        if title_span is None:
            # "về X" right after a cited part describes the part, not the document (gold README).
            title_span = title_after(
                text, skip_of_phrase(text, pos), next_start, quoted_only=part is not None
            )
    issuer = None
    if issuer_span is not None:
        issuer = doc.written(*issuer_span)  # the body as the text names it
    elif ref.issuer is not None:
        issuer = ref.issuer  # expanded from the symbol's code
    else:
        before = issuer_before(text, ref.start)  # "Thủ tướng vừa ký ban hành Nghị định …"
        issuer = doc.written(*before) if before else None
    return DocumentRef(
        ref.start,
        ref.end,
        text[ref.start : ref.end],
        doc_type=ref.doc_type,
        number=ref.number,
        year=ref.year,
        code=ref.code,
        issuer=issuer,
        title=doc.written(*title_span) if title_span else None,
        issued_on=issued_on,
        part=part,
        rule=ref.rule,
    )


@register("document", priority=3)
def extract_documents(doc: Doc) -> list[Mention]:
    text = doc.text
    refs = extend_lists(text, numbered(text))
    refs = _resolve(refs + laws_by_name(text) + constitutions(text) + congress_resolutions(text))
    refs = drop_own(text, refs)
    out: list[Mention] = []
    for k, ref in enumerate(refs):
        next_start = refs[k + 1].start if k + 1 < len(refs) else None
        out.append(_record(doc, ref, next_start))
    return out
