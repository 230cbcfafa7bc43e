"""The reminder run: due-soon and overdue reminders, in-app and as one e-mail digest per user.

Run daily by ``manage.py send_reminders`` (cron) or as the ``send_reminders_job`` task.
Idempotent by construction, so that a second run, a retry or two workers at once send
nothing twice:

1. Each event gets a dedupe key naming the task, the unit and the deadline
   (``plans:overdue:a12:2023-12-30``); ``core.Notification``'s unique (user, key)
   constraint lets each user receive it once, whatever the number of runs.
2. E-mail goes out per user as one digest of every ``plans.*`` notification not yet
   e-mailed. Rows are claimed first by stamping ``emailed_at`` in one UPDATE that only
   matches unclaimed rows; only the claimed rows go into the mail, and if sending fails
   the claim is released for the next run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.models import User
from thidua.concerns.reminders import concern_notices
from thidua.core.models import Notification
from thidua.plans.models import TaskAssignment
from thidua.plans.services import Notice, notify

DUE_SOON_DAYS = 3
DIGEST_KINDS_PREFIX = "plans."


@dataclass(frozen=True)
class ReminderResult:
    notifications: int
    emails: int


def _task_notices(today: dt.date, due_soon_days: int) -> list[Notice]:
    horizon = today + dt.timedelta(days=due_soon_days)
    open_lead = (
        TaskAssignment.objects.filter(
            role=TaskAssignment.Role.LEAD,
            completed_on__isnull=True,
            cancelled_at__isnull=True,
            task__cancelled_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=horizon,
        )
        .filter(unit__valid_to__isnull=True)
        .select_related("unit", "task")
    )
    notices = []
    for a in open_lead.iterator(chunk_size=2000):
        task, due = a.task, a.due_date
        url = reverse("plans:task_detail", args=[task.pk])
        if due < today:
            notices.append(
                Notice(
                    unit=a.unit,
                    kind="plans.overdue",
                    key=f"plans:overdue:a{a.pk}:{due.isoformat()}",
                    url=url,
                    title=lambda task=task, due=due, unit=a.unit: (
                        _("Overdue since %(due)s for %(unit)s: %(task)s")
                        % {"due": due, "unit": unit, "task": task}
                    ),
                )
            )
        else:
            notices.append(
                Notice(
                    unit=a.unit,
                    kind="plans.due_soon",
                    key=f"plans:due-soon:a{a.pk}:{due.isoformat()}",
                    url=url,
                    title=lambda task=task, due=due, unit=a.unit: (
                        _("Due on %(due)s for %(unit)s: %(task)s")
                        % {"due": due, "unit": unit, "task": task}
                    ),
                )
            )
    return notices


def _send_digest(user: Any, site_url: str) -> bool:
    stamp = timezone.now()
    with transaction.atomic():
        claimed = Notification.objects.filter(
            user=user, kind__startswith=DIGEST_KINDS_PREFIX, emailed_at__isnull=True
        ).update(emailed_at=stamp)
    if not claimed:
        return False
    items = list(
        Notification.objects.filter(user=user, emailed_at=stamp).order_by("created_at", "id")
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = ngettext(
            "thidua: %(n)d item needs your attention",
            "thidua: %(n)d items need your attention",
            len(items),
        ) % {"n": len(items)}
        lines = [_("Hello %(name)s,") % {"name": user}, ""]
        for n in items:
            lines.append(f"- {n.title}")
            if n.url:
                lines.append(f"  {site_url}{n.url}")
        lines += ["", _("This is one digest of everything new since the last one.")]
    try:
        send_mail(subject, "\n".join(lines), None, [user.email])
    except Exception:
        # Release the claim: the next run tries again, and nothing was sent twice.
        Notification.objects.filter(pk__in=[n.pk for n in items], emailed_at=stamp).update(
            emailed_at=None
        )
        raise
    return True


def reminders_send(
    *, today: dt.date | None = None, due_soon_days: int = DUE_SOON_DAYS, email: bool = True
) -> ReminderResult:
    """Create due-soon and overdue notifications, then e-mail one digest per user.

    Only units that still exist receive reminders: a district abolished in 2025 has no
    officers left to remind (its history stays on the progress pages).
    """
    day = today or timezone.localdate()
    with transaction.atomic():
        created = notify(_task_notices(day, due_soon_days) + concern_notices(day, due_soon_days))
    emails = 0
    if email:
        site_url = getattr(settings, "SITE_URL", "").rstrip("/")
        recipients = User.objects.filter(
            Q(is_active=True) & ~Q(email=""),
            notifications__kind__startswith=DIGEST_KINDS_PREFIX,
            notifications__emailed_at__isnull=True,
        ).distinct()
        for user in recipients:
            emails += _send_digest(user, site_url)
    return ReminderResult(notifications=created, emails=emails)
