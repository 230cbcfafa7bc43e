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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .extract import INDICATOR_KINDS, Extraction, draft, extract

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
    structure: dict[str, FieldScore] = field(default_factory=dict)
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def overall(self) -> FieldScore:
        total = FieldScore(0, 0, 0)
        for score in self.fields.values():
            total = total + score
        return total

    @property
    def checks_held(self) -> tuple[int, int]:
        """(structural checks that hold, structural checks)."""
        return sum(ok for _n, ok in self.checks), len(self.checks)


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
    # A field the gold does not give is not checked (a structural gold file need not
    # list every figure).
    fields = {f: _compare(pred[f], expected[f]) for f in FIELDS if f in gold}
    structure: dict[str, FieldScore] = {}
    checks: list[tuple[str, bool]] = []
    if any(k in gold for k in ("header", "tasks", "not_tasks")):
        structure, checks = score_structure(draft(extraction), gold)
    lang = gold.get("language")
    return SeedScore(
        name, fields, (extraction.language == lang) if lang else None, structure, checks
    )


# --- the structure of a plan: header, tasks, who, when -----------------------------------

STRUCT_FIELDS = (
    "header",
    "tasks",
    "leads",
    "coordinators",
    "unit_classes",
    "due",
    "windows",
    "recurrences",
    "not_tasks",
)
_ARTICLES = ("the ", "cac ", "all ")


def _words(text: Any) -> str:
    """Folded, one space between words, punctuation around words dropped."""
    folded = _fold(str(text or "")).lower()
    return " ".join(w.strip(" ,;:.\"'()“”") for w in folded.split()).strip()


def _party(text: Any) -> str:
    words = _words(text)
    for article in _ARTICLES:
        if words.startswith(article):
            words = words[len(article) :]
    return words


def _same_party(a: str, b: str) -> bool:
    """One body named two ways: equal, or one name inside the other with at least two
    words ("Công an tỉnh" in "Công an tỉnh Quảng Ninh")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short.split()) >= 2 and f" {short} " in f" {long} "


def _match_parties(pred: list[str], gold: list[str]) -> FieldScore:
    left = [_party(p) for p in pred if _party(p)]
    tp = 0
    for g in (_party(x) for x in gold):
        hit = next((i for i, p in enumerate(left) if _same_party(p, g)), None)
        if hit is not None:
            tp += 1
            left.pop(hit)
    return FieldScore(tp, len(left), len(gold) - tp)


def _one(pred: Any, gold: Any) -> FieldScore:
    """A single value: right (tp), wrong (fp and fn), missed (fn), invented (fp)."""
    if gold in (None, "", [], {}):
        return FieldScore(0, 1 if pred not in (None, "", [], {}) else 0, 0)
    if pred == gold:
        return FieldScore(1, 0, 0)
    return FieldScore(0, 1 if pred not in (None, "", [], {}) else 0, 1)


def _recurrence_key(rule: Any, gold: Any) -> Any:
    if not rule:
        return None
    key = {"every": rule.get("every"), "day": rule.get("day")}
    if isinstance(gold, dict) and gold.get("month") is not None:
        key["month"] = rule.get("month")
    return key


def score_structure(
    proposed: dict[str, Any], gold: dict[str, Any]
) -> tuple[dict[str, FieldScore], list[tuple[str, bool]]]:
    """Per-field counts and the list of structural checks (name, holds) of a draft
    against a gold file's ``header``, ``tasks`` and ``not_tasks``.

    A gold task is found when the folded words of its ``title`` phrase stand in one
    predicted task's title or description; found once is right, found in two tasks is
    one right and one duplicate (a false positive), and a predicted task no gold task
    matches is a false positive. Its leads, coordinators, classes, due date, window and
    recurrence are then compared with that task's."""
    fields = {f: FieldScore(0, 0, 0) for f in STRUCT_FIELDS}
    checks: list[tuple[str, bool]] = []
    head = proposed.get("header") or {}
    for key, want in (gold.get("header") or {}).items():
        got = head.get(key)
        if key == "title":
            ok = bool(want) and _words(want) in _words(got)
            ok = ok if want else not got
        elif key == "issuer":
            ok = _same_party(_party(got), _party(want)) if want else not got
        elif key == "period":
            got_p = (got or {}) and (got.get("start"), got.get("end"))
            want_p = (want or {}) and (want.get("start"), want.get("end"))
            ok = (got_p or None) == (want_p or None)
        elif key == "symbol":
            ok = _fold(got or "") == _fold(want or "")
        else:
            ok = str(got or "") == str(want or "")
        fields["header"] = fields["header"] + (
            FieldScore(1, 0, 0) if ok and want else FieldScore(0, int(bool(got)), int(bool(want)))
        )
        checks.append((f"header.{key}", ok))

    tasks = [t for g in (proposed.get("plan") or {}).get("task_groups") or [] for t in g["tasks"]]
    texts = [_words(f"{t.get('title', '')} {t.get('detail', '')}") for t in tasks]
    used: set[int] = set()
    for i, g_task in enumerate(gold.get("tasks") or []):
        phrase = _words(g_task["title"])
        hits = [j for j, text in enumerate(texts) if phrase and phrase in text]
        used.update(hits)
        label = f"task {i + 1}"
        fields["tasks"] = fields["tasks"] + FieldScore(
            1 if hits else 0, max(0, len(hits) - 1), 0 if hits else 1
        )
        checks.append((f"{label} found once", len(hits) == 1))
        t = tasks[hits[0]] if hits else {}
        for key, fname in (("leads", "leads"), ("coordinators", "coordinators")):
            if key not in g_task:
                continue
            s = _match_parties(list(t.get(key) or []), list(g_task[key] or []))
            fields[fname] = fields[fname] + s
            checks.append((f"{label} {key}", bool(hits) and s.fp == 0 and s.fn == 0))
        if "unit_classes" in g_task:
            s = _compare(set(t.get("unit_classes") or []), set(g_task["unit_classes"] or []))
            fields["unit_classes"] = fields["unit_classes"] + s
            checks.append((f"{label} unit classes", bool(hits) and s.fp == 0 and s.fn == 0))
        timing = (
            ("due", "due", (t.get("due_date") or None), g_task.get("due")),
            (
                "window",
                "windows",
                (t.get("window") or {}) and (t["window"]["start"], t["window"]["end"]),
                (g_task.get("window") or {})
                and (g_task["window"]["start"], g_task["window"]["end"]),
            ),
            (
                "recurrence",
                "recurrences",
                _recurrence_key(t.get("recurrence"), g_task.get("recurrence")),
                _recurrence_key(g_task.get("recurrence"), g_task.get("recurrence")),
            ),
        )
        for key, fname, got, want in timing:
            if key not in g_task:
                continue
            s = _one(got or None, want or None)
            fields[fname] = fields[fname] + s
            checks.append((f"{label} {key}", bool(hits) and s.fp == 0 and s.fn == 0))
    if "tasks" in gold:
        extra = len([j for j in range(len(tasks)) if j not in used])
        fields["tasks"] = fields["tasks"] + FieldScore(0, extra, 0)
        checks.append(("no task beyond the gold's", extra == 0))
    for phrase in gold.get("not_tasks") or []:
        words = _words(phrase)
        kept_out = not any(words and words in text for text in texts)
        fields["not_tasks"] = fields["not_tasks"] + FieldScore(int(kept_out), int(not kept_out), 0)
        checks.append((f"not a task: {phrase[:30]}", kept_out))
    return fields, checks


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


