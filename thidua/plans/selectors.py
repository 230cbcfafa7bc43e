"""Reads of the plans app, always through the user's reach (``restrict``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.models import Attachment
from thidua.core.registry import AttentionItem
from thidua.orgunits.models import OrgUnit, path_upper_bound
from thidua.plans.models import (
    STATUS_RANK,
    Plan,
    PlanDocument,
    ProgressUpdate,
    Task,
    TaskAssignment,
    TaskGroup,
    TaskStatus,
    rollup_status,
)

DUE_SOON_DAYS = 7


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- plans ------------------------------------------------------------------------------


def plan_list(
    *, user: Any, query: str = "", kind: str = "", year: int | None = None
) -> QuerySet[Plan]:
    qs = Plan.objects.restrict(user).prefetch_related("issuing_units").select_related("parent")
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(documents__symbol__icontains=query)).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(period_start__year__lte=year, period_end__year__gte=year)
    return qs.order_by("-period_start", "title", "id")


def plan_get(*, user: Any, pk: int) -> Plan:
    """The plan if the user may see it; 404 otherwise (no hint that it exists)."""
    plan = (
        Plan.objects.restrict(user)
        .filter(pk=pk)
        .select_related("parent")
        .prefetch_related("issuing_units", "monitoring_units")
        .first()
    )
    if plan is None:
        raise Http404("No such plan.")
    return plan


def plan_documents(*, plan: Plan) -> list[PlanDocument]:
    return list(plan.document_links.select_related("document").all())


def plan_children(*, user: Any, plan: Plan) -> QuerySet[Plan]:
    return (
        Plan.objects.restrict(user)
        .filter(parent=plan)
        .prefetch_related("issuing_units", "document_links__document")
        .order_by("period_start", "title")
    )


def visible_tasks(*, user: Any) -> QuerySet[Task]:
    return Task.objects.restrict(user)


def status_counts(
    *, user: Any, plans: list[Plan], today: dt.date | None = None
) -> dict[int, dict[str, int]]:
    """Per plan: lead assignments by status, over the tasks the user may see (one query)."""
    day = _today(today)
    rows = (
        TaskAssignment.objects.filter(
            role=TaskAssignment.Role.LEAD,
            task__plan_id__in=[p.pk for p in plans],
            task__in=visible_tasks(user=user).values("pk"),
        )
        .with_status(day)
        .values("task__plan_id", "status_value")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts = result[row["task__plan_id"]]
        counts[row["status_value"]] += row["n"]
        counts["total"] += row["n"]
    for counts in result.values():
        counts["percent_done"] = round(100 * counts[TaskStatus.DONE] / counts["total"])
    return result


@dataclass
class TaskRow:
    """A task with its assignments' derived statuses, for plan and task pages."""

    task: Task
    leads: list[TaskAssignment]
    coordinating: list[TaskAssignment]
    status: TaskStatus
    percent: int


@dataclass
class GroupBlock:
    group: TaskGroup | None
    tasks: list[TaskRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        c: dict[str, int] = defaultdict(int)
        for row in self.tasks:
            for a in row.leads:
                c[a.status_value] += 1
                c["total"] += 1
        return c


def _task_row(task: Task, day: dt.date) -> TaskRow:
    leads = [a for a in task.assignments.all() if a.role == TaskAssignment.Role.LEAD]
    coord = [a for a in task.assignments.all() if a.role == TaskAssignment.Role.COORDINATING]
    for a in task.assignments.all():
        a.task = task  # already loaded: status_on reads task.cancelled_at
        a.status_value = a.status_on(day)
        a.is_late = a.late_on(day)
    status = (
        TaskStatus.CANCELLED
        if task.cancelled_at
        else rollup_status([a.status_value for a in leads])
    )
    percent = (
        round(sum(a.percent if not a.completed_on else 100 for a in leads) / len(leads))
        if leads
        else 0
    )
    return TaskRow(task=task, leads=leads, coordinating=coord, status=status, percent=percent)


def plan_task_blocks(*, user: Any, plan: Plan, today: dt.date | None = None) -> list[GroupBlock]:
    """The plan's visible tasks by group, in order, with statuses (three queries)."""
    day = _today(today)
    tasks = (
        visible_tasks(user=user)
        .filter(plan=plan)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("unit").order_by(
                    "role", "unit__path"
                ),
            )
        )
        .order_by("group__order", "group_id", "order", "id")
    )
    groups = list(plan.groups.order_by("order", "id"))
    blocks = {g.pk: GroupBlock(g) for g in groups}
    loose = GroupBlock(None)
    for task in tasks:
        blocks.get(task.group_id, loose).tasks.append(_task_row(task, day))
    result = [blocks[g.pk] for g in groups]
    if loose.tasks:
        result.append(loose)
    return result


