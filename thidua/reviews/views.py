"""Pages of the reviews app: they parse input and call selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.core import charts
from thidua.core.changelog import history_for
from thidua.core.converters import as_id
from thidua.core.downloads import download
from thidua.core.pdfs import pdf_job_start
from thidua.core.web import act, attempt
from thidua.reviews import exports, selectors, services
from thidua.reviews.forms import ReviewForm
from thidua.reviews.models import Review
from thidua.reviews.permissions import rules


@member_required
def review_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in Review.Status.values:
        status = ""
    qs = selectors.review_list(user=request.user, query=query, status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "query": query,
        "status": status,
        "statuses": Review.Status.choices,
        "actions": rules.actions(request.user, group="reviews"),
    }
    return render(request, "reviews/list.html", context)


@member_required
def review_create(request: HttpRequest) -> HttpResponse:
    rules.require("create", request.user)
    form = ReviewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        review = attempt(
            form,
            lambda: services.review_create(
                user=request.user,
                kind=d["kind"],
                title=d["title"],
                start_year=d["start_year"],
                end_year=d["end_year"],
                unit=d["unit"],
                area=d["area"] or d["unit"],
                document=d["document"],
                plan=d["plan"],
                movement=d["movement"],
                meeting_date=d["meeting_date"],
                summary=d["summary"],
                forms=d["report_forms"],
                indicators=d["indicators"],
                decisions=d["decisions"],
            ),
        )
        if review is not None:
            messages.success(request, _("Review created as a draft: its figures are live."))
            return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/form.html", {"form": form})


@member_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    data = selectors.review_data(user=request.user, review=review)
    indicators = [
        dict(
            row,
            chart=charts.column_chart(
                row["values"], title=_("%(name)s by year") % {"name": row["name"]}
            ),
        )
        for row in data["indicators"]
    ]
    documents = [
        dict(d, relation_label=selectors.relation_label(d["relation"])) for d in data["documents"]
    ]
    context = {
        "review": review,
        "data": data,
        "indicators": indicators,
        "documents": documents,
        "task_columns": selectors.task_columns(),
        "actions": rules.actions(request.user, review, group="review"),
        "newer": getattr(review, "next_version", None) if not review.is_current else None,
        "history": history_for(review)[:30],
    }
    return render(request, "reviews/detail.html", context)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return as_id(raw)


@member_required
@require_POST
def review_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    act(
        request,
        lambda: services.review_finalise(
            user=request.user, review=review, expected_version=_version(request)
        ),
        success=_("Finalised: the figures of this review are now frozen."),
    )
    return redirect("reviews:detail", pk=review.pk)


@member_required
@require_POST
def review_revise(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    outcome = act(
        request,
        lambda: services.review_revise(
            user=request.user, review=review, expected_version=_version(request)
        ),
        success=_("A new draft edition was opened; the finalised one is kept."),
    )
    return redirect("reviews:detail", pk=outcome.value.pk if outcome else review.pk)


def _stem(review: Review) -> str:
    return f"{review.title[:100]} {review.start_year}-{review.end_year}"


def _filename(review: Review, ext: str) -> str:
    return f"{_stem(review)}.{ext}"


@member_required
def review_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    data = selectors.review_data(user=request.user, review=review)
    return download(
        exports.review_xlsx(review=review, data=data),
        name=_filename(review, "xlsx"),
        content_type=exports.XLSX_MIME,
    )


def review_word(user: Any, params: dict[str, Any]) -> tuple[str, bytes]:
    """The review's report in Word (the download, and the PDF job, as the user)."""
    review = selectors.review_get(user=user, pk=params["review"])
    data = selectors.review_data(user=user, review=review)
    return _stem(review), exports.review_docx(review=review, data=data)


@member_required
def review_export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    stem, data = review_word(request.user, {"review": pk})
    return download(data, name=f"{stem}.docx", content_type=exports.DOCX_MIME)


@member_required
@require_POST
def review_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the report's PDF (made in a background job); to the job's page."""
    review = selectors.review_get(user=request.user, pk=pk)
    job = pdf_job_start(
        user=request.user,
        source="reviews.report",
        params={"review": review.pk},
        title=review.title,
        back=reverse("reviews:detail", args=[review.pk]),
    )
    return redirect("core:job", pk=job.pk)
