"""Home-page items: nominations waiting at a unit where the user reviews or decides."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.awards.models import Nomination
from thidua.awards.selectors import nomination_inbox
from thidua.core.registry import AttentionItem


def attention(user: Any) -> list:
    items = []
    for n in nomination_inbox(user=user)[:10]:
        deciding = n.status == Nomination.Status.AT_AUTHORITY
        items.append(
            AttentionItem(
                title=(_("Decide: %(n)s") if deciding else _("Review: %(n)s")) % {"n": n},
                url=reverse("awards:nomination", args=[n.pk]),
                kind=_("nomination"),
                severity="warning" if deciding else "info",
                when=n.updated_at,
            )
        )
    return items
