"""Reads of the core pages: the home page, the user's notifications and jobs, files."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from thidua.accounts.models import RoleAssignment
from thidua.core.models import Job, Notification
from thidua.core.registry import AttentionItem, registry

_SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}


def attention_items(*, user: Any) -> list[AttentionItem]:
    """Everything the apps think this user should look at, most urgent first."""
    items: list[AttentionItem] = []
    for provider in registry.attention:
        items.extend(provider(user))
    return sorted(items, key=lambda i: (_SEVERITY_ORDER.get(i.severity, 3), str(i.when or "")))


def home_context(*, user: Any) -> dict[str, Any]:
    roles = (
        RoleAssignment.objects.filter(user=user)
        .select_related("unit", "unit__kind")
        .order_by("unit__path", "role")
    )
    return {"roles": roles, "attention": attention_items(user=user)}


def notification_list(*, user: Any, limit: int = 200) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(user=user)[:limit]


def job_get(*, user: Any, pk: int) -> Job:
    """A job the user started; anyone else's is a 404 (no hint that it exists)."""
    job = Job.objects.filter(pk=pk, created_by=user).first()
    if job is None:
        raise Http404("No such job.")
    return job
