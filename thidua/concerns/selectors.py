"""Reads of the concerns app: issues the user may see, and their home-page items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.scope import Action, reach
from thidua.concerns.models import ConcernIssue
from thidua.concerns.permissions import answerable_q, routed_q, rules
from thidua.core.registry import AttentionItem
from thidua.core.reminders import DUE_SOON_DAYS


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def attention_items(user: Any, *, today: dt.date | None = None) -> list[AttentionItem]:
    """Home page: answers the user's units owe, due soon or overdue, and for supervisors
    (standing committees, recording managers) the number of overdue answers."""
    day = _today(today)
    items: list[AttentionItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    soon = day + dt.timedelta(days=DUE_SOON_DAYS)
    r = reach(user, Action.REPORT)
    if not r.nothing and not r.everything:
        owed = (
            ConcernIssue.objects.filter(
                answerable_q(user),
                state=ConcernIssue.State.FORWARDED,
                answer_due__lte=soon,
            )
            .defer("raiser_contact")
            .order_by("answer_due")[:10]
        )
        for c in owed:
            items.append(
                AttentionItem(
                    title=str(c),
                    url=reverse("concerns:detail", args=[c.pk]),
                    kind=_("answer owed"),
                    severity="danger" if c.is_overdue_on(day) else "warning",
                    due=c.answer_due,
                )
            )
    sup = reach(user, Action.APPROVE)
    if not sup.nothing and not sup.everything:
        overdue_concerns = ConcernIssue.objects.filter(routed_q(user)).overdue_on(day).count()
        if overdue_concerns:
            items.append(
                AttentionItem(
                    title=_("Issues of public concern with overdue answers"),
                    url=reverse("concerns:list") + "?overdue=1",
                    kind=_("concern"),
                    severity="danger",
                    detail=ngettext(
                        "%(n)d issue whose answer is overdue",
                        "%(n)d issues whose answers are overdue",
                        overdue_concerns,
                    )
                    % {"n": overdue_concerns},
                )
            )
    return items


def concern_list(
    *,
    user: Any,
    state: str = "",
    overdue: bool = False,
    category: str = "",
    query: str = "",
    today: dt.date | None = None,
) -> QuerySet[ConcernIssue]:
    """Issues the user may see, each with ``overdue`` (its answer is late). The raiser's
    contact is never loaded for a list."""
    day = _today(today)
    qs = (
        ConcernIssue.objects.restrict(user)
        .defer("raiser_contact")
        .select_related("unit", "competent_unit")
        .with_overdue(day)
    )
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.overdue_on(day)
    if category:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(Q(summary__icontains=query) | Q(raised_where__icontains=query))
    return qs.order_by("-raised_on", "-id")


def concern_get(*, user: Any, pk: int) -> ConcernIssue:
    issue = (
        ConcernIssue.objects.restrict(user)
        .filter(pk=pk)
        .select_related("unit", "competent_unit", "plan")
        .prefetch_related("referred_to")
        .first()
    )
    if issue is None:
        raise Http404("No such issue.")
    return issue


def concern_contact(*, user: Any, issue: ConcernIssue) -> str | None:
    """The raiser's contact for the one person who may see it, else None."""
    return issue.raiser_contact if rules.may("see_contact", user, issue) else None
