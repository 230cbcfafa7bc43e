"""Cross-cutting records: the change log, background jobs and their workers, notifications,
attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from thidua.core.figures import format_day, format_figure, format_moment


class TrackedModel(models.Model):
    """Base for every model whose writes go to the change log.

    ``version`` is the optimistic-concurrency token: an edit form carries the version it
    was loaded with, and ``thidua.core.services.check_version`` refuses the save when the
    row has moved on (a concurrent edit), instead of silently overwriting it.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # Field names never copied into the change log (secrets, bulky derived data).
    changelog_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True


# What each workflow event of the change log is called on a history panel. Every event an
# app records (``log_event``, ``update_logged``) has its label here: the test
# ``core/tests/test_history.py`` fails on one that has none.
EVENT_LABELS: dict[str, Any] = {
    "approved": pgettext_lazy("history event", "approved"),
    "answered": pgettext_lazy("history event", "answered"),
    "assigned": pgettext_lazy("history event", "assigned"),
    "attached": pgettext_lazy("history event", "file attached"),
    "awarded": pgettext_lazy("history event", "prize awarded"),
    "cancelled": pgettext_lazy("history event", "cancelled"),
    "closed": pgettext_lazy("history event", "closed"),
    "confirmed": pgettext_lazy("history event", "import confirmed"),
    "correction started": pgettext_lazy("history event", "correction started"),
    "created": pgettext_lazy("history event", "created"),
    "deadline changed": pgettext_lazy("history event", "deadline changed"),
    "decided": pgettext_lazy("history event", "decided"),
    "document linked": pgettext_lazy("history event", "document linked"),
    "document unlinked": pgettext_lazy("history event", "document unlinked"),
    "figures as finalised again": pgettext_lazy("history event", "figures back to those finalised"),
    "figures changed": pgettext_lazy("history event", "figures changed"),
    "figures changed after finalisation": pgettext_lazy(
        "history event", "figures changed after finalisation"
    ),
    "finalised": pgettext_lazy("history event", "finalised"),
    "forwarded": pgettext_lazy("history event", "forwarded"),
    "imported": pgettext_lazy("history event", "imported"),
    "integrated": pgettext_lazy("history event", "movement integrated"),
    "merged": pgettext_lazy("history event", "merged"),
    "moved": pgettext_lazy("history event", "moved in the tree"),
    "occurrence completed": pgettext_lazy("history event", "occurrence completed"),
    "pledged": pgettext_lazy("history event", "pledge registered"),
    "prize": pgettext_lazy("history event", "prize"),
    "recorded": pgettext_lazy("history event", "recorded"),
    "referred": pgettext_lazy("history event", "sent to the standing committees"),
    "rejected": pgettext_lazy("history event", "refused"),
    "renamed in bulk": pgettext_lazy("history event", "renamed in bulk"),
    "reopened": pgettext_lazy("history event", "reopened"),
    "replaced by a new version": pgettext_lazy("history event", "replaced by a new version"),
    "returned": pgettext_lazy("history event", "returned"),
    "reviewed": pgettext_lazy("history event", "reviewed"),
    "signed": pgettext_lazy("history event", "signed digitally"),
    "revised": pgettext_lazy("history event", "revised"),
    "saved": pgettext_lazy("history event", "saved"),
    "selected": pgettext_lazy("history event", "selected for the next round"),
    "self_assessed": pgettext_lazy("history event", "self-assessed"),
    "submitted": pgettext_lazy("history event", "submitted"),
    "superseded": pgettext_lazy("history event", "superseded by a correction"),
    "token_replaced": pgettext_lazy("history event", "API token replaced"),
    "token created": pgettext_lazy("history event", "API token created"),
    "token revoked": pgettext_lazy("history event", "API token revoked"),
    "second factor added": pgettext_lazy("history event", "authenticator app set up"),
    "second factor removed": pgettext_lazy("history event", "authenticator app removed"),
    "account created": pgettext_lazy("history event", "account created"),
    "account updated": pgettext_lazy("history event", "account details changed"),
    "deactivated": pgettext_lazy("history event", "account deactivated"),
    "reactivated": pgettext_lazy("history event", "account reactivated"),
    "invited": pgettext_lazy("history event", "sign-in link sent"),
    "role granted": pgettext_lazy("history event", "role granted"),
    "role withdrawn": pgettext_lazy("history event", "role withdrawn"),
    "urged": pgettext_lazy("history event", "urged"),
}


