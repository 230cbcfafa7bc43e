"""Mentions of known units, matched against the names the caller gives.

Names and text are compared in a folded form: lower case, Latin diacritics removed
(``Bắc Giang`` = ``bac giang``), đ → d, Thai tone marks and the silent-letter mark
removed (``บั๊กซาง`` = ``บักซาง``), and spaces and hyphens dropped (``หวาง ซอ คอน`` =
``หวางซอคอน``, ``Ha-Noi`` = ``Ha Noi``). All names are compiled into one trie-shaped
regular expression, so a text is scanned once however many units there are; at each
position the longest name wins, and overlapping matches keep the longest one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .items import UnitName
from .spans import SpanSet
from .text import prepare

_DROP = frozenset(" \t\n-_.'’\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c")
_LATIN_ALNUM = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]")


def _fold_name(name: str) -> str:
    return "".join(ch for ch in prepare(name).fold if ch not in _DROP)


def _fold_with_map(fold: str) -> tuple[str, list[int]]:
    kept = [i for i, ch in enumerate(fold) if ch not in _DROP]
    return "".join(fold[i] for i in kept), kept


def _trie_regex(words: Iterable[str]) -> str:
    """A regex equivalent to the alternation of ``words``, factored as a trie."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        terminal = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            return "(?:" + body + ")?"
        return body

    return build(trie)


@dataclass(frozen=True, slots=True)
class UnitHit:
    start: int  # norm coordinates
    end: int
    unit_ids: tuple[int | str, ...]
    confidence: float


class UnitMatcher:
    """Find unit names in texts. Build once per unit tree and reuse: compiling is the
    expensive part, matching is one regex scan."""

    def __init__(self, units: Sequence[UnitName], *, min_length: int = 3) -> None:
        self._ids: dict[str, list[int | str]] = {}
        for unit in units:
            for name in unit.names:
                key = _fold_name(name)
                # Very short keys ("Ha", "Vi") would match everywhere.
                if len(key) < min_length:
                    continue
                ids = self._ids.setdefault(key, [])
                if unit.unit_id not in ids:
                    ids.append(unit.unit_id)
        pattern = _trie_regex(sorted(self._ids)) if self._ids else ""
        self._regex = re.compile("(?=(" + pattern + "))") if pattern else None

    def find(self, norm_fold: str) -> list[UnitHit]:
        """Matches in ``norm_fold`` (the folded working text), longest first, no overlaps."""
        if self._regex is None:
            return []
        squeezed, kept = _fold_with_map(norm_fold)
        cands: list[tuple[int, int, str]] = []
        for m in self._regex.finditer(squeezed):
            key = m.group(1)
            if not key:
                continue
            s = kept[m.start(1)]
            e = kept[m.start(1) + len(key) - 1] + 1
            cands.append((s, e, key))
        chosen: list[UnitHit] = []
        taken = SpanSet()
        for s, e, key in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if taken.overlaps(s, e):
                continue
            if not self._boundary_ok(norm_fold, s, e):
                continue
            ids = tuple(self._ids[key])
            conf = 0.9 if len(ids) == 1 else 0.5
            chosen.append(UnitHit(s, e, ids, conf))
            taken.add((s, e))
        chosen.sort(key=lambda h: h.start)
        return chosen

    @staticmethod
    def _boundary_ok(text: str, s: int, e: int) -> bool:
        """Latin names must not start or end inside a word ("Hanoi" in "Hanoian")."""
        if _LATIN_ALNUM.match(text[s]) and s > 0 and _LATIN_ALNUM.match(text[s - 1]):
            return False
        ends_inside = e < len(text) and _LATIN_ALNUM.match(text[e])
        return not (ends_inside and _LATIN_ALNUM.match(text[e - 1]))
