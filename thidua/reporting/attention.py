"""Home-page items of the reporting app, and the state of the user's own units' reports
for the reports list: reports returned to the user's units (with the reason), reports of
the current period that the user's units still owe (with the deadline), and reports
waiting for the user's approval."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.models import ROLE_RANK, Role, RoleAssignment
from thidua.accounts.scope import Action, reach
from thidua.core.registry import AttentionItem
from thidua.core.reminders import DUE_SOON_DAYS
from thidua.orgunits.models import OrgUnit
from thidua.reporting import selectors
from thidua.reporting.models import Period, ReportForm, Submission
from thidua.reporting.permissions import rules

S = Submission.Status

# Reports waiting for approval: the oldest few one by one, the others counted.
APPROVALS_SHOWN = 5
APPROVALS_COUNTED = 50


@dataclass
class OwnReport:
    """The report one of the user's own units owes for a form's current period."""

    period: Period
    unit: OrgUnit
    submission: Submission | None

    @property
    def state(self) -> str:
        """missing | draft | returned | submitted | approved"""
        return "missing" if self.submission is None else self.submission.status

    @property
    def owed(self) -> bool:
        return self.state in {"missing", "draft", "returned"}

    def overdue_on(self, day: dt.date) -> bool:
        return self.owed and self.period.deadline < day


def _own_paths(user: Any) -> list[str]:
    """The units where the user holds a reporter's role (or above) themself: their own
    unit's reports, not every unit below it (those are the completeness page's)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return []
    roles = [r for r in Role if ROLE_RANK[r] >= ROLE_RANK[Role.REPORTER]]
    held = RoleAssignment.objects.filter(user=user, role__in=roles)
    return sorted(set(held.values_list("unit__path", flat=True)))


def _expected(period: Period, known: dict[int, QuerySet[OrgUnit]]) -> QuerySet[OrgUnit]:
    """The units that report ``period``'s form, built once a period (building it reads
    the form's assignment)."""
    if period.pk not in known:
        known[period.pk] = selectors.expected_units(form=period.form, period=period)
    return known[period.pk]


def own_reports(
    *,
    user: Any,
    forms: list[ReportForm],
    periods: dict[int, Period],
    paths: list[str] | None = None,
    expected: dict[int, QuerySet[OrgUnit]] | None = None,
) -> dict[int, list[OwnReport]]:
    """{form id: the reports the user's own units owe for its current (latest) period},
    for the units that report on it; a few queries a form and one for the reports."""
    paths = _own_paths(user) if paths is None else paths
    if not paths or not forms:
        return {}
    known = {} if expected is None else expected
    wanted: dict[int, list[tuple[Period, OrgUnit]]] = {}
    for form in forms:
        period = periods.get(form.pk)
        if period is None:
            continue
        units = _expected(period, known).filter(path__in=paths)
        wanted[form.pk] = [(period, u) for u in units.order_by("path")[:10]]
    pairs = [(p.pk, u.pk) for rows in wanted.values() for p, u in rows]
    current: dict[tuple[int, int], Submission] = {}
    if pairs:
        subs = Submission.objects.restrict(user).filter(
            is_current=True,
            period_id__in={p for p, _u in pairs},
            unit_id__in={u for _p, u in pairs},
        )
        current = {(s.period_id, s.unit_id): s for s in subs}
    return {
        form_id: [OwnReport(p, u, current.get((p.pk, u.pk))) for p, u in rows]
        for form_id, rows in wanted.items()
    }


def form_rows(*, user: Any) -> list[dict[str, Any]]:
    """The reports list: each active form with its latest period, the reports the user's
    own units owe for it, and the fill actions (``rules.actions``) for the unit the fill
    page opens on, so that a form the user cannot fill is not offered (a few queries a
    form)."""
    forms = list(selectors.form_list(user=user, active_only=True))
    latest = selectors.latest_periods(user=user, forms=forms)
    known: dict[int, QuerySet[OrgUnit]] = {}
    own = own_reports(user=user, forms=forms, periods=latest, expected=known)
    may_report = reach(user, Action.REPORT)
    rows = []
    for form in forms:
        period = latest.get(form.pk)
        mine = own.get(form.pk, [])
        actions = None
        # The first unit the user reports for, as the fill page opens on it
        # (``selectors.reportable_units``).
        first_unit = None
        if period is not None and not may_report.nothing:
            first_unit = (
                _expected(period, known).filter(may_report.unit_q()).order_by("path").first()
            )
        if period is not None and first_unit is not None:
            # It reports on the form: remembered on the period for the rules
            # (``assignment.is_expected``) rather than asked again.
            period.__dict__.setdefault("_thidua_expected", {})[first_unit.pk] = True
            first = next((o for o in mine if o.unit.pk == first_unit.pk), None)
            current = (
                first.submission
                if first
                else selectors.current_submission(user=user, period=period, unit=first_unit)
            )
            actions = rules.actions(user, period, group="fill", unit=first_unit, current=current)
        rows.append({"form": form, "period": period, "mine": mine, "actions": actions})
    return rows


