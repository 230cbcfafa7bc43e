"""Home-page items: evaluations waiting for the user to self-assess, review or reopen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.figures import format_day
from thidua.core.registry import AttentionItem
from thidua.emulation.models import Evaluation
from thidua.emulation.permissions import reopenable_q, reviewable_q, self_assessable_q

S = Evaluation.Status


def _reopen(e: Evaluation) -> str:
    return _(
        "The figures behind the final result of %(subject)s in “%(movement)s” %(year)s "
        "changed on %(day)s: reopen it to score again"
    ) % {
        "subject": e.subject_name,
        "movement": e.movement,
        "year": e.year,
        "day": format_day(e.figures_changed_on),
    }


def _self_assess(e: Evaluation) -> str:
    return _("Self-assess %(unit)s in “%(movement)s” %(year)s") % {
        "unit": e.unit,
        "movement": e.movement,
        "year": e.year,
    }


def _review(e: Evaluation) -> str:
    return _("Review %(unit)s in “%(movement)s” %(year)s") % {
        "unit": e.unit,
        "movement": e.movement,
        "year": e.year,
    }


def attention(user: Any) -> list[AttentionItem]:
    """Final results whose figures changed that the user may reopen, drafts they may
    self-assess and self-assessments they may review (the rules of
    ``emulation.permissions`` as queries), ten of each."""
    lists: list[tuple[Q, Callable[[Evaluation], str], str]] = [
        (
            reopenable_q(user) & Q(status=S.FINAL, figures_changed_on__isnull=False),
            _reopen,
            "warning",
        ),
        (self_assessable_q(user) & Q(status=S.DRAFT), _self_assess, "warning"),
        (reviewable_q(user) & Q(status=S.SELF_ASSESSED), _review, "info"),
    ]
    items: list[AttentionItem] = []
    for q, title, severity in lists:
        for e in Evaluation.objects.filter(q).select_related("unit", "person", "movement")[:10]:
            items.append(
                AttentionItem(
                    title=title(e),
                    url=reverse("emulation:evaluation", args=[e.pk]),
                    kind=_("evaluation"),
                    severity=severity,
                )
            )
    return items
