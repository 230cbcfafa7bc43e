"""Signing a document, recording a copy signed elsewhere, and the checks around both.

Signing is slow work (printing the PDF, a token, maybe a timestamp server) done before
the transaction; the transaction only re-checks the document under a lock and records
the signed copy, so that two officers signing at once leave exactly one copy of record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.changelog import log_event
from thidua.core.downloads import file_name
from thidua.core.pdf import PdfError, docx_to_pdf
from thidua.documents.models import Document
from thidua.signing.models import SignedCopy
from thidua.signing.pades import Credential, SigningError, Verification, sign_pdf, verify_pdf
from thidua.signing.permissions import rules
from thidua.utils.text import fold


def printed_word(*, user: Any, document: Document) -> bytes | None:
    """thidua's own print of ``document`` (Word), where thidua writes it: an award
    decision. None for a document written elsewhere (its PDF is brought to sign)."""
    from thidua.awards import exports, selectors

    decision = getattr(document, "award_decision", None)
    if decision is None:
        return None
    decision = selectors.decision_get(user=user, pk=decision.pk)
    return exports.decision_docx(decision, list(selectors.decision_awards(decision=decision)))


def expected_signer(document: Document) -> str:
    """The name in the document's signature block (a decision's signer), if recorded."""
    decision = getattr(document, "award_decision", None)
    return document.signer or (decision.signer if decision is not None else "")


def check_signer(document: Document, verdict: Verification) -> None:
    """Refuse a signature by someone else than the signer the document names: the name
    on the certificate (diacritics and case aside, as providers often write it in
    capitals without accents) must be that signer's, or the issuing body's (its seal)."""
    cert = verdict.certificate
    expected = expected_signer(document)
    if cert is None or not expected:
        return
    allowed = {fold(expected), *(fold(u.name) for u in document.issuing_units.all())}
    if fold(cert.common_name) not in allowed:
        raise ValidationError(
            _(
                "The certificate is %(holder)s's, but the document is to be signed by "
                "%(signer)s (its signature block). Sign with %(signer)s's certificate, or, if "
                "another officer signs for them, correct the signer on the document first."
            )
            % {"holder": cert.common_name, "signer": expected}
        )


def signed_file_name(document: Document) -> str:
    return file_name(_("%(name)s (signed).pdf") % {"name": document.symbol or document.title})


def read_pdf_upload(upload: UploadedFile, *, field: str) -> bytes:
    """The bytes of an uploaded PDF, refused on ``field`` if too large or not a PDF."""
    limit = settings.THIDUA_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                field: _("The file is larger than %(mb)d MB: send a smaller PDF.")
                % {"mb": limit // (1024 * 1024)}
            }
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            {
                field: _("The file is larger than %(mb)d MB: send a smaller PDF.")
                % {"mb": limit // (1024 * 1024)}
            }
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise ValidationError({field: _("This file is not a PDF: choose the PDF file.")})
    return data


def document_sign(
    *,
    user: Any,
    document: Document,
    credential: Credential,
    pdf: bytes | None = None,
    reason: str = "",
    location: str = "",
) -> SignedCopy:
    """Sign ``document`` (its PDF: ``pdf``, or thidua's own print) and keep the signed
    copy as its file of record. The signature must verify against the trusted roots."""
    rules.require("sign", user, document)
    if pdf is None:
        word = printed_word(user=user, document=document)
        if word is None:
            raise ValidationError(
                {"pdf": _("thidua does not print this document: choose its PDF to sign.")}
            )
        try:
            pdf = docx_to_pdf(word)
        except PdfError as exc:
            raise ValidationError(str(exc)) from exc
    try:
        signed = sign_pdf(pdf, credential, reason=reason, location=location)
    except SigningError as exc:
        raise ValidationError({exc.field: str(exc)} if exc.field else str(exc)) from exc
    verdict = verify_pdf(signed)
    if not verdict.ok:
        raise ValidationError(
            [
                _("The signature was made but does not verify, so it was not kept."),
                *verdict.problems,
            ]
        )
    check_signer(document, verdict)
    return _record(
        user=user,
        document=document,
        data=signed,
        verdict=verdict,
        origin=SignedCopy.Origin.SIGNED_HERE,
    )


def document_record_signed(*, user: Any, document: Document, upload: UploadedFile) -> SignedCopy:
    """Keep a copy of ``document`` signed elsewhere (a token on the officer's computer,
    a provider's service), once it verifies: intact, trusted, nothing added after."""
    rules.require("sign", user, document)
    data = read_pdf_upload(upload, field="file")
    verdict = verify_pdf(data)
    if not verdict.ok:
        raise ValidationError({"file": verdict.problems})
    check_signer(document, verdict)
    return _record(
        user=user, document=document, data=data, verdict=verdict, origin=SignedCopy.Origin.UPLOADED
    )


@transaction.atomic
def _record(
    *, user: Any, document: Document, data: bytes, verdict: Verification, origin: str
) -> SignedCopy:
    fresh = Document.objects.select_for_update().get(pk=document.pk)
    rules.require("sign", user, fresh)  # another officer may have signed meanwhile
    cert = verdict.certificate
    assert cert is not None  # verdict.ok
    copy = SignedCopy(
        document=fresh,
        file_name=signed_file_name(fresh),
        sha256=verdict.sha256,
        size=len(data),
        origin=origin,
        signer_name=cert.common_name or cert.subject,
        signer_organisation=cert.organisation,
        certificate_subject=cert.subject[:500],
        certificate_issuer=cert.issuer[:300],
        certificate_serial=cert.serial[:80],
        certificate_sha256=cert.sha256,
        certificate_valid_from=cert.valid_from,
        certificate_valid_until=cert.valid_until,
        digest=verdict.digest,
        signed_at=verdict.timestamped_at or verdict.signed_at,
        timestamped_at=verdict.timestamped_at,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        verified_at=timezone.now(),
    )
    copy.file.save(copy.file_name, ContentFile(data), save=False)
    copy.save()
    log_event(fresh, "signed", message=copy.signer_name)
    return copy


def copy_check(copy: SignedCopy) -> Verification:
    """Verify the kept copy again (the file on disk against its fingerprint and its
    signature against today's trusted roots)."""
    with copy.file.open("rb") as fh:
        data = fh.read()
    verdict = verify_pdf(data)
    if verdict.sha256 != copy.sha256:
        verdict.problems.insert(
            0, _("The kept file differs from the one recorded when it was signed.")
        )
    return verdict
