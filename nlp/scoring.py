"""Scoring against a gold set (SPEC §4-5): span matching, P/R/F1 per kind, attribute accuracy."""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "figure": (
        "value",
        "value_max",
        "qualifier",
        "quantity",
        "unit",
        "subject",
        "change",
        "compared_to",
        "per",
    ),
    "date": ("type", "value", "mod"),
    "document": ("doc_type", "number", "year", "code", "issuer", "title", "issued_on", "part"),
}
KINDS = tuple(ATTRIBUTES)


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class GoldDoc:
    """One gold document: its text (resolved from text_ref if need be) and its mentions."""

    id: str
    text: str
    ref_date: str | None
    mentions: list[dict[str, Any]]


def find_data_dir(*starts: Path) -> Path | None:
    """The shared data folder: $VNPRESS_DATA, else `shared/data` beside an ancestor of a start path."""
    env = os.environ.get("VNPRESS_DATA")
    if env:
        return Path(env)
    for start in starts:
        for parent in [start.resolve(), *start.resolve().parents]:
            candidate = parent / "shared" / "data"
            if candidate.is_dir():
                return candidate
    return None


def _resolve_text_ref(ref: str, data_dir: Path | None, where: str, cache: dict[str, Any]) -> str:
    if data_dir is None:
        raise GoldError(f"{where}: text_ref {ref!r} but no shared data folder found (set VNPRESS_DATA)")
    path_part, _, doc_id = ref.partition("#")
    path = data_dir / path_part
    if not path.is_file():
        raise GoldError(f"{where}: text_ref {ref!r}: no file {path}")
    if not doc_id:
        return path.read_text(encoding="utf-8")
    key = str(path)
    if key not in cache:
        index: dict[str, str] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    index[str(row.get("id"))] = row.get("text", "")
        cache[key] = index
    if doc_id not in cache[key]:
        raise GoldError(f"{where}: text_ref {ref!r}: no line with id {doc_id!r}")
    return str(cache[key][doc_id])


def load_gold(paths: Sequence[Path], data_dir: Path | None = None) -> list[GoldDoc]:
    """Read gold files (SPEC §4), resolving text_ref against the shared data folder."""
    docs: list[GoldDoc] = []
    cache: dict[str, Any] = {}
    for path in paths:
        base = data_dir or find_data_dir(path.parent, Path.cwd())
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise GoldError(f"{path}: no such file") from None
        except UnicodeDecodeError:
            raise GoldError(f"{path}: not UTF-8") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{where}: broken JSON ({exc.msg})") from None
            if "text" in row:
                text = row["text"]
            elif "text_ref" in row:
                text = _resolve_text_ref(row["text_ref"], base, where, cache)
            else:
                raise GoldError(f"{where}: neither text nor text_ref")
            for m in row.get("mentions", []):
                if text[m["start"] : m["end"]] != m.get("text"):
                    raise GoldError(f"{where}: mention {m.get('text')!r} does not match its offsets")
            docs.append(
                GoldDoc(str(row.get("id", where)), text, row.get("ref_date"), row.get("mentions", []))
            )
    return docs


def _fold(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


_WORD = re.compile(r"\w+")


def _token_f1(a: str, b: str) -> float:
    ta, tb = _WORD.findall(_fold(a)), _WORD.findall(_fold(b))
    if not ta or not tb:
        return float(ta == tb)
    common = 0
    pool = list(tb)
    for tok in ta:
        if tok in pool:
            pool.remove(tok)
            common += 1
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def attribute_equal(name: str, gold: Any, pred: Any) -> bool:
    """SPEC §5: numbers within 1e-9 relative, strings folded, subject by token-overlap F1 >= 0.5."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if isinstance(gold, int | float) and not isinstance(gold, bool):
        if isinstance(pred, str):
            try:
                pred = float(pred)
            except ValueError:
                return False
        return isinstance(pred, int | float) and math.isclose(
            float(gold), float(pred), rel_tol=1e-9, abs_tol=0.0
        )
    if name == "subject":
        return _token_f1(str(gold), str(pred)) >= 0.5
    return _fold(str(gold)) == _fold(str(pred))


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index): same kind, overlapping spans, greedy by largest overlap."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g["kind"] == p["kind"]:
                overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
                if overlap > 0:
                    pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


@dataclass
class KindScore:
    """Counts for one kind; attribute accuracy over matched pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    attr_right: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float:
        return self.attr_right.get(attribute, 0) / self.tp if self.tp else 1.0


@dataclass
class Report:
    """Scores per kind plus the individual errors, for reading what went wrong."""

    kinds: dict[str, KindScore]
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for kind, s in self.kinds.items():
            row: dict[str, float] = {"precision": s.precision, "recall": s.recall, "f1": s.f1}
            row.update({f"{a}": s.accuracy(a) for a in ATTRIBUTES[kind]})
            row.update({"tp": s.tp, "fp": s.fp, "fn": s.fn})
            out[kind] = row
        return out

    def table(self) -> str:
        lines = []
        for kind, s in self.kinds.items():
            lines.append(
                f"{kind:<9} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}   (tp {s.tp}, fp {s.fp}, fn {s.fn})"
            )
            attrs = "  ".join(f"{a} {s.accuracy(a):.3f}" for a in ATTRIBUTES[kind])
            lines.append(f"{'':<9} {attrs}")
        return "\n".join(lines)


Predictor = Callable[[str, str | None], list[dict[str, Any]]]


def score(docs: Iterable[GoldDoc], predict: Predictor, kinds: Sequence[str] = KINDS) -> Report:
    """Score `predict(text, ref_date) -> mention dicts` against gold documents."""
    report = Report({k: KindScore() for k in kinds})
    for doc in docs:
        gold = [m for m in doc.mentions if m["kind"] in kinds]
        pred = [m for m in predict(doc.text, doc.ref_date) if m["kind"] in kinds]
        pairs = match(gold, pred)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            ks = report.kinds[g["kind"]]
            ks.tp += 1
            for attr in ATTRIBUTES[g["kind"]]:
                if attribute_equal(attr, g.get(attr), p.get(attr)):
                    ks.attr_right[attr] = ks.attr_right.get(attr, 0) + 1
                else:
                    report.errors.append(
                        f"{doc.id} WRONG {g['kind']} {g['text']!r} @{g['start']}: {attr} gold={g.get(attr)!r} "
                        f"got={p.get(attr)!r}"
                    )
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                report.kinds[g["kind"]].fn += 1
                report.errors.append(f"{doc.id} MISSED {g['kind']} {g['text']!r} @{g['start']}")
        for pi, p in enumerate(pred):
            if pi not in matched_p:
                report.kinds[p["kind"]].fp += 1
                report.errors.append(f"{doc.id} SPURIOUS {p['kind']} {p['text']!r} @{p['start']}")
    return report
