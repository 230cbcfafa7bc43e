"""Figures in a review: thousands grouped by the active language, "no data" when absent."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from thidua.reporting.templatetags.reporting_tags import format_figure

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    return format_figure(value, empty=_("no data"))


@register.filter
def signed(value: Any) -> str:
    text = format_figure(value, empty="—")
    return f"+{text}" if value is not None and value > 0 else text
