"""Urging the units whose report is missing: a notification to their reporters, once a day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import ROLE_RANK, Role, RoleAssignment
from thidua.core.changelog import log_event
from thidua.core.models import Notification
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Period, ReportForm
from thidua.reporting.permissions import require_supervisor


@transaction.atomic
def submissions_urge(
    *, user: Any, form: ReportForm, period: Period, units: Sequence[OrgUnit], message: str = ""
) -> int:
    """Notify the reporters of ``units`` that their report is missing; once per day."""
    today = timezone.localdate()
    url = reverse("reporting:fill", args=[period.pk])
    sent = 0
    for unit in units:
        require_supervisor(user, form, unit)
        holders = RoleAssignment.objects.filter(unit=unit).select_related("user")
        for ra in holders:
            if ROLE_RANK[Role(ra.role)] < ROLE_RANK[Role.REPORTER]:
                continue
            _note, created = Notification.objects.get_or_create(
                user=ra.user,
                dedupe_key=f"report-urge:{period.pk}:{unit.pk}:{today.isoformat()}",
                defaults={
                    "kind": "report",
                    "title": _("Report %(form)s %(period)s is due (%(deadline)s)")
                    % {
                        "form": form.name,
                        "period": period.label,
                        "deadline": f"{period.deadline:%d/%m/%Y}",
                    },
                    "body": message,
                    "url": f"{url}?unit={unit.pk}",
                },
            )
            sent += int(created)
    log_event(period, "urged", data={"units": [u.code for u in units], "notifications": sent})
    return sent
