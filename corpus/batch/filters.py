"""Cheap per-article filters of a batch run: host (--site) and language (--lang vi)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from nlp.records import Article

# Combining marks after NFD. Tone and vowel marks that Vietnamese shares with French and others
# (grave, acute, tilde, circumflex) show the text is Latin with accents; hook above, dot below,
# horn and breve (with đ) are Vietnamese almost alone.
_ANY_MARK = frozenset("\u0300\u0301\u0303\u0302\u0306\u0309\u0323\u031b")
_VI_ONLY = frozenset("\u0309\u0323\u031b\u0306")
_WORD = re.compile(r"[^\W\d_]+")
SAMPLE_CHARS = 3000  # the check reads this much of the text: cost per article stays flat
MIN_WORDS = 5


def looks_vietnamese(text: str) -> bool:
    """True when the text reads as Vietnamese: many marked syllables, some with Vietnamese-only marks.

    In Vietnamese prose well over a third of syllables carry a mark and about one in ten a mark no
    other Latin-script language uses; French or English text fails the second test, unaccented
    (telex-less) Vietnamese the first: both are rejected.
    """
    words = _WORD.findall(text[:SAMPLE_CHARS])
    if len(words) < MIN_WORDS:
        return False
    marked = vi_only = 0
    for w in words:
        decomposed = unicodedata.normalize("NFD", w.lower())
        marks = {c for c in decomposed if unicodedata.combining(c)}
        if "đ" in w.lower():
            marks.add("\u0306")  # count đ with the Vietnamese-only marks
        if marks & _ANY_MARK:
            marked += 1
        if marks & _VI_ONLY:
            vi_only += 1
    return marked >= 0.25 * len(words) and vi_only >= 0.04 * len(words)


def host_matches(host: str | None, sites: tuple[str, ...]) -> bool:
    """True when `host` is one of `sites` or a subdomain of one ("vnexpress.net" takes e.vnexpress.net)."""
    if not host:
        return False
    host = host.lower().removeprefix("www.")
    return any(host == s or host.endswith("." + s) for s in sites)


@dataclass(frozen=True)
class Filters:
    """Which articles a run keeps; `rejects` says why one is dropped (None: keep it)."""

    sites: tuple[str, ...] = ()  # lower case, without "www."
    lang: str | None = None  # only "vi" is known

    def __post_init__(self) -> None:
        if self.lang not in (None, "vi"):
            raise ValueError(f"--lang {self.lang!r}: only 'vi' is known")
        object.__setattr__(self, "sites", tuple(s.lower().removeprefix("www.") for s in self.sites))

    def rejects(self, article: Article) -> str | None:
        if self.sites:
            host = article.site or (urlsplit(article.url).hostname if article.url else None)
            if not host_matches(host, self.sites):
                return "site"
        if self.lang == "vi" and not looks_vietnamese(article.text):
            return "lang"
        return None
