"""`vnpress show`: an article's text with every mention highlighted (displaCy `ent` style) and explained."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

from corpus.render import page
from nlp.records import Mention

LABELS = {"figure": "FIGURE", "date": "DATE", "document": "DOCUMENT"}
# Highlight colours, one per kind; the screenshot test looks for exactly these pixels.
COLORS = {"FIGURE": "#ffc857", "DATE": "#7cc6fe", "DOCUMENT": "#9be564"}
_DEFAULT_COLOR = "#dddddd"

# displaCy's own `ent` markup with a hover text and the kind as a class; displaCy escapes the
# mention's text, and `hover` is escaped here before it is handed over.
TEMPLATE = (
    '<mark class="entity vnp-{kind}" data-label="{label}" title="{hover}" style="background: {bg}; '
    "padding: 0.2em 0.35em; margin: 0 0.1em; line-height: 1.9; border-radius: 0.35em; "
    'box-decoration-break: clone; -webkit-box-decoration-break: clone;">{text}'
    '<span class="vnp-label" style="font-size: 0.7em; font-weight: bold; margin-left: 0.35rem; '
    'vertical-align: middle">{label}</span></mark>'
)
_STYLE = """
.meta{color:#555} .legend mark{padding:.1em .4em;border-radius:.3em;margin-right:.6em}
.text{font-size:1.05rem;line-height:2} mark.entity{cursor:help}
"""
_SKIP_FIELDS = {"kind", "start", "end", "text"}


def hover_text(mention: Mention) -> str:
    """The normalised values of a mention, one "field: value" a line (null fields left out)."""
    data = mention.to_dict(with_rule=True)
    lines = [f"{LABELS[mention.kind]} “{' '.join(mention.text.split())}”"]
    for key, value in data.items():
        if key in _SKIP_FIELDS or value is None or value == "":
            continue
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def displacy_markup(text: str, mentions: Sequence[Mention]) -> str:
    """displaCy `ent` markup of the whole text; mentions must not overlap (the pipeline sees to that)."""
    from spacy import displacy

    ents: list[dict[str, Any]] = []
    last_end = 0
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if m.start < last_end or m.end <= m.start:
            continue  # overlapping input: keep the first, as the pipeline would
        ents.append(
            {
                "start": m.start,
                "end": m.end,
                "label": LABELS[m.kind],
                "params": {"kind": m.kind, "hover": html.escape(hover_text(m), quote=True)},
            }
        )
        last_end = m.end
    data = {"text": text, "ents": ents, "title": None}
    options = {"colors": COLORS, "template": TEMPLATE}
    return str(displacy.render(data, style="ent", manual=True, page=False, minify=False, options=options))


def render_show(
    text: str,
    mentions: Sequence[Mention],
    title: str = "",
    meta: Sequence[tuple[str, str]] = (),
) -> str:
    """A self-contained page: headline, legend with counts, and the highlighted text."""
    e = html.escape
    counts = Counter(LABELS[m.kind] for m in mentions)
    legend = "".join(
        f'<mark style="background:{COLORS[label]}">{label} {counts.get(label, 0)}</mark>' for label in COLORS
    )
    head = [f"<h1>{e(title or 'vnpress')}</h1>"]
    if meta:
        head.append('<p class="meta">' + " · ".join(f"{e(k)}: {e(v)}" for k, v in meta if v) + "</p>")
    head.append(f'<p class="legend">{legend}<span class="meta">hover a mention for its values</span></p>')
    body = "\n".join(head) + f'\n<div class="text">{displacy_markup(text, mentions)}</div>'
    return page(title or "vnpress", body, _STYLE)
