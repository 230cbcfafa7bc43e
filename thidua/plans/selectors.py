"""Reads of the plans app, always through the user's reach (``restrict``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.attachments import attachments_for
from thidua.core.registry import AttentionItem
from thidua.core.reminders import DUE_SOON_DAYS
from thidua.documents.models import Document
from thidua.documents.selectors import document_list
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
from thidua.plans.permissions import followed_plans_q, reported_parts_q
from thidua.utils.symbols import symbol_search_key


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- plans ------------------------------------------------------------------------------


def plan_list(
    *, user: Any, query: str = "", kind: str = "", year: int | None = None, detailed: bool = False
) -> QuerySet[Plan]:
    """Plans the user may see; ``detailed`` also loads what the API shows of each."""
    qs = Plan.objects.restrict(user).prefetch_related("issuing_units").select_related("parent")
    if detailed:
        qs = qs.prefetch_related("monitoring_units", "groups", "document_links__document")
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


def parent_choices(*, user: Any) -> QuerySet[Plan]:
    """Programmes a new plan may be part of: those the user reaches as a manager."""
    return Plan.objects.restrict(user, Action.MANAGE).filter(
        kind__in=[Plan.Kind.PROGRAMME, Plan.Kind.COORDINATION]
    )


def report_issuers(*, plan: Plan) -> QuerySet[OrgUnit]:
    """Units a follow-up report of the plan may be issued by: its issuers and followers."""
    return OrgUnit.objects.filter(
        Q(pk__in=plan.issuing_units.values("pk")) | Q(pk__in=plan.monitoring_units.values("pk"))
    ).order_by("path")


def plan_documents(*, plan: Plan) -> list[PlanDocument]:
    return list(plan.document_links.select_related("document").all())


def plan_document_get(*, plan: Plan, document_pk: int) -> PlanDocument:
    """The link of a plan (the user sees) to one document; 404 if it is not linked."""
    link = plan.document_links.select_related("document").filter(document_id=document_pk).first()
    if link is None:
        raise Http404("This document is not linked to the plan.")
    return link


def document_by_symbol(*, user: Any, symbol: str, year: int | None = None) -> Document:
    """The one document the user may see with this number and symbol, in any spelling.

    ``23-ct/tw`` and ``Số 23-CT/TW`` both find 23-CT/TW; a symbol reused in several years
    needs ``year``. Raises ``ValidationError`` with a message naming the problem.
    """
    text = (symbol or "").strip()
    key = symbol_search_key(text) if text else ""
    if not key:
        raise ValidationError(_("Give the document's number and symbol."))
    found = document_list(user=user, query=text).filter(symbol_key=key)
    if year:
        found = found.filter(year=year)
    found = list(found.order_by("-year", "-issued_on", "id")[:10])
    if not found:
        if year:
            raise ValidationError(
                _("No document you may see has the number and symbol %(symbol)s in %(year)d.")
                % {"symbol": text, "year": year}
            )
        raise ValidationError(
            _("No document you may see has the number and symbol %(symbol)s.") % {"symbol": text}
        )
    if len(found) > 1:
        years = sorted({str(d.year) for d in found if d.year})
        raise ValidationError(
            _(
                "Several documents you may see have this number and symbol (%(years)s): "
                "give the year."
            )
            % {"years": ", ".join(years) or "?"}
        )
    return found[0]


def document_to_link(
    *, user: Any, symbol: str = "", year: int | None = None, document_id: int | None = None
) -> Document:
    """The document to link to a plan, by its number and symbol in any spelling or by its
    id, among those the user may see; a ValidationError on ``symbol`` or ``document``."""
    if symbol:
        try:
            return document_by_symbol(user=user, symbol=symbol, year=year)
        except ValidationError as exc:
            raise ValidationError({"symbol": exc.messages}) from exc
    document = document_list(user=user).filter(pk=document_id).first()
    if document is None:
        raise ValidationError({"document": _("No document you may see has this id.")})
    return document


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
    percent = round(sum(a.percent_done for a in leads) / len(leads)) if leads else 0
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


def task_recurrence(*, task: Task, today: dt.date | None = None) -> dict[str, Any] | None:
    """A repeating task's rule in words, the day it repeats until and the deadline current
    on ``today`` (None once the series has ended); None for a task that does not repeat."""
    if not task.repeats:
        return None
    return {
        "text": task.recurrence_text(),
        "until": task.recur_until or task.plan.period_end,
        "next_due": task.occurrence_on(_today(today)),
    }


def tasks_with_status(
    *, user: Any, plan_id: int | None = None, today: dt.date | None = None
) -> QuerySet[Task]:
    """Tasks the user may see, each with its units' parts and their statuses
    (``task.status_rows``), for the API."""
    qs = visible_tasks(user=user).prefetch_related(
        Prefetch(
            "assignments",
            queryset=TaskAssignment.objects.select_related("unit").with_status(_today(today)),
            to_attr="status_rows",
        )
    )
    if plan_id is not None:
        qs = qs.filter(plan_id=plan_id)
    return qs.order_by("plan_id", "group__order", "order", "id")


def assignment_get(*, user: Any, task: Task, pk: int) -> TaskAssignment:
    """One unit's part of a task the user may see (``task`` came from ``task_get``)."""
    a = TaskAssignment.objects.filter(task=task, pk=pk).select_related("unit", "task").first()
    if a is None:
        raise Http404("No such assignment.")
    return a


