"""Forms that several apps' pages share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UrgeForm(forms.Form):
    """The optional message sent with an urge (a task's unit, an issue's competent body)."""

    message = forms.CharField(label=_("Message (optional)"), required=False, max_length=1000)