@dataclass
class ProgressFilter:
    under: OrgUnit | None = None
    status: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    group: int | None = None


def plan_progress_rows(
    *, user: Any, plan: Plan, filters: ProgressFilter | None = None, today: dt.date | None = None
) -> QuerySet[TaskAssignment]:
    """Every lead unit's part of the plan's visible tasks, overdue first."""
    day = _today(today)
    f = filters or ProgressFilter()
    qs = (
        TaskAssignment.objects.filter(
            role=TaskAssignment.Role.LEAD,
            task__plan=plan,
            task__in=visible_tasks(user=user).values("pk"),
        )
        .select_related("unit", "task", "task__group")
        .with_status(day)
    )
    if f.under is not None:
        qs = qs.filter(unit__path__gte=f.under.path, unit__path__lt=path_upper_bound(f.under.path))
    if f.status:
        qs = qs.filter(status_value=f.status)
    if f.due_from:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_date__lte=f.due_to)
    if f.group:
        qs = qs.filter(task__group_id=f.group)
    return qs.order_by("status_rank", "due_date", "unit__path", "task__order", "id")


def progress_by_unit(rows: list[TaskAssignment]) -> list[dict[str, Any]]:
    """Per unit: its parts by status, worst first (from already-loaded rows)."""
    units: dict[int, dict[str, Any]] = {}
    for a in rows:
        u = units.setdefault(
            a.unit_id, {"unit": a.unit, "total": 0, "worst": 99, **{s.value: 0 for s in TaskStatus}}
        )
        u["total"] += 1
        u[a.status_value] += 1
        u["worst"] = min(u["worst"], a.status_rank)
    return sorted(
        units.values(), key=lambda u: (u["worst"], -u[TaskStatus.OVERDUE], u["unit"].path)
    )


def progress_by_group(rows: list[TaskAssignment]) -> list[dict[str, Any]]:
    groups: dict[Any, dict[str, Any]] = {}
    for a in rows:
        g = a.task.group
        key = g.pk if g else None
        d = groups.setdefault(key, {"group": g, "total": 0, **{s.value: 0 for s in TaskStatus}})
        d["total"] += 1
        d[a.status_value] += 1
    for d in groups.values():
        d["percent_done"] = round(100 * d[TaskStatus.DONE] / d["total"]) if d["total"] else 0
    return sorted(
        groups.values(), key=lambda d: (d["group"] is None, d["group"].order if d["group"] else 0)
    )


# --- tasks ------------------------------------------------------------------------------


def task_get(*, user: Any, pk: int) -> Task:
    task = (
        visible_tasks(user=user)
        .filter(pk=pk)
        .select_related("plan", "group")
        .prefetch_related("plan__issuing_units", "plan__monitoring_units")
        .first()
    )
    if task is None:
        raise Http404("No such task.")
    return task


def task_row(*, task: Task, today: dt.date | None = None) -> TaskRow:
    task = (
        Task.objects.filter(pk=task.pk)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("unit").order_by(
                    "role", "unit__path"
                ),
            )
        )
        .get()
    )
    return _task_row(task, _today(today))


def assignment_get(*, user: Any, task: Task, pk: int) -> TaskAssignment:
    a = TaskAssignment.objects.filter(task=task, pk=pk).select_related("unit", "task").first()
    if a is None:
        raise Http404("No such assignment.")
    return a


def _attachments_for(objs: list[Any]) -> dict[str, list[Attachment]]:
    if not objs:
        return {}
    ct = ContentType.objects.get_for_model(objs[0])
    found: dict[str, list[Attachment]] = defaultdict(list)
    for att in Attachment.objects.filter(content_type=ct, object_id__in=[str(o.pk) for o in objs]):
        found[att.object_id].append(att)
    return found


