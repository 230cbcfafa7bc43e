"""Emulation movements, their criteria, pledges, evaluations, rankings and contests.

A movement (phong trào thi đua) is launched by a document (and, once the ``plans`` app
has a Plan model, by a plan), runs over a period, lists numbered contents, and judges
its participants per subject group against weighted criteria. Units pledge targets,
assess themselves, are reviewed by the supervising unit and ranked within their group.
Contests (cuộc thi) have entries, screening rounds from commune to central level and
prizes; figures reported per unit and round stand beside individually registered entries.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.core.figures import format_percent
from thidua.core.models import TrackedModel

SCORE = {"max_digits": 8, "decimal_places": 2}


class Movement(TrackedModel):
    """An emulation movement, regular (annual) or thematic (a campaign with an end).

    ``owner_unit`` runs it (sets criteria, reviews the units it supervises directly);
    ``participant_units`` are called to take part. Published movements are readable by
    every member of the system (``scope_extra_q``); pledges and evaluations stay scoped.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        THEMATIC = "thematic", _("thematic")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    owner_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="movements_owned",
        verbose_name=_("run by"),
    )
    participant_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        blank=True,
        related_name="movements_joined",
        verbose_name=_("participants"),
    )
    launch_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements_launched",
        verbose_name=_("launched by"),
    )
    # The ``plans`` app had no Plan model when this was written: a movement launched by a
    # plan points to the plan's document here; a nullable FK to plans.Plan is the next step.
    basis_documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="movements_based_on",
        verbose_name=_("implements"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    report_deadline = models.CharField(
        _("reporting rule"),
        max_length=200,
        blank=True,
        help_text=_("e.g. every year before 30 November, to the Ministry of Public Security"),
    )
    integrated_with = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="integrations",
        verbose_name=_("integrated with"),
    )
    is_public = models.BooleanField(_("published"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("owner_unit", "participant_units")

    @staticmethod
    def scope_extra_q(user: object) -> Q:
        return Q(is_public=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("emulation movement")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        if self.kind == self.Kind.THEMATIC and not self.ends_on:
            raise ValidationError({"ends_on": _("A thematic movement needs an end date.")})


class MovementContent(TrackedModel):
    """One numbered content (nội dung thi đua) of a movement."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="contents", verbose_name=_("movement")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["movement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "number"], name="content_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")


class MovementGroup(TrackedModel):
    """A subject group of a movement (đối tượng, khối): its members share criteria and
    are ranked together. ``subject_group`` links a standing group of units when there is one."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="groups", verbose_name=_("movement")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    recipient_kind = models.CharField(
        _("who is judged"),
        max_length=12,
        choices=RecipientKind.choices,
        default=RecipientKind.COLLECTIVE,
    )
    subject_group = models.ForeignKey(
        "orgunits.SubjectGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="movement_groups",
        verbose_name=_("subject group"),
    )

    class Meta:
        ordering = ["movement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "number"], name="group_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Criterion(TrackedModel):
    """A criterion of a subject group, with a maximum score and a weight.

    ``method`` says how it is scored: by hand with evidence, computed from a reported
    indicator, or both (the computed score is proposed, a reviewer may override it).
    ``indicator_code`` is the hook to the ``reporting`` app's Indicator: the computed
    score is ``min(value / indicator_target, 1) × max_score`` (see services.criterion_compute),
    from the approved figure of the evaluated unit's subtree for the evaluation's year.
    """

    class Method(models.TextChoices):
        MANUAL = "manual", _("assessed by hand with evidence")
        INDICATOR = "indicator", _("computed from a reported indicator")
        BOTH = "both", _("computed, then reviewed by hand")

    group = models.ForeignKey(
        MovementGroup, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("group")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    max_score = models.DecimalField(_("maximum score"), default=Decimal("10"), **SCORE)
    weight = models.DecimalField(_("weight"), default=Decimal("1"), **SCORE)
    method = models.CharField(
        _("scored"), max_length=10, choices=Method.choices, default=Method.MANUAL
    )
    indicator_code = models.CharField(_("indicator code"), max_length=60, blank=True)
    indicator_target = models.DecimalField(_("indicator target"), null=True, blank=True, **SCORE)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="criterion_number_once")
        ]
        # Which criteria read an indicator whose figures just moved: one indexed lookup
        # on every approval (``services.evaluations_follow_figures``).
        indexes = [
            models.Index(
                fields=["indicator_code"],
                condition=~Q(method="manual"),
                name="criterion_computed_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.number}.{self.number} {self.text[:60]}"

    def clean(self) -> None:
        if self.max_score is not None and self.max_score <= 0:
            raise ValidationError({"max_score": _("The maximum score must be above zero.")})
        if self.weight is not None and self.weight < 0:
            raise ValidationError({"weight": _("The weight cannot be negative.")})
        if self.method != self.Method.MANUAL and not self.indicator_code:
            raise ValidationError({"indicator_code": _("Name the indicator the score comes from.")})


class ClassificationBand(TrackedModel):
    """A classification band of a movement (xuất sắc, tốt, hoàn thành…): a final score
    of at least ``min_percent`` of the weighted maximum falls in it. Editable data."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="bands", verbose_name=_("movement")
    )
    name = models.CharField(_("name"), max_length=120)
    min_percent = models.DecimalField(_("from (% of maximum)"), **SCORE)
    is_outstanding = models.BooleanField(
        _("outstanding"),
        default=False,
        help_text=_("Units in this band count as outstanding in the movement (award rules)."),
    )

    class Meta:
        ordering = ["movement", "-min_percent"]

    def __str__(self) -> str:
        return f"{self.name} (≥ {format_percent(self.min_percent)})"


class Pledge(TrackedModel):
    """A unit's registration for a movement (đăng ký thi đua), with its targets."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("movement")
    )
    group = models.ForeignKey(
        MovementGroup, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("group")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    targets = models.TextField(_("targets"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    registered_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit", "movement__owner_unit")

    class Meta:
        ordering = ["movement", "year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "year"], name="pledge_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.movement} ({self.year})"


class Evaluation(TrackedModel):
    """One unit's (or person's) evaluation in a movement for one period (a year).

    Workflow: draft → self_assessed (the unit scored itself with evidence) → reviewed (the
    supervising ``reviewer_unit`` set its scores) → final (the owner fixed the result).
    Every score lives in ``Score`` rows, which the change log records on each save.

    Scores computed from indicators follow the approved figures while the evaluation is
    not final (``services.evaluations_follow_figures``, on ``reporting.signals
    .synthesis_changed``). A final result is the owner's and may stand behind a
    commendation: it is not changed, ``figures_changed_on`` marks the day its figures
    moved (cleared when it is reopened, or when the figures come back to what it was
    fixed on), and the pages and the eligibility engine say so.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SELF_ASSESSED = "self_assessed", _("self-assessed")
        REVIEWED = "reviewed", _("reviewed")
        FINAL = "final", _("final")

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("movement")
    )
    group = models.ForeignKey(
        MovementGroup, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("group")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        "awards.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
        help_text=_("For a group of individuals."),
        verbose_name=_("person"),
    )
    reviewer_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="evaluations_to_review",
        verbose_name=_("reviewed by"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT
    )
    self_total = models.DecimalField(_("self-assessed total"), null=True, blank=True, **SCORE)
    review_total = models.DecimalField(_("reviewed total"), null=True, blank=True, **SCORE)
    final_total = models.DecimalField(_("final total"), null=True, blank=True, **SCORE)
    percent = models.DecimalField(_("percent of the maximum"), null=True, blank=True, **SCORE)
    band = models.ForeignKey(
        ClassificationBand,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("classification band"),
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    figures_changed_on = models.DateField(
        _("figures changed on"),
        null=True,
        blank=True,
        help_text=_("The approved figures behind this final result changed on that day."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit", "reviewer_unit")

    class Meta:
        ordering = ["movement", "year", "group", "rank", "unit__path"]
        # The follow-up of approved figures looks evaluations up by group and year.
        indexes = [models.Index(fields=["group", "year"], name="evaluation_group_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "year"],
                condition=Q(person__isnull=True),
                name="evaluation_unit_once",
            ),
            models.UniqueConstraint(
                fields=["movement", "person", "year"],
                condition=Q(person__isnull=False),
                name="evaluation_person_once",
            ),
        ]

    def __str__(self) -> str:
        who = self.person or self.unit
        return f"{who} — {self.movement} {self.year}"

    @property
    def subject_name(self) -> str:
        return str(self.person or self.unit)


class Score(TrackedModel):
    """The scores of one criterion in one evaluation: self, computed, reviewed."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    self_score = models.DecimalField(_("self-assessed score"), null=True, blank=True, **SCORE)
    evidence = models.TextField(_("evidence"), blank=True)
    computed_score = models.DecimalField(_("computed score"), null=True, blank=True, **SCORE)
    reviewed_score = models.DecimalField(_("reviewed score"), null=True, blank=True, **SCORE)
    review_note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ["evaluation", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.criterion.number}"

    @property
    def effective(self) -> Decimal | None:
        """The score that counts: reviewed, else computed, else self-assessed."""
        for value in (self.reviewed_score, self.computed_score, self.self_score):
            if value is not None:
                return value
        return None


class Contest(TrackedModel):
    """A contest (cuộc thi) with entries, screening rounds and prizes (S2's essay contest).

    ``unit`` runs this contest's stages locally (Hà Tĩnh's steering committee 35 for the
    provincial stages of the national essay contest); ``organiser`` names the body that
    runs the whole contest when it is outside the tree.
    """

    name = models.CharField(_("name"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="contests",
        verbose_name=_("unit"),
    )
    organiser = models.CharField(_("organised by"), max_length=300, blank=True)
    topic = models.TextField(_("topic"), blank=True)
    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contests",
        verbose_name=_("movement"),
    )
    basis_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contests",
        verbose_name=_("basis document"),
    )

    is_public = models.BooleanField(_("published"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit",)

    @staticmethod
    def scope_extra_q(user: object) -> Q:
        # An announced contest is public; its entries and figures stay scoped.
        return Q(is_public=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("contest")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ContestRound(TrackedModel):
    """A screening round: commune, district, province or central level, in order."""

    class Level(models.TextChoices):
        COMMUNE = "commune", _("commune")
        DISTRICT = "district", _("district")
        PROVINCE = "province", _("province")
        CENTRAL = "central", _("central")

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("contest")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"), null=True, blank=True)

    class Meta:
        ordering = ["contest", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="round_order_once")
        ]

    def __str__(self) -> str:
        return self.name


class Prize(TrackedModel):
    """A prize of a contest (giải A, B, C, khuyến khích), best first by ``rank``."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="prizes", verbose_name=_("contest")
    )
    name = models.CharField(_("name"), max_length=120)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)

    class Meta:
        ordering = ["contest", "rank"]

    def __str__(self) -> str:
        return self.name


class Entry(TrackedModel):
    """An individually registered entry: title, author and the unit it came from.

    ``rounds`` are the rounds it was selected into (the first is the round it entered).
    """

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="entries", verbose_name=_("contest")
    )
    title = models.CharField(_("title"), max_length=400)
    author = models.CharField(_("author"), max_length=300)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="entries", verbose_name=_("unit")
    )
    rounds = models.ManyToManyField(
        ContestRound, blank=True, related_name="entries", verbose_name=_("rounds reached")
    )
    prize = models.ForeignKey(
        Prize,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
        verbose_name=_("prize"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit", "contest__unit")

    class Meta:
        ordering = ["contest", "title"]
        verbose_name_plural = _("entries")

    def __str__(self) -> str:
        return self.title


class RoundTally(TrackedModel):
    """A figure reported by a unit for a round, for entries not registered one by one
    (S2: 7,671 entries in the province in 2023, 66 sent on to the central round)."""

    round = models.ForeignKey(
        ContestRound, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("round")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    entries = models.PositiveIntegerField(_("entries"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit", "round__contest__unit")

    class Meta:
        ordering = ["round", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="tally_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}: {self.entries}"
