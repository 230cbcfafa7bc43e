"""Home page, notifications, job progress and file downloads: they parse input and call
selectors and services (a user's own notifications and jobs only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.core import notifications as notices
from thidua.core import selectors


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


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a job, polled by htmx until the job ends."""
    job = selectors.job_get(user=request.user, pk=pk)
    return render(request, "core/partials/job_progress.html", {"job": job})


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Any attachment, if its parent object is visible to the user (else 404)."""
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
