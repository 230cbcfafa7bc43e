"""Score an extraction against a hand-made gold file (precision, recall, F1 per field).

Gold files (``shared/seeds/gold/*.json``) list, per seed, the facts a reader takes from
the text: ``document_refs``, ``dates``, ``periods``, ``years``, ``figures``,
``deadlines`` and ``numbered_lists``. Each field is compared as a multiset of keys:

* document_refs — (number, type, issuers, style), accent- and case-folded, so the test
  is that the symbol was found *and* parsed right;
* dates, years — the ISO date / the year; periods — (start, end);
* figures — the value and, when the gold gives one, the qualifier; only indicator
  figures (count, percent, amount) are predictions;
* deadlines — (every, before);
* numbered_lists — the number of items and, when the gold gives it, the bullets per item.

A field with nothing expected and nothing found scores 1.0. The overall score is
micro-averaged: true and false positives and negatives are summed over fields.

Run ``python -m thidua.textimport.scoring [SEEDS_DIR]`` to print a table per seed and
the totals; SEEDS_DIR defaults to ``$THIDUA_SEEDS_DIR`` or the first ``shared/seeds``
found walking up from the current directory or from this file.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .extract import INDICATOR_KINDS, Extraction, extract

FIELDS = (
    "document_refs",
    "dates",
    "periods",
    "years",
    "figures",
    "deadlines",
    "numbered_lists",
)


@dataclass(frozen=True)
class FieldScore:
    """Counts for one field; precision, recall and F1 derive from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        if not (self.tp + self.fp + self.fn):
            return 1.0
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class SeedScore:
    """Scores of one text: per field, overall (micro), and whether the language matched."""

    name: str
    fields: dict[str, FieldScore]
    language_ok: bool | None

    @property
    def overall(self) -> FieldScore:
        total = FieldScore(0, 0, 0)
        for score in self.fields.values():
            total = total + score
        return total


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", str(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").upper().strip()


def _compare(predicted: Iterable[Hashable], expected: Iterable[Hashable]) -> FieldScore:
    pred, gold = Counter(predicted), Counter(expected)
    tp = sum((pred & gold).values())
    return FieldScore(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)


def _ref_key(number: Any, type_code: Any, issuers: Sequence[Any], style: Any) -> Hashable:
    num = str(number or "").lstrip("0") or "0"
    return (num, _fold(type_code or ""), tuple(_fold(i) for i in issuers), str(style or ""))


def _num(value: Any) -> float:
    return round(float(value), 6)


def _unique(items: Iterable[Hashable]) -> list[Hashable]:
    """A set, as a list: a fact stated twice in a text is still one fact."""
    return list(dict.fromkeys(items))


def predicted_keys(extraction: Extraction, gold: dict[str, Any]) -> dict[str, list[Hashable]]:
    """The comparable keys of each field of an extraction (shaped by what gold asks)."""
    gold_figs = gold.get("figures") or []
    fig_with_q = any(isinstance(f, dict) and "qualifier" in f for f in gold_figs)
    gold_lists = gold.get("numbered_lists") or []
    list_with_b = any("bullets_per_item" in lst for lst in gold_lists)
    keys: dict[str, list[Hashable]] = {
        "document_refs": _unique(
            _ref_key(r.symbol.number, r.symbol.type_code, r.symbol.issuers, r.symbol.style)
            for r in extraction.document_refs
        ),
        "dates": _unique(d.value.isoformat() for d in extraction.dates),
        "periods": _unique((p.start.isoformat(), p.end.isoformat()) for p in extraction.periods),
        "years": _unique(y.year for y in extraction.years),
        "figures": [
            (_num(f.value), f.qualifier) if fig_with_q else _num(f.value)
            for f in extraction.figures
            if f.kind in INDICATOR_KINDS
        ],
        "deadlines": _unique((d.every, d.before) for d in extraction.deadlines),
        "numbered_lists": [
            (len(lst.items), tuple(len(i.bullets) for i in lst.items))
            if list_with_b
            else len(lst.items)
            for lst in extraction.numbered_lists
        ],
    }
    return keys


