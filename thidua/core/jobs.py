"""Running a ``Job`` (long work the officer follows on the job's page) in the worker.

``start(user=…, kind=…, params=…, steps=…, enqueue=…)`` records the job and enqueues its
task once the transaction commits. The task calls ``run(job_id, kind, work)``, which:

- claims the job under a lock (a finished one — done or failed — is left as it is: the
  task is idempotent; one found ``running`` after a worker stopped mid-way is redone from
  the start, its half-made file dropped);
- runs ``work(job)`` as the user who asked (``acting_as``), in their language, so that
  the work reads through the user's scoped selectors and rules, never beyond them;
- turns every refusal into a failed job whose message says what to do next (a scope
  refusal, a rule, a located ``ValidationError``), and never raises into the worker.

``step(job, n, message)`` shows progress; ``finish(job, message, file=…, result=…)``
ends it done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core.context import acting_as
from thidua.core.models import Job
from thidua.core.web import error_messages, refusal_message

logger = logging.getLogger(__name__)


class JobError(Exception):
    """Work that cannot be done, with the sentence the officer reads (``str()``)."""


def start(
    *,
    user: Any,
    kind: str,
    params: dict[str, Any],
    steps: int,
    enqueue: Callable[[int], Any],
) -> Job:
    """Record a job of ``user`` and enqueue it (``enqueue(job_id)``) once committed."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            created_by=user,
            total=steps,
            message=_("Waiting for the job worker to start…"),
            params={**params, "language": translation.get_language() or ""},
        )
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def _claim(job_id: int, kind: str, first: str) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, kind=kind).first()
        if job is None or job.status in (Job.Status.DONE, Job.Status.FAILED):
            return None
        if job.result_file:  # a run that stopped half-way: start again, cleanly
            job.result_file.delete(save=False)
        job.status = Job.Status.RUNNING
        job.progress = 0
        job.result = None
        job.started_at = timezone.now()
        job.finished_at = None
        job.message = first
        job.save()
    return job


def step(job: Job, progress: int, message: str) -> None:
    """Show ``progress`` (of ``job.total``) and what is being done, to the job's page."""
    job.progress, job.message = progress, message
    Job.objects.filter(pk=job.pk).update(progress=progress, message=message)


def finish(
    job: Job,
    message: str,
    *,
    file: tuple[str, bytes] | None = None,
    result: dict[str, Any] | None = None,
) -> None:
    """End ``job`` done, with ``file`` (name, bytes) for the officer to download."""
    if file is not None:
        job.result_file.save(file[0], ContentFile(file[1]), save=False)
    job.status = Job.Status.DONE
    job.progress = job.total
    job.message = message
    job.result = result
    job.finished_at = timezone.now()
    job.save()


def fail(job: Job, message: str) -> None:
    if job.result_file:
        job.result_file.delete(save=False)
    job.status = Job.Status.FAILED
    job.message = message
    job.result = None
    job.finished_at = timezone.now()
    job.save()


def run(
    job_id: int,
    kind: str,
    work: Callable[[Job], None],
    *,
    first: str,
    out_of_reach: str,
    went_wrong: str,
) -> str:
    """Claim job ``job_id`` and do ``work(job)`` as its user (see the module docstring).
    ``first``: the message while it starts; ``out_of_reach``, ``went_wrong``: what the
    officer reads when the objects are out of their reach now, or on an unforeseen error.
    Returns the job's status."""
    job = _claim(job_id, kind, first)
    if job is None:
        return "skipped"
    user = job.created_by
    language = job.params.get("language") or getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language), acting_as(user):
        try:
            if user is None or not user.is_active:
                raise PermissionDenied(_("The account that asked for this is no longer active."))
            work(job)
        except JobError as exc:
            fail(job, str(exc))
        except Http404:
            fail(job, out_of_reach)
        except PermissionDenied as exc:
            fail(job, refusal_message(exc))
        except ValidationError as exc:
            fail(job, " ".join(error_messages(exc)))
        except Exception:
            logger.exception("%s job %s failed", kind, job_id)
            fail(job, went_wrong)
    return str(job.status)
