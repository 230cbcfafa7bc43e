"""Reads of the reviews app, always through ``Review.objects.restrict(user)``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.documents.models import DocumentRelation
from thidua.reviews.assembly import assemble
from thidua.reviews.models import Review


def review_list(*, user: Any, query: str = "", status: str = "") -> QuerySet[Review]:
    qs = Review.objects.restrict(user).select_related("unit", "area", "document", "plan")
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(document__symbol__icontains=query)
            | Q(unit__name__icontains=query)
        )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-end_year", "-start_year", "title", "-number")


def review_get(*, user: Any, pk: int) -> Review:
    """The review if the user may read it; 404 otherwise (no hint that it exists)."""
    review = (
        Review.objects.restrict(user)
        .select_related("unit", "area", "document", "plan", "movement", "previous", "finalised_by")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    return review


def review_data(*, user: Any, review: Review) -> dict[str, Any]:
    """The frozen snapshot of a finalised review; live figures for a draft."""
    if review.is_locked and review.snapshot:
        return review.snapshot
    return assemble(user=user, review=review)


def task_columns() -> list[tuple[str, str]]:
    """(column, label) of the task-results table, in the active language."""
    return [
        ("done", _("done on time")),
        ("done_late", _("done late")),
        ("overdue", _("overdue")),
        ("cancelled", _("cancelled")),
        ("open", _("under way")),
    ]


def relation_label(code: str) -> str:
    if code == "plan":
        return _("plan or programme reviewed")
    if code == "movement":
        return _("launches the movement")
    try:
        return str(DocumentRelation.Kind(code).label)
    except ValueError:
        return code
