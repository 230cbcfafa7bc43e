"""Reads of the reporting app, always through the user's reach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from thidua.accounts.scope import Action, reach, visible_units
from thidua.orgunits.models import OrgUnit, path_upper_bound
from thidua.reporting.assignment import expected_units
from thidua.reporting.models import (
    FormItem,
    Indicator,
    Period,
    ReportForm,
    Submission,
    SynthesisValue,
    ValidationRule,
    Value,
)
from thidua.reporting.permissions import is_receiver, rules
from thidua.reporting.synthesis import Cells, display_value, read_derived
from thidua.reporting.values import VT, form_items, item_keys, value_text

S = Submission.Status


def form_list(*, user: Any, active_only: bool = False) -> QuerySet[ReportForm]:
    qs = ReportForm.objects.restrict(user).select_related("owner").order_by("code")
    return qs.filter(is_active=True) if active_only else qs


def form_get(*, user: Any, pk: int) -> ReportForm:
    form = form_list(user=user).filter(pk=pk).first()
    if form is None:
        raise Http404("No such form.")
    return form


def form_validation_rules(*, form: ReportForm) -> list[ValidationRule]:
    return list(form.rules.select_related("left", "right"))


def form_receivers(*, form: ReportForm) -> list[OrgUnit]:
    return list(form.receiving_units.all())


def period_list(*, user: Any, form: ReportForm) -> QuerySet[Period]:
    return Period.objects.restrict(user).filter(form=form).order_by("-end")


def latest_periods(*, user: Any, forms: list[ReportForm]) -> dict[int, Period]:
    """{form id: its latest period} (the home page), one query."""
    periods = Period.objects.restrict(user).filter(form__in=forms).order_by("end")
    return {p.form_id: p for p in periods}


def period_get(*, user: Any, pk: int) -> Period:
    """A period the user may see, with its form, owner and receiving units (which the
    rules of ``thidua.reporting.permissions`` read for every unit of a page)."""
    found = (
        Period.objects.restrict(user)
        .select_related("form", "form__owner")
        .prefetch_related("form__receiving_units")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such period.")
    return found


# ---------------------------------------------------------------- units


def unit_get(*, user: Any, pk: int) -> OrgUnit:
    """A unit the user may browse (their subtrees and the ancestors that lead to them)."""
    unit = visible_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def unit_by_code(*, user: Any, code: str) -> OrgUnit:
    unit = visible_units(user).filter(code=code).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def default_root(*, user: Any, form: ReportForm) -> OrgUnit:
    """Where a page of ``form`` opens: the whole regime for a receiver, else the user's
    top unit."""
    if is_receiver(user, form):
        return form.assigned_subtrees.order_by("depth").first() or form.owner
    paths = reach(user, Action.VIEW).paths
    unit = OrgUnit.objects.filter(path__in=paths).order_by("depth").first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def reportable_units(*, user: Any, period: Period, limit: int = 200) -> list[OrgUnit]:
    """The units that report ``period``'s form and that the user may report for (the
    ``report_for_unit`` rule, as a query), in tree order."""
    r = reach(user, Action.REPORT)
    if r.nothing:
        return []
    qs = expected_units(form=period.form, period=period).filter(r.unit_q())
    return list(qs.order_by("path")[:limit])


def units_reporting_below(*, user: Any, period: Period) -> list[tuple[OrgUnit, list[OrgUnit]]]:
    """The units with several units right below them that report ``period``'s form and
    that the user may report for (a district and its communes), with those units: one
    workbook can carry all their reports."""
    below: dict[int, list[OrgUnit]] = {}
    for u in reportable_units(user=user, period=period):
        if u.parent_id is not None:
            below.setdefault(u.parent_id, []).append(u)
    parents = OrgUnit.objects.in_bulk([pk for pk, units in below.items() if len(units) > 1])
    return [(parents[pk], below[pk]) for pk in sorted(parents, key=lambda k: parents[k].path)]


def visible_ancestors(*, user: Any, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The ancestors of ``unit`` the user may browse (a breadcrumb), top first."""
    return OrgUnit.objects.ancestors_of(unit).filter(pk__in=visible_units(user).values("pk"))


