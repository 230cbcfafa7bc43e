"""Home page, notifications and job progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.core import selectors
from thidua.core.attachments import attachment_get
from thidua.core.models import Job, Notification


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = selectors.home_context(user=request.user)
    return render(request, "core/home.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user=request.user)[:200]
    return render(request, "core/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("core:notifications")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return redirect(note.url or "core:notifications")


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a job, polled by htmx until the job ends."""
    job = Job.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404("No such job.")
    return render(request, "core/partials/job_progress.html", {"job": job})


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
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