def gold_keys(gold: dict[str, Any]) -> dict[str, list[Hashable]]:
    """The comparable keys of each field of a gold file."""
    figs = gold.get("figures") or []
    fig_with_q = any(isinstance(f, dict) and "qualifier" in f for f in figs)
    lists = gold.get("numbered_lists") or []
    list_with_b = any("bullets_per_item" in lst for lst in lists)

    def fig_key(f: Any) -> Hashable:
        if isinstance(f, dict):
            return (_num(f["value"]), f.get("qualifier")) if fig_with_q else _num(f["value"])
        return _num(f)

    def list_key(lst: dict[str, Any]) -> Hashable:
        items = int(lst["items"])
        if not list_with_b:
            return items
        bullets = lst.get("bullets_per_item") or [0] * items
        return (items, tuple(int(b) for b in bullets))

    return {
        "document_refs": [
            _ref_key(r.get("number"), r.get("type"), r.get("issuers") or [], r.get("style"))
            for r in gold.get("document_refs") or []
        ],
        "dates": list(gold.get("dates") or []),
        "periods": [(p["start"], p["end"]) for p in gold.get("periods") or []],
        "years": [int(y) for y in gold.get("years") or []],
        "figures": [fig_key(f) for f in figs],
        "deadlines": [(d["every"], d["before"]) for d in gold.get("deadlines") or []],
        "numbered_lists": [list_key(lst) for lst in lists],
    }


def score(extraction: Extraction, gold: dict[str, Any], name: str = "") -> SeedScore:
    """Compare one extraction with one gold dict."""
    pred = predicted_keys(extraction, gold)
    expected = gold_keys(gold)
    fields = {f: _compare(pred[f], expected[f]) for f in FIELDS}
    lang = gold.get("language")
    return SeedScore(name, fields, (extraction.language == lang) if lang else None)


def find_seeds_dir(start: Path | None = None) -> Path | None:
    """``$THIDUA_SEEDS_DIR``, else the first ``shared/seeds`` above cwd or this file."""
    env = os.environ.get("THIDUA_SEEDS_DIR")
    if env:
        return Path(env)
    bases = [start or Path.cwd(), Path(__file__).resolve().parent]
    for base in bases:
        for folder in (base, *base.parents):
            candidate = folder / "shared" / "seeds"
            if (candidate / "gold").is_dir():
                return candidate
    return None


def score_dir(seeds_dir: Path) -> list[SeedScore]:
    """Score every gold file of ``seeds_dir/gold`` against the extraction of its seed."""
    results = []
    for gold_path in sorted((seeds_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        seed_name = gold.get("seed") or gold_path.with_suffix(".txt").name
        text = (seeds_dir / seed_name).read_text(encoding="utf-8")
        results.append(score(extract(text), gold, seed_name))
    return results


def format_table(results: Sequence[SeedScore]) -> str:
    """A plain-text table: one block per seed, then the totals over all seeds."""
    lines: list[str] = []
    header = f"{'field':<16}{'tp':>4}{'fp':>4}{'fn':>4}{'P':>7}{'R':>7}{'F1':>7}"

    def row(label: str, s: FieldScore) -> str:
        return (
            f"{label:<16}{s.tp:>4}{s.fp:>4}{s.fn:>4}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
        )

    totals = {f: FieldScore(0, 0, 0) for f in FIELDS}
    for res in results:
        lang = {True: "ok", False: "WRONG", None: "-"}[res.language_ok]
        lines += [f"== {res.name} (language {lang})", header]
        for f in FIELDS:
            lines.append(row(f, res.fields[f]))
            totals[f] = totals[f] + res.fields[f]
        lines.append(row("overall (micro)", res.overall))
        lines.append("")
    lines += [f"== TOTAL over {len(results)} seeds", header]
    overall = FieldScore(0, 0, 0)
    for f in FIELDS:
        lines.append(row(f, totals[f]))
        overall = overall + totals[f]
    lines.append(row("overall (micro)", overall))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns a process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    seeds_dir = Path(args[0]) if args else find_seeds_dir()
    if seeds_dir is None or not (seeds_dir / "gold").is_dir():
        print(
            "No seeds directory with a gold/ folder found; pass SEEDS_DIR or set THIDUA_SEEDS_DIR.",
            file=sys.stderr,
        )
        return 2
    print(format_table(score_dir(seeds_dir)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
