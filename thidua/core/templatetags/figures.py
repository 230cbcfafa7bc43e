"""Template filters over ``thidua.core.figures``: ``{{ value|figure }}``,
``{{ value|figure:_("no data") }}`` (what stands where there is no figure),
``{{ value|signed }}`` (a change, with its sign), ``{{ value|plain }}`` (for inputs) and
``{{ date|day }}`` (dd/mm/yyyy) and ``{{ moment|moment }}`` (dd/mm/yyyy hh:mm)."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.core.figures import EMPTY, format_day, format_figure, format_moment, plain_figure
from thidua.core.forms import DayInput

register = template.Library()


@register.filter
def figure(value: Any, empty: str = EMPTY) -> str:
    return format_figure(value, empty=empty)


@register.filter
def signed(value: Any) -> str:
    text = format_figure(value, empty="—")
    return f"+{text}" if value is not None and value > 0 else text


@register.filter
def plain(value: Any) -> Any:
    return plain_figure(value)


@register.filter
def day(value: Any, empty: str = "—") -> str:
    """A date (or the date of a datetime, in the current time zone) as dd/mm/yyyy."""
    return format_day(value, empty=empty)


@register.simple_tag
def day_input(name: str, value: Any, id: str) -> str:
    """``{% day_input "plan-period_start" plan.period_start id="id-plan-period_start" %}``:
    the date field of a hand-written form, as forms draw it (``core.forms.DayInput``)."""
    return DayInput().render(name, value, attrs={"id": id})


@register.filter
def moment(value: Any, empty: str = "—") -> str:
    """A datetime as dd/mm/yyyy hh:mm, in the current time zone."""
    return format_moment(value, empty=empty)
