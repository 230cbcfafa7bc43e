"""The signed copy of record of a registry document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import ScopedQuerySet
from thidua.core.models import TrackedModel


def signed_path(instance: SignedCopy, filename: str) -> str:
    return f"signed/{timezone.now():%Y/%m}/{instance.sha256[:16]}/{filename}"


class SignedCopy(TrackedModel):
    """A document's PDF as signed (PAdES), kept as its file of record.

    Once a document has one, the document is never changed: a correction is a new
    document that replaces or amends it. The certificate's details are copied out of
    the PDF when it is verified, so that the registry shows them without reopening it.
    """

    class Origin(models.TextChoices):
        SIGNED_HERE = "here", _("signed in thidua")
        UPLOADED = "uploaded", _("signed elsewhere, verified in thidua")

    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="signed_copy",
        verbose_name=_("document"),
    )
    file = models.FileField(_("signed file"), upload_to=signed_path)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("file fingerprint (SHA-256)"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    origin = models.CharField(_("signed"), max_length=10, choices=Origin.choices)
    signer_name = models.CharField(_("signed by"), max_length=300)
    signer_organisation = models.CharField(_("signer's organisation"), max_length=300, blank=True)
    certificate_subject = models.CharField(_("certificate holder"), max_length=500)
    certificate_issuer = models.CharField(_("certificate issued by"), max_length=300)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=80)
    certificate_sha256 = models.CharField(_("certificate fingerprint (SHA-256)"), max_length=64)
    certificate_valid_from = models.DateTimeField(_("certificate valid from"))
    certificate_valid_until = models.DateTimeField(_("certificate valid until"))
    digest = models.CharField(_("digest algorithm"), max_length=20)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    timestamped_at = models.DateTimeField(_("timestamped at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    verified_at = models.DateTimeField(_("verified at"))

    objects = ScopedQuerySet.as_manager()
    scope_unit_fields = ("document__issuing_units", "document__recipient_units")

    @staticmethod
    def scope_extra_q(user: object) -> models.Q:
        return models.Q(document__is_public=True)

    class Meta:
        ordering = ["-verified_at"]
        verbose_name = _("signed copy")

    def __str__(self) -> str:
        return f"{self.document} — {self.signer_name}"