def child_units(*, unit: OrgUnit, limit: int = 100) -> list[OrgUnit]:
    """The children of a unit whose data the caller already may see (a drill-down)."""
    return list(OrgUnit.objects.filter(parent=unit).order_by("name")[:limit])


def submission_list(
    *, user: Any, form: ReportForm | None = None, period: Period | None = None, status: str = ""
) -> QuerySet[Submission]:
    qs = Submission.objects.restrict(user).filter(is_current=True)
    if form is not None:
        qs = qs.filter(form=form)
    if period is not None:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    # The API lists each report with its figures: one query for all of them, not one a row.
    return (
        qs.select_related("form", "period", "unit")
        .prefetch_related(_figures())
        .order_by("-period__end", "unit__path")
    )


def _figures() -> Prefetch:
    return Prefetch("values", queryset=Value.objects.select_related("indicator"))


def submission_get(*, user: Any, pk: int) -> Submission:
    """A report the user may see, with what its page and its rules read."""
    sub = (
        Submission.objects.restrict(user)
        .select_related("form", "period", "unit", "submitted_by", "decided_by", "previous")
        .prefetch_related("form__receiving_units", _figures())
        .filter(pk=pk)
        .first()
    )
    if sub is None:
        raise Http404("No such report.")
    return sub


def current_submission(*, user: Any, period: Period, unit: OrgUnit) -> Submission | None:
    """The unit's current report of ``period`` (None if it has none yet)."""
    return (
        Submission.objects.restrict(user)
        .current()
        .filter(form=period.form_id, period=period, unit=unit)
        .first()
    )


def submission_versions(*, submission: Submission) -> list[Submission]:
    return list(
        Submission.objects.filter(
            form=submission.form_id, period=submission.period_id, unit=submission.unit_id
        ).order_by("-number")
    )


@dataclass
class Row:
    item: FormItem
    key: str
    label: str
    value: Any = None

    @property
    def shown(self) -> str:
        """The value as read on the report's page, with its unit of measure when it is a
        figure ("160 người", "có")."""
        indicator = self.item.indicator
        text = value_text(indicator, self.value)
        if self.value is None or indicator.value_type in (VT.YESNO, VT.TEXT):
            return text
        return f"{text} {indicator.unit_of_measure}".strip()


def submission_rows(*, submission: Submission | None, form: ReportForm) -> list[Row]:
    """Every cell of the form with the submission's value, in form order."""
    values: dict[tuple[int, str], Value] = {}
    if submission is not None:
        values = {(v.indicator_id, v.key): v for v in submission.values.all()}
    rows = []
    for it in form_items(form):
        for key, label in item_keys(it.indicator):
            v = values.get((it.indicator_id, key))
            shown = None
            if v is not None:
                shown = v.text if it.indicator.value_type == "text" else v.number
            rows.append(Row(it, key, label, shown))
    return rows


def awaiting_approval(*, user: Any, limit: int = 50) -> list[Submission]:
    """Submitted reports this user may approve (home page, approval queue)."""
    if reach(user, Action.APPROVE).nothing:
        return []
    qs = (
        Submission.objects.restrict(user)
        .filter(status=S.SUBMITTED, is_current=True)
        .select_related("form", "period", "unit")
        .prefetch_related("form__receiving_units")
        .order_by("submitted_at")[: limit * 4]
    )
    return [s for s in qs if rules.may("approve", user, s)][:limit]


# ---------------------------------------------------------------- completeness


@dataclass
class UnitStatus:
    unit: OrgUnit
    submission: Submission | None
    state: str  # approved | submitted | returned | draft | missing
    on_time: bool | None


