"""Periods of a form: holidays, cut-off windows and deadlines (docs/RULES.md §3), opening one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.reporting import permissions, rules
from thidua.reporting.models import Holiday, Period, ReportForm


def holiday_sets() -> tuple[set[dt.date], set[dt.date]]:
    return rules.calendar_sets(Holiday.objects.values_list("date", "kind"))


def period_dates(
    form: ReportForm, year: int, number: int = 1, *, calendar: tuple | None = None
) -> tuple[rules.Window, dt.date]:
    """The cut-off window and the deadline of a period of ``form`` (docs/RULES.md §3)."""
    window = rules.cutoff_window(form.periodicity, year, number, form.cutoff_day)
    return window, deadline_for(form, window, calendar=calendar)


def deadline_for(
    form: ReportForm, window: rules.Window, *, calendar: tuple | None = None
) -> dt.date:
    if form.deadline_kind == ReportForm.DeadlineKind.FIXED:
        return rules.fixed_deadline(window, form.deadline_month or 12, form.deadline_day or 31)
    off, work = calendar or holiday_sets()
    return rules.add_working_days(window.end, form.deadline_working_days, off, work)


@transaction.atomic
def period_open(
    *,
    user: Any,
    form: ReportForm,
    year: int,
    number: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
    label: str = "",
) -> Period:
    """Open (or return the existing) period ``number`` of ``year`` of ``form``."""
    permissions.rules.require("open_period", user, form)
    existing = Period.objects.filter(form=form, year=year, number=number).first()
    if existing:
        return existing
    if form.periodicity == ReportForm.Periodicity.ADHOC:
        if not (start and end):
            raise ValidationError(_("An ad hoc period needs its start and end dates."))
        window = rules.Window(start, end, label or f"{start:%d/%m/%Y}–{end:%d/%m/%Y}")
        deadline = deadline_for(form, window)
    else:
        window, deadline = period_dates(form, year, number)
    period = Period(
        form=form,
        year=year,
        number=number,
        label=label or window.label,
        start=window.start,
        end=window.end,
        deadline=deadline,
    )
    period.full_clean()
    period.save()
    return period
