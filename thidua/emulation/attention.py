"""Home-page items: evaluations waiting for the user's unit to self-assess or review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.registry import AttentionItem
from thidua.emulation.models import Evaluation
from thidua.emulation.permissions import reviewable_q, self_assessable_q


def attention(user: Any) -> list[AttentionItem]:
    """Drafts the user may self-assess and self-assessments they may review (the rules
    ``self_assess`` and ``review`` as queries), ten of each."""
    items: list[AttentionItem] = []
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
