"""Document references: symbols found by ``thidua.utils.symbols``, plus their dates.

The symbol grammar lives in one place (``thidua.utils.symbols``) and is shared with the
documents app; this module only finds the date printed after a symbol ("35-NQ/TW ngày
22/10/2018", "35-NQ/TW ลงวันที่ 22 ตุลาคม พ.ศ. 2561", "35-NQ/TW of 22 October 2018") and
carries a date over to later mentions of the same document.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import RawDate

_DATE_AFTER = re.compile(
    r"[\s,(]{0,3}(?:(?:ลงวันที่|ลงวันที|ประกาศเมื่อวันที่|เมื่อวันที่|วันที่|(?<![a-z])(?:ngay|ban hanh ngay|"
    r"ky ngay|dated|of|issued on|on|signed on)(?![a-z]))\s{0,3}){0,2}"
)


@dataclass(frozen=True, slots=True)
class RawRef:
    start: int
    end: int
    parsed: Any
    date: date | None
    date_span: tuple[int, int] | None
    confidence: float


def symbols_module() -> Any | None:
    """The shared symbol parser, or None if this installation lacks it."""
    try:
        return importlib.import_module("thidua.utils.symbols")
    except ImportError:
        return None


# Where a symbol can start: a digit, then (maybe a space) a slash or a dash.
_CANDIDATE = re.compile(r"\d[ \t\u00a0\u202f]?[-/\u2010-\u2015\u2212\u2044\u2215\uff0f]")
# The parser is handed overlapping chunks rather than the whole text: it then only reads
# the parts that can hold a symbol, and its cost on long runs without any symbol (which
# its e-mail pattern scans quadratically) stays bounded by the chunk size.
_CHUNK = 600
_OVERLAP = 150


def find_symbol_matches(norm: str) -> list[Any]:
    """Symbols in ``norm`` as ``SymbolMatch`` objects (empty if the parser is missing)."""
    module = symbols_module()
    if module is None:
        return []
    n = len(norm)
    found: dict[tuple[int, int], Any] = {}
    pos = 0
    while pos < n:
        end = min(n, pos + _CHUNK)
        if _CANDIDATE.search(norm, pos, end):
            try:
                matches = module.find_symbols(norm[pos:end])
            except Exception:
                matches = []
            for m in matches:
                s, e = m.start + pos, m.end + pos
                # A match touching an inner chunk edge may be cut short; the overlapping
                # neighbour chunk sees that symbol whole.
                if (s == pos and pos > 0) or (e == end and end < n):
                    continue
                found.setdefault((s, e), dataclasses.replace(m, start=s, end=e))
        if end == n:
            break
        pos = end - _OVERLAP
    return [found[k] for k in sorted(found)]


def attach_dates(matches: list[Any], fold: str, dates: list[RawDate]) -> list[RawRef]:
    """Attach to each symbol the full date printed right after it."""
    by_start = sorted((d for d in dates if d.year is not None), key=lambda d: d.start)
    refs: list[RawRef] = []
    for m in matches:
        attached: RawDate | None = None
        for d in by_start:
            if d.start < m.end:
                continue
            if d.start - m.end > 40:
                break
            if _DATE_AFTER.fullmatch(fold, m.end, d.start):
                attached = d
            break
        conf = 0.95 if m.parsed.type_code else 0.8
        value = None
        if attached is not None and attached.year is not None:
            value = date(attached.year, attached.month, attached.day)
        refs.append(
            RawRef(
                m.start,
                m.end,
                m.parsed,
                value,
                (attached.start, attached.end) if attached else None,
                conf,
            )
        )
    return refs
