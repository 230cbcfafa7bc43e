"""Home page, notifications, job progress and file downloads: they parse input and call
selectors and services (a user's own notifications and jobs only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core import notifications as notices
from thidua.core import pdfs, selectors
from thidua.core.attachments import attachment_get
from thidua.core.downloads import file_download
from thidua.core.models import Job
from thidua.core.web import act


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = selectors.home_context(user=request.user)
    return render(request, "core/home.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = selectors.notification_list(user=request.user)
    return render(request, "core/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    notices.notifications_mark_read(user=request.user)
    return redirect("core:notifications")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go where it points."""
    note = notices.notification_open(user=request.user, pk=pk)
    if note is None:
        raise Http404("No such notification.")
    return redirect(note.url or "core:notifications")


def _job_context(job: Job) -> dict[str, Any]:
    return {
        "job": job,
        "job_title": job.params.get("title") or _("Progress"),
        "back": job.params.get("back", ""),
        "back_label": job.params.get("back_label", ""),
        "retry": job.kind == pdfs.KIND and job.status == Job.Status.FAILED,
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job the user started: its progress, then its file or what to do next."""
    job = selectors.job_get(user=request.user, pk=pk)
    return render(request, "core/job.html", _job_context(job))


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a job, polled by htmx until the job ends."""
    job = selectors.job_get(user=request.user, pk=pk)
    return render(request, "core/partials/job_progress.html", _job_context(job))


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file a job made, to its creator only (never through MEDIA_URL)."""
    job = selectors.job_get(user=request.user, pk=pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404("This job has no file.")
    try:
        handle = job.result_file.open("rb")
    except OSError as exc:
        raise Http404("The job's file is no longer stored.") from exc
    name = (job.result or {}).get("name") or Path(job.result_file.name).name
    return file_download(handle, name=name)


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask again for the PDF a failed job could not make: a new job, the old one kept."""
    job = selectors.job_get(user=request.user, pk=pk)
    outcome = act(request, lambda: pdfs.pdf_job_retry(user=request.user, job=job))
    return redirect("core:job", pk=outcome.value.pk if outcome else job.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Any attachment, if the one read guard lets the user read it (else 404).

    A file whose row is there but whose content is gone from storage (a restored
    database, a lost disk) answers 404 with a page that says so, never a server error.
    """
    attachment = attachment_get(user=request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except OSError:
        return render(
            request, "core/attachment_missing.html", {"attachment": attachment}, status=404
        )
    return file_download(handle, name=attachment.name)
