"""The one way thidua writes a figure for a person to read: pages, Excel, Word and charts.

A figure is written as people write it in the language of the page or document: no
trailing zeros of the stored precision (``477.0000`` → ``477``, ``2.5000`` → ``2,5`` in
Vietnamese, never ``2,50``), thousands grouped (``11.300`` in Vietnamese and ``11,300`` in
English and Thai, per ``thidua/formats/`` and Django's locale formats), and a dash where
there is no figure. Word documents are Vietnamese whatever the page's language, so their
callers pass ``language="vi"``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone, translation
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


# Thai readers count years in the Buddhist era (พ.ศ. 2569 is 2026).
BUDDHIST_ERA_OFFSET = 543
# Accepted wherever a date is typed (forms, the import draft): ISO, as a date picker
# sends it, then as officers write it. Never the US month-first order.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


def _year(year: int, language: str | None) -> int:
    language = language or translation.get_language() or ""
    return year + BUDDHIST_ERA_OFFSET if language.startswith("th") else year


def format_day(value: Any, *, empty: str = "—", language: str | None = None) -> str:
    """A date as the officers write it, dd/mm/yyyy (``22/11/2026``); on a Thai page the
    year is the Buddhist era's (``22/11/2569``). A datetime is read in the current time
    zone; text is read as a typed date (``parse_day``) and kept as it is if it is none."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):  # an ISO date kept as text (a draft's JSON), or as typed
        day = parse_day(value)
        if day is None:
            return value
        value = day
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%d/%m}/{_year(value.year, language)}"


def format_moment(value: Any, *, empty: str = "—", language: str | None = None) -> str:
    """A moment as ``22/11/2026 14:05`` (the current time zone; Buddhist era in Thai)."""
    if value is None or value == "":
        return empty
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_day(value, language=language)} {value:%H:%M}"


def parse_day(text: str) -> dt.date | None:
    """A typed date (``DATE_INPUT_FORMATS``), or None when it is not one. A year past
    2400 is a Buddhist-era year, as Thai officers write it (``15/03/2568`` is 2025)."""
    text = (text or "").strip()
    for pattern in DATE_INPUT_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if day.year > 2400:
            day = day.replace(year=day.year - BUDDHIST_ERA_OFFSET)
        return day
    return None
