"""Home-page items: evaluations waiting for the user's unit to self-assess or review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.figures import format_day
from thidua.core.registry import AttentionItem
from thidua.emulation.models import Evaluation
from thidua.emulation.permissions import reopenable_q, reviewable_q, self_assessable_q


def attention(user: Any) -> list[AttentionItem]:
    """Drafts the user may self-assess, self-assessments they may review and final results
    whose figures changed that they may reopen (the rules as queries), ten of each."""
    items: list[AttentionItem] = []
    for e in Evaluation.objects.filter(
        reopenable_q(user), status=Evaluation.Status.FINAL, figures_changed_on__isnull=False
    ).select_related("unit", "person", "movement")[:10]:
        items.append(
            AttentionItem(
                title=_(
                    "The figures behind the final result of %(subject)s in “%(movement)s” "
                    "%(year)s changed on %(day)s: reopen it to score again"
                )
                % {
                    "subject": e.subject_name,
                    "movement": e.movement,
                    "year": e.year,
                    "day": format_day(e.figures_changed_on),
                },
                url=reverse("emulation:evaluation", args=[e.pk]),
                kind=_("evaluation"),
                severity="warning",
            )
        )
    for e in Evaluation.objects.filter(
        self_assessable_q(user), status=Evaluation.Status.DRAFT
    ).select_related("unit", "movement")[:10]:
        items.append(
            AttentionItem(
                title=_("Self-assess %(unit)s in “%(movement)s” %(year)s")
                % {"unit": e.unit, "movement": e.movement, "year": e.year},
                url=reverse("emulation:evaluation", args=[e.pk]),
                kind=_("evaluation"),
                severity="warning",
            )
        )
    for e in Evaluation.objects.filter(
        reviewable_q(user), status=Evaluation.Status.SELF_ASSESSED
    ).select_related("unit", "movement")[:10]:
        items.append(
            AttentionItem(
                title=_("Review %(unit)s in “%(movement)s” %(year)s")
                % {"unit": e.unit, "movement": e.movement, "year": e.year},
                url=reverse("emulation:evaluation", args=[e.pk]),
                kind=_("evaluation"),
            )
        )
    return items
