"""spaCy integration: a Vietnamese `Language` tokenised by underthesea and the `vnpress` component."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import spacy
from spacy.language import BaseDefaults, Language
from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.vocab import Vocab

from nlp.pipeline import extract
from nlp.records import Mention, mention_from_dict
from nlp.text.sentences import split_sentences
from nlp.text.tokens import align_words

SPAN_KEYS = {"figure": "figures", "date": "dates", "document": "documents"}
LANG = "vi_vnpress"
_SPACE = re.compile(r"\s+")


def _register_extensions() -> None:
    # The record is plain SPEC JSON, so it survives Doc.to_bytes, DocBin and nlp.pipe(n_process>1).
    if not Span.has_extension("record"):
        Span.set_extension("record", default=None)
    if not Span.has_extension("mention"):
        Span.set_extension("mention", getter=lambda span: _as_mention(span._.record))


def _as_mention(record: dict[str, Any] | None) -> Mention | None:
    return mention_from_dict(record) if record is not None else None


def word_spans(text: str) -> list[tuple[int, int]]:
    """underthesea words of `text` as exact character spans, one sentence at a time (never the whole text).

    A word keeps whatever spacing the text has between its syllables; a word underthesea rewrote
    so that it cannot be found in the text is replaced by its syllables.
    """
    from underthesea import word_tokenize

    spans: list[tuple[int, int]] = []
    for sentence in split_sentences(text):
        for span in align_words(sentence.text, word_tokenize(sentence.text)):
            if span is not None:
                spans.append((sentence.start + span[0], sentence.start + span[1]))
    # Anything underthesea skipped (a stray symbol) still becomes tokens, split at whitespace.
    out: list[tuple[int, int]] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        out.extend(_plain_tokens(text, pos, start))
        out.append((start, end))
        pos = end
    out.extend(_plain_tokens(text, pos, len(text)))
    return out


def _plain_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def doc_from_spans(vocab: Vocab, text: str, spans: Iterable[tuple[int, int]]) -> Doc:
    """A Doc whose tokens are the given spans and whose text is exactly `text`.

    spaCy keeps one trailing space per token; any other whitespace becomes a whitespace token.
    """
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0

    def gap(upto: int) -> None:
        nonlocal pos
        between = text[pos:upto]
        if not between:
            return
        if words and between.startswith(" ") and not spaces[-1]:
            spaces[-1] = True
            between = between[1:]
        if between:
            words.append(between)
            spaces.append(False)
        pos = upto

    for start, end in spans:
        gap(start)
        words.append(text[start:end])
        spaces.append(False)
        pos = end
    gap(len(text))
    doc = Doc(vocab, words=words, spaces=spaces)
    assert doc.text == text, "token alignment lost characters"
    return doc


class UndertheseaTokenizer:
    """Tokenizer: underthesea `word_tokenize` words (multi-syllable words stay one token)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return doc_from_spans(self.vocab, text, word_spans(text))

    # Serialisation hooks spaCy calls on the tokenizer: it holds no state of its own.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> UndertheseaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> UndertheseaTokenizer:
        return self


@registry.tokenizers("vnpress.UndertheseaTokenizer.v1")
def create_tokenizer() -> Callable[[Language], UndertheseaTokenizer]:
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab)

    return make


class VietnameseDefaults(BaseDefaults):
    config = spacy.util.load_config_from_str(
        """
[nlp]
tokenizer = {"@tokenizers":"vnpress.UndertheseaTokenizer.v1"}
"""
    )
    writing_system = {"direction": "ltr", "has_case": True, "has_letters": True}


@registry.languages(LANG)
class VietnamesePress(Language):
    """Vietnamese as vnpress reads it: underthesea words, no pyvi."""

    lang = LANG
    Defaults = VietnameseDefaults


def _split_at(doc: Doc, cuts: set[int]) -> Doc:
    """The same text with token boundaries added at `cuts` (character offsets inside tokens)."""
    spans: list[tuple[int, int]] = []
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        inner = sorted(c for c in cuts if start < c < end)
        for c in [*inner, end]:
            piece = doc.text[start:c]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if piece.strip():
                spans.append((start + lead, c - trail))
            start = c
    return doc_from_spans(doc.vocab, doc.text, spans)


class VnpressComponent:
    """Fills doc.spans["figures"|"dates"|"documents"] with the mentions `nlp.extract` finds.

    Each span's `._.record` is the mention's SPEC JSON (with its rule); `._.mention` rebuilds the
    typed record. A mention that begins or ends inside an underthesea word splits that word, so
    every span covers exactly the mention's characters; put the component first in the pipeline.
    """

    def __init__(self, ref_date: str | None = None, kinds: list[str] | None = None) -> None:
        self.ref_date = ref_date
        self.kinds = kinds
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        ref = doc.user_data.get("ref_date", self.ref_date) if doc.user_data else self.ref_date
        mentions = extract(doc.text, ref, self.kinds)
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t.text) for t in doc}
        cuts = {m.start for m in mentions if m.start not in starts} | {
            m.end for m in mentions if m.end not in ends
        }
        if cuts:
            user_data = dict(doc.user_data)
            doc = _split_at(doc, cuts)
            doc.user_data.update(user_data)
        groups: dict[str, list[Span]] = {key: [] for key in SPAN_KEYS.values()}
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.kind.upper())
            if span is None:  # cannot happen after the split; never drop a mention silently
                raise ValueError(f"mention {m.text!r} at {m.start}:{m.end} does not align with tokens")
            span._.record = m.to_dict(with_rule=True)
            groups[SPAN_KEYS[m.kind]].append(span)
        for key, spans in groups.items():
            doc.spans[key] = spans
        return doc


@Language.factory("vnpress", default_config={"ref_date": None, "kinds": None})
def make_vnpress(nlp: Language, name: str, ref_date: str | None, kinds: list[str] | None) -> VnpressComponent:
    return VnpressComponent(ref_date, kinds)


def load(ref_date: str | None = None) -> Language:
    """The Vietnamese pipeline with the `vnpress` component: `vnpress.nlp.spacy_vi.load()("…")`."""
    _register_extensions()
    nlp = spacy.blank(LANG)
    nlp.add_pipe("vnpress", config={"ref_date": ref_date})
    return nlp


_register_extensions()
