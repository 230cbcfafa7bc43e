"""Reporting-regime date rules (docs/RULES.md §3, Decree 09/2019/NĐ-CP): cut-offs and deadlines.

Pure functions over dates; the holiday calendar is passed in (a set of days off and a set
of make-up working days) so that the rules are testable without a database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

MONTH, QUARTER, HALF, NINE, YEAR, ADHOC = "month", "quarter", "half", "nine", "year", "adhoc"


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date
    label: str


def _day(year: int, month: int, day: int) -> dt.date:
    """``day`` clamped to the month's length (a cut-off day of 31 in February)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _window(
    year: int, first_month: int, last_month: int, cutoff_day: int
) -> tuple[dt.date, dt.date]:
    """From the day after the cut-off of the month before ``first_month`` to the cut-off
    of ``last_month``: Decree 09's "15th of the previous month to the 14th"."""
    py, pm = _month_before(year, first_month)
    start = _day(py, pm, cutoff_day) + dt.timedelta(days=1)
    return start, _day(year, last_month, cutoff_day)


def cutoff_window(periodicity: str, year: int, number: int = 1, cutoff_day: int = 14) -> Window:
    """The data window of period ``number`` of ``year`` for a periodicity.

    month n: 15 of month n-1 → 14 of n; quarter q: 15 of the month before the quarter →
    14 of its last month; half 1: 15 Dec → 14 Jun, half 2: 15 Jun → 14 Dec; nine months:
    15 Dec → 14 Sep; year: 15 Dec → 14 Dec (with ``cutoff_day`` = 14).
    """
    if periodicity == MONTH:
        if not 1 <= number <= 12:
            raise ValueError("month number must be 1–12")
        s, e = _window(year, number, number, cutoff_day)
        return Window(s, e, f"{number:02d}/{year}")
    if periodicity == QUARTER:
        if not 1 <= number <= 4:
            raise ValueError("quarter number must be 1–4")
        s, e = _window(year, 3 * number - 2, 3 * number, cutoff_day)
        return Window(s, e, f"Q{number}/{year}")
    if periodicity == HALF:
        if number not in (1, 2):
            raise ValueError("half-year number must be 1 or 2")
        s, e = _window(year, 1, 6, cutoff_day) if number == 1 else _window(year, 7, 12, cutoff_day)
        return Window(s, e, f"H{number}/{year}")
    if periodicity == NINE:
        s, e = _window(year, 1, 9, cutoff_day)
        return Window(s, e, f"9M/{year}")
    if periodicity == YEAR:
        s, e = _window(year, 1, 12, cutoff_day)
        return Window(s, e, f"{year}")
    raise ValueError("ad hoc periods have explicit dates")


def calendar_sets(rows: Iterable[tuple[dt.date, str]]) -> tuple[set[dt.date], set[dt.date]]:
    """(days off, make-up working days) from ``Holiday`` (date, kind) rows."""
    off, work = set(), set()
    for day, kind in rows:
        (work if kind == "workday" else off).add(day)
    return off, work


def is_working_day(day: dt.date, off: set[dt.date], work: set[dt.date]) -> bool:
    if day in work:
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(
    day: dt.date, n: int, off: set[dt.date] = frozenset(), work: set[dt.date] = frozenset()
) -> dt.date:
    """The ``n``-th working day after ``day`` (n = 0: ``day`` itself or the next working day)."""
    current = day
    if n == 0:
        while not is_working_day(current, off, work):
            current += dt.timedelta(days=1)
        return current
    counted = 0
    while counted < n:
        current += dt.timedelta(days=1)
        if is_working_day(current, off, work):
            counted += 1
    return current


def fixed_deadline(window: Window, month: int, day: int) -> dt.date:
    """A fixed calendar date ("every year before 30 November") in the period's end year,
    or the next year's when that date would fall before the period even starts."""
    deadline = _day(window.end.year, month, day)
    if deadline < window.start:
        deadline = _day(window.end.year + 1, month, day)
    return deadline
