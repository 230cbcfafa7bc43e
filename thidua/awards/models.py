"""The award catalogue, people, their yearly records, nominations, decisions and the registry.

Rules and powers are data (docs/RULES.md §2): an award type carries its eligibility rule as a
rule kind with parameters an administrator edits; who may grant it is a list of
``GrantingAuthority`` rows with validity dates (the district level lapsed on
1 July 2025). ``thidua.awards.eligibility`` reads these and a candidate's history.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.awards.rule_kinds import RULE_KINDS
from thidua.core.models import EVENT_LABELS, TrackedModel


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    COLLECTIVE = "collective", _("collective")
    BOTH = "both", _("individuals and collectives")


class TaskRating(models.TextChoices):
    """Yearly task-completion rating, best first; ``RATING_RANK`` orders them."""

    EXCELLENT = "excellent", _("excellent completion")
    GOOD = "good", _("good completion")
    COMPLETED = "completed", _("completed")
    NOT_COMPLETED = "not_completed", _("not completed")


RATING_RANK = {
    TaskRating.EXCELLENT: 3,
    TaskRating.GOOD: 2,
    TaskRating.COMPLETED: 1,
    TaskRating.NOT_COMPLETED: 0,
}


class Level(models.TextChoices):
    """Level at which an initiative is recognised or an award is granted."""

    GRASSROOTS = "grassroots", _("grassroots")
    MINISTRY_PROVINCE = "ministry_province", _("ministry, branch or province")
    NATIONAL = "national", _("national")


LEVEL_RANK = {Level.GRASSROOTS: 1, Level.MINISTRY_PROVINCE: 2, Level.NATIONAL: 3}


class AwardType(TrackedModel):
    """An emulation title or form of commendation with its rule, editable by an administrator.

    ``rule_kind`` picks the rule of ``thidua.awards.eligibility.RULES``; ``rule_params``
    holds its numbers (consecutive years, prerequisite award codes, member shares), so a
    change of law is a change of data. ``verified`` False marks a rule docs/RULES.md lists as
    unverified: the engine still evaluates it and says so in its answer.
    """

    class Category(models.TextChoices):
        TITLE = "title", _("emulation title")
        COMMENDATION = "commendation", _("form of commendation")
        FLAG = "flag", _("emulation flag")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short = models.CharField(_("abbreviation"), max_length=60, blank=True)
    category = models.CharField(_("category"), max_length=14, choices=Category.choices)
    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.GRASSROOTS
    )
    cash_multiple = models.DecimalField(
        _("cash award (× base salary)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    rule_kind = models.CharField(_("eligibility rule"), max_length=40, default="manual")
    rule_params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    rule_text = models.TextField(_("rule in words"), blank=True)
    verified = models.BooleanField(
        _("rule verified"),
        default=True,
        help_text=_("Off when the rule's wording is not confirmed against the current law."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("award type")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.rule_kind not in RULE_KINDS:
            raise ValidationError({"rule_kind": _("Unknown rule: %(k)s") % {"k": self.rule_kind}})
        if not isinstance(self.rule_params, dict):
            raise ValidationError({"rule_params": _("Rule parameters must be a JSON object.")})


class GrantingAuthority(TrackedModel):
    """Who may grant an award type: one unit, or every unit of a kind, over a validity span.

    Held as data because powers change: district chairs lost theirs when districts were
    abolished on 1 July 2025 (``valid_to`` 2025-06-30).
    """

    award_type = models.ForeignKey(
        AwardType, on_delete=models.CASCADE, related_name="authorities", verbose_name=_("award")
    )
    title = models.CharField(
        _("authority"),
        max_length=200,
        help_text=_("e.g. Chairman of the Provincial People's Committee"),
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="granting_powers",
        verbose_name=_("unit"),
    )
    unit_kind = models.ForeignKey(
        "orgunits.UnitKind",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Every unit of this kind holds the power."),
        verbose_name=_("unit kind"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        ordering = ["award_type", "title"]
        verbose_name = _("granting authority")

    def __str__(self) -> str:
        return f"{self.title} → {self.award_type}"

    def clean(self) -> None:
        if bool(self.unit_id) == bool(self.unit_kind_id):
            raise ValidationError(_("Give either a unit or a kind of unit, not both."))
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})

    @staticmethod
    def valid_q(day: object) -> Q:
        return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Person(TrackedModel):
    """An individual who may be commended: only what the process needs (name, position,
    unit, yearly records). No identity numbers, addresses or contact details."""

    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit",)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class PersonYear(TrackedModel):
    """A person's yearly record: task rating and discipline (titles live in ``Award``)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="years", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("task rating"), max_length=14, choices=TaskRating.choices)
    disciplined = models.BooleanField(_("disciplined (reprimand or above)"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("person__unit",)

    class Meta:
        ordering = ["person", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="person_year_once")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.get_rating_display()}"


class Initiative(TrackedModel):
    """An initiative (sáng kiến) or research project of a person, with the level at which
    its effect was recognised."""

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("initiative")
        RESEARCH = "research", _("research project")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INITIATIVE)
    level = models.CharField(_("recognised at"), max_length=20, choices=Level.choices)
    applied = models.BooleanField(_("accepted and applied"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("person__unit",)

    class Meta:
        ordering = ["person", "-year"]

    def __str__(self) -> str:
        return self.title


class UnitYear(TrackedModel):
    """A collective's yearly record: rating, headcount, breaches (its members' titles are
    counted from the registry, its headcount is reported here)."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.CASCADE,
        related_name="award_years",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("task rating"), max_length=14, choices=TaskRating.choices)
    headcount = models.PositiveIntegerField(
        _("members"),
        null=True,
        blank=True,
        help_text=_("Empty: the people registered in the unit are its members."),
    )
    all_members_completed = models.BooleanField(
        _("every member completed their tasks"), default=False
    )
    members_disciplined = models.PositiveIntegerField(
        _("members disciplined (reprimand or above)"), default=0
    )
    serious_breach = models.BooleanField(_("serious breach"), default=False)
    exceeded_targets = models.BooleanField(_("exceeded the movement's targets"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("unit",)

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_year_once")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_rating_display()}"


class Occasion(models.TextChoices):
    """What a commendation is tied to. A movement's commendation must be tied to a
    review (sơ kết / tổng kết) or a holiday (docs/RULES.md §2, last line)."""

    ANNUAL = "annual", _("annual emulation results")
    REVIEW = "review", _("review of a movement (sơ kết / tổng kết)")
    HOLIDAY = "holiday", _("holiday or anniversary")
    ONE_OFF = "one_off", _("one-off achievement")
    OTHER = "other", _("other")


MOVEMENT_OCCASIONS = {Occasion.REVIEW, Occasion.HOLIDAY}


class Nomination(TrackedModel):
    """A proposal to grant an award to a person or a collective, with its dossier.

    It is drafted by ``proposing_unit`` and moves along ``route`` (unit ids from the
    proposer's parent up to the granting authority); ``current_unit`` holds it now.
    Status: draft → submitted (under review along the route) → at_authority → decided,
    or returned to the proposer, or rejected.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("under review")
        AT_AUTHORITY = "at_authority", _("with the granting authority")
        DECIDED = "decided", _("granted")
        RETURNED = "returned", _("returned")
        REJECTED = "rejected", _("not granted")

    class Ground(models.TextChoices):
        MOVEMENT = "movement", _("outstanding in a movement launched at that level")
        ONE_OFF = "one_off", _("one-off achievement with influence")
        CONTRIBUTION = "contribution", _("major contribution")

    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("award")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("person"),
    )
    candidate_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations_received",
        verbose_name=_("collective"),
    )
    proposing_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="nominations_made",
        verbose_name=_("proposing unit"),
    )
    authority = models.ForeignKey(
        GrantingAuthority,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("granting authority"),
    )
    authority_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="nominations_to_decide",
        verbose_name=_("granting unit"),
    )
    current_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="nominations_held",
        verbose_name=_("unit holding it now"),
    )
    route = models.JSONField(_("route"), default=list, editable=False)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT
    )
    occasion = models.CharField(
        _("occasion"), max_length=10, choices=Occasion.choices, default=Occasion.ANNUAL
    )
    movement = models.ForeignKey(
        "emulation.Movement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("movement"),
    )
    grounds = models.JSONField(_("grounds claimed"), default=list, blank=True)
    achievements = models.TextField(_("achievement report"))
    decision = models.ForeignKey(
        "awards.AwardDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
        verbose_name=_("decision"),
    )
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ScopedQuerySet.as_manager()
    # Seen by the proposer's subtree and by every unit it passes through (route).
    scope_unit_fields = ("proposing_unit", "current_unit", "authority_unit")

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("nomination")

    def __str__(self) -> str:
        return f"{self.candidate_name} — {self.award_type} {self.year}"

    @property
    def candidate_name(self) -> str:
        return str(self.person or self.candidate_unit)

    @property
    def candidate_unit_or_person_unit(self) -> object:
        return self.person.unit if self.person_id else self.candidate_unit

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.candidate_unit_id):
            raise ValidationError(_("Nominate either a person or a collective."))
        if self.award_type_id:
            kind = self.award_type.recipient_kind
            if self.person_id and kind == RecipientKind.COLLECTIVE:
                raise ValidationError({"award_type": _("This award is for collectives only.")})
            if self.candidate_unit_id and kind == RecipientKind.INDIVIDUAL:
                raise ValidationError({"award_type": _("This award is for individuals only.")})
        if self.movement_id and self.occasion not in MOVEMENT_OCCASIONS:
            raise ValidationError(
                {
                    "occasion": _(
                        "Commendation of a movement must be tied to a review "
                        "(sơ kết / tổng kết) or a holiday."
                    )
                }
            )


