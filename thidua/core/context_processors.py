"""Template context shared by every page: navigation entries and unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thidua.core.models import Notification
from thidua.core.registry import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {
        "nav_entries": registry.nav,
        "unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
