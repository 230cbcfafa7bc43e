"""The document registry: resolutions, directives, plans, decisions, reports…"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.core.models import TrackedModel


class DocumentType(models.Model):
    """A type of document with its symbol code (docs/RULES.md §1): data, not code."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    party_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("document type")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Document(TrackedModel):
    """A document with its number and symbol as printed and as parsed.

    ``symbol`` keeps the text exactly as printed; the parsed parts and the folded
    ``symbol_key`` (thidua.utils.symbols.symbol_search_key) sit beside it, so that
    ``2447/QD-TTg`` finds ``2447/QĐ-TTg``.
    """

    class Style(models.TextChoices):
        STATE = "state", _("state")
        PARTY = "party", _("party")
        NONE = "", _("no symbol")

    symbol = models.CharField(_("number and symbol"), max_length=120, blank=True)
    symbol_normalized = models.CharField(
        _("symbol as written"), max_length=120, blank=True, editable=False
    )
    symbol_key = models.CharField(
        _("symbol for matching"), max_length=120, blank=True, db_index=True, editable=False
    )
    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    type_code = models.CharField(_("document type"), max_length=10, blank=True, editable=False)
    issuer_codes = models.JSONField(
        _("issuer abbreviations"), default=list, blank=True, editable=False
    )
    style = models.CharField(
        _("symbol style"), max_length=8, choices=Style.choices, blank=True, editable=False
    )
    doc_type = models.ForeignKey(
        DocumentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("type"),
    )
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, db_index=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    issuing_units = models.ManyToManyField(
        "orgunits.OrgUnit", related_name="issued_documents", verbose_name=_("issuing units")
    )
    recipient_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        blank=True,
        related_name="received_documents",
        verbose_name=_("recipients"),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Published documents (laws, resolutions) are readable by every member."),
    )
    illustrative = models.BooleanField(
        _("illustrative number"),
        default=False,
        help_text=_(
            "The number and symbol are invented (demo, training): every document that "
            "prints them marks them “minh họa”."
        ),
    )
    search_text = models.TextField(_("search text"), editable=False, default="")

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("issuing_units", "recipient_units")
    changelog_exclude = ("search_text", "symbol_key", "symbol_normalized")

    @staticmethod
    def scope_extra_q(user: object) -> Q:
        return Q(is_public=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}" if self.symbol else self.title


class DocumentRelation(TrackedModel):
    """A typed link between two documents: this one implements, amends… the other."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        BASED_ON = "based_on", _("is based on")
        REPLACES = "replaces", _("replaces")
        AMENDS = "amends", _("amends")
        REVIEWS = "reviews", _("reviews")
        CITES = "cites", _("cites")

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("target")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("source__issuing_units", "source__recipient_units")

    class Meta:
        ordering = ["kind", "target__issued_on"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_once"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"
