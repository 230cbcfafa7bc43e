"""Multi-year reviews (sơ kết / tổng kết) of a document, plan or programme, or movement.

A review is assembled from what the other apps already hold — the real-time synthesis of
the chosen report forms, the tasks of the subject plan and its child plans, the
commendation registry, the documents that implement the subject, the contests run under
it — over a span of years and the subtree of ``area``. A draft always shows live figures
(``thidua.reviews.assembly.assemble``); finalising stores the assembled figures in
``snapshot`` so that the finalised review never moves when later data changes. A
finalised review is never edited: a correction is a new version (``previous``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.core.models import TrackedModel


class Review(TrackedModel):
    """A preliminary (sơ kết) or final (tổng kết) review over a span of years.

    ``unit`` is the reviewing body (it convenes the review and signs its report; writes
    need a manager there). ``area`` is the subtree whose figures, tasks, awards and
    contests are reviewed (Hà Giang's People's Committee reviews the whole province).
    Reads are scoped by ``area``: whoever may read the area's synthesis may read the
    review, and nobody else (its figures are the area's figures).
    """

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary review (sơ kết)")
        FINAL = "final", _("final review (tổng kết)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINALISED = "finalised", _("finalised")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FINAL)
    title = models.CharField(_("title"), max_length=500)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewed document"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewed plan or programme"),
    )
    movement = models.ForeignKey(
        "emulation.Movement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewed movement"),
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="reviews_held",
        verbose_name=_("reviewing unit"),
    )
    area = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="reviews_of",
        verbose_name=_("reviewed area"),
        help_text=_("The unit whose whole subtree is reviewed."),
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    forms = models.ManyToManyField(
        "reporting.ReportForm", blank=True, related_name="+", verbose_name=_("report forms")
    )
    indicators = models.ManyToManyField(
        "reporting.Indicator",
        blank=True,
        related_name="+",
        verbose_name=_("indicators"),
        help_text=_("Leave empty for every indicator of the chosen forms."),
    )
    decisions = models.ManyToManyField(
        "awards.AwardDecision",
        blank=True,
        related_name="reviews",
        verbose_name=_("award decisions on the occasion of this review"),
    )
    summary = models.TextField(_("assessment"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    number = models.PositiveSmallIntegerField(_("edition"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    is_current = models.BooleanField(_("current version"), default=True)
    snapshot = models.JSONField(_("frozen figures"), default=dict, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("finalised by"),
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
    scope_unit_fields = ("area",)
    # The snapshot is large and derived; the "finalised" event records the act itself.
    changelog_exclude = ("snapshot",)

    class Meta:
        ordering = ["-end_year", "-start_year", "title", "-number"]
        verbose_name = _("review")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="review_span_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def span_years(self) -> int:
        """The length the review is named by: 2013–2023 is a ten-year review (its
        anniversaries), though its tables have a column for each of the eleven years."""
        return max(1, self.end_year - self.start_year)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.FINALISED

    def clean(self) -> None:
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                raise ValidationError({"end_year": _("The span ends before it starts.")})
            if self.end_year - self.start_year > 30:
                raise ValidationError({"end_year": _("A review spans at most 30 years.")})
        if not (self.document_id or self.plan_id or self.movement_id):
            raise ValidationError(
                _("Choose what is reviewed: a document, a plan or programme, or a movement.")
            )
