"""Writes to the document registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.attachments import attachment_add
from thidua.core.changelog import log_event
from thidua.core.models import Attachment
from thidua.core.services import bump_version, lock_for_update, refuse_unknown_fields
from thidua.documents.models import Document, DocumentRelation, DocumentType
from thidua.documents.permissions import rules
from thidua.orgunits.models import OrgUnit
from thidua.utils.symbols import parse_symbol, symbol_search_key
from thidua.utils.text import fold


def _type_codes() -> list[str]:
    return list(DocumentType.objects.values_list("code", flat=True))


def apply_symbol(document: Document) -> None:
    """Fill the parsed parts of ``document.symbol`` (kept exactly as printed)."""
    document.symbol = (document.symbol or "").strip()
    parsed = (
        parse_symbol(document.symbol, type_codes=_type_codes() or None) if document.symbol else None
    )
    if parsed is None:
        document.symbol_normalized = document.symbol
        document.symbol_key = symbol_search_key(document.symbol) if document.symbol else ""
        document.number = document.type_code = document.style = ""
        document.issuer_codes = []
    else:
        document.symbol_normalized = parsed.normalized
        document.symbol_key = parsed.search_key
        document.number = parsed.number
        document.type_code = parsed.type_code or ""
        document.issuer_codes = list(parsed.issuers)
        document.style = parsed.style
        if parsed.year:
            document.year = parsed.year
        if document.doc_type_id is None and parsed.type_code:
            document.doc_type = DocumentType.objects.filter(code=parsed.type_code).first()
    if document.year is None and document.issued_on:
        document.year = document.issued_on.year
    document.search_text = fold(
        " ".join(
            [
                document.symbol,
                document.symbol_normalized,
                document.title,
                document.summary,
                document.full_text,
            ]
        )
    )


def _check_duplicate(document: Document, issuing_units: list[OrgUnit]) -> None:
    """One number-and-symbol is issued once per issuer and year (docs/RULES.md §1)."""
    if not document.symbol_key:
        return
    clash = (
        Document.objects.filter(symbol_key=document.symbol_key, year=document.year)
        .filter(issuing_units__in=issuing_units)
        .exclude(pk=document.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "symbol": (
                    _(
                        "“%(symbol)s” of %(year)s is already registered, as “%(title)s”. "
                        "Open that document instead, or correct the number."
                    )
                    if document.year
                    else _(
                        "“%(symbol)s” is already registered, as “%(title)s”. "
                        "Open that document instead, or correct the number."
                    )
                )
                % {"symbol": clash.symbol, "year": document.year, "title": clash.title[:80]}
            }
        )


def _require_issuer(issuing: list[OrgUnit]) -> None:
    if not issuing:
        raise ValidationError({"issuing_units": _("Name at least one issuing unit.")})


@transaction.atomic
def document_create(
    *,
    user: Any,
    title: str,
    issuing_units: Iterable[OrgUnit],
    symbol: str = "",
    doc_type: DocumentType | None = None,
    issued_on: dt.date | None = None,
    recipient_units: Iterable[OrgUnit] = (),
    summary: str = "",
    full_text: str = "",
    place: str = "",
    signer: str = "",
    is_public: bool = False,
    year: int | None = None,
    illustrative: bool = False,
) -> Document:
    """Register a document. ``year`` is for documents known only by year (the symbol
    or ``issued_on`` provide it otherwise); ``illustrative`` marks an invented number
    (demo data), which every document printing it marks "minh họa"."""
    issuing = list(issuing_units)
    recipients = list(recipient_units)
    rules.require("create", user, units=issuing + recipients)
    _require_issuer(issuing)
    doc = Document(
        title=title.strip(),
        symbol=symbol,
        doc_type=doc_type,
        issued_on=issued_on,
        summary=summary,
        full_text=full_text,
        place=place.strip(),
        signer=signer.strip(),
        is_public=is_public,
        year=year,
        illustrative=illustrative,
    )
    apply_symbol(doc)
    doc.full_clean()
    _check_duplicate(doc, issuing)
    doc.save()
    doc.issuing_units.set(issuing)
    doc.recipient_units.set(recipients)
    return doc


_EDITABLE = {
    "title",
    "symbol",
    "doc_type",
    "issued_on",
    "summary",
    "full_text",
    "place",
    "signer",
    "is_public",
}


@transaction.atomic
def document_update(
    *,
    user: Any,
    document: Document,
    expected_version: int | None,
    issuing_units: Iterable[OrgUnit] | None = None,
    recipient_units: Iterable[OrgUnit] | None = None,
    **changes: Any,
) -> Document:
    refuse_unknown_fields(changes, _EDITABLE)
    rules.require("edit", user, document)  # before the lock: no version hint to others
    fresh = lock_for_update(document, expected_version=expected_version)
    old_issuing = list(fresh.issuing_units.all())
    old_recipients = list(fresh.recipient_units.all())
    issuing = list(issuing_units) if issuing_units is not None else old_issuing
    recipients = list(recipient_units) if recipient_units is not None else old_recipients
    # The editor must keep the document as it was and as it will be.
    rules.require("edit", user, fresh, units=issuing + recipients)
    _require_issuer(issuing)
    for name, value in changes.items():
        setattr(fresh, name, value)
    if "symbol" in changes and "doc_type" not in changes:
        fresh.doc_type = None if not fresh.symbol else fresh.doc_type
    if "issued_on" in changes:
        fresh.year = None
    apply_symbol(fresh)
    fresh.full_clean()
    _check_duplicate(fresh, issuing)
    bump_version(fresh)
    fresh.save()
    if issuing_units is not None:
        fresh.issuing_units.set(issuing)
    if recipient_units is not None:
        fresh.recipient_units.set(recipients)
    return fresh


@transaction.atomic
def document_relate(
    *, user: Any, source: Document, target: Document, kind: str, note: str = ""
) -> DocumentRelation:
    """Link ``source`` to ``target`` (``source`` implements / amends … ``target``)."""
    rules.require("link", user, source, target=target)
    relation = DocumentRelation(source=source, target=target, kind=kind, note=note.strip())
    relation.full_clean()
    relation.save()
    return relation


@transaction.atomic
def document_unrelate(*, user: Any, relation: DocumentRelation) -> None:
    rules.require("unlink", user, relation.source)
    relation.delete()


@transaction.atomic
def document_attach(*, user: Any, document: Document, upload: UploadedFile) -> Attachment:
    rules.require("attach", user, document)
    att = attachment_add(user=user, parent=document, upload=upload)
    log_event(
        document, "attached", message=att.name, data={"attachment": att.pk, "sha256": att.sha256}
    )
    return att


def find_by_symbol(symbol: str, *, year: int | None = None) -> Document | None:
    """The registered document with this number and symbol in any spelling (no scope:
    for loaders and imports that check before creating)."""
    key = symbol_search_key(symbol)
    qs = Document.objects.filter(symbol_key=key)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-issued_on").first()
