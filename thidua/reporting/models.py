"""Periodic reporting: indicators, report forms (regimes), periods, submissions, synthesis.

The synthesis table (``SynthesisValue``) is what makes "current the moment a report is
approved" cheap: it holds, for every unit, the running aggregate of the approved values
of its whole subtree, maintained incrementally by ``thidua.reporting.synthesis`` inside
the approving transaction, and checked against a full recompute by
``manage.py synthesis_check``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet, _assignments, reach
from thidua.core.models import TrackedModel
from thidua.orgunits.models import path_ids


class Holiday(models.Model):
    """A day off (or a make-up working day) of the holiday calendar, edited by admins.

    ``thidua.reporting.rules.add_working_days`` reads it to compute deadlines such as
    "2 working days after the cut-off" (docs/RULES.md §3).
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        WORKDAY = "workday", _("make-up working day")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class Dimension(models.Model):
    """A disaggregation dimension (sex, ethnicity…) with its categories as editable data.

    ``categories`` is a list of ``[code, label]``; a value of a disaggregated indicator is
    stored once per category under the key ``"<dimension>=<category>"``.
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    categories = models.JSONField(default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("disaggregation dimension")

    def __str__(self) -> str:
        return self.name

    def category_keys(self) -> list[tuple[str, str]]:
        return [(f"{self.code}={c}", str(label)) for c, label in self.categories]


class Indicator(TrackedModel):
    """A figure that units report (chỉ tiêu): its type, unit of measure and aggregation.

    ``aggregation`` says how values of different units combine up the tree: ``sum``
    (counts, and "last"-type stocks, which add up across units), ``average`` (sum/count),
    ``min``/``max``; ``last`` differs from ``sum`` only over time (the time series takes
    the latest period of a year); ``none`` is never rolled up (free text).
    """

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("whole number")
        DECIMAL = "decimal", _("decimal number")
        PERCENT = "percent", _("percentage")
        YESNO = "yesno", _("yes / no")
        TEXT = "text", _("text")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum")
        AVERAGE = "average", _("average")
        MIN = "min", _("minimum")
        MAX = "max", _("maximum")
        LAST = "last", _("last value")
        NONE = "none", _("not aggregated")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    dimensions = models.ManyToManyField(
        Dimension, blank=True, related_name="indicators", verbose_name=_("breakdowns")
    )
    description = models.TextField(_("description"), blank=True)
    # Bounds of a value (besides a percentage's 0–100): counts and amounts cannot be
    # negative, so the lowest is 0 unless an indicator says otherwise (empty: no bound,
    # a change from last year, say).
    min_value = models.DecimalField(
        _("lowest value"), max_digits=20, decimal_places=4, null=True, blank=True, default=0
    )
    max_value = models.DecimalField(
        _("highest value"), max_digits=20, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.value_type != self.ValueType.TEXT

    @property
    def rolls_up(self) -> bool:
        return self.is_numeric and self.aggregation != self.Aggregation.NONE


def _ancestor_or_self_ids(user: Any) -> list[int]:
    """Ids of every unit at or above a unit where the user holds a role."""
    return sorted({i for _role, p in _assignments(user) for i in path_ids(p or "")})


def form_assigned_q(user: Any, prefix: str = "") -> Q:
    """Forms whose reporting units include a unit of the user (they must see to fill)."""
    ids = _ancestor_or_self_ids(user)
    forms = ReportForm.objects.filter(Q(assigned_subtrees__in=ids) | Q(assigned_units__in=ids))
    return Q(**{f"{prefix}pk__in": forms.values("pk")})


def form_received_q(user: Any, prefix: str = "") -> Q:
    """Forms received by a unit in the user's reach (Decree 09: "who receives")."""
    r = reach(user, "view")
    forms = ReportForm.objects.filter(r.unit_q("receiving_units__"))
    return Q(**{f"{prefix}pk__in": forms.values("pk")})


