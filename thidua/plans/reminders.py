"""Reminders about tasks due soon or overdue, for the daily reminder run
(``thidua.core.reminders``; registered in ``PlansConfig.ready``).

A lead unit's open part of a task (``TaskAssignmentQuerySet.open_on``: the one status rule)
whose deadline falls within ``due_soon_days`` is reminded as due soon, one past its
deadline as overdue. The key names the assignment and the deadline
(``plans:overdue:a12:2023-12-30``): the same deadline is reminded once, a new deadline
(moved by the plan's manager, or a yearly task's next occurrence) is a new event.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.figures import format_day
from thidua.core.notifications import Notice
from thidua.plans.models import TaskAssignment, TaskStatus


def task_notices(today: dt.date, due_soon_days: int) -> list[Notice]:
    """Due-soon and overdue notices of the lead units' open work.

    Only units that still exist receive reminders: a district abolished in 2025 has no
    officers left to remind (its history stays on the progress pages).
    """
    horizon = today + dt.timedelta(days=due_soon_days)
    open_lead = (
        TaskAssignment.objects.open_on(today)
        .filter(role=TaskAssignment.Role.LEAD, due_date__isnull=False, due_date__lte=horizon)
        .filter(unit__valid_to__isnull=True)
        .select_related("unit", "task")
    )
    notices = []
    for a in open_lead.iterator(chunk_size=2000):
        task, due, unit = a.task, a.due_date, a.unit
        url = reverse("plans:task_detail", args=[task.pk])
        if a.status_value == TaskStatus.OVERDUE:
            notices.append(
                Notice(
                    unit=unit,
                    kind="plans.overdue",
                    key=f"plans:overdue:a{a.pk}:{due.isoformat()}",
                    url=url,
                    title=lambda task=task, due=due, unit=unit: (
                        _("Overdue since %(due)s for %(unit)s: %(task)s")
                        % {"due": format_day(due), "unit": unit, "task": task}
                    ),
                )
            )
        else:
            notices.append(
                Notice(
                    unit=unit,
                    kind="plans.due_soon",
                    key=f"plans:due-soon:a{a.pk}:{due.isoformat()}",
                    url=url,
                    title=lambda task=task, due=due, unit=unit: (
                        _("Due on %(due)s for %(unit)s: %(task)s")
                        % {"due": format_day(due), "unit": unit, "task": task}
                    ),
                )
            )
    return notices
