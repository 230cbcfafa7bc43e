"""Mentions of known units, matched against the names the caller gives.

Names and text are compared in a folded form: lower case, Latin diacritics removed
(``Bắc Giang`` = ``bac giang``), đ → d, Thai tone marks and the silent-letter mark
removed (``บั๊กซาง`` = ``บักซาง``), and spaces and hyphens dropped (``หวาง ซอ คอน`` =
``หวางซอคอน``, ``Ha-Noi`` = ``Ha Noi``). All names are compiled into one trie-shaped
regular expression, so a text is scanned once however many units there are; at each
position the longest name wins, and overlapping matches keep the longest one.

Folding is right for a name that says what it is ("Xã Văn Hán", "Sở Tài chính", "Công an
tỉnh"): no ordinary words read so. A bare proper name ("Chũ", "Độc Lập", "Hạnh Phúc",
"Việt Nam") is also ordinary Vietnamese once its tones and capitals are dropped ("chủ
trì", "Độc lập - Tự do - Hạnh phúc", "CỘNG HÒA … VIỆT NAM"), so it matches only where
the text writes it exactly so — same letters, tones and capitals. A name in plain ASCII
("Provincial Police", a code) matches in any case but with no tone added ("van han" is
not "văn hán"). Thai names match folded, as Thai has no case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .assign import _VI_KIND
from .items import UnitName
from .spans import SpanSet
from .text import prepare

# How a name must stand in the text to count: folded (it says what it is, or is Thai),
# "ascii" (any case, no tone added) or "exact" (a bare Vietnamese proper name).
_FOLDED, _ASCII, _EXACT = "folded", "ascii", "exact"
_FULL_NAME = re.compile(rf"^(?:{_VI_KIND}|Tỉnh|Thành phố|Huyện|Quận|Thị xã)(?![\w])")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _how(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not _LATIN.search(name) or _FULL_NAME.match(name):
        return _FOLDED
    return _ASCII if name.isascii() else _EXACT


def _squeeze(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if ch not in _DROP)


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
        # Per key, the ways its names may stand in the text: (how, squeezed name, ids).
        self._forms: dict[str, list[tuple[str, str, int | str]]] = {}
        for unit in units:
            for name in unit.names:
                key = _fold_name(name)
                # Very short keys ("Ha", "Vi") would match everywhere.
                if len(key) < min_length:
                    continue
                ids = self._ids.setdefault(key, [])
                if unit.unit_id not in ids:
                    ids.append(unit.unit_id)
                self._forms.setdefault(key, []).append((_how(name), _squeeze(name), unit.unit_id))
        pattern = _trie_regex(sorted(self._ids)) if self._ids else ""
        self._regex = re.compile("(?=(" + pattern + "))") if pattern else None

    def _standing(self, key: str, written: str | None) -> tuple[int | str, ...]:
        """The units whose name ``key`` is, as the text writes it (``written``, the
        squeezed original; ``None``: no original to check, every unit)."""
        if written is None:
            return tuple(self._ids[key])
        ids: list[int | str] = []
        for how, name, uid in self._forms[key]:
            ok = (
                how == _FOLDED
                or (how == _ASCII and written.isascii() and written.lower() == name.lower())
                or (how == _EXACT and written == name)
            )
            if ok and uid not in ids:
                ids.append(uid)
        return tuple(ids)

    def find(self, norm_fold: str, norm: str | None = None) -> list[UnitHit]:
        """Matches in ``norm_fold`` (the folded working text), longest first, no overlaps;
        with ``norm`` (the text before folding, same length), a bare name counts only
        where it is written as the name is."""
        if self._regex is None:
            return []
        squeezed, kept = _fold_with_map(norm_fold)
        cands: list[tuple[int, int, str, tuple[int | str, ...]]] = []
        for m in self._regex.finditer(squeezed):
            key = m.group(1)
            if not key:
                continue
            s = kept[m.start(1)]
            e = kept[m.start(1) + len(key) - 1] + 1
            ids = self._standing(key, _squeeze(norm[s:e]) if norm is not None else None)
            if ids:
                cands.append((s, e, key, ids))
        chosen: list[UnitHit] = []
        taken = SpanSet()
        for s, e, _key, ids in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if taken.overlaps(s, e):
                continue
            if not self._boundary_ok(norm_fold, s, e):
                continue
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
