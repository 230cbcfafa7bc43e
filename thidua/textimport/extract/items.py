"""Typed results of the text extraction.

Every item carries ``span`` — ``(start, end)`` character offsets into the *original* text
passed to :func:`thidua.textimport.extract.extract` — and a ``confidence`` in ``[0, 1]``.
The classes are frozen so that an :class:`Extraction` can be cached and shared safely;
``to_dict`` gives the JSON form that the import page, the command and the API return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class UnitName:
    """A unit of the unit tree as the matcher sees it: its id and every spelling of it.

    Callers build these from the unit tree (official name, short names, aliases, English
    and Thai spellings). Matching is case- and accent-insensitive, so ``Bắc Giang`` also
    finds ``BẮC GIANG`` and ``Bac Giang``; Thai tone-mark variants (``บั๊กซาง``/``บักซาง``)
    match each other, other transliterations must be given as aliases.
    """

    unit_id: int | str
    names: tuple[str, ...]


def _span(span: Span) -> list[int]:
    return [span[0], span[1]]


def _symbol_dict(symbol: Any) -> dict[str, Any]:
    return {
        "printed": symbol.printed,
        "normalized": symbol.normalized,
        "number": symbol.number,
        "year": symbol.year,
        "type_code": symbol.type_code,
        "issuers": list(symbol.issuers),
        "style": symbol.style,
        "search_key": symbol.search_key,
    }


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document number-and-symbol found in the text, with the date printed beside it."""

    span: Span
    confidence: float
    text: str
    symbol: Any  # thidua.utils.symbols.ParsedSymbol; Any keeps this module import-light
    date: date | None = None
    date_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "symbol": _symbol_dict(self.symbol),
            "date": self.date.isoformat() if self.date else None,
            "date_span": _span(self.date_span) if self.date_span else None,
        }


@dataclass(frozen=True, slots=True)
class DateMention:
    """A full calendar date. ``era`` says how the year was written: "be", "ce" or None."""

    span: Span
    confidence: float
    text: str
    value: date
    era: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "value": self.value.isoformat(),
            "era": self.era,
        }


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day and month without a year ("trước ngày 30/11", "30 November")."""

    span: Span
    confidence: float
    text: str
    month: int
    day: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "month": self.month,
            "day": self.day,
        }


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time: a year range (``kind="years"``) or a date range (``"dates"``)."""

    span: Span
    confidence: float
    text: str
    start: date
    end: date
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class YearMention:
    """A year mentioned on its own, in a year range or in a single date (always CE)."""

    span: Span
    confidence: float
    text: str
    year: int
    era: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "year": self.year,
            "era": self.era,
        }


@dataclass(frozen=True, slots=True)
class Deadline:
    """A recurring deadline: ``every`` "year"/"half_year"/"quarter"/"month", ``before`` "MM-DD".

    ``before`` is None when only a day of the month is given; ``before_day`` then holds it.
    """

    span: Span
    confidence: float
    text: str
    every: str
    before: str | None
    before_day: int
    context: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "every": self.every,
            "before": self.before,
            "before_day": self.before_day,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class Bullet:
    """A sub-bullet of a list item (``- …``, ``+ …``, ``a) …``, ``1.1. …``)."""

    span: Span
    confidence: float
    marker: str
    text_span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "marker": self.marker,
            "text_span": _span(self.text_span),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class ListItem:
    """One numbered item: its number, the span of its own text, and its sub-bullets."""

    span: Span
    confidence: float
    number: int
    marker: str
    text_span: Span
    text: str
    bullets: tuple[Bullet, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "number": self.number,
            "marker": self.marker,
            "text_span": _span(self.text_span),
            "text": self.text,
            "bullets": [b.to_dict() for b in self.bullets],
        }


@dataclass(frozen=True, slots=True)
class NumberedList:
    """A numbered list (1., 2., … or I., II., … or (1), (2), …) and its heading line.

    ``announced_count`` is the count the heading announces ("6 contents as follows"),
    when it says one; a mismatch with ``len(items)`` is reported as a warning.
    """

    span: Span
    confidence: float
    heading: str
    heading_span: Span | None
    items: tuple[ListItem, ...]
    announced_count: int | None = None
    inline: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "heading": self.heading,
            "heading_span": _span(self.heading_span) if self.heading_span else None,
            "announced_count": self.announced_count,
            "inline": self.inline,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts.

    ``kind`` is "count", "percent", "amount" (money), "duration" ("5 years"),
    "enumeration" (a count that announces a list: "three groups, namely …") or "number"
    (no recognisable unit). Only count, percent and amount are indicator figures.
    ``qualifier`` is "more_than", "at_least", "about", "nearly", "less_than" or
    "at_most".
    """

    span: Span
    confidence: float
    text: str
    value: float | int
    kind: str
    qualifier: str | None = None
    counted: str = ""
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "value": self.value,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "counted": self.counted,
            "unit": self.unit,
        }


INDICATOR_KINDS = frozenset({"count", "percent", "amount"})


@dataclass(frozen=True, slots=True)
class UnitMention:
    """A mention of a known unit. ``candidates`` lists every unit sharing that name."""

    span: Span
    confidence: float
    text: str
    unit_id: int | str
    candidates: tuple[int | str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": _span(self.span),
            "confidence": self.confidence,
            "text": self.text,
            "unit_id": self.unit_id,
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True, slots=True)
class ExtractionWarning:
    """Something the officer should look at: a contradiction or an unreadable value."""

    code: str
    message: str
    spans: tuple[Span, ...]
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "spans": [_span(s) for s in self.spans],
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Extraction:
    """Everything found in one text. ``text`` is kept for drafts but left out of to_dict."""

    language: str
    languages: dict[str, float] = field(default_factory=dict)
    document_refs: tuple[DocumentRef, ...] = ()
    dates: tuple[DateMention, ...] = ()
    partial_dates: tuple[PartialDate, ...] = ()
    periods: tuple[Period, ...] = ()
    years: tuple[YearMention, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    numbered_lists: tuple[NumberedList, ...] = ()
    figures: tuple[Figure, ...] = ()
    units: tuple[UnitMention, ...] = ()
    warnings: tuple[ExtractionWarning, ...] = ()
    text: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form; every value is a str, number, bool, None, list or dict."""
        return {
            "language": self.language,
            "languages": dict(self.languages),
            "length": len(self.text),
            "document_refs": [d.to_dict() for d in self.document_refs],
            "dates": [d.to_dict() for d in self.dates],
            "partial_dates": [d.to_dict() for d in self.partial_dates],
            "periods": [p.to_dict() for p in self.periods],
            "years": [y.to_dict() for y in self.years],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "numbered_lists": [n.to_dict() for n in self.numbered_lists],
            "figures": [f.to_dict() for f in self.figures],
            "units": [u.to_dict() for u in self.units],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def all_spans(self) -> list[Span]:
        """Every span of every item (used by tests and by the highlighting view)."""
        spans: list[Span] = []
        for group in (
            self.document_refs,
            self.dates,
            self.partial_dates,
            self.periods,
            self.years,
            self.deadlines,
            self.figures,
            self.units,
        ):
            spans.extend(item.span for item in group)
        for ref in self.document_refs:
            if ref.date_span:
                spans.append(ref.date_span)
        for lst in self.numbered_lists:
            spans.append(lst.span)
            if lst.heading_span:
                spans.append(lst.heading_span)
            for item in lst.items:
                spans.extend((item.span, item.text_span))
                for b in item.bullets:
                    spans.extend((b.span, b.text_span))
        for w in self.warnings:
            spans.extend(w.spans)
        return spans
