"""Home-page items: evaluations waiting for the user's unit to self-assess or review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.registry import AttentionItem
from thidua.emulation.models import Evaluation


def attention(user: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    report = reach(user, Action.REPORT)
    if not report.nothing:
        for e in Evaluation.objects.filter(
            report.unit_q("unit__"), status=Evaluation.Status.DRAFT
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
    approve = reach(user, Action.APPROVE)
    if not approve.nothing:
        for e in Evaluation.objects.filter(
            approve.unit_q("reviewer_unit__"), status=Evaluation.Status.SELF_ASSESSED
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