def task_updates(*, task: Task, limit: int = 200) -> list[ProgressUpdate]:
    """Updates of every unit on the task (the task is visible, so are its updates)."""
    updates = list(
        ProgressUpdate.objects.filter(assignment__task=task)
        .select_related("assignment__unit", "author")
        .order_by("-reported_on", "-id")[:limit]
    )
    files = _attachments_for(updates)
    for u in updates:
        u.evidence = files.get(str(u.pk), [])
    return updates


def update_get(*, user: Any, pk: int) -> ProgressUpdate:
    update = (
        ProgressUpdate.objects.restrict(user)
        .filter(pk=pk)
        .select_related("assignment__unit", "assignment__task")
        .first()
    )
    if update is None:
        raise Http404("No such update.")
    return update


def attachment_get(*, user: Any, pk: int) -> Attachment:
    """An evidence file, reachable only through an update the user may see."""
    ct = ContentType.objects.get_for_model(ProgressUpdate)
    att = Attachment.objects.filter(pk=pk, content_type=ct).first()
    if att is None or not ProgressUpdate.objects.restrict(user).filter(pk=att.object_id).exists():
        raise Http404("No such file.")
    return att


def my_assignments(*, user: Any, today: dt.date | None = None) -> QuerySet[TaskAssignment]:
    """Open parts of tasks for the units the user reports for, overdue first."""
    day = _today(today)
    r = reach(user, Action.REPORT)
    if r.nothing:
        return TaskAssignment.objects.none()
    return (
        TaskAssignment.objects.filter(r.unit_q("unit__"), role=TaskAssignment.Role.LEAD)
        .with_status(day)
        .exclude(status_value__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .select_related("unit", "task", "task__plan")
        .order_by("status_rank", "due_date", "id")
    )


def attention_items(user: Any, *, today: dt.date | None = None) -> list[AttentionItem]:
    """Home page: the user's units' tasks due soon or overdue, and for supervisors the
    plans with late units. A few queries, bounded lists."""
    day = _today(today)
    items: list[AttentionItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    soon = day + dt.timedelta(days=DUE_SOON_DAYS)
    r = reach(user, Action.REPORT)
    if not r.nothing and not r.everything:
        mine = (
            TaskAssignment.objects.filter(
                r.unit_q("unit__"),
                role=TaskAssignment.Role.LEAD,
                completed_on__isnull=True,
                cancelled_at__isnull=True,
                task__cancelled_at__isnull=True,
                due_date__lte=soon,
            )
            .select_related("unit", "task")
            .order_by("due_date")[:20]
        )
        for a in mine:
            overdue = a.due_date < day
            items.append(
                AttentionItem(
                    title=str(a.task),
                    url=reverse("plans:task_detail", args=[a.task_id]),
                    kind=_("overdue task") if overdue else _("task due soon"),
                    severity="danger" if overdue else "warning",
                    when=a.due_date,
                    detail=f"{a.unit} · {a.percent}%",
                )
            )
    sup = reach(user, Action.APPROVE)
    if not sup.nothing and not sup.everything:
        plan_ids = Plan.objects.filter(
            Q(pk__in=Plan.objects.filter(sup.unit_q("issuing_units__")).values("pk"))
            | Q(pk__in=Plan.objects.filter(sup.unit_q("monitoring_units__")).values("pk"))
        ).values("pk")
        late = (
            TaskAssignment.objects.filter(
                task__plan_id__in=plan_ids,
                role=TaskAssignment.Role.LEAD,
                completed_on__isnull=True,
                cancelled_at__isnull=True,
                task__cancelled_at__isnull=True,
                due_date__lt=day,
            )
            .values("task__plan_id", "task__plan__title")
            .annotate(n=Count("id"))
            .order_by("-n")[:10]
        )
        for row in late:
            items.append(
                AttentionItem(
                    title=row["task__plan__title"],
                    url=reverse("plans:progress", args=[row["task__plan_id"]]) + "?status=overdue",
                    kind=_("late units"),
                    severity="danger",
                    detail=_("%(n)d unit parts overdue") % {"n": row["n"]},
                )
            )
    return items


def status_sort_key(status: str) -> int:
    return STATUS_RANK.get(TaskStatus(status), 9)
