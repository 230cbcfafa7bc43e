"""Issues of public concern (S3): raised by the public, routed to the body that must resolve them.

The model lived in the plans app until it became an app of its own; its tables kept their
names (``plans_concernissue``, ``plans_concernissue_referred_to``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.core.models import TrackedModel


class ConcernQuerySet(ScopedQuerySet["ConcernIssue"]):
    """Issues, with the one definition of an overdue answer readable in SQL."""

    def overdue_on(self, today: dt.date) -> ConcernQuerySet:
        return self.filter(overdue_q(today))

    def with_overdue(self, today: dt.date) -> ConcernQuerySet:
        """Annotate ``overdue`` (the list pages' badge) from ``overdue_q``."""
        return self.annotate(
            overdue=Case(
                When(overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


def overdue_q(today: dt.date) -> Q:
    """Forwarded and past the date its answer was requested by (read in Python by
    ``ConcernIssue.is_overdue_on``: the two say the same)."""
    return Q(state=ConcernIssue.State.FORWARDED, answer_due__lt=today)


class ConcernIssue(TrackedModel):
    """An issue of public concern routed to the body that must resolve it (S3).

    thidua handles the *issue*, not the people who raised it (docs/CONVENTIONS.md, "What thidua
    does not do"): the raiser's contact is optional, shown only on the detail page to the
    recording unit's managers who must reply, never in lists, exports, the API,
    notifications or the change log, and it is erased when the issue is closed.
    """

    class State(models.TextChoices):
        RECORDED = "recorded", _("recorded")
        REFERRED = "referred", _("sent to the standing committees")
        FORWARDED = "forwarded", _("forwarded to the competent body")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    class Category(models.TextChoices):
        POLICY = "policy", _("policy and law")
        LAND = "land", _("land and construction")
        ENVIRONMENT = "environment", _("environment")
        SOCIAL = "social", _("social welfare, health and education")
        INFRASTRUCTURE = "infrastructure", _("infrastructure and transport")
        ADMINISTRATION = "administration", _("administrative procedures")
        OTHER = "other", _("other")

    class Channel(models.TextChoices):
        VOTERS = "voters", _("meeting with voters")
        PRESS = "press", _("press and media")
        LETTER = "letter", _("letter or petition")
        MEETING = "meeting", _("conference or meeting")
        OTHER = "other", _("other")

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="recorded_concerns",
        verbose_name=_("recorded by"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
        verbose_name=_("under plan"),
    )
    summary = models.TextField(_("summary of the issue"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    channel = models.CharField(
        _("raised through"), max_length=10, choices=Channel.choices, default=Channel.OTHER
    )
    raised_where = models.CharField(_("where raised"), max_length=300)
    raised_on = models.DateField(_("when raised"))
    raiser_contact = models.CharField(
        _("contact of the person who raised it (optional)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only if the person asked for a reply. Shown to the recording unit's managers "
            "only, never exported, erased when the issue is closed."
        ),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECORDED
    )
    referred_to = models.ManyToManyField(
        "orgunits.OrgUnit",
        blank=True,
        related_name="referred_concerns",
        verbose_name=_("standing committees"),
    )
    competent_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns_to_answer",
        verbose_name=_("competent body"),
    )
    request_text = models.TextField(_("written request"), blank=True)
    answer_due = models.DateField(_("answer requested by"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    urge_count = models.PositiveIntegerField(_("times urged"), default=0)
    last_urged_on = models.DateField(_("last urged on"), null=True, blank=True)

    objects = ConcernQuerySet.as_manager()
    scope_unit_fields = ("unit", "referred_to", "competent_unit")
    # Never copied into the change log's before/after JSON (see the class docstring).
    changelog_exclude = ("raiser_contact",)

    class Meta:
        # The table kept its name when the model moved here from plans (state-only
        # migration, no data moved); its M2M table stays plans_concernissue_referred_to.
        db_table = "plans_concernissue"
        ordering = ["-raised_on", "-id"]
        verbose_name = _("issue of public concern")

    def __str__(self) -> str:
        text = self.summary.strip().splitlines()[0] if self.summary.strip() else ""
        return text[:80] + ("…" if len(text) > 80 else "")

    def is_overdue_on(self, today: dt.date) -> bool:
        """``overdue_q`` on a loaded issue."""
        return (
            self.state == self.State.FORWARDED
            and self.answer_due is not None
            and self.answer_due < today
        )
