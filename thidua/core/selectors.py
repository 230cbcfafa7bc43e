"""Reads for the home page."""

from __future__ import annotations

from typing import Any

from thidua.accounts.models import RoleAssignment
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
