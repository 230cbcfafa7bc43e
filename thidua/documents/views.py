"""Pages of the document registry: they parse input and call selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.core.attachments import attachments_of
from thidua.core.changelog import history_for
from thidua.core.converters import as_id
from thidua.core.web import act, attempt
from thidua.documents import selectors, services
from thidua.documents.forms import AttachmentForm, DocumentForm, RelationForm
from thidua.documents.permissions import rules


@member_required
def document_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    doc_type = request.GET.get("type", "")
    issuer = request.GET.get("issuer", "").strip()[:40]
    year_raw = request.GET.get("year", "")
    year = as_id(year_raw)
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
        "types": selectors.document_types(),
        "years": selectors.document_years(user=request.user),
        "querystring_without_page": params.urlencode() + "&" if params else "",
        "actions": rules.actions(request.user, group="registry"),
    }
    template = "documents/partials/results.html" if request.htmx else "documents/list.html"
    return render(request, template, context)


@member_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    context = {
        "document": doc,
        "relations": selectors.document_relations(user=request.user, document=doc),
        "attachments": attachments_of(doc),
        "actions": rules.actions(request.user, doc, group="document"),
        "relation_form": RelationForm(),
        "attachment_form": AttachmentForm(),
        "history": history_for(doc)[:50],
    }
    return render(request, "documents/detail.html", context)


def _fields(form: DocumentForm) -> tuple[dict[str, Any], int | None]:
    data = dict(form.cleaned_data)
    return data, data.pop("version", None)


@member_required
def document_create(request: HttpRequest) -> HttpResponse:
    rules.require("create", request.user)
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, _version = _fields(form)
        doc = attempt(form, lambda: services.document_create(user=request.user, **data))
        if doc is not None:
            messages.success(request, _("Document registered."))
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "document": None})


@member_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    rules.require("edit", request.user, doc)
    form = DocumentForm(
        request.POST or None, user=request.user, document=doc, initial=DocumentForm.initial_of(doc)
    )
    if request.method == "POST" and form.is_valid():
        data, version = _fields(form)
        saved = attempt(
            form,
            lambda: services.document_update(
                user=request.user, document=doc, expected_version=version, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Document saved."))
            return redirect("documents:detail", saved.pk)
    return render(request, "documents/form.html", {"form": form, "document": doc})


@member_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    form = RelationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a relation and give the other document's symbol."))
        return redirect("documents:detail", pk)
    symbol = form.cleaned_data["target_symbol"]
    target = selectors.document_by_symbol(user=request.user, symbol=symbol, other_than=doc)
    if target is None:
        messages.error(
            request,
            _("No document with the symbol “%(s)s” is registered (or you cannot see it).")
            % {"s": symbol},
        )
        return redirect("documents:detail", pk)
    act(
        request,
        lambda: services.document_relate(
            user=request.user,
            source=doc,
            target=target,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        ),
        success=_("Link added."),
    )
    return redirect("documents:detail", pk)


@member_required
@require_POST
def relation_delete(request: HttpRequest, pk: int, rel: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    relation = selectors.relation_get(user=request.user, document=doc, pk=rel)
    act(
        request,
        lambda: services.document_unrelate(user=request.user, relation=relation),
        success=_("Link removed."),
    )
    return redirect("documents:detail", pk)


@member_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("documents:detail", pk)
    act(
        request,
        lambda: services.document_attach(
            user=request.user, document=doc, upload=form.cleaned_data["file"]
        ),
        success=_("File attached."),
    )
    return redirect("documents:detail", pk)
