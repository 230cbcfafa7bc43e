"""Background jobs of the core app (Django's Tasks API): thin wrappers over services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from thidua.core.context import acting_as
from thidua.core.reminders import reminders_send


@task()
def send_reminders_job(today: str | None = None) -> dict[str, int]:
    """Daily reminder run; ``today`` (ISO date) only to replay a given day."""
    day = dt.date.fromisoformat(today) if today else None
    with acting_as(None):
        result = reminders_send(today=day)
    return {"notifications": result.notifications, "emails": result.emails}
