"""Pages of digital signing: sign a document, record a copy signed elsewhere, download
the copy of record, and verify any signed PDF. They parse input and call services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.accounts.permissions import member_required
from thidua.core.downloads import file_download
from thidua.core.web import attempt
from thidua.documents import selectors as documents
from thidua.documents.models import Document
from thidua.signing import selectors, services
from thidua.signing.forms import SignedUploadForm, SignForm, VerifyForm
from thidua.signing.pades import verify_pdf
from thidua.signing.permissions import rules


def _back(document: Document) -> str:
    """Where the officer reads the document: the decision page for an award decision."""
    decision = getattr(document, "award_decision", None)
    if decision is not None:
        return reverse("awards:decision", args=[decision.pk])
    return reverse("documents:detail", args=[document.pk])


@member_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = documents.document_get(user=request.user, pk=pk)
    rules.require("sign", request.user, document)
    printed = services.printed_word(user=request.user, document=document) is not None
    form = SignForm(
        request.POST or None,
        request.FILES or None,
        printed=printed,
        initial={"location": document.place, "reason": pgettext("signature reason", "Issued")},
    )
    upload_form = SignedUploadForm()
    if request.method == "POST" and form.is_valid():
        pdf = form.cleaned_data.get("pdf")
        copy = attempt(
            form,
            lambda: services.document_sign(
                user=request.user,
                document=document,
                credential=form.credential(),
                pdf=services.read_pdf_upload(pdf, field="pdf") if pdf else None,
                reason=form.cleaned_data["reason"],
                location=form.cleaned_data["location"],
            ),
        )
        if copy is not None:
            messages.success(
                request,
                _("Signed by %(name)s. The signed PDF is now the document's file of record.")
                % {"name": copy.signer_name},
            )
            return redirect(_back(document))
    return render(
        request,
        "signing/sign.html",
        {
            "document": document,
            "form": form,
            "upload_form": upload_form,
            "back": _back(document),
            "signer": services.expected_signer(document),
        },
    )


@member_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a copy signed outside thidua, once it verifies."""
    document = documents.document_get(user=request.user, pk=pk)
    rules.require("sign", request.user, document)
    form = SignedUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        copy = attempt(
            form,
            lambda: services.document_record_signed(
                user=request.user, document=document, upload=form.cleaned_data["file"]
            ),
        )
        if copy is not None:
            messages.success(
                request,
                _("The signature of %(name)s verifies: the PDF is kept as the file of record.")
                % {"name": copy.signer_name},
            )
            return redirect(_back(document))
    printed = services.printed_word(user=request.user, document=document) is not None
    return render(
        request,
        "signing/sign.html",
        {
            "document": document,
            "form": SignForm(printed=printed, initial={"location": document.place}),
            "upload_form": form,
            "back": _back(document),
            "signer": services.expected_signer(document),
        },
    )


@member_required
def signed_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    copy = selectors.signed_copy_get(user=request.user, document_pk=pk)
    try:
        handle = copy.file.open("rb")
    except OSError:
        return render(
            request,
            "core/attachment_missing.html",
            {"attachment": {"name": copy.file_name}},
            status=404,
        )
    return file_download(handle, name=copy.file_name)


@member_required
def verify(request: HttpRequest) -> HttpResponse:
    """Verify any signed PDF (nothing is kept); say if it is a copy of record."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    verdict = record = None
    if request.method == "POST" and form.is_valid():
        data = attempt(
            form, lambda: services.read_pdf_upload(form.cleaned_data["file"], field="file")
        )
        if data is not None:
            verdict = verify_pdf(data)
            record = selectors.signed_copy_by_fingerprint(user=request.user, sha256=verdict.sha256)
    return render(
        request, "signing/verify.html", {"form": form, "verdict": verdict, "record": record}
    )
