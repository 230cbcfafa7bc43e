"""Sign-in form with throttling of repeated failures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _

from thidua.accounts import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing attempts while a username or address is locked."""

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        address = throttle.client_address(self.request) if self.request else "unknown"
        wait = throttle.seconds_locked(username, address)
        if wait:
            minutes = max(1, round(wait / 60))
            raise forms.ValidationError(
                _("Too many failed sign-in attempts. Try again in about %(minutes)d minutes.")
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear_failures(username)
        return cleaned
