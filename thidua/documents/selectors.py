"""Reads of the document registry, always through the user's reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from thidua.documents.models import Document, DocumentRelation, DocumentType
from thidua.orgunits.models import OrgUnit
from thidua.utils.symbols import parse_symbol, symbol_search_key
from thidua.utils.text import fold


def document_list(
    *,
    user: Any,
    query: str = "",
    doc_type: str = "",
    issuer: str = "",
    year: int | None = None,
) -> QuerySet[Document]:
    """Documents the user may see, filtered.

    ``query`` matches a number and symbol in any spelling (``2447/QD-TTg`` finds
    ``2447/QĐ-TTg``) or, word by word, the title, summary and full text, accent-blind.
    ``issuer`` is a unit code, or a symbol issuer code such as ``TTg``.
    """
    qs = Document.objects.restrict(user).select_related("doc_type", "signed_copy")
    query = query.strip()
    if query:
        words = Q()
        for word in fold(query).split():
            words &= Q(search_text__contains=word)
        match = words
        if parse_symbol(query) is not None or "/" in query:
            match = match | Q(symbol_key__contains=symbol_search_key(query))
        qs = qs.filter(match)
    if doc_type:
        qs = qs.filter(Q(doc_type__code=doc_type) | Q(type_code=doc_type))
    if issuer:
        # A unit code (H-BG-BCDNQ) or a code inside symbols (TW, TTg): either matches.
        by_code = Q(issuer_codes__icontains=f'"{issuer}"')
        unit = OrgUnit.objects.filter(code=issuer).first()
        if unit is not None:
            by_code |= Q(pk__in=Document.objects.filter(issuing_units=unit).values("pk"))
        qs = qs.filter(by_code)
    if year:
        qs = qs.filter(year=year)
    return qs.prefetch_related(
        Prefetch("issuing_units", queryset=OrgUnit.objects.only("name", "code"))
    )


def document_get(*, user: Any, pk: int) -> Document:
    doc = (
        Document.objects.restrict(user)
        .select_related("doc_type", "signed_copy")
        .prefetch_related("issuing_units", "recipient_units")
        .filter(pk=pk)
        .first()
    )
    if doc is None:
        raise Http404("No such document.")
    return doc


def document_by_symbol(*, user: Any, symbol: str, other_than: Document) -> Document | None:
    """The document the user may read with ``symbol`` in any spelling, other than
    ``other_than`` (the one being linked from)."""
    return document_list(user=user, query=symbol).exclude(pk=other_than.pk).first()


def relation_get(*, user: Any, document: Document, pk: int) -> DocumentRelation:
    """A link from ``document``; 404 otherwise. ``document`` comes from
    ``document_get(user=...)``: whoever reads it reads its links (a published document's
    too, which the links' own restriction, by the source's units, would leave out)."""
    relation = (
        DocumentRelation.objects.select_related("source", "target")
        .filter(pk=pk, source=document)
        .first()
    )
    if relation is None:
        raise Http404("No such link.")
    return relation


def document_types() -> QuerySet[DocumentType]:
    """The catalogue of document types (reference data readable by every member)."""
    return DocumentType.objects.all()


def document_relations(*, user: Any, document: Document) -> dict[str, list[DocumentRelation]]:
    """Links from and to a document, keeping only linked documents the user may see."""
    visible = Document.objects.restrict(user).values("pk")
    outgoing = list(document.relations_out.filter(target__in=visible).select_related("target"))
    incoming = list(document.relations_in.filter(source__in=visible).select_related("source"))
    return {"outgoing": outgoing, "incoming": incoming}


def document_years(*, user: Any) -> list[int]:
    return list(
        Document.objects.restrict(user)
        .exclude(year__isnull=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
