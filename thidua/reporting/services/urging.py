"""Urging the units whose report is missing: a notification to their officers, once a day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.changelog import log_event
from thidua.core.figures import format_day
from thidua.core.notifications import Notice, NotifyResult, notify
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Period, ReportForm
from thidua.reporting.permissions import rules


@transaction.atomic
def submissions_urge(
    *, user: Any, form: ReportForm, period: Period, units: Sequence[OrgUnit], message: str = ""
) -> NotifyResult:
    """Notify the officers of ``units`` that their report is missing; once per unit a day.

    Every unit must be one the user supervises for this form (the ``urge`` rule, checked
    before anything is sent). The result says how many notifications went out and which
    units have no active officer to notify, so that the supervisor can reach them another
    way.
    """
    rules.require("urge", user, period, units=units)
    today = timezone.localdate()
    url = reverse("reporting:fill", args=[period.pk])
    message = (message or "").strip()[:1000]
    result = notify(
        [
            Notice(
                unit=unit,
                kind="report",
                key=f"report-urge:{period.pk}:{unit.pk}:{today.isoformat()}",
                url=f"{url}?unit={unit.pk}",
                # Called in each recipient's language (core.notifications).
                title=lambda: (
                    _("Report %(form)s %(period)s is due (%(deadline)s)")
                    % {
                        "form": form.name,
                        "period": period.label,
                        "deadline": format_day(period.deadline),
                    }
                ),
                body=(lambda: message) if message else None,
            )
            for unit in units
        ]
    )
    log_event(
        period,
        "urged",
        data={
            "units": [u.code for u in units],
            "notifications": result.created,
            "without_officers": [u.code for u in result.without_officers],
        },
    )
    return result
