"""Bulk load of many reports of one period (past years, migrations, benchmarks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.changelog import log_event
from thidua.orgunits.models import OrgUnit
from thidua.reporting import synthesis
from thidua.reporting.models import Period, Submission, Value
from thidua.reporting.permissions import rules
from thidua.reporting.values import Cells, find_outliers, form_items, validate_values

S = Submission.Status


@dataclass
class HistoricRow:
    """One report of a bulk load of past figures (``submissions_bulk_load``)."""

    unit: OrgUnit
    values: Mapping[tuple[str, str], Any]
    status: str = S.APPROVED
    submitted_on: dt.date | None = None


@transaction.atomic
def submissions_bulk_load(
    *, user: Any, period: Period, rows: Sequence[HistoricRow], batch_size: int = 5000
) -> int:
    """Load many reports of one period at once (past years, migrations, benchmarks).

    Values are validated like any other input (all errors at once, nothing saved); the
    rows are bulk-inserted without per-row signals, one ``imported`` event is logged on
    the period, and the approved reports roll up together (``synthesis.apply_many``:
    one set-based statement per tree level) instead of one roll-up per report. Units
    that already have a report for the period are refused.
    """
    form = period.form
    rules.require("bulk_load", user, period)
    errors: list[str] = []
    parsed: list[tuple[HistoricRow, Cells]] = []
    items = form_items(form)
    rules_ = list(form.rules.select_related("left", "right"))
    for row in rows:
        cells, errs = validate_values(
            form, row.values, complete=row.status != S.DRAFT, items=items, rules_=rules_
        )
        errors.extend(f"{row.unit.code}: {e}" for e in errs)
        parsed.append((row, cells))
    taken = set(
        Submission.objects.filter(period=period, unit__in=[r.unit for r in rows]).values_list(
            "unit__code", flat=True
        )
    )
    errors.extend(
        _("%(u)s: already has a report for this period") % {"u": c} for c in sorted(taken)
    )
    if errors:
        raise ValidationError(errors[:200])
    now = timezone.now()
    subs = []
    for row, cells in parsed:
        on = row.submitted_on if row.status != S.DRAFT else None
        subs.append(
            Submission(
                form=form,
                period=period,
                unit=row.unit,
                status=row.status,
                source=Submission.Source.EXCEL,
                first_submitted_on=on,
                submitted_at=now if on else None,
                decided_at=now if row.status in {S.APPROVED, S.RETURNED} else None,
                approved_at=now if row.status == S.APPROVED else None,
                decided_by=user if row.status == S.APPROVED else None,
                created_by=user,
                outliers=find_outliers(form, cells, items),
            )
        )
    Submission.objects.bulk_create(subs, batch_size=batch_size)
    if subs and subs[0].pk is None:  # backends without RETURNING on bulk insert
        ids = dict(Submission.objects.filter(period=period).values_list("unit_id", "pk"))
        for s in subs:
            s.pk = ids[s.unit_id]
    Value.objects.bulk_create(
        [
            Value(submission=s, indicator_id=i, key=k, number=n, text=t)
            for s, (_row, cells) in zip(subs, parsed, strict=True)
            for (i, k), (n, t) in cells.items()
            if n is not None or t
        ],
        batch_size=batch_size,
    )
    synthesis.apply_many(
        form_id=form.pk,
        period_id=period.pk,
        submission_ids=[s.pk for s in subs if s.status == S.APPROVED],
    )
    log_event(period, "imported", data={"reports": len(subs)})
    return len(subs)