# Texts written for the structural checks, with their gold beside them (never the seeds).
BUNDLED_GOLD = Path(__file__).resolve().parent / "gold"


def score_dir(seeds_dir: Path) -> list[SeedScore]:
    """Score every gold file against the extraction of its text: ``DIR/gold/*.json``
    with the texts in ``DIR`` (the seeds' layout), or ``DIR/*.json`` beside them."""
    results = []
    gold_dir = seeds_dir / "gold" if (seeds_dir / "gold").is_dir() else seeds_dir
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        seed_name = gold.get("seed") or gold_path.with_suffix(".txt").name
        text = (seeds_dir / seed_name).read_text(encoding="utf-8")
        results.append(score(extract(text, language=gold.get("language_hint")), gold, seed_name))
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
            if f in res.fields:
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
    structured = [r for r in results if r.checks]
    if structured:
        lines += ["", f"== STRUCTURE over {len(structured)} texts", header]
        for f in STRUCT_FIELDS:
            total = FieldScore(0, 0, 0)
            for r in structured:
                total = total + r.structure.get(f, FieldScore(0, 0, 0))
            lines.append(row(f, total))
        held = sum(r.checks_held[0] for r in structured)
        count = sum(r.checks_held[1] for r in structured)
        lines.append(f"checks held: {held} of {count} ({held / count:.2f})")
        for r in structured:
            h, n = r.checks_held
            failed = [name for name, ok in r.checks if not ok]
            lines.append(
                f"  {r.name}: {h}/{n}" + (f" — failed: {'; '.join(failed)}" if failed else "")
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns a process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        dirs = [Path(a) for a in args]
    else:
        found = find_seeds_dir()
        dirs = [d for d in (found, BUNDLED_GOLD) if d is not None]
    dirs = [d for d in dirs if d.is_dir() and (any(d.glob("*.json")) or (d / "gold").is_dir())]
    if not dirs:
        print(
            "No folder of gold files found; pass DIR (with gold/*.json or *.json beside the "
            "texts) or set THIDUA_SEEDS_DIR.",
            file=sys.stderr,
        )
        return 2
    results = [r for d in dirs for r in score_dir(d)]
    print(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