@dataclass
class Completeness:
    form: ReportForm
    period: Period
    root: OrgUnit
    rows: list[UnitStatus] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(r.state in {"submitted", "approved"} for r in self.rows)

    @property
    def approved(self) -> int:
        return sum(r.state == "approved" for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(r.on_time is True for r in self.rows)

    @property
    def late(self) -> int:
        return sum(r.on_time is False for r in self.rows)

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def missing_units(self) -> list[OrgUnit]:
        return [r.unit for r in self.rows if r.state not in {"submitted", "approved"}]

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0

    def summary(self) -> dict[str, int]:
        return {
            "expected": self.expected,
            "submitted": self.submitted,
            "approved": self.approved,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
        }


def completeness(*, user: Any, period: Period, root: OrgUnit) -> Completeness:
    """Expected, submitted, on time, late, missing for ``root``'s subtree (3 queries)."""
    form = period.form
    if not rules.may("view_unit_data", user, form, unit=root):
        raise Http404("No such unit.")
    units = list(
        expected_units(form=form, period=period)
        .filter(path__gte=root.path, path__lt=path_upper_bound(root.path))
        .select_related("kind")
        .order_by("path")
    )
    subs = {
        s.unit_id: s
        for s in Submission.objects.filter(
            form=form, period=period, is_current=True, unit__in=[u.pk for u in units]
        )
    }
    result = Completeness(form, period, root)
    for u in units:
        s = subs.get(u.pk)
        state = "missing" if s is None else s.status
        on_time = None
        if state in {"submitted", "approved"} and s is not None and s.first_submitted_on:
            on_time = s.first_submitted_on <= period.deadline
        result.rows.append(UnitStatus(u, s, state, on_time))
    return result


def units_to_urge(
    *, user: Any, completeness: Completeness, chosen: set[int] | None = None
) -> list[OrgUnit]:
    """The missing units to urge: those ``chosen`` (the ``urge`` rule refuses any the user
    does not supervise), or else every missing unit the user supervises."""
    missing = completeness.missing_units
    if chosen:
        return [u for u in missing if u.pk in chosen]
    form = completeness.form
    return [u for u in missing if rules.may("supervise", user, form, unit=u)]


# ---------------------------------------------------------------- synthesis


@dataclass
class SynthesisTable:
    form: ReportForm
    period: Period
    unit: OrgUnit
    items: list[FormItem]
    total: dict[tuple[int, str], Decimal | None]
    counts: dict[int, int]
    children: list[tuple[OrgUnit, list[Decimal | None]]]
    breakdown: list[tuple[FormItem, str, str, Decimal | None]]

    @property
    def item_totals(self) -> list[tuple[FormItem, Decimal | None, int]]:
        return [
            (it, self.total.get((it.indicator_id, "")), self.counts.get(it.indicator_id, 0))
            for it in self.items
        ]


@dataclass(frozen=True)
class _SynthesisView:
    """What a synthesis table derives from the cells and the form's definition, kept in
    memory between reads (``synthesis.read_derived``): shared, never changed."""

    items: list[FormItem]
    total: dict[tuple[int, str], Decimal | None]
    counts: dict[int, int]
    by_child: dict[int, list[Decimal | None]]  # child units with a figure only
    breakdown: list[tuple[FormItem, str, str, Decimal | None]]


def _synthesis_view(
    form: ReportForm, unit_id: int, child_ids: list[int], cells: Cells
) -> _SynthesisView:
    items = [it for it in form_items(form) if it.indicator.rolls_up]
    own = cells.get(unit_id, {})
    keys = {it.indicator_id: item_keys(it.indicator) for it in items}
    total = {
        (it.indicator_id, key): display_value(it.indicator, own.get((it.indicator_id, key)))
        for it in items
        for key, _ in keys[it.indicator_id]
    }
    counts = {it.indicator_id: getattr(own.get((it.indicator_id, "")), "count", 0) for it in items}
    columns = [((it.indicator_id, ""), it.indicator) for it in items]
    by_child = {}
    for pk in child_ids:
        mine = cells.get(pk)
        vals = [display_value(ind, mine.get(cell)) for cell, ind in columns] if mine else []
        if any(v is not None for v in vals):  # rows left at zero by retractions are not shown
            by_child[pk] = vals
    breakdown = [
        (it, key, label, total.get((it.indicator_id, key)))
        for it in items
        for key, label in keys[it.indicator_id]
        if key
    ]
    return _SynthesisView(items, total, counts, by_child, breakdown)


def synthesis_table(*, user: Any, period: Period, unit: OrgUnit) -> SynthesisTable:
    """The synthesis of ``unit``'s subtree and of each child (``synthesis.read_derived``:
    from memory while neither the period's synthesis nor the form's definition changed)."""
    form = period.form
    if not rules.may("view_unit_data", user, form, unit=unit):
        raise Http404("No such unit.")
    # The rows show names and codes: the unit's search text, aliases and timestamps (the
    # costly columns to load) are not read for them.
    children = list(
        OrgUnit.objects.filter(parent=unit)
        .defer("aliases", "search_text", "created_at", "updated_at")
        .order_by("name")
    )
    child_ids = [c.pk for c in children]
    view = read_derived(
        form_id=form.pk,
        period_id=period.pk,
        unit_ids=[unit.pk, *child_ids],
        name=("synthesis table", unit.pk),
        derive=partial(_synthesis_view, form, unit.pk, child_ids),
    )
    child_rows = [(c, view.by_child[c.pk]) for c in children if c.pk in view.by_child]
    return SynthesisTable(
        form, period, unit, view.items, view.total, view.counts, child_rows, view.breakdown
    )


def synthesis_totals(*, user: Any, period: Period, unit: OrgUnit) -> dict[str, Decimal | None]:
    """{indicator code: figure} for a unit's subtree; the API's synthesis read."""
    table = synthesis_table(user=user, period=period, unit=unit)
    return {it.indicator.code: table.total.get((it.indicator_id, "")) for it in table.items}


def time_series(
    *, user: Any, form: ReportForm, indicator: Indicator, unit: OrgUnit
) -> list[tuple[int, Decimal | None]]:
    """(year, figure) of one indicator for a subtree over every period of ``form``.

    Several periods in one year combine by the indicator's aggregation over time: "last"
    takes the latest period, average divides the summed totals by the summed counts,
    others add up.
    """
    if not rules.may("view_unit_data", user, form, unit=unit):
        raise Http404("No such unit.")
    rows = (
        SynthesisValue.objects.filter(form=form, unit=unit, indicator=indicator, key="")
        .select_related("period")
        .order_by("period__end")
    )
    by_year: dict[int, list[SynthesisValue]] = {}
    for r in rows:
        by_year.setdefault(r.period.year, []).append(r)
    years = sorted(Period.objects.filter(form=form).values_list("year", flat=True).distinct())
    out: list[tuple[int, Decimal | None]] = []
    for y in years:
        rs = [r for r in by_year.get(y, []) if r.count]
        if not rs:
            out.append((y, None))
            continue
        if indicator.aggregation == Indicator.Aggregation.LAST:
            out.append((y, display_value(indicator, rs[-1])))
            continue
        merged = SynthesisValue(
            total=sum((r.total for r in rs), Decimal(0)),
            count=sum(r.count for r in rs),
            min=min((r.min for r in rs if r.min is not None), default=None),
            max=max((r.max for r in rs if r.max is not None), default=None),
        )
        out.append((y, display_value(indicator, merged)))
    return out


def report_forms_with(*, user: Any, indicator: Indicator) -> QuerySet[ReportForm]:
    return form_list(user=user).filter(sections__items__indicator=indicator).distinct()


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def yearly_indicator_value(unit: OrgUnit, indicator_code: str, year: int) -> Decimal | None:
    """The approved figure of an indicator for ``unit``'s subtree in a yearly period.

    The emulation app computes criteria from it (``emulation.services.criterion_compute``),
    and follows it when it moves (``reporting.signals.synthesis_changed``). Read straight
    from the synthesis: a yearly period of any form that carries the indicator; when
    several forms do, the latest period wins.
    """
    row = (
        SynthesisValue.objects.filter(
            unit=unit,
            indicator__code=indicator_code,
            key="",
            period__year=year,
            period__form__periodicity=ReportForm.Periodicity.YEAR,
        )
        .select_related("indicator")
        .order_by("-period__end")
        .first()
    )
    return display_value(row.indicator, row) if row is not None else None
