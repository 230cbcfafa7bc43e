"""Forms of the account pages: sign-in's second step, API tokens, the second factor, and
the onboarding of officers (an account, a role, a sheet of people).

Sign-in itself is Django's ``AuthenticationForm``: the throttle is django-axes, in the
authentication backends (``thidua.accounts.throttle``), so that no form can skip it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from thidua.accounts.models import Role
from thidua.accounts.selectors import grantable_roles
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that will use it, e.g. “Province statistics portal”."),
    )
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, initial=90, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (d, ngettext_lazy("%(n)d day", "%(n)d days", d) % {"n": d})
            for d in settings.API_TOKEN_DAYS
        ]


def _role_choices(user: Any) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in grantable_roles(user=user)]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


class PersonCreateForm(PersonForm, UnitPickerForm):
    unit = UnitPickerField(label=_("Unit"), purpose="manage", multiple=False, preselect=True)
    role = forms.ChoiceField(label=_("Role"), choices=())
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    invite = forms.BooleanField(
        label=_("E-mail a link to choose a password"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(self.user)
        self.fields["role"].initial = Role.REPORTER.value


class GrantForm(UnitPickerForm):
    unit = UnitPickerField(label=_("Unit"), purpose="manage", multiple=False, preselect=True)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(self.user)


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel sheet of people (.xlsx)"),
        help_text=_("Full name, e-mail, unit (code or name) and role: one role a row."),
    )
