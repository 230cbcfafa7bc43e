"""Setting up a reporting regime: a form with its sections, indicators and rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.orgunits.models import OrgUnit, SubjectGroup, UnitKind
from thidua.reporting.models import FormItem, FormSection, Indicator, ReportForm, ValidationRule
from thidua.reporting.permissions import rules


@dataclass
class ItemSpec:
    """One indicator of a form being defined (``report_form_create``)."""

    indicator: Indicator
    required: bool = True
    expected_min: Decimal | None = None
    expected_max: Decimal | None = None


@transaction.atomic
def report_form_create(
    *,
    user: Any,
    code: str,
    name: str,
    owner: OrgUnit,
    sections: Sequence[tuple[str, Sequence[ItemSpec]]],
    periodicity: str = ReportForm.Periodicity.YEAR,
    deadline_kind: str = ReportForm.DeadlineKind.WORKING_DAYS,
    deadline_month: int | None = None,
    deadline_day: int | None = None,
    deadline_working_days: int = 2,
    legal_basis: str = "",
    receiving_units: Iterable[OrgUnit] = (),
    assigned_units: Iterable[OrgUnit] = (),
    assigned_subtrees: Iterable[OrgUnit] = (),
    assigned_kinds: Iterable[UnitKind] = (),
    assigned_groups: Iterable[SubjectGroup] = (),
    rules_between: Sequence[tuple[Indicator, str, Indicator, str]] = (),
) -> ReportForm:
    """Define a reporting regime with its sections, indicators and validation rules."""
    rules.require("define_form", user, owner)
    form = ReportForm(
        code=code,
        name=name,
        owner=owner,
        periodicity=periodicity,
        deadline_kind=deadline_kind,
        deadline_month=deadline_month,
        deadline_day=deadline_day,
        deadline_working_days=deadline_working_days,
        legal_basis=legal_basis,
    )
    form.full_clean()
    form.save()
    form.receiving_units.set(receiving_units)
    form.assigned_units.set(assigned_units)
    form.assigned_subtrees.set(assigned_subtrees)
    form.assigned_kinds.set(assigned_kinds)
    form.assigned_groups.set(assigned_groups)
    for s_order, (title, items) in enumerate(sections, start=1):
        section = FormSection.objects.create(form=form, order=s_order, title=title)
        for i_order, spec in enumerate(items, start=1):
            FormItem.objects.create(
                section=section,
                indicator=spec.indicator,
                order=i_order,
                required=spec.required,
                expected_min=spec.expected_min,
                expected_max=spec.expected_max,
            )
    for left, op, right, message in rules_between:
        ValidationRule.objects.create(form=form, left=left, op=op, right=right, message=message)
    return form
