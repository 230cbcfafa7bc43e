"""The daily reminder run: due-soon and overdue reminders of every app, in-app and as one
e-mail digest per user.

Run by ``manage.py send_reminders`` or the ``send_reminders_job`` task. Each app registers
a provider (``registry.add_reminders``) that returns the ``Notice``s of the day: the plans
app for tasks due soon or overdue, the concerns app for answers due. Idempotent by
construction, so that a second run, a retry or two workers at once send nothing twice:

1. Each event's notice key names the object, the unit and the deadline
   (``plans:overdue:a12:2023-12-30``); ``core.Notification``'s unique (user, key)
   constraint lets each user receive it once, whatever the number of runs.
2. E-mail goes out per user as one digest of every notification not yet e-mailed, of any
   kind (``thidua.core.notifications.digest_send``: rows are claimed in one UPDATE first,
   and a failed send releases the claim for the next run).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from thidua.core.notifications import digest_send, notify
from thidua.core.registry import registry

# Two windows, each defined here only: a deadline within DUE_SOON_DAYS is shown as "due
# soon" on the pages (home page, lists); the daily run reminds REMIND_DAYS_AHEAD days ahead.
DUE_SOON_DAYS = 7
REMIND_DAYS_AHEAD = 3


@dataclass(frozen=True)
class ReminderResult:
    notifications: int
    emails: int


def reminders_send(
    *, today: dt.date | None = None, due_soon_days: int = REMIND_DAYS_AHEAD, email: bool = True
) -> ReminderResult:
    """Create the day's reminders of every app, then e-mail one digest per user."""
    day = today or timezone.localdate()
    notices = []
    for provider in registry.reminders:
        notices.extend(provider(day, due_soon_days))
    with transaction.atomic():
        created = notify(notices).created
    emails = digest_send() if email else 0
    return ReminderResult(notifications=created, emails=emails)
