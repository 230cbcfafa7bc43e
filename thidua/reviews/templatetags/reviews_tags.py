"""Figures in a review: thousands grouped by the active language, "no data" when absent."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    if value is None or value == "":
        return _("no data")
    return number_format(value, force_grouping=True)


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return "—"
    text = number_format(value, force_grouping=True)
    return f"+{text}" if value > 0 else text
