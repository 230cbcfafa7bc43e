"""The one way thidua writes a figure for a person to read: pages, Excel, Word and charts.

A figure is written as people write it in the language of the page or document: no
trailing zeros of the stored precision (``477.0000`` → ``477``, ``2.5000`` → ``2,5`` in
Vietnamese, never ``2,50``), thousands grouped (``11.300`` in Vietnamese and ``11,300`` in
English and Thai, per ``thidua/formats/`` and Django's locale formats), and a dash where
there is no figure. Word documents are Vietnamese whatever the page's language, so their
callers pass ``language="vi"``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.formats import number_format

EMPTY = "–"


def tidy(value: Decimal) -> Decimal:
    """``477.0000`` → ``477``, ``12.5000`` → ``12.5`` (never an exponent)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _as_decimal(value: Any, places: int | None) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):  # a figure kept as text (a frozen review's JSON snapshot)
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return value
    if isinstance(value, float):
        try:
            value = Decimal(repr(value))
        except InvalidOperation:  # nan, inf: shown as they are
            return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places))
        return tidy(value)
    return value


def format_figure(
    value: Any, *, empty: str = EMPTY, places: int | None = None, language: str | None = None
) -> str:
    """A figure to read: ``1123.0000`` → ``1,123`` (``1.123`` in Vietnamese).

    ``places`` rounds to at most that many decimals (trailing zeros still dropped);
    ``language`` writes it in that language instead of the active one; ``empty`` is what
    stands where there is no figure (``None`` or ``""``).
    """
    if value is None or value == "":
        return empty
    value = _as_decimal(value, places)
    if language is not None:
        with translation.override(language):
            return number_format(value, force_grouping=True)
    return number_format(value, force_grouping=True)


def format_percent(value: Any, *, places: int = 1, language: str | None = None) -> str:
    """``12.345`` → ``12,3 %`` in Vietnamese, ``12.3 %`` in English."""
    if value is None or value == "":
        return EMPTY
    return f"{format_figure(value, places=places, language=language)} %"


def plain_figure(value: Any) -> Any:
    """A figure to edit in an input: no grouping, no trailing zeros; empty when none."""
    if value is None:
        return ""
    return tidy(value) if isinstance(value, Decimal) else value


def format_day(value: Any, *, empty: str = "—") -> str:
    """A date as the officers write it, dd/mm/yyyy, in every language (``22/11/2026``)."""
    if value is None or value == "":
        return empty
    return f"{value:%d/%m/%Y}"
