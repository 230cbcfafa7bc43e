"""Reads of signed copies, always through a document the user may read."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from thidua.documents.models import Document
from thidua.signing.models import SignedCopy


def signed_copy_get(*, user: Any, document_pk: int) -> SignedCopy:
    copy = (
        SignedCopy.objects.filter(document__in=Document.objects.restrict(user))
        .select_related("document", "recorded_by")
        .filter(document_id=document_pk)
        .first()
    )
    if copy is None:
        raise Http404("No signed copy.")
    return copy


def signed_copy_by_fingerprint(*, user: Any, sha256: str) -> SignedCopy | None:
    """The copy of record with this file fingerprint, if the user may read its document."""
    return (
        SignedCopy.objects.filter(document__in=Document.objects.restrict(user), sha256=sha256)
        .select_related("document")
        .first()
    )


def token_labels(module: str | None) -> list[str]:
    """The tokens present in the configured PKCS#11 module (none when it is not set)."""
    if not module:
        return []
    try:
        import pkcs11

        lib = pkcs11.lib(module)
        return sorted({slot.get_token().label for slot in lib.get_slots(token_present=True)})
    except Exception:
        return []
