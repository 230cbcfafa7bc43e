"""Pages of the document registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, can
from thidua.core.attachments import attachments_of
from thidua.core.changelog import history_for
from thidua.core.services import ConflictError, validation_message
from thidua.documents import selectors, services
from thidua.documents.forms import AttachmentForm, DocumentForm, RelationForm
from thidua.documents.models import DocumentRelation, DocumentType


def _may_edit(user, document) -> bool:  # type: ignore[no-untyped-def]
    units = list(document.issuing_units.all()) + list(document.recipient_units.all())
    return any(can(user, Action.REPORT, u) for u in units)


@member_required
def document_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    doc_type = request.GET.get("type", "")
    issuer = request.GET.get("issuer", "").strip()[:40]
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else None
    docs = selectors.document_list(
        user=request.user, query=q, doc_type=doc_type, issuer=issuer, year=year
    )
    page = Paginator(docs, 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page,
        "documents": page.object_list,
        "q": q,
        "doc_type": doc_type,
        "issuer": issuer,
        "year": year,
        "types": DocumentType.objects.all(),
        "years": selectors.document_years(user=request.user),
        "querystring_without_page": params.urlencode() + "&" if params else "",
    }
    template = "documents/partials/results.html" if request.htmx else "documents/list.html"
    return render(request, template, context)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    may_edit = _may_edit(request.user, doc)
    context = {
        "document": doc,
        "relations": selectors.document_relations(user=request.user, document=doc),
        "attachments": attachments_of(doc),
        "may_edit": may_edit,
        "relation_form": RelationForm(),
        "attachment_form": AttachmentForm(),
        "history": history_for(doc)[:50],
    }
    return render(request, "documents/detail.html", context)


def _save(request: HttpRequest, form: DocumentForm, document=None):  # type: ignore[no-untyped-def]
    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    try:
        if document is None:
            return services.document_create(user=request.user, **data)
        return services.document_update(
            user=request.user, document=document, expected_version=version, **data
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    except ConflictError as exc:
        form.add_error(None, str(exc))
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not register documents for these units."))
    return None


@member_required
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        doc = _save(request, form)
        if doc is not None:
            messages.success(request, _("Document registered."))
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "document": None})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    if not _may_edit(request.user, doc):
        raise PermissionDenied(_("You may not edit this document."))
    initial = {
        "symbol": doc.symbol,
        "doc_type": doc.doc_type,
        "title": doc.title,
        "issued_on": doc.issued_on,
        "place": doc.place,
        "signer": doc.signer,
        "issuing_units": list(doc.issuing_units.all()),
        "recipient_units": list(doc.recipient_units.all()),
        "summary": doc.summary,
        "full_text": doc.full_text,
        "is_public": doc.is_public,
        "version": doc.version,
    }
    form = DocumentForm(request.POST or None, user=request.user, document=doc, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, doc)
        if saved is not None:
            messages.success(request, _("Document saved."))
            return redirect("documents:detail", saved.pk)
    return render(request, "documents/form.html", {"form": form, "document": doc})


@login_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    form = RelationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a relation and give the other document's symbol."))
        return redirect("documents:detail", pk)
    target = (
        selectors.document_list(user=request.user, query=form.cleaned_data["target_symbol"])
        .exclude(pk=doc.pk)
        .first()
    )
    if target is None:
        messages.error(
            request,
            _("No document with the symbol “%(s)s” is registered (or you cannot see it).")
            % {"s": form.cleaned_data["target_symbol"]},
        )
        return redirect("documents:detail", pk)
    try:
        services.document_relate(
            user=request.user,
            source=doc,
            target=target,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Link added."))
    except ValidationError as exc:
        messages.error(request, validation_message(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("documents:detail", pk)


@login_required
@require_POST
def relation_delete(request: HttpRequest, pk: int, rel: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    relation = get_object_or_404(DocumentRelation, pk=rel, source=doc)
    services.document_unrelate(user=request.user, relation=relation)
    messages.success(request, _("Link removed."))
    return redirect("documents:detail", pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("documents:detail", pk)
    try:
        services.document_attach(user=request.user, document=doc, upload=form.cleaned_data["file"])
        messages.success(request, _("File attached."))
    except ValidationError as exc:
        messages.error(request, validation_message(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("documents:detail", pk)
