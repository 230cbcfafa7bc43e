"""The scheduler enqueues each daily job once per day, whatever the number of schedulers
or restarts; jobs that are off are not run; the clean-up lets go of what has been kept
long enough and queues again the tasks a stopped worker left running."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from thidua.core import housekeeping, scheduler
from thidua.core.models import Job, ScheduledRun

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def _at(hour: int, minute: int = 0, day: int = 3) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def only_cleanup(settings):
    """Only the clean-up is on, at 03:00 (the others would need the reporting demo)."""
    settings.THIDUA_SCHEDULE = {"reminders": "", "synthesis-check": "", "clean-up": "03:00"}


@pytest.mark.usefixtures("only_cleanup")
def test_nothing_runs_before_its_time_and_the_job_runs_once_after():
    assert scheduler.tick(_at(2, 59)) == []
    (run,) = scheduler.tick(_at(3, 0))
    assert (run.name, timezone.localtime(run.slot)) == ("clean-up", _at(3, 0))
    # The next minutes, and a second scheduler on another machine, find the slot taken.
    assert scheduler.tick(_at(3, 1)) == []
    assert scheduler.tick(_at(23, 59)) == []
    assert ScheduledRun.objects.count() == 1
    # The next day has its own slot.
    assert [r.name for r in scheduler.tick(_at(3, 0, day=4))] == ["clean-up"]


@pytest.mark.usefixtures("only_cleanup")
def test_a_scheduler_started_late_catches_up_the_same_day():
    (run,) = scheduler.tick(_at(14, 30))
    assert timezone.localtime(run.slot) == _at(3, 0)


def test_every_default_job_is_a_task_and_a_wrong_time_is_refused(settings):
    from django.utils.module_loading import import_string

    for job in scheduler.DEFAULTS:
        assert hasattr(import_string(job.task), "enqueue"), job.task
    settings.THIDUA_SCHEDULE = {"reminders": "7h"}
    with pytest.raises(ValueError):
        scheduler.schedule()


@pytest.mark.usefixtures("only_cleanup")
def test_the_command_makes_one_pass(capsys):
    call_command("run_scheduler", "--once")
    assert "clean-up at 03:00" in capsys.readouterr().out


def test_the_cleanup_lets_go_of_old_jobs_sessions_and_requeues_stale_tasks(user_named):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    old = Job.objects.create(
        kind="pdf", status=Job.Status.DONE, finished_at=now - dt.timedelta(days=40)
    )
    old.result_file.save("old.pdf", ContentFile(b"%PDF-1.7"), save=True)
    path = old.result_file.path
    recent = Job.objects.create(
        kind="pdf", status=Job.Status.DONE, finished_at=now - dt.timedelta(days=2)
    )
    running = Job.objects.create(kind="pdf", status=Job.Status.RUNNING)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=now - dt.timedelta(days=1)
    )
    stale = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=TaskResultStatus.RUNNING,
        started_at=now - dt.timedelta(hours=10),
        args_kwargs={"args": [], "kwargs": {}},
        task_path="thidua.core.housekeeping.cleanup_job",
        backend_name="default",
        run_after=now,
    )
    done = housekeeping.cleanup(now)
    assert done["jobs"] == 1 and done["sessions"] == 1 and done["requeued"] == 1
    assert set(Job.objects.values_list("pk", flat=True)) >= {recent.pk, running.pk}
    assert not Job.objects.filter(pk=old.pk).exists()
    import os

    assert not os.path.exists(path)
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.READY and stale.started_at is None
    assert housekeeping.cleanup(now) == dict.fromkeys(done, 0)  # idempotent