def assignment_for_unit(*, task: Task, unit: OrgUnit) -> TaskAssignment | None:
    """The part of ``unit`` in a task the user may see, if it is assigned."""
    return (
        TaskAssignment.objects.filter(task=task, unit=unit).select_related("unit", "task").first()
    )


def task_assignments(*, task: Task, ids: list[int]) -> QuerySet[TaskAssignment]:
    """Some parts of a task, for a form's choices (the page chose them by the rules)."""
    return TaskAssignment.objects.filter(task=task, pk__in=ids).select_related("unit", "task")


def task_updates(*, task: Task, limit: int = 200) -> list[ProgressUpdate]:
    """Updates of every unit on the task (the task is visible, so are its updates)."""
    updates = list(
        ProgressUpdate.objects.filter(assignment__task=task)
        .select_related("assignment__unit", "assignment__task", "author")
        .order_by("-reported_on", "-id")[:limit]
    )
    files = attachments_for(updates)
    for u in updates:
        u.evidence = files.get(str(u.pk), [])
    return updates


def update_list(*, user: Any, task_id: int | None = None) -> QuerySet[ProgressUpdate]:
    """Progress updates on the tasks the user may see, newest first."""
    qs = ProgressUpdate.objects.restrict(user).select_related("assignment__unit", "author")
    if task_id is not None:
        qs = qs.filter(assignment__task_id=task_id)
    return qs.order_by("-reported_on", "-id")


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


def my_assignments(*, user: Any, today: dt.date | None = None) -> QuerySet[TaskAssignment]:
    """Open parts of tasks for the units the user reports for, overdue first."""
    day = _today(today)
    return (
        TaskAssignment.objects.filter(reported_parts_q(user), role=TaskAssignment.Role.LEAD)
        .open_on(day)
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
    # Nothing for a superuser: every unit's tasks would bury the page.
    r = reach(user, Action.REPORT)
    if not r.nothing and not r.everything:
        mine = (
            TaskAssignment.objects.filter(
                reported_parts_q(user), role=TaskAssignment.Role.LEAD, due_date__lte=soon
            )
            .open_on(day)
            .select_related("unit", "task")
            .order_by("due_date")[:20]
        )
        for a in mine:
            overdue = a.status_value == TaskStatus.OVERDUE
            items.append(
                AttentionItem(
                    title=str(a.task),
                    url=reverse("plans:task_detail", args=[a.task_id]),
                    kind=_("overdue task") if overdue else _("task due soon"),
                    severity="danger" if overdue else "warning",
                    due=a.due_date,
                    detail=_("%(unit)s, %(percent)s%% done")
                    % {"unit": a.unit, "percent": a.percent},
                )
            )
    sup = reach(user, Action.APPROVE)
    if not sup.nothing and not sup.everything:
        plan_ids = Plan.objects.filter(followed_plans_q(user)).values("pk")
        late = (
            TaskAssignment.objects.filter(task__plan_id__in=plan_ids, role=TaskAssignment.Role.LEAD)
            .with_status(day)
            .filter(status_value=TaskStatus.OVERDUE)
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


def offline_pages(user: Any) -> list[str]:
    """The pages kept on the device for working offline (``core.offline``): the user's
    tasks list and the page of each open part their units lead."""
    pages = [reverse("plans:my_tasks")]
    pages += [reverse("plans:task_detail", args=[a.task_id]) for a in my_assignments(user=user)]
    return list(dict.fromkeys(pages))
