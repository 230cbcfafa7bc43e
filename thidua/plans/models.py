"""Plans, programmes, their task groups and tasks, and their follow-up.

A plan carries out one or more documents and is issued by one or several units (a joint
coordination plan has two issuers). Its tasks are assigned to units; each assigned unit
progresses separately, so progress and status live on ``TaskAssignment`` (one row per
task and unit), never on the task alone. Statuses are derived from dates and updates by
one set of rules (``STATUS_RULES``), read as SQL by ``TaskAssignmentQuerySet.with_status``
and in Python by ``TaskAssignment.status_on``; they are never stored.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.core.models import TrackedModel


class TaskStatus(models.TextChoices):
    """Derived status of one unit's part of a task (and, rolled up, of a task)."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    OVERDUE = "overdue", _("overdue")
    CANCELLED = "cancelled", _("cancelled")


# "Overdue first" everywhere a supervisor looks at progress (selectors, exports).
STATUS_RANK = {
    TaskStatus.OVERDUE: 0,
    TaskStatus.IN_PROGRESS: 1,
    TaskStatus.NOT_STARTED: 2,
    TaskStatus.DONE: 3,
    TaskStatus.CANCELLED: 4,
}
STATUS_BADGE = {
    TaskStatus.OVERDUE: "danger",
    TaskStatus.IN_PROGRESS: "info",
    TaskStatus.NOT_STARTED: "",
    TaskStatus.DONE: "ok",
    TaskStatus.CANCELLED: "warning",
}


class Plan(TrackedModel):
    """A plan or programme: what one or more documents order to be done over a period.

    A multi-year programme is carried out through annual plans, its children (S3: the
    2021–2025 coordination programme and its 2023 and 2024 joint plans). Monitoring units
    (S1: the provincial office) follow progress and urge late units without issuing it.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("plan")
        PROGRAMME = "programme", _("programme")
        COORDINATION = "coordination", _("coordination programme")
        ACTION_PLAN = "action_plan", _("action plan")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PLAN)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    issuing_units = models.ManyToManyField(
        "orgunits.OrgUnit", related_name="issued_plans", verbose_name=_("issuing units")
    )
    monitoring_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        blank=True,
        related_name="monitored_plans",
        verbose_name=_("monitoring units"),
        help_text=_("Units that follow progress and urge late units on the issuers' behalf."),
    )
    documents = models.ManyToManyField(
        "documents.Document",
        through="PlanDocument",
        blank=True,
        related_name="plans",
        verbose_name=_("documents"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    place = models.CharField(
        _("place"), max_length=120, blank=True, help_text=_("Printed in report headers.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("issuing_units", "monitoring_units", "tasks__assignments__unit")

    class Meta:
        ordering = ["-period_start", "title", "id"]
        verbose_name = _("plan")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                raise ValidationError({"parent": _("A plan cannot be part of itself.")})
            parent = self.parent
            if (
                self.period_start
                and self.period_end
                and (self.period_start < parent.period_start or self.period_end > parent.period_end)
            ):
                raise ValidationError(
                    {
                        "period_start": _(
                            "A child plan's period must lie within its parent's period."
                        )
                    }
                )


class PlanDocument(models.Model):
    """Link between a plan and a document: the plan's own text, or a document it carries out."""

    class Relation(models.TextChoices):
        ISSUED_AS = "issued_as", _("issued as")
        IMPLEMENTS = "implements", _("implements")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="plan_links"
    )
    relation = models.CharField(
        max_length=12, choices=Relation.choices, default=Relation.IMPLEMENTS
    )

    class Meta:
        ordering = ["relation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "document"], name="plan_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.get_relation_display()} — {self.document}"


