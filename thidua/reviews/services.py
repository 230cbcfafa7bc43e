"""Writes of the reviews app: create a draft, finalise it (freeze its figures), revise it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.core.changelog import log_event
from thidua.core.services import bump_version, lock_for_update
from thidua.reviews.assembly import assemble
from thidua.reviews.models import Review
from thidua.reviews.permissions import rules


@transaction.atomic
def review_create(
    *,
    user: Any,
    kind: str,
    title: str,
    start_year: int,
    end_year: int,
    unit: Any,
    area: Any = None,
    document: Any = None,
    plan: Any = None,
    movement: Any = None,
    meeting_date: Any = None,
    summary: str = "",
    forms: Iterable[Any] = (),
    indicators: Iterable[Any] = (),
    decisions: Iterable[Any] = (),
) -> Review:
    """A draft review; its figures are live until it is finalised."""
    area = area or unit
    rules.require("create", user, unit=unit, area=area)
    review = Review(
        kind=kind,
        title=title,
        start_year=start_year,
        end_year=end_year,
        unit=unit,
        area=area,
        document=document,
        plan=plan,
        movement=movement,
        meeting_date=meeting_date,
        summary=summary,
        created_by=user if getattr(user, "pk", None) else None,
    )
    review.full_clean()
    review.save()
    review.forms.set(list(forms))
    review.indicators.set(list(indicators))
    review.decisions.set(list(decisions))
    return review


@transaction.atomic
def review_finalise(*, user: Any, review: Review, expected_version: int | None) -> Review:
    """Freeze the assembled figures into the snapshot and lock the review."""
    rules.require("finalise", user, review)
    review = lock_for_update(review, expected_version=expected_version)
    rules.require("finalise", user, review)
    review.snapshot = assemble(user=user, review=review)
    review.status = Review.Status.FINALISED
    review.finalised_at = timezone.now()
    review.finalised_by = user if getattr(user, "pk", None) else None
    bump_version(review)
    review.save()
    log_event(review, "finalised", message=f"{review.start_year}–{review.end_year}")
    return review


@transaction.atomic
def review_revise(*, user: Any, review: Review, expected_version: int | None) -> Review:
    """A correction of a finalised review: a new draft edition; the old one is kept."""
    rules.require("revise", user, review)
    old = lock_for_update(review, expected_version=expected_version)
    rules.require("revise", user, old)
    old.is_current = False
    bump_version(old)
    old.save()
    new = Review.objects.get(pk=old.pk)
    new.pk = new.id = None
    new._state.adding = True
    new.previous = old
    new.number = old.number + 1
    new.status = Review.Status.DRAFT
    new.is_current = True
    new.snapshot = {}
    new.finalised_at = new.finalised_by = None
    new.version = 1
    new.created_by = user if getattr(user, "pk", None) else None
    new.full_clean()
    new.save()
    new.forms.set(old.forms.all())
    new.indicators.set(old.indicators.all())
    new.decisions.set(old.decisions.all())
    log_event(old, "revised", message=f"→ {new.number}")
    return new


@transaction.atomic
def review_update(
    *, user: Any, review: Review, expected_version: int | None, **changes: Any
) -> Review:
    """Edit a draft (fields and chosen forms, indicators, decisions)."""
    rules.require("edit", user, review)
    review = lock_for_update(review, expected_version=expected_version)
    rules.require("edit", user, review)
    m2m = {k: changes.pop(k) for k in ("forms", "indicators", "decisions") if k in changes}
    for field, value in changes.items():
        setattr(review, field, value)
    # The writer must write it as it will be too (a new reviewing unit or area).
    rules.require("create", user, unit=review.unit, area=review.area)
    review.full_clean()
    bump_version(review)
    review.save()
    for field, value in m2m.items():
        getattr(review, field).set(list(value))
    return review
