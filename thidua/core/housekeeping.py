"""The nightly clean-up (``thidua.core.scheduler``): what is kept for a while and then let go.

- finished background jobs (``Job``) and their files after ``THIDUA_KEEP_JOBS_DAYS``;
- the task queue's finished results after the same time;
- expired sessions;
- scheduler claims older than a year;
- tasks a worker started and never finished (the worker was stopped or the machine
  restarted) after ``THIDUA_STALE_TASK_HOURS``: queued again. Every thidua task is
  idempotent, so running one twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from thidua.core.context import acting_as
from thidua.core.models import Job, ScheduledRun

log = logging.getLogger(__name__)


def cleanup(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    keep = dt.timedelta(days=getattr(settings, "THIDUA_KEEP_JOBS_DAYS", 30))
    stale = dt.timedelta(hours=getattr(settings, "THIDUA_STALE_TASK_HOURS", 6))
    done = {"jobs": 0, "task_results": 0, "sessions": 0, "scheduler_claims": 0, "requeued": 0}
    old_jobs = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=now - keep
    )
    for job in old_jobs.iterator():
        if job.result_file:
            job.result_file.delete(save=False)
        job.delete()
        done["jobs"] += 1
    done["sessions"], _ = Session.objects.filter(expire_date__lt=now).delete()
    done["scheduler_claims"], _ = ScheduledRun.objects.filter(
        slot__lt=now - dt.timedelta(days=366)
    ).delete()
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: it keeps its own results
        return done
    done["task_results"], _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - keep,
    ).delete()
    done["requeued"] = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stale
    ).update(status=TaskResultStatus.READY, started_at=None)
    return done


@task()
def cleanup_job() -> dict[str, int]:
    """The nightly clean-up as a background task."""
    with acting_as(None):
        result = cleanup()
    log.info("clean-up: %s", result)
    return result
