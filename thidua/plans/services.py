"""Writes of the plans app: plans, tasks, assignments, progress, urging.

Every service takes keyword-only arguments including ``user``, validates with
``full_clean()``, runs in one transaction and re-checks permission inside it with the
app's rules (``thidua.plans.permissions.rules``: the same rules that decide which buttons
a page shows). ``today`` is the service's clock (defaults to the local date); tests and
the demo pass it to replay past dates, views and the API never do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.attachments import MAX_FILES, attachment_store, attachments_check
from thidua.core.changelog import log_event, update_logged
from thidua.core.figures import format_day
from thidua.core.notifications import Notice, NotifyResult, notify
from thidua.core.services import (
    IdempotencyConflict,
    bump_version,
    lock_for_update,
    refuse_unknown_fields,
)
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import (
    Plan,
    PlanDocument,
    ProgressUpdate,
    Task,
    TaskAssignment,
    TaskGroup,
)
from thidua.plans.permissions import assignable_units_q, rules

MAX_EVIDENCE_FILES = MAX_FILES


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- plans ------------------------------------------------------------------------------


def _check_issuers(issuing_units: Sequence[OrgUnit]) -> None:
    if not issuing_units:
        raise ValidationError({"issuing_units": _("A plan needs at least one issuing unit.")})


@transaction.atomic
def plan_create(
    *,
    user: Any,
    kind: str,
    title: str,
    issuing_units: Sequence[OrgUnit],
    period_start: dt.date,
    period_end: dt.date,
    summary: str = "",
    parent: Plan | None = None,
    monitoring_units: Sequence[OrgUnit] = (),
    documents: Sequence[Document] = (),
    issued_as: Document | None = None,
    place: str = "",
) -> Plan:
    """Create a plan issued by ``issuing_units`` (one, or several for a joint plan)."""
    rules.require("create_plan", user, issuing_units=issuing_units)
    _check_issuers(issuing_units)
    plan = Plan(
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        parent=parent,
        period_start=period_start,
        period_end=period_end,
        place=place.strip(),
        created_by=user if getattr(user, "pk", None) else None,
    )
    plan.full_clean()
    plan.save()
    plan.issuing_units.set(issuing_units)
    if monitoring_units:
        plan.monitoring_units.set(monitoring_units)
    if issued_as is not None:
        PlanDocument.objects.create(plan=plan, document=issued_as, relation="issued_as")
    for doc in documents:
        if issued_as is None or doc.pk != issued_as.pk:
            PlanDocument.objects.get_or_create(plan=plan, document=doc)
    log_event(plan, "created", data={"issuers": [u.code for u in issuing_units]})
    return plan


_PLAN_FIELDS = {"kind", "title", "summary", "period_start", "period_end", "place"}


@transaction.atomic
def plan_update(
    *,
    user: Any,
    plan: Plan,
    expected_version: int | None,
    issuing_units: Sequence[OrgUnit] | None = None,
    monitoring_units: Sequence[OrgUnit] | None = None,
    **changes: Any,
) -> Plan:
    """Edit a plan; refuses a concurrent edit (``expected_version``)."""
    refuse_unknown_fields(changes, _PLAN_FIELDS)
    rules.require("edit_plan", user, plan, issuing_units=issuing_units)
    fresh = lock_for_update(plan, expected_version=expected_version)
    for name, value in changes.items():
        setattr(fresh, name, value.strip() if isinstance(value, str) else value)
    fresh.full_clean()
    if issuing_units is not None:
        _check_issuers(issuing_units)
    bump_version(fresh)
    fresh.save()
    if issuing_units is not None:
        fresh.issuing_units.set(issuing_units)
    if monitoring_units is not None:
        fresh.monitoring_units.set(monitoring_units)
    return fresh


@transaction.atomic
def plan_link_document(
    *, user: Any, plan: Plan, document: Document, relation: str = PlanDocument.Relation.IMPLEMENTS
) -> PlanDocument:
    rules.require("link_document", user, plan)
    link, created = PlanDocument.objects.get_or_create(
        plan=plan, document=document, defaults={"relation": relation}
    )
    if not created:
        if link.relation == relation:
            return link
        # Linking again with the other relation changes it (it was kept, yet logged as new).
        link.relation = relation
        link.save(update_fields=["relation"])
    log_event(plan, "document linked", data={"document": document.pk, "relation": relation})
    return link


@transaction.atomic
def plan_unlink_document(*, user: Any, plan: Plan, document: Document) -> bool:
    """Remove the link between a plan and a document; False if there was none."""
    rules.require("unlink_document", user, plan)
    deleted, _rows = PlanDocument.objects.filter(plan=plan, document=document).delete()
    if deleted:
        log_event(plan, "document unlinked", data={"document": document.pk})
    return bool(deleted)


@transaction.atomic
def task_group_create(
    *, user: Any, plan: Plan, title: str, description: str = "", order: int | None = None
) -> TaskGroup:
    rules.require("add_group", user, plan)
    if order is None:
        last = plan.groups.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    group = TaskGroup(plan=plan, title=title.strip(), description=description.strip(), order=order)
    group.full_clean()
    group.save()
    return group


# --- tasks ------------------------------------------------------------------------------


def _clean_items(items: Iterable[str]) -> list[str]:
    return [i.strip() for i in items if i and i.strip()]


def _fill_first_occurrence(task: Task, day: dt.date) -> None:
    """A repeating task given no deadline is first due on the rule's first date from
    ``day`` (or from the plan's start, if later); ``full_clean`` then checks the rule."""
    if task.repeats and task.due_date is None:
        task.due_date = task.first_occurrence_from(max(day, task.plan.period_start))


@transaction.atomic
def task_create(
    *,
    user: Any,
    plan: Plan,
    title: str,
    group: TaskGroup | None = None,
    description: str = "",
    start_date: dt.date | None = None,
    due_date: dt.date | None = None,
    recurrence: str = "",
    recur_month: int | None = None,
    recur_day: int | None = None,
    recur_until: dt.date | None = None,
    expected_outputs: str = "",
    content_items: Iterable[str] = (),
    lead_units: Sequence[OrgUnit] = (),
    coordinating_units: Sequence[OrgUnit] = (),
    order: int | None = None,
    today: dt.date | None = None,
) -> Task:
    """Create a task and assign it; the assigned units' officers are notified."""
    rules.require("add_task", user, plan)
    if order is None:
        last = plan.tasks.filter(group=group).order_by("-order").values_list("order", flat=True)
        order = (last.first() or 0) + 1
    task = Task(
        plan=plan,
        group=group,
        order=order,
        title=title.strip(),
        description=description.strip(),
        start_date=start_date,
        due_date=due_date,
        recurrence=recurrence or "",
        recur_month=recur_month,
        recur_day=recur_day,
        recur_until=recur_until,
        expected_outputs=expected_outputs.strip(),
        content_items=_clean_items(content_items),
        created_by=user if getattr(user, "pk", None) else None,
    )
    _fill_first_occurrence(task, _today(today))
    task.full_clean()
    task.save()
    overlap = {u.pk for u in lead_units} & {u.pk for u in coordinating_units}
    if overlap:
        raise ValidationError(
            {"coordinating_units": _("A unit cannot both lead and coordinate the same task.")}
        )
    if lead_units:
        _assign(user=user, task=task, units=lead_units, role=TaskAssignment.Role.LEAD, today=today)
    if coordinating_units:
        _assign(
            user=user,
            task=task,
            units=coordinating_units,
            role=TaskAssignment.Role.COORDINATING,
            today=today,
        )
    return task


_TASK_FIELDS = {
    "title",
    "description",
    "group",
    "order",
    "start_date",
    "due_date",
    "recurrence",
    "recur_month",
    "recur_day",
    "recur_until",
    "expected_outputs",
    "content_items",
}


@transaction.atomic
def task_update(
    *,
    user: Any,
    task: Task,
    expected_version: int | None,
    today: dt.date | None = None,
    **changes: Any,
) -> Task:
    """Edit a task; a new deadline moves the deadline of every unit still on the old one.

    A changed repeating rule applies from each unit's next occurrence: the occurrence a
    unit is working on keeps its deadline unless the task's deadline itself is moved."""
    refuse_unknown_fields(changes, _TASK_FIELDS)
    # Who (and when) before the version: a stale page of a refused user is a refusal.
    rules.require("edit_task", user, task)
    fresh = lock_for_update(task, expected_version=expected_version)
    old_due = fresh.due_date
    for name, value in changes.items():
        if name == "content_items":
            value = _clean_items(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(fresh, name, value)
    _fill_first_occurrence(fresh, _today(today))
    fresh.full_clean()
    bump_version(fresh)
    fresh.save()
    if fresh.due_date != old_due:
        # A queryset update skips the change log: each moved part is logged as an event.
        moved = update_logged(
            TaskAssignment.objects.filter(task=fresh, completed_on__isnull=True, due_date=old_due),
            event="deadline changed",
            due_date=fresh.due_date,
        )
        log_event(
            fresh, "deadline changed", data={"from": old_due, "to": fresh.due_date, "units": moved}
        )
    return fresh


@transaction.atomic
def task_cancel(*, user: Any, task: Task, reason: str = "") -> Task:
    """Cancel a task: its units have nothing left to do on it (its history stays)."""
    fresh = lock_for_update(task, expected_version=None)
    rules.require("cancel", user, fresh)
    fresh.cancelled_at = timezone.now()
    fresh.cancel_reason = reason.strip()[:300]
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "cancelled", message=fresh.cancel_reason)
    return fresh


def _assigned_notice(a: TaskAssignment) -> Notice:
    task = a.task
    url = reverse("plans:task_detail", args=[task.pk])
    if a.role == TaskAssignment.Role.LEAD:
        return Notice(
            unit=a.unit,
            kind="plans.assigned",
            key=f"plans:assigned:a{a.pk}",
            url=url,
            title=lambda: _("New task for %(unit)s: %(task)s") % {"unit": a.unit, "task": task},
            body=lambda: _("Deadline: %(due)s") % {"due": format_day(a.due_date)},
        )
    return Notice(
        unit=a.unit,
        kind="plans.assigned",
        key=f"plans:assigned:a{a.pk}",
        url=url,
        title=lambda: _("%(unit)s coordinates on: %(task)s") % {"unit": a.unit, "task": task},
    )


@transaction.atomic
def task_assign(
    *,
    user: Any,
    task: Task,
    units: Sequence[OrgUnit],
    role: str = TaskAssignment.Role.LEAD,
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[TaskAssignment]:
    """Assign ``task`` to ``units`` in one statement; units already assigned are skipped.

    Returns the new assignments. One ``assigned`` event is logged on the task for the
    whole batch (a province's 3,321 communes are one action, not 3,321 log lines), and
    each unit's officers get one notification.
    """
    # Locked first, so that two concurrent assignments do not interleave and the rule
    # reads the task as it is now (not cancelled meanwhile).
    fresh = lock_for_update(task, expected_version=None)
    rules.require("assign", user, fresh)
    return _assign(user=user, task=fresh, units=units, role=role, due_date=due_date, today=today)


def _assign(
    *,
    user: Any,
    task: Task,
    units: Sequence[OrgUnit],
    role: str,
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[TaskAssignment]:
    """``task_assign`` once the rule has allowed it (a new task, a bulk assignment…).

    A unit assigned to a repeating task starts on the occurrence current on ``today``,
    not on the occurrences that fell due before it was assigned."""
    plan = task.plan
    if role not in TaskAssignment.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    unique = list({u.pk: u for u in units}.values())
    if not unique:
        raise ValidationError({"units": _("Choose at least one unit.")})
    allowed = set(
        OrgUnit.objects.filter(
            assignable_units_q(plan, user), pk__in=[u.pk for u in unique]
        ).values_list("pk", flat=True)
    )
    outside = [u for u in unique if u.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "units": _("These units are outside the plan's reach: %s")
                % ", ".join(str(u) for u in outside[:5])
            }
        )
    gone = [
        u
        for u in unique
        if (u.valid_to and u.valid_to < plan.period_start)
        or (u.valid_from and u.valid_from > plan.period_end)
    ]
    if gone:
        raise ValidationError(
            {
                "units": _("These units did not exist during the plan's period: %s")
                % ", ".join(str(u) for u in gone[:5])
            }
        )
    taken = set(task.assignments.values_list("unit_id", flat=True))
    current = task.occurrence_on(_today(today)) or task.due_date
    new = [
        TaskAssignment(task=task, unit=u, role=role, due_date=due_date or current)
        for u in unique
        if u.pk not in taken
    ]
    for a in new:
        a.full_clean(exclude=["task", "unit"], validate_unique=False)
    TaskAssignment.objects.bulk_create(new, batch_size=1000)
    if new:
        # bulk_create skips the signals; one explicit event tells what happened.
        log_event(
            task,
            "assigned",
            data={"role": role, "count": len(new), "units": [a.unit.code for a in new[:50]]},
        )
        fresh = list(
            TaskAssignment.objects.filter(
                task=task, unit_id__in=[a.unit.pk for a in new]
            ).select_related("unit", "task")
        )
        notify([_assigned_notice(a) for a in fresh])
        return fresh
    return []


def bulk_target_units(
    *,
    under: OrgUnit,
    kinds: Sequence[str] = (),
    whole_subtree: bool = True,
    on: dt.date | None = None,
) -> list[OrgUnit]:
    """The units below ``under`` of the given kinds (every commune of a province…).

    ``on``: only units that existed on that day (the plan's start), so a 2023 plan
    reaches the districts and a 2026 plan the new communes.
    """
    qs = OrgUnit.objects.subtree_of(under, include_self=False)
    if not whole_subtree:
        qs = qs.filter(parent=under)
    if kinds:
        qs = qs.filter(kind__code__in=list(kinds))
    if on is not None:
        qs = qs.valid_on(on)
    return list(qs.order_by("path"))


@transaction.atomic
def task_assign_bulk(
    *,
    user: Any,
    task: Task,
    under: OrgUnit,
    kinds: Sequence[str] = (),
    whole_subtree: bool = True,
    role: str = TaskAssignment.Role.LEAD,
    today: dt.date | None = None,
) -> list[TaskAssignment]:
    """Assign one task to every unit of some kinds below ``under``, in one action."""
    fresh = lock_for_update(task, expected_version=None)
    rules.require("assign_bulk", user, fresh)
    units = bulk_target_units(
        under=under, kinds=kinds, whole_subtree=whole_subtree, on=fresh.plan.period_start
    )
    if not units:
        raise ValidationError({"under": _("No unit of the chosen kinds lies below %s.") % under})
    return _assign(user=user, task=fresh, units=units, role=role, today=today)


# --- progress ---------------------------------------------------------------------------


@transaction.atomic
def progress_update_create(
    *,
    user: Any,
    assignment: TaskAssignment,
    text: str,
    percent: int,
    files: Sequence[UploadedFile] = (),
    today: dt.date | None = None,
    idempotency_key: str = "",
) -> ProgressUpdate:
    """A unit reports progress on its part of a task.

    100 % completes the unit's part; for a repeating task it completes the current
    occurrence (logged as "occurrence completed") and moves the unit on to the next one,
    which has its own deadline, status and reminders. A later update below 100 % reopens
    a completed part (a correction is a new update, the old one stays).

    With ``idempotency_key`` (per author: an offline outbox's entry), a retry of the same
    update answers the first one (``replayed`` set on it); another update under a used
    key raises ``IdempotencyConflict`` (422). The part's row lock orders concurrent
    retries, and the key's unique constraint keeps a second copy out in any case.
    """
    day = _today(today)
    a = lock_for_update(assignment, expected_version=None)
    rules.require("report_progress", user, a)
    if idempotency_key:
        done = ProgressUpdate.objects.filter(author=user, client_key=idempotency_key).first()
        if done is not None:
            same = (done.assignment_id, done.text, done.percent)
            if same != (a.pk, (text or "").strip(), percent):
                raise IdempotencyConflict(
                    _(
                        "The key %(key)s was already used for another progress update: "
                        "send this one under a new key."
                    )
                    % {"key": idempotency_key}
                )
            done.replayed = True
            return done
    attachments_check(files)  # before anything is written
    update = ProgressUpdate(
        assignment=a,
        text=(text or "").strip(),
        percent=percent,
        reported_on=day,
        occurrence_due=a.due_date,
        author=user if getattr(user, "pk", None) else None,
        client_key=idempotency_key[:100],
    )
    update.full_clean(validate_constraints=False)
    update.save()
    for f in files:
        attachment_store(user=user, parent=update, upload=f)
    a.percent = percent
    a.last_update_on = day
    a.started_at = a.started_at or day
    if percent >= 100:
        following = a.task.next_occurrence(a.due_date) if a.due_date else None
        if following is not None:
            log_event(a.task, "occurrence completed", data={"unit": a.unit.code, "due": a.due_date})
            a.due_date, a.percent, a.started_at, a.completed_on = following, 0, None, None
        else:
            a.completed_on = day
    else:
        a.completed_on = None
    bump_version(a)
    a.save()
    return update


@transaction.atomic
def progress_update_edit(
    *, user: Any, update: ProgressUpdate, expected_version: int | None, text: str
) -> ProgressUpdate:
    """Correct the wording of an update; the percent is changed by a new update only."""
    rules.require("edit_update", user, update)
    fresh = lock_for_update(update, expected_version=expected_version)
    fresh.text = (text or "").strip()
    fresh.full_clean()
    bump_version(fresh)
    fresh.save()
    return fresh


# --- urging -----------------------------------------------------------------------------


@transaction.atomic
def task_urge(
    *, user: Any, assignment: TaskAssignment, message: str = "", today: dt.date | None = None
) -> NotifyResult | None:
    """Urge a unit about its part of a task: recorded and notified, once per unit per day.

    Returns None when the unit was already urged today (nothing new is sent), else what
    was notified (``without_officers`` names the unit if nobody there could be told).
    """
    day = _today(today)
    a = lock_for_update(assignment, expected_version=None)
    rules.require("urge", user, a, today=day)
    task = a.task
    status = a.status_on(day)
    if a.last_urged_on == day:
        return None
    a.urge_count += 1
    a.last_urged_on = day
    bump_version(a)
    a.save()
    message = (message or "").strip()[:1000]
    log_event(task, "urged", message=message, data={"unit": a.unit.code, "status": status})
    return notify(
        [
            Notice(
                unit=a.unit,
                kind="plans.urged",
                key=f"plans:urge:a{a.pk}:{day.isoformat()}",
                url=reverse("plans:task_detail", args=[task.pk]),
                title=lambda: (
                    _("Urged: %(task)s (deadline %(due)s)")
                    % {"task": task, "due": format_day(a.due_date)}
                ),
                body=lambda: message,
            )
        ]
    )