def _fill_url(period: Period, unit: OrgUnit) -> str:
    return reverse("reporting:fill", args=[period.pk]) + f"?unit={unit.pk}"


def _returned_items(user: Any, paths: list[str]) -> list[AttentionItem]:
    """Reports returned to the user's own units, of any period, with the reason."""
    subs = (
        Submission.objects.restrict(user)
        .filter(is_current=True, status=S.RETURNED, unit__path__in=paths)
        .select_related("form", "period", "unit")
        .order_by("period__deadline")[:10]
    )
    return [
        AttentionItem(
            title=_("Correct and resubmit: %(form)s, %(period)s — %(unit)s")
            % {"form": s.form.name, "period": s.period.label, "unit": s.unit},
            url=_fill_url(s.period, s.unit),
            kind=_("report returned"),
            severity="danger",
            detail=_("Returned because: %(reason)s") % {"reason": s.return_reason or "—"},
            when=s.decided_at,
        )
        for s in subs
    ]


def _owed_item(own: OwnReport, form: ReportForm, day: dt.date) -> AttentionItem:
    url = _fill_url(own.period, own.unit)
    names = {"form": form.name, "period": own.period.label, "unit": own.unit}
    overdue = own.overdue_on(day)
    soon = own.period.deadline <= day + dt.timedelta(days=DUE_SOON_DAYS)
    if own.state == "draft":
        title = _("Finish and submit: %(form)s, %(period)s — %(unit)s") % names
    else:
        title = _("Report missing: %(form)s, %(period)s — %(unit)s") % names
    return AttentionItem(
        title=title,
        url=url,
        kind=_("report overdue") if overdue else _("report due"),
        severity="danger" if overdue else "warning" if soon else "info",
        due=own.period.deadline,
    )


def reports_attention(user: Any, *, today: dt.date | None = None) -> list[AttentionItem]:
    day = today or selectors.today()
    items: list[AttentionItem] = []
    paths = _own_paths(user)
    if paths:
        items.extend(_returned_items(user, paths))
        forms = list(selectors.form_list(user=user, active_only=True))
        periods = selectors.latest_periods(user=user, forms=forms)
        by_pk = {f.pk: f for f in forms}
        owed = own_reports(user=user, forms=forms, periods=periods, paths=paths)
        for form_id, owns in owed.items():
            items.extend(
                _owed_item(o, by_pk[form_id], day) for o in owns if o.state in {"missing", "draft"}
            )
    waiting = selectors.awaiting_approval(user=user, limit=APPROVALS_COUNTED)
    items.extend(
        AttentionItem(
            title=_("Approve or return: %(form)s, %(period)s — %(unit)s")
            % {"form": s.form.name, "period": s.period.label, "unit": s.unit},
            url=reverse("reporting:submission", args=[s.pk]),
            kind=_("report to approve"),
            severity="warning",
            when=s.submitted_at,
        )
        for s in waiting[:APPROVALS_SHOWN]
    )
    more = len(waiting) - APPROVALS_SHOWN
    if more > 0:
        items.append(
            AttentionItem(
                title=ngettext(
                    "%(n)d more report waits for your approval",
                    "%(n)d more reports wait for your approval",
                    more,
                )
                % {"n": more},
                url=reverse("reporting:home"),
                kind=_("report to approve"),
                severity="warning",
                detail=_("The oldest are listed first; the reports page lists them all."),
                when=waiting[APPROVALS_SHOWN].submitted_at,
            )
        )
    return items


def offline_pages(user: Any) -> list[str]:
    """The pages kept on the device for working offline (``core.offline``): the reports
    list and the fill page of each report the user's own units still owe."""
    forms = list(selectors.form_list(user=user, active_only=True))
    latest = selectors.latest_periods(user=user, forms=forms)
    owed = own_reports(user=user, forms=forms, periods=latest)
    pages = [reverse("reporting:home")]
    pages += [_fill_url(o.period, o.unit) for rows in owed.values() for o in rows if o.owed]
    return pages
