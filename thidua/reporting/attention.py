"""Home-page items: reports waiting for this user's approval, and reports due."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.registry import AttentionItem
from thidua.reporting import selectors


def reports_attention(user: Any) -> list[AttentionItem]:
    items = [
        AttentionItem(
            title=_("Approve: %(form)s %(period)s — %(unit)s")
            % {"form": s.form.code, "period": s.period.label, "unit": s.unit},
            url=reverse("reporting:submission", args=[s.pk]),
            kind="report",
            severity="warning",
            when=s.submitted_at,
        )
        for s in selectors.awaiting_approval(user=user, limit=10)
    ]
    return items
