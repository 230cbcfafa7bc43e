"""Figures on report pages: no trailing zeros of the stored precision, thousands grouped
by the active language, and a dash where there is no figure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


def tidy(value: Decimal) -> Decimal:
    """``477.0000`` → ``477``, ``12.5000`` → ``12.5`` (never an exponent)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_figure(value: Any, empty: str = "–") -> str:
    """A figure to read: ``1123.0000`` → ``1,123`` (``1.123`` in Vietnamese); ``empty``
    when there is none. Shared by every page that shows figures (reviews too)."""
    if value is None or value == "":
        return empty
    if isinstance(value, Decimal):
        value = tidy(value)
    return number_format(value, force_grouping=True)


@register.filter
def figure(value: Any) -> str:
    return format_figure(value)


@register.filter
def plain(value: Any) -> Any:
    """A figure to edit: no grouping, no trailing zeros; empty when there is none."""
    if value is None:
        return ""
    return tidy(value) if isinstance(value, Decimal) else value
