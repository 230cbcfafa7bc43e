"""Background jobs of reporting: the nightly synthesis check."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from thidua.accounts.models import Role
from thidua.core.context import acting_as
from thidua.core.figures import format_figure
from thidua.core.models import Notification
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Indicator, Period
from thidua.reporting.synthesis import Difference, synthesis_check

log = logging.getLogger(__name__)


def administrators() -> list[Any]:
    """Who is told of a fault of the whole system: superusers and administrators at a
    root of the unit tree."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(role_assignments__role=Role.ADMIN, role_assignments__unit__parent__isnull=True)
        )
        .distinct()
    )


def _total(figures: tuple | None) -> str:
    return "—" if figures is None else format_figure(figures[0])


def _described(d: Difference) -> str:
    """ "Xã Lũng Cú, Số mô hình…, Năm 2023: 12 ≠ 14", by names."""
    _form, period, unit, indicator, key = d.cell
    names = [
        str(OrgUnit.objects.filter(pk=unit).first() or "—"),
        str(Indicator.objects.filter(pk=indicator).first() or "—"),
        str(Period.objects.filter(pk=period).first() or "—"),
    ]
    if key:
        names.append(key)
    return f"{', '.join(names)}: {_total(d.stored)} ≠ {_total(d.expected)}"


def synthesis_check_run() -> dict[str, Any]:
    """Recompute the synthesis and compare; on any difference tell every administrator
    (once a day), with the first cells that differ."""
    diffs = synthesis_check()
    result: dict[str, Any] = {"differences": len(diffs), "alerted": 0}
    if not diffs:
        return result
    log.error("synthesis check: %d differences, first %s", len(diffs), diffs[:5])
    day = timezone.localdate()
    cells = "; ".join(_described(d) for d in diffs[:10])
    fresh = []
    for user in administrators():
        with translation.override(getattr(user, "language", "") or None):
            fresh.append(
                Notification(
                    user=user,
                    kind="synthesis_check",
                    title=ngettext(
                        "The nightly check found %(n)d figure of the synthesis that differs "
                        "from a full recompute",
                        "The nightly check found %(n)d figures of the synthesis that differ "
                        "from a full recompute",
                        len(diffs),
                    )
                    % {"n": len(diffs)},
                    body=_(
                        "Run “manage.py synthesis_check --repair” to write the recomputed "
                        "figures, then look for what wrote around the synthesis. First "
                        "differences: %(cells)s"
                    )
                    % {"cells": cells},
                    url="",
                    dedupe_key=f"synthesis-check:{day.isoformat()}",
                )
            )
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    result["alerted"] = len(fresh)
    return result


@task()
def synthesis_check_job() -> dict[str, Any]:
    with acting_as(None):
        return synthesis_check_run()
