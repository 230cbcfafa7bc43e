"""Who must report a form for a period (docs/RULES.md §3): the units a form is assigned to.

Its own module because both the rules (``thidua.reporting.permissions``: only a unit that
reports on a form may fill it) and the reads (``thidua.reporting.selectors``, which
re-exports it) need it, and the selectors import the rules.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from thidua.orgunits.models import OrgUnit, path_upper_bound
from thidua.reporting.models import Period, ReportForm


def expected_units(*, form: ReportForm, period: Period) -> QuerySet[OrgUnit]:
    """The units that must report ``form`` for ``period``: those existing at its cut-off
    (a unit merged away during the period is reported for by its successor)."""
    base = OrgUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.end),
    )
    q = Q(pk__in=form.assigned_units.values("pk"))
    subtrees = list(form.assigned_subtrees.values_list("path", flat=True))
    kinds = list(form.assigned_kinds.values_list("pk", flat=True))
    groups = list(form.assigned_groups.values_list("pk", flat=True))
    if subtrees and (kinds or groups):
        inside = Q()
        for p in subtrees:
            inside |= Q(path__gte=p, path__lt=path_upper_bound(p))
        match = Q()
        if kinds:
            match |= Q(kind_id__in=kinds)
        if groups:
            match |= Q(
                pk__in=OrgUnit.subject_groups.through.objects.filter(
                    subjectgroup_id__in=groups
                ).values("orgunit_id")
            )
        q |= inside & match
    return base.filter(q)


def is_expected(period: Period, unit: OrgUnit) -> bool:
    """True if ``unit`` reports ``period``'s form; remembered on the period for the rest of
    the request (a page asks it for several actions of one unit)."""
    known: dict[int, bool] = period.__dict__.setdefault("_thidua_expected", {})
    if unit.pk not in known:
        known[unit.pk] = expected_units(form=period.form, period=period).filter(pk=unit.pk).exists()
    return known[unit.pk]
