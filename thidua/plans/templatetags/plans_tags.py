"""Template helpers for derived statuses."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.plans.models import STATUS_BADGE, TaskStatus

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    try:
        return str(TaskStatus(value).label)
    except ValueError:
        return value


@register.filter
def status_badge(value: str) -> str:
    try:
        return STATUS_BADGE[TaskStatus(value)]
    except (ValueError, KeyError):
        return ""


@register.filter
def done_late(assignment: Any) -> bool:
    """A part done after its deadline (``LATE`` and done, both from the one status
    definition): flagged "late" beside its "done" badge; an overdue badge says it already."""
    return bool(getattr(assignment, "is_late", False)) and (
        getattr(assignment, "status_value", None) == TaskStatus.DONE
    )


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if hasattr(mapping, "get"):
        return mapping.get(key, 0)
    return 0