class TaskGroup(TrackedModel):
    """An ordered group of tasks within a plan (S1: three main task groups)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="groups", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = (
        "plan__issuing_units",
        "plan__monitoring_units",
        "tasks__assignments__unit",
    )

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("task group")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


# Months between two occurrences of each repeating kind.
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def day_in_month(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of the month, or the month's last day if it is shorter (31 → 30 April)."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last))


class Task(TrackedModel):
    """A piece of work of a plan, assigned to lead and coordinating units.

    Timing is a window (``start_date``–``due_date``: banners from 30 Nov to 30 Dec 2023)
    or a bare deadline (``due_date`` only), or nothing for standing work.

    A repeating task is due on day ``recur_day`` of some months, until ``recur_until``
    (by default the plan's end); ``due_date`` is its first occurrence (the services fill
    it in from the rule when it is left empty). The months, by ``recurrence``:

    - monthly: every month ("by the 5th of every month"); ``recur_month`` is empty;
    - quarterly: month ``recur_month`` of each quarter, 1–3, and 3 when left empty,
      which is what offices expect: "by the 20th of the last month of each quarter"
      (20 March, 20 June, 20 September, 20 December); 1 reads "by the 15th of the first
      month of each quarter", the deadline of the previous quarter's report;
    - half-yearly: month ``recur_month`` (1–6) and six months later ("by 20 June and
      20 December" is month 6);
    - yearly: once a year on ``recur_day``/``recur_month`` ("every year before 30
      November"); the day must exist in that month, and 29 February is 28 February in a
      common year.

    In a month shorter than ``recur_day`` the occurrence falls on the month's last day
    (day 31: 30 April, 28 or 29 February). Each lead unit works on one occurrence at a
    time (``TaskAssignment.due_date``); completing it moves the unit on to the next.
    """

    class Recurrence(models.TextChoices):
        NONE = "", _("does not repeat")
        MONTHLY = "monthly", _("every month")
        QUARTERLY = "quarterly", _("every quarter")
        HALF_YEARLY = "half_yearly", _("every six months")
        YEARLY = "yearly", _("every year")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan")
    )
    group = models.ForeignKey(
        TaskGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("task group"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("window start"), null=True, blank=True)
    due_date = models.DateField(_("deadline or window end"), null=True, blank=True)
    recurrence = models.CharField(
        _("repeats"), max_length=12, choices=Recurrence.choices, blank=True, default=""
    )
    recur_month = models.PositiveSmallIntegerField(
        _("due month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Every year: the month (1–12). Every six months: the first of the two months "
            "(1–6), the second is six months later. Every quarter: the month of the quarter "
            "(1–3), empty for the last month. Every month: leave empty."
        ),
    )
    recur_day = models.PositiveSmallIntegerField(
        _("due day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "Day of the month it is due (1–31). In a shorter month it is due on the "
            "month's last day (31: 30 April, 28 or 29 February)."
        ),
    )
    recur_until = models.DateField(
        _("repeats until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the end of the plan."),
    )
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    content_items = models.JSONField(
        _("content items"), default=list, blank=True, help_text=_("One item per line: slogans…")
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("plan__issuing_units", "plan__monitoring_units", "assignments__unit")

    class Meta:
        ordering = ["plan", "group__order", "order", "id"]
        verbose_name = _("task")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The window ends before it starts.")
        if self.start_date and not self.due_date:
            errors["due_date"] = _("A window needs an end date.")
        if self.recurrence in PERIOD_MONTHS:
            errors.update(self._recurrence_errors())
        if self.group_id and self.plan_id and self.group.plan_id != self.plan_id:
            errors["group"] = _("The task group belongs to another plan.")
        if errors:
            raise ValidationError(errors)

    def _recurrence_errors(self) -> dict[str, str]:
        """What is missing or wrong in the repeating rule (see the class docstring)."""
        R = self.Recurrence
        errors: dict[str, str] = {}
        day, month = self.recur_day, self.recur_month
        if self.recurrence == R.YEARLY:
            if not (month and day):
                errors["recur_month"] = _("A yearly task needs the day and month it is due.")
            else:
                try:
                    dt.date(2001, month, day)
                except ValueError:
                    errors["recur_day"] = _("There is no such day in that month.")
            if not self.due_date:
                errors["due_date"] = _("A yearly task needs the date of its first occurrence.")
            return errors
        if self.recurrence == R.MONTHLY:
            self.recur_month = None  # every month: a month would mean nothing
            if not day:
                errors["recur_day"] = _(
                    "A monthly task needs the day of the month it is due (1–31)."
                )
        elif self.recurrence == R.QUARTERLY:
            if month is None:
                self.recur_month = 3  # the last month of each quarter
            elif not 1 <= month <= 3:
                errors["recur_month"] = _(
                    "A quarterly task is due in month 1, 2 or 3 of each quarter "
                    "(empty: the last month)."
                )
            if not day:
                errors["recur_day"] = _("A quarterly task needs the day it is due (1–31).")
        elif self.recurrence == R.HALF_YEARLY:
            if not month or not 1 <= month <= 6:
                errors["recur_month"] = _(
                    "A task repeated every six months needs its first month, 1–6 (it is due "
                    "again six months later: 6 means June and December)."
                )
            if not day:
                errors["recur_day"] = _(
                    "A task repeated every six months needs the day it is due (1–31)."
                )
        if not self.due_date:
            errors["due_date"] = _("A repeating task needs the date of its first occurrence.")
        elif self.recur_until and self.recur_until < self.due_date:
            errors["recur_until"] = _("The repetition ends before its first occurrence.")
        return errors

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def repeats(self) -> bool:
        return self.recurrence in PERIOD_MONTHS

    def _rule_month(self) -> int | None:
        """The month of each period it is due in (1 for monthly, 3 for an unset quarter)."""
        if self.recurrence == self.Recurrence.MONTHLY:
            return 1
        if self.recurrence == self.Recurrence.QUARTERLY:
            return self.recur_month or 3
        return self.recur_month

    def next_occurrence(self, after: dt.date) -> dt.date | None:
        """The due date following ``after`` by the rule, within ``recur_until`` (or the
        plan's end); None for a task that does not repeat or whose series has ended."""
        period = PERIOD_MONTHS.get(self.recurrence)
        month = self._rule_month()
        if not period or not month or not self.recur_day:
            return None
        until = self.recur_until or self.plan.period_end
        # Months counted from year 0: an occurrence falls in months ≡ month - 1 (mod period).
        index = after.year * 12 + after.month - 1
        index += (month - 1 - index) % period
        while True:
            day = day_in_month(index // 12, index % 12 + 1, self.recur_day)
            if day > after:
                return day if until is None or day <= until else None
            index += period

    def occurrence_on(self, day: dt.date) -> dt.date | None:
        """The deadline current on ``day``: the first occurrence due on or after it (the
        task's deadline for a task that does not repeat); None once a series has ended."""
        if not self.repeats or self.due_date is None or day <= self.due_date:
            return self.due_date
        return self.next_occurrence(day - dt.timedelta(days=1))

    def first_occurrence_from(self, day: dt.date) -> dt.date | None:
        """The first occurrence by the rule on or after ``day`` (to fill in ``due_date``)."""
        return self.next_occurrence(day - dt.timedelta(days=1))

    def recurrence_text(self) -> str:
        """The rule in words, in the reader's language ("Monthly, by day 20")."""
        R = self.Recurrence
        day, month = self.recur_day, self._rule_month()
        if self.recurrence not in PERIOD_MONTHS or not day or not month:
            return ""
        if self.recurrence == R.MONTHLY:
            if day == 31:
                return str(_("Monthly, by the last day of the month"))
            return str(_("Monthly, by day %(day)d") % {"day": day})
        if self.recurrence == R.QUARTERLY:
            texts = {
                1: _("Quarterly, by day %(day)d of the first month of the quarter"),
                2: _("Quarterly, by day %(day)d of the second month of the quarter"),
                3: _("Quarterly, by day %(day)d of the last month of the quarter"),
            }
            return str(texts.get(month, texts[3]) % {"day": day})
        if self.recurrence == R.HALF_YEARLY:
            return str(
                _("Every six months, by day %(day)d of months %(first)d and %(second)d")
                % {"day": day, "first": month, "second": month + 6}
            )
        return str(_("Yearly, by %(date)s") % {"date": f"{day:02d}/{month:02d}"})


# --- the one definition of a task assignment's status ------------------------------------
#
# A status is derived from dates and progress, never stored. The rules below are the only
# place it is defined; ``TaskAssignmentQuerySet.with_status`` turns them into SQL (list
# pages, exports, reviews, the reminder run) and ``TaskAssignment.status_on`` evaluates
# them on a loaded row (a task's page, urging). Each condition knows both readings.


class Cond:
    """A condition on an assignment row, readable as SQL (``q``) and in Python (``holds``)."""

    def q(self, today: dt.date) -> Q:
        raise NotImplementedError

    def holds(self, row: object, today: dt.date) -> bool:
        raise NotImplementedError


def _get(row: object, path: str) -> object:
    for part in path.split("__"):
        row = getattr(row, part)
    return row


class IsSet(Cond):
    def __init__(self, field: str) -> None:
        self.field = field

    def q(self, today: dt.date) -> Q:
        return Q(**{f"{self.field}__isnull": False})

    def holds(self, row: object, today: dt.date) -> bool:
        return _get(row, self.field) is not None


class BeforeToday(Cond):
    def __init__(self, field: str) -> None:
        self.field = field

    def q(self, today: dt.date) -> Q:
        return Q(**{f"{self.field}__lt": today})

    def holds(self, row: object, today: dt.date) -> bool:
        value = _get(row, self.field)
        return value is not None and value < today


class Positive(Cond):
    def __init__(self, field: str) -> None:
        self.field = field

    def q(self, today: dt.date) -> Q:
        return Q(**{f"{self.field}__gt": 0})

    def holds(self, row: object, today: dt.date) -> bool:
        value = _get(row, self.field)
        return value is not None and value > 0


class After(Cond):
    """``field`` is later than ``other`` (both set)."""

    def __init__(self, field: str, other: str) -> None:
        self.field, self.other = field, other

    def q(self, today: dt.date) -> Q:
        return Q(**{f"{self.field}__gt": F(self.other)})

    def holds(self, row: object, today: dt.date) -> bool:
        a, b = _get(row, self.field), _get(row, self.other)
        return a is not None and b is not None and a > b


class AnyOf(Cond):
    def __init__(self, *conds: Cond) -> None:
        self.conds = conds

    def q(self, today: dt.date) -> Q:
        q = Q(pk__in=[])
        for c in self.conds:
            q |= c.q(today)
        return q

    def holds(self, row: object, today: dt.date) -> bool:
        return any(c.holds(row, today) for c in self.conds)


class AllOf(Cond):
    def __init__(self, *conds: Cond) -> None:
        self.conds = conds

    def q(self, today: dt.date) -> Q:
        q = Q()
        for c in self.conds:
            q &= c.q(today)
        return q

    def holds(self, row: object, today: dt.date) -> bool:
        return all(c.holds(row, today) for c in self.conds)


class Not(Cond):
    def __init__(self, cond: Cond) -> None:
        self.cond = cond

    def q(self, today: dt.date) -> Q:
        return ~self.cond.q(today)

    def holds(self, row: object, today: dt.date) -> bool:
        return not self.cond.holds(row, today)


CANCELLED = AnyOf(IsSet("cancelled_at"), IsSet("task__cancelled_at"))
COMPLETED = IsSet("completed_on")
# The first rule that holds gives the status; none holding: not started.
STATUS_RULES: tuple[tuple[TaskStatus, Cond], ...] = (
    (TaskStatus.CANCELLED, CANCELLED),
    (TaskStatus.DONE, COMPLETED),
    (TaskStatus.OVERDUE, BeforeToday("due_date")),
    (TaskStatus.IN_PROGRESS, AnyOf(IsSet("started_at"), Positive("percent"))),
)
# Late: done after the deadline, or not done and past it (never when cancelled).
LATE = AllOf(
    Not(CANCELLED),
    IsSet("due_date"),
    AnyOf(After("completed_on", "due_date"), AllOf(Not(COMPLETED), BeforeToday("due_date"))),
)
# Statuses with work left to do: what reminders and "my tasks" follow.
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)


def status_of(row: object, today: dt.date) -> TaskStatus:
    """The status of one loaded assignment on ``today`` (rules above)."""
    for status, cond in STATUS_RULES:
        if cond.holds(row, today):
            return status
    return TaskStatus.NOT_STARTED


class TaskAssignmentQuerySet(ScopedQuerySet["TaskAssignment"]):
    def with_status(self, today: dt.date) -> TaskAssignmentQuerySet:
        """Annotate ``status_value``, ``status_rank`` (overdue first) and ``is_late`` in SQL,
        from ``STATUS_RULES`` and ``LATE`` (the one definition, shared with ``status_on``)."""
        status = Case(
            *[When(cond.q(today), then=Value(s.value)) for s, cond in STATUS_RULES],
            default=Value(TaskStatus.NOT_STARTED.value),
            output_field=models.CharField(),
        )
        rank = Case(
            *[When(status_value=s.value, then=Value(r)) for s, r in STATUS_RANK.items()],
            output_field=IntegerField(),
        )
        late = Case(
            When(LATE.q(today), then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        )
        return self.annotate(status_value=status).annotate(status_rank=rank, is_late=late)

    def open_on(self, today: dt.date) -> TaskAssignmentQuerySet:
        """Assignments with work left (not done, not cancelled), with their status."""
        return self.with_status(today).filter(status_value__in=[s.value for s in OPEN_STATUSES])


class TaskAssignment(TrackedModel):
    """One unit's part in a task: lead (reports progress, has a status) or coordinating.

    Progress is denormalised here from the unit's updates (``percent``, ``started_at``,
    ``completed_on``) by ``thidua.plans.services.progress_update_create`` so that progress
    pages of thousands of units are one query. ``due_date`` is this unit's current
    deadline: the task's, or for a yearly task the occurrence the unit is working on.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        COORDINATING = "coordinating", _("coordinating")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="task_assignments",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.LEAD)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    started_at = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    last_update_on = models.DateField(_("last update on"), null=True, blank=True)
    urge_count = models.PositiveIntegerField(_("times urged"), default=0)
    last_urged_on = models.DateField(_("last urged on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = TaskAssignmentQuerySet.as_manager()
    scope_unit_fields = (
        "task__plan__issuing_units",
        "task__plan__monitoring_units",
        "task__assignments__unit",
    )

    class Meta:
        ordering = ["task", "role", "unit__path"]
        verbose_name = _("task assignment")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_assigned_once_per_unit")
        ]
        indexes = [models.Index(fields=["unit", "due_date"])]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit}"

    def status_on(self, today: dt.date) -> TaskStatus:
        return status_of(self, today)

    def late_on(self, today: dt.date) -> bool:
        return LATE.holds(self, today)

    @property
    def percent_done(self) -> int:
        """The percent shown for this part: a completed part is done, whatever it said."""
        return 100 if self.completed_on else self.percent


def rollup_status(statuses: list[str]) -> TaskStatus:
    """A task's status from its lead units' statuses (one late unit makes it overdue)."""
    if not statuses:
        return TaskStatus.NOT_STARTED
    present = set(statuses)
    if present == {TaskStatus.CANCELLED}:
        return TaskStatus.CANCELLED
    present.discard(TaskStatus.CANCELLED)
    if TaskStatus.OVERDUE in present:
        return TaskStatus.OVERDUE
    if present == {TaskStatus.DONE}:
        return TaskStatus.DONE
    if present & {TaskStatus.IN_PROGRESS, TaskStatus.DONE}:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


class ProgressUpdate(TrackedModel):
    """A unit's report on its part of a task: text, percent done and evidence files.

    ``reported_on`` is the date the update speaks for (the service's clock);
    ``occurrence_due`` is the deadline it reported against, which tells yearly
    occurrences apart. Evidence files are ``core.Attachment`` rows on the update.
    """

    assignment = models.ForeignKey(
        TaskAssignment,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("unit's part"),
    )
    text = models.TextField(_("what was done"))
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    reported_on = models.DateField(_("reported on"))
    occurrence_due = models.DateField(_("deadline of the occurrence"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    # The Idempotency-Key its author sent it under (an entry of an offline outbox): a
    # replay of the same entry answers this update instead of posting it twice.
    client_key = models.CharField(
        _("key of the offline entry"), max_length=100, blank=True, default="", editable=False
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = (
        "assignment__task__plan__issuing_units",
        "assignment__task__plan__monitoring_units",
        "assignment__task__assignments__unit",
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress update")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~models.Q(client_key=""),
                name="progress_update_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment.unit} {self.percent}% ({self.reported_on})"
