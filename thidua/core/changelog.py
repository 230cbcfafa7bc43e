"""The change log: every write to a ``TrackedModel`` and every workflow event.

Model signals record creates, updates, deletes and many-to-many changes with a JSON
snapshot before and after, so that no write path (service, admin, shell) can skip it.
Workflow events (submitted, approved, urged, awarded…) are recorded explicitly by the
service that performs them, through ``log_event``. Queryset updates skip model signals:
a service that changes tracked rows with ``QuerySet.update`` goes through
``update_logged``, which records one event per row with the fields' before and after.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from thidua.core.context import current_actor, current_request_id
from thidua.core.models import ChangeRecord, TrackedModel

_SKIP = {"created_at", "updated_at"}


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def snapshot(instance: models.Model, *, with_m2m: bool = True) -> dict[str, Any]:
    """A JSON-safe picture of a row: concrete fields (FKs as ids) and, if saved, M2M ids."""
    exclude = set(getattr(instance, "changelog_exclude", ())) | _SKIP
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.name] = _json_value(getattr(instance, field.attname))
    if with_m2m and instance.pk is not None:
        for field in instance._meta.many_to_many:
            if field.name in exclude:
                continue
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def _record(
    instance: models.Model,
    action: str,
    *,
    before: dict | None,
    after: dict | None,
    event: str = "",
    message: str = "",
) -> ChangeRecord:
    user = current_actor()
    return ChangeRecord.objects.create(
        user=user,
        user_name=getattr(user, "username", "") if user else "",
        request_id=current_request_id() or "",
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        event=event,
        message=message,
        before=before,
        after=after,
    )


def log_event(
    instance: models.Model, event: str, *, message: str = "", data: dict | None = None
) -> ChangeRecord:
    """Record a workflow event (``submitted``, ``approved``…) on an object."""
    return _record(
        instance,
        ChangeRecord.Action.EVENT,
        before=None,
        after=_json_value(data) if data is not None else None,
        event=event,
        message=message,
    )


def update_logged(qs: models.QuerySet[Any], *, event: str, message: str = "", **values: Any) -> int:
    """``qs.update(**values)`` on tracked rows, with one change-log event per changed row.

    Each event names the fields with their values before and after (``before`` and
    ``after`` JSON), like a save would. Values must be plain values, not expressions (the
    value written is the value logged). Returns the number of rows updated.
    """
    fields = sorted(values)
    rows = list(qs.values("pk", *fields))
    changed = [r for r in rows if any(r[f] != values[f] for f in fields)]
    if not changed:
        return 0
    count = qs.model._default_manager.filter(pk__in=[r["pk"] for r in changed]).update(**values)
    user = current_actor()
    ct = ContentType.objects.get_for_model(qs.model, for_concrete_model=True)
    after = {f: _json_value(values[f]) for f in fields}
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                user=user,
                user_name=getattr(user, "username", "") if user else "",
                request_id=current_request_id() or "",
                content_type=ct,
                object_id=str(r["pk"]),
                object_repr=f"{qs.model._meta.verbose_name} #{r['pk']}"[:300],
                action=ChangeRecord.Action.EVENT,
                event=event,
                message=message,
                before={f: _json_value(r[f]) for f in fields},
                after=after,
            )
            for r in changed
        ],
        batch_size=1000,
    )
    return count


def history_for(instance: models.Model) -> models.QuerySet[ChangeRecord]:
    """The change log of one object, newest first (for its history panel)."""
    ct = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    return ChangeRecord.objects.filter(content_type=ct, object_id=str(instance.pk)).select_related(
        "user"
    )


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool, **kw: Any) -> None:
    if raw or instance.pk is None:
        instance._changelog_before = None  # type: ignore[attr-defined]
        return
    # One extra read per update, to know what the row was; bulk paths skip signals. M2M
    # fields are not part of a save (their changes are logged by ``_m2m_changed``).
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._changelog_before = (  # type: ignore[attr-defined]
        snapshot(old, with_m2m=False) if old is not None else None
    )


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kw: Any
) -> None:
    if raw:
        return
    before = None if created else getattr(instance, "_changelog_before", None)
    # A new row has no M2M links yet (they are set after the save and logged then).
    after = snapshot(instance, with_m2m=False)
    if not created and before is not None and before == after:
        return
    action = ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE
    _record(instance, action, before=before, after=after)


def _post_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    _record(
        instance, ChangeRecord.Action.DELETE, before=snapshot(instance, with_m2m=False), after=None
    )


def _m2m_changed(
    sender: Any,
    instance: models.Model,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: Any,
    **kw: Any,
) -> None:
    if reverse or not isinstance(instance, TrackedModel):
        return
    field_name = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), None
    )
    if field_name is None:
        return
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        instance._changelog_m2m_before = sorted(  # type: ignore[attr-defined]
            getattr(instance, field_name).values_list("pk", flat=True)
        )
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    before_ids = getattr(instance, "_changelog_m2m_before", None)
    after_ids = sorted(getattr(instance, field_name).values_list("pk", flat=True))
    if before_ids == after_ids:
        return
    _record(
        instance,
        ChangeRecord.Action.UPDATE,
        before={field_name: before_ids},
        after={field_name: after_ids},
    )


def connect() -> None:
    """Attach the log to every concrete ``TrackedModel`` (called from CoreConfig.ready)."""
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, TrackedModel) and not model._meta.abstract:
            uid = f"changelog-{model._meta.label_lower}"
            pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
            post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
            post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    _m2m_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}-{field.name}",
                )
