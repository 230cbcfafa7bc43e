"""The scheduler beside the worker: daily jobs without an outside cron.

``manage.py run_scheduler`` wakes every minute and, for each job of ``SCHEDULE`` whose time
of day has come (in ``TIME_ZONE``), claims today's slot in ``ScheduledRun`` and enqueues the
job's task. The claim is a unique insert, so several schedulers (one per machine, or one
restarted) enqueue each slot once; a scheduler started after a job's time still runs it
that day (catch-up), never twice. The jobs themselves are idempotent (reminders once per
event, the synthesis check read-only, clean-ups of what is already gone do nothing), so a
worker restarted in the middle of one may run it again safely.

Times come from ``THIDUA_SCHEDULE`` (``{"reminders": "07:00", …}``; an empty time turns a
job off), defaults below.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from thidua.core.models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scheduled:
    name: str
    task: str  # dotted path of a django_tasks task
    at: str  # "HH:MM", local time


DEFAULTS = (
    Scheduled("synthesis-check", "thidua.reporting.tasks.synthesis_check_job", "02:00"),
    Scheduled("clean-up", "thidua.core.housekeeping.cleanup_job", "03:00"),
    Scheduled("reminders", "thidua.core.tasks.send_reminders_job", "07:00"),
)


def schedule() -> list[Scheduled]:
    """The jobs and their times, with the settings' overrides; jobs turned off left out."""
    times = getattr(settings, "THIDUA_SCHEDULE", {}) or {}
    jobs = []
    for job in DEFAULTS:
        at = times.get(job.name, job.at)
        if at:
            dt.time.fromisoformat(at)  # a wrong time is a configuration error, said at start
            jobs.append(Scheduled(job.name, job.task, at))
    return jobs


def _slot(job: Scheduled, now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    at = dt.time.fromisoformat(job.at)
    return local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)


def tick(now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Claim and enqueue every job whose time today has come and that no one claimed."""
    now = now or timezone.now()
    who = f"{socket.gethostname()}:{os.getpid()}"[:200]
    claimed = []
    for job in schedule():
        slot = _slot(job, now)
        if now < slot:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=job.name, slot=slot, claimed_by=who)
                result = import_string(job.task).enqueue()
                run.task_id = str(getattr(result, "id", ""))[:64]
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler (or this one, earlier) has it
        log.info("scheduled %s for %s enqueued (%s)", job.name, slot, run.task_id)
        claimed.append(run)
    return claimed


def next_wake(now: dt.datetime | None = None) -> float:
    """Seconds to the start of the next minute."""
    now = now or timezone.now()
    return 60 - now.second - now.microsecond / 1_000_000