class ChangeRecord(models.Model):
    """One write (create, update, delete) or workflow event, with its before and after.

    Written by ``thidua.core.changelog`` from model signals and by services for events
    such as submitted, approved, returned, urged, scored and awarded.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        EVENT = "event", _("event")

    time = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(max_length=150, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=10, choices=Action.choices)
    event = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "time"])]

    def __str__(self) -> str:
        return (
            f"{self.time:%Y-%m-%d %H:%M} {self.user_name or '-'} {self.action} {self.object_repr}"
        )

    @property
    def event_label(self) -> str:
        """The event as a person reads it, in the active language."""
        return str(EVENT_LABELS.get(self.event, self.event))

    @property
    def who(self) -> str:
        """The person who acted, by name (their username if they have none or are gone)."""
        user = self.user
        return (getattr(user, "full_name", "") or self.user_name) if user else self.user_name

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs, as stored."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def readable_changes(self) -> list[tuple[str, object, object]]:
        """``changed_fields`` for a history panel: a field by its name in the active
        language, a value of a field with choices by its label."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        rows = []
        for name, before, after in self.changed_fields():
            if name in BOOKKEEPING:
                continue
            label, show = _field_reader(model, name)
            rows.append((label, show(before), show(after)))
        return rows


# Fields every tracked row carries for the system's own use; not news to a reader.
BOOKKEEPING = {"version", "created_at", "updated_at"}


def _field_reader(model: Any, name: str) -> tuple[str, Any]:
    """A field's name for a person, and how to show one of its stored values."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    if field is None or not hasattr(field, "verbose_name"):
        return name, lambda v: v
    # Every field of a tracked model has a translated name (core/tests/test_i18n.py).
    return str(field.verbose_name), _value_reader(field)


def _value_reader(field: Any) -> Any:
    """How a stored value (as the change log keeps it: JSON) reads for a person: a
    choice by its label, a related row by its name, a date as dd/mm/yyyy, a figure as a
    figure, yes or no; never an id or an ISO string."""
    if getattr(field, "choices", None):
        choices = dict(field.flatchoices)
        return lambda v: choices.get(v, v) if isinstance(v, str | int) else v
    if field.is_relation and field.related_model is not None:
        related = field.related_model

        def named(v: Any) -> Any:
            ids = v if isinstance(v, list) else [v]
            ids = [i for i in ids if isinstance(i, int)]
            if not ids:
                return v
            names = {o.pk: str(o) for o in related._base_manager.filter(pk__in=ids)}
            return ", ".join(names.get(i, "—") for i in ids)

        return named
    if isinstance(field, models.BooleanField):
        return lambda v: (gettext("yes") if v else gettext("no")) if isinstance(v, bool) else v
    if isinstance(field, models.DateTimeField):
        return lambda v: format_moment(parse_datetime(v)) if isinstance(v, str) else v
    if isinstance(field, models.DateField):
        return lambda v: format_day(v) if isinstance(v, str) else v
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        return lambda v: format_figure(v) if v is not None and not isinstance(v, bool) else v
    return lambda v: v


class Job(models.Model):
    """A long-running piece of work (import, export, recompute) with progress for the UI."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0


class WorkerHeartbeat(models.Model):
    """A background-job worker's sign of life: ``manage.py db_worker`` (thidua.core.workers)
    writes its row every few seconds and removes it when it stops; ``/readyz`` answers 503
    when no row is fresh. In the database, so that every app server sees every worker."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    queues = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class Notification(models.Model):
    """An in-app message to one user; e-mailed in digests by the reminder job.

    ``dedupe_key`` makes sending idempotent: the same event (say, "task 12 overdue for
    unit 7 on 2024-01-03") is recorded once per user however often a job runs.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], name="notification_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{timezone.now():%Y/%m}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    """A file attached to any object (a document's text, a task update's evidence, a dossier).

    Who may read it is decided by its parent object: selectors reach attachments only
    through a parent the user may see.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    parent = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """One run of a scheduled job (``thidua.core.scheduler``) for one slot.

    The unique (name, slot) decides who enqueues: several schedulers (one per machine, or
    a restarted one) claim the same slot and only the first insert wins, so a daily job
    runs once a day whatever happens to the processes.
    """

    name = models.CharField(max_length=60)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-slot", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
