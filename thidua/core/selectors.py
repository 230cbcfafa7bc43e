"""Reads of the core pages: the home page, the user's notifications and jobs, files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import RoleAssignment
from thidua.core.models import Job, Notification
from thidua.core.registry import AttentionItem, registry

_SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}
_GROUP_TITLES = {
    "danger": _("Overdue or sent back: act first"),
    "warning": _("Due soon or waiting for you"),
    "info": _("Also to do"),
}


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _urgency(item: AttentionItem) -> tuple[int, dt.date, dt.date]:
    """Most severe first; then the soonest deadline, then the oldest waiting item."""
    far = dt.date.max
    return (
        _SEVERITY_ORDER.get(item.severity, 3),
        _day(item.due) or far,
        _day(item.when) or far,
    )


def attention_items(*, user: Any) -> list[AttentionItem]:
    """Everything the apps think this user should look at, most urgent first."""
    items: list[AttentionItem] = []
    for provider in registry.attention:
        items.extend(provider(user))
    return sorted(items, key=_urgency)


@dataclass
class AttentionGroup:
    severity: str
    title: Any
    items: list[AttentionItem]


def attention_groups(items: list[AttentionItem]) -> list[AttentionGroup]:
    """The items (already ordered) in groups of one urgency, the most urgent first."""
    groups: list[AttentionGroup] = []
    for item in items:
        severity = item.severity if item.severity in _GROUP_TITLES else "info"
        if not groups or groups[-1].severity != severity:
            groups.append(AttentionGroup(severity, _GROUP_TITLES[severity], []))
        groups[-1].items.append(item)
    return groups


def home_context(*, user: Any) -> dict[str, Any]:
    roles = (
        RoleAssignment.objects.filter(user=user)
        .select_related("unit", "unit__kind")
        .order_by("unit__path", "role")
    )
    items = attention_items(user=user)
    return {"roles": roles, "attention": items, "attention_groups": attention_groups(items)}


def notification_list(*, user: Any, limit: int = 200) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(user=user)[:limit]


def job_get(*, user: Any, pk: int) -> Job:
    """A job the user started; anyone else's is a 404 (no hint that it exists)."""
    job = Job.objects.filter(pk=pk, created_by=user).first()
    if job is None:
        raise Http404("No such job.")
    return job
