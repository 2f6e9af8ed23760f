"""Typed, frozen records: the three mention kinds of SPEC §2 and the Article they come from."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

# Fields that are provenance of the pipeline, not part of the SPEC JSON of a mention.
_INTERNAL_FIELDS = frozenset({"rule"})


def _plain_number(value: float | None) -> float | int | None:
    """Write integral values as JSON integers (1000, not 1000.0) for readable output."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


@dataclass(frozen=True)
class _MentionBase:
    start: int
    end: int
    text: str

    kind: ClassVar[str] = ""

    def to_dict(self, with_rule: bool = False) -> dict[str, Any]:
        """The mention as SPEC JSON: kind, start, end, text, then the kind's fields."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            if f.name in _INTERNAL_FIELDS and not with_rule:
                continue
            value = getattr(self, f.name)
            if isinstance(value, float):
                value = _plain_number(value)
            out[f.name] = value
        return out


@dataclass(frozen=True)
class Figure(_MentionBase):
    """A number that quantifies something (SPEC §2.1)."""

    value: float | None = None
    value_max: float | None = None
    qualifier: str = "eq"
    quantity: str = "count"
    unit: str | None = None
    subject: str | None = None
    change: str | None = None
    compared_to: str | None = None
    per: str | None = None
    rule: str = ""

    kind: ClassVar[str] = "figure"


@dataclass(frozen=True)
class DateMention(_MentionBase):
    """A temporal expression after TIMEX3 (SPEC §2.2)."""

    type: str = "date"
    value: str | None = None
    mod: str | None = None
    rule: str = ""

    kind: ClassVar[str] = "date"


@dataclass(frozen=True)
class DocumentRef(_MentionBase):
    """A reference to an official document, văn bản (SPEC §2.3)."""

    doc_type: str | None = None
    number: str | None = None
    year: int | None = None
    code: str | None = None
    issuer: str | None = None
    title: str | None = None
    issued_on: str | None = None
    part: str | None = None
    rule: str = ""

    kind: ClassVar[str] = "document"


Mention = Figure | DateMention | DocumentRef

MENTION_TYPES: dict[str, type[Figure] | type[DateMention] | type[DocumentRef]] = {
    "figure": Figure,
    "date": DateMention,
    "document": DocumentRef,
}


def mention_from_dict(data: dict[str, Any]) -> Mention:
    """Rebuild a mention from its SPEC JSON (unknown keys are ignored)."""
    cls = MENTION_TYPES[data["kind"]]
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def content_hash(*parts: str | None) -> str:
    """A stable hash of an article's identity-bearing text, used to deduplicate ingestion."""
    h = hashlib.sha256()
    for part in parts:
        h.update((part or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(frozen=True)
class Article:
    """One article or report as collected: reading text apart from captions and attribution."""

    id: str
    title: str = ""
    body: str = ""
    sapo: str = ""
    url: str | None = None
    site: str | None = None
    captions: tuple[str, ...] = ()
    published_at: str | None = None  # ISO 8601, with +07:00 when the site gives a zone
    modified_at: str | None = None
    author: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None  # attribution: the publication the text was taken from ("Nguồn: …")
    fetched_at: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # site-specific properties: a legal text's number, issuer …
    # A report read from a file: the document's own header (letterhead) as a reference to itself,
    # and the offset in `text` where each page starts (page n begins at page_starts[n - 1]).
    self_document: DocumentRef | None = None
    page_starts: tuple[int, ...] = ()
    hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.hash:
            object.__setattr__(self, "hash", content_hash(self.url, self.title, self.sapo, self.body))

    @property
    def text(self) -> str:
        """The reading text that extraction runs on; mention offsets point into it."""
        return "\n\n".join(part for part in (self.title, self.sapo, self.body) if part)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page of the character at `offset` in `text`, None when pages are unknown."""
        page = sum(1 for start in self.page_starts if start <= offset)
        return max(page, 1) if self.page_starts else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["captions"] = list(self.captions)
        data["tags"] = list(self.tags)
        data["page_starts"] = list(self.page_starts)
        if self.self_document is not None:
            data["self_document"] = self.self_document.to_dict()
        return data
