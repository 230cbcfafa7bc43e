"""Forms that several apps' pages share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.figures import format_day, parse_day


class DayInput(forms.TextInput):
    """A date as officers type it, dd/mm/yyyy (a Buddhist-era year on a Thai page), with
    a calendar button beside it (``static/thidua/day-input.js`` opens the browser's own
    date picker). Not ``<input type="date">``, whose order follows the browser's language
    (mm/dd/yyyy in an English browser). What is typed is read by
    ``core.figures.parse_day`` and handed to the field as an ISO date; text that is no
    date goes to the field as typed, which refuses it with its own message."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            # An example rather than a mask: "dd/mm/yyyy" reads as letters to decode.
            "placeholder": _("e.g. 15/03/2025"),
            "data-day": "",
            "size": "10",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        # A date, an ISO date, or text that is no date (shown back as typed).
        return format_day(value) if isinstance(value, dt.date | str) else str(value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        raw = data.get(name)
        if isinstance(raw, str):
            day = parse_day(raw)
            if day is not None:
                return day.isoformat()
        return raw


class UrgeForm(forms.Form):
    """The optional message sent with an urge (a task's unit, an issue's competent body)."""

    message = forms.CharField(label=_("Message (optional)"), required=False, max_length=1000)
