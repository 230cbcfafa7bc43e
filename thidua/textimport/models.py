"""A pending text import: the text, what was found in it and the officer's draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TrackedModel


class ImportSession(TrackedModel):
    """One text being imported by one officer, kept until confirmed so that a long text
    survives a reload and the officer can come back to it.

    Owned by ``user`` alone (``thidua.textimport.selectors`` filters on it): a pending
    import is a personal worksheet, not a record of a unit. ``extraction`` is
    ``Extraction.to_dict()``; ``draft`` is the editable proposal built by
    ``thidua.textimport.services.proposal_from`` and corrected by the officer;
    ``created`` lists what confirming created (kind, id, label, url).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONFIRMED = "confirmed", _("confirmed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_sessions",
        verbose_name=_("user"),
    )
    source_name = models.CharField(_("source"), max_length=200)
    language = models.CharField(_("language"), max_length=12, blank=True)
    text = models.TextField(_("text"))
    extraction = models.JSONField(_("what was read"), default=dict, blank=True)
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created = models.JSONField(_("created"), default=list, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    # The text and its analysis are bulky and re-derivable; the log keeps the rest.
    changelog_exclude = ("text", "extraction", "draft")

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("text import")

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"
