"""Reminders about answers owed on issues of public concern, for the daily reminder run
(``thidua.core.reminders``; registered in ``ConcernsConfig.ready``)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.concerns.models import ConcernIssue
from thidua.core.figures import format_day
from thidua.core.notifications import Notice


def concern_notices(today: dt.date, due_soon_days: int) -> list[Notice]:
    """Answers due within ``due_soon_days`` or overdue, to the competent body's officers.

    The kinds and dedupe keys are those used while issues lived in the plans app: keys
    unchanged by the move, so that nothing already sent is sent again.
    """
    horizon = today + dt.timedelta(days=due_soon_days)
    waiting = ConcernIssue.objects.filter(
        state=ConcernIssue.State.FORWARDED, answer_due__lte=horizon, competent_unit__isnull=False
    ).select_related("competent_unit")
    notices = []
    for c in waiting:
        overdue = c.is_overdue_on(today)
        kind = "plans.overdue" if overdue else "plans.due_soon"
        tag = "overdue" if overdue else "due-soon"
        notices.append(
            Notice(
                unit=c.competent_unit,
                kind=kind,
                key=f"plans:concern-{tag}:c{c.pk}:{c.answer_due.isoformat()}:r{c.reopen_count}",
                url=reverse("concerns:detail", args=[c.pk]),
                title=(
                    (
                        lambda c=c: (
                            _("Answer overdue since %(due)s: %(issue)s")
                            % {"due": format_day(c.answer_due), "issue": c}
                        )
                    )
                    if overdue
                    else (
                        lambda c=c: (
                            _("Answer due on %(due)s: %(issue)s")
                            % {"due": format_day(c.answer_due), "issue": c}
                        )
                    )
                ),
            )
        )
    return notices