class NominationStep(TrackedModel):
    """One move of a nomination (submitted, forwarded, returned…), for its timeline."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="steps", verbose_name=_("nomination")
    )
    action = models.CharField(_("action"), max_length=20)
    from_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from unit"),
    )
    to_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to unit"),
    )
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["nomination", "at", "id"]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.action}"

    @property
    def action_label(self) -> str:
        """The move as a person reads it, in the active language (the change log's words)."""
        return str(EVENT_LABELS.get(self.action, self.action))


class AwardDecision(TrackedModel):
    """A decision granting awards in bulk: a ``documents.Document`` of type QĐ (its number,
    symbol and date) issued by ``authority_unit``. Never changed in place once issued."""

    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="award_decision",
        verbose_name=_("document"),
    )
    authority_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="award_decisions",
        verbose_name=_("granting unit"),
    )
    authority_title = models.CharField(_("signed as"), max_length=200)
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    decided_on = models.DateField(_("date"))
    occasion = models.CharField(
        _("occasion"), max_length=10, choices=Occasion.choices, default=Occasion.ANNUAL
    )
    movement = models.ForeignKey(
        "emulation.Movement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_decisions",
        verbose_name=_("movement"),
    )
    reason = models.TextField(_("for"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("authority_unit", "awards__recipient_unit")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("award decision")

    def __str__(self) -> str:
        return self.document.symbol or self.document.title


class Award(TrackedModel):
    """One entry of the commendation registry: who got what, for which year, by which decision.

    ``decision`` is empty for awards recorded from decisions issued before thidua (their
    reference in ``decision_ref``), so that a person's history is complete.
    ``recipient_unit`` is the person's unit at the time, or the collective itself.
    """

    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="awards", verbose_name=_("award")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards_as_collective",
        verbose_name=_("unit"),
    )
    recipient_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="awards_within",
        verbose_name=_("recipient unit"),
    )
    decision = models.ForeignKey(
        AwardDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("decision"),
    )
    decision_ref = models.CharField(_("decision (before thidua)"), max_length=200, blank=True)
    granted_by = models.CharField(_("granted by"), max_length=200, blank=True)
    nomination = models.OneToOneField(
        Nomination,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award",
        verbose_name=_("nomination"),
    )
    cash_multiple = models.DecimalField(
        _("cash award (times the base salary)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
    )
    citation = models.CharField(_("for"), max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("recipient_unit",)

    class Meta:
        ordering = ["-year", "award_type__order", "id"]
        verbose_name = _("award")
        # Not unique per type and year: a one-off Bằng khen may come beside an annual one.
        # Titles (LĐTT, CSTĐCS…) are granted once a year; awards_grant checks that.
        indexes = [models.Index(fields=["award_type", "year"])]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        return str(self.person or self.unit)

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.unit_id):
            raise ValidationError(_("An award goes to either a person or a collective."))