class ReportForm(TrackedModel):
    """A reporting regime (biểu mẫu, chế độ báo cáo): indicators, periodicity, deadline, who.

    Who must report = ``assigned_units`` ∪ the units inside ``assigned_subtrees`` whose
    kind is in ``assigned_kinds`` or who belong to ``assigned_groups`` (docs/RULES.md §3).
    """

    class Periodicity(models.TextChoices):
        MONTH = "month", _("monthly")
        QUARTER = "quarter", _("quarterly")
        HALF = "half", _("half-yearly")
        NINE = "nine", _("nine months")
        YEAR = "year", _("yearly")
        ADHOC = "adhoc", _("ad hoc")

    class DeadlineKind(models.TextChoices):
        FIXED = "fixed", _("fixed date each year")
        WORKING_DAYS = "working_days", _("working days after the cut-off")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    owner = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    periodicity = models.CharField(
        _("periodicity"), max_length=10, choices=Periodicity.choices, default=Periodicity.YEAR
    )
    cutoff_day = models.PositiveSmallIntegerField(
        _("cut-off day"), default=14, help_text=_("Last day of the data period (Decree 09: 14)")
    )
    deadline_kind = models.CharField(
        _("kind of deadline"),
        max_length=14,
        choices=DeadlineKind.choices,
        default=DeadlineKind.WORKING_DAYS,
    )
    deadline_month = models.PositiveSmallIntegerField(_("deadline month"), null=True, blank=True)
    deadline_day = models.PositiveSmallIntegerField(_("deadline day"), null=True, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("working days after the cut-off"), default=2
    )
    receiving_units = models.ManyToManyField(
        "orgunits.OrgUnit", blank=True, related_name="+", verbose_name=_("received by")
    )
    assigned_units = models.ManyToManyField(
        "orgunits.OrgUnit", blank=True, related_name="+", verbose_name=_("assigned units")
    )
    assigned_subtrees = models.ManyToManyField(
        "orgunits.OrgUnit", blank=True, related_name="+", verbose_name=_("assigned subtrees")
    )
    assigned_kinds = models.ManyToManyField(
        "orgunits.UnitKind", blank=True, related_name="+", verbose_name=_("assigned unit kinds")
    )
    assigned_groups = models.ManyToManyField(
        "orgunits.SubjectGroup",
        blank=True,
        related_name="+",
        verbose_name=_("assigned subject groups"),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("owner", "receiving_units")

    @staticmethod
    def scope_extra_q(user: Any) -> Q:
        return form_assigned_q(user)

    class Meta:
        ordering = ["code"]
        verbose_name = _("report form")

    def __str__(self) -> str:
        return self.name


class FormSection(models.Model):
    """A titled block of indicators on a form, in order."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["form", "order", "id"]

    def __str__(self) -> str:
        return self.title


class FormItem(models.Model):
    """An indicator on a form, with its expected range (outside it: flagged, not refused)."""

    section = models.ForeignKey(FormSection, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True)
    expected_min = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    expected_max = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["section__order", "order", "id"]

    def __str__(self) -> str:
        return str(self.indicator)


class ValidationRule(models.Model):
    """A rule between two indicators of a form that refuses a report (members ≥ groups)."""

    class Op(models.TextChoices):
        GE = ">=", "≥"
        LE = "<=", "≤"
        EQ = "==", "="
        GT = ">", ">"
        LT = "<", "<"

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    op = models.CharField(max_length=2, choices=Op.choices, default=Op.GE)
    right = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    message = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.left.name} {self.op} {self.right.name}"


class Period(TrackedModel):
    """A reporting period of one form (kỳ báo cáo) with its cut-off and deadline.

    ``start``/``end`` are the data cut-off dates of docs/RULES.md §3; ``deadline`` is computed
    from the form's rule when the period is opened and may be edited afterwards.
    """

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="periods", verbose_name=_("report form")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    label = models.CharField(_("label"), max_length=60)
    start = models.DateField(_("from"))
    end = models.DateField(_("to (cut-off)"))
    deadline = models.DateField(_("deadline"))

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("form__owner", "form__receiving_units")

    @staticmethod
    def scope_extra_q(user: Any) -> Q:
        return form_assigned_q(user, "form__")

    class Meta:
        ordering = ["form", "-end"]
        verbose_name = _("reporting period")
        constraints = [
            models.UniqueConstraint(fields=["form", "year", "number"], name="period_once")
        ]

    def __str__(self) -> str:
        return self.label


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    def current(self) -> SubmissionQuerySet:
        return self.filter(is_current=True)


class Submission(TrackedModel):
    """One unit's report for one form and period (báo cáo), one row per version.

    Draft → submitted → approved, or returned with a reason. An approved version is never
    edited: a correction is a new version (``previous``) and, once approved, the old one
    becomes ``superseded`` — both are kept. Exactly one version per (form, period, unit)
    is ``is_current``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")
        SUPERSEDED = "superseded", _("superseded")

    class Source(models.TextChoices):
        SCREEN = "screen", _("on screen")
        EXCEL = "excel", _("Excel upload")
        API = "api", _("API")

    form = models.ForeignKey(
        ReportForm,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("report form"),
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_current = models.BooleanField(_("current version"), default=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.SCREEN
    )
    note = models.TextField(_("note"), blank=True)
    outliers = models.JSONField(_("unusual figures"), default=list, blank=True)
    first_submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    approved_at = models.DateTimeField(
        _("approved at"),
        null=True,
        blank=True,
        help_text=_("Set at the first approval and never cleared"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = SubmissionQuerySet.as_manager()
    scope_unit_fields = ("unit",)

    @staticmethod
    def scope_extra_q(user: Any) -> Q:
        return form_received_q(user, "form__")

    class Meta:
        ordering = ["-period__end", "unit__path", "-number"]
        verbose_name = _("report")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period", "unit"],
                condition=Q(is_current=True),
                name="one_current_submission",
            ),
        ]
        indexes = [models.Index(fields=["form", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.form.name} {self.period.label} — {self.unit} (v{self.number})"

    @property
    def badge(self) -> str:
        """The CSS badge of the status (``badge-<this>``), for display only."""
        return {
            self.Status.APPROVED: "ok",
            self.Status.RETURNED: "danger",
            self.Status.SUBMITTED: "info",
        }.get(self.status, "warning")


class IdempotencyKey(models.Model):
    """A client's key for one submission request: a retried upload returns the first
    result instead of counting the report twice (``services.submission_save_once``).

    The key is per user; ``fingerprint`` (a hash of the request's form, period, unit,
    normalised values, note and submit flag) tells a retry from another request sent
    under a used key. The row is claimed first, without ``submission``, inside the saving
    transaction (the unique constraint makes a concurrent request with the same key wait
    for it), and ``submission`` is set before that transaction commits: a committed row
    always has one.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_once")]

    def __str__(self) -> str:
        return self.key


class Value(models.Model):
    """One figure of a submission: an indicator, a disaggregation key ("" = total)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120, blank=True, default="")
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator", "key"], name="value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}[{self.key}]={self.number if self.text == '' else self.text}"


class SynthesisValue(models.Model):
    """The aggregate over a unit's whole subtree of the approved values of one cell.

    Maintained by ``thidua.reporting.synthesis.apply_submission``/``retract_submission``
    in the approving transaction (unit and every ancestor, ids read off the path), so a
    read is one indexed lookup. ``total``/``count`` give sum and average; ``min``/``max``
    are recomputed from the subtree when a retraction removes the extreme value.
    """

    # No index of their own on form and period: the cell's unique index leads with them,
    # and a period index let SQLite's planner, once sampled statistics claimed ~1,000
    # rows per period, walk a whole period (4.7 M rows) to read four units' cells.
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="+", db_index=False)
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, blank=True, default="")
    total = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    count = models.PositiveIntegerField(default=0)
    min = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    max = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period", "unit", "indicator", "key"], name="synthesis_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}[{self.key}] = {self.total}"


class SynthesisStamp(models.Model):
    """A period's synthesis stamp: a fresh random token written in every transaction that
    changes the period's ``SynthesisValue`` rows (``synthesis._changed``).

    Reads key their cache by it (``synthesis.read_derived``), so a cached read is served
    only for the state it was computed from: a token names one state of the period's
    synthesis, whatever is rolled back or restored (a counter would repeat after either).
    """

    period = models.OneToOneField(
        Period, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.period_id}: {self.token}"


class DefinitionStamp(models.Model):
    """The stamp of every form's definition: one row, a fresh random token written in
    every transaction that saves or deletes an indicator, a dimension, a form, its
    sections, items or rules (``synthesis.stamp_definitions``, from their signals).

    What a synthesis read derives from a form's definition (its items, the figures as
    shown) is kept in memory under this token and the period's ``SynthesisStamp``
    (``synthesis.read_derived``): an edit of the definition is never served stale.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.token)
