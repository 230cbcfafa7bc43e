"""Forms of the reporting app: they parse input; the services decide and validate.

The figures of the fill page are not form fields: their cells come from the report form
(``selectors.submission_rows``) and their values are parsed by the service, which names
every bad one at once.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.orgunits.picker import UnitPickerField, UnitPickerForm


class FillUnitForm(UnitPickerForm):
    """Which unit's report the fill page is about (a GET form, ``?unit=``): any unit the
    user reports for; the page says so if it does not report on the form."""

    unit = UnitPickerField(
        label=_("Unit"), multiple=False, purpose="report", required=False, help_text=""
    )


class LoadedReportForm(forms.Form):
    """Which report (at which version) a page was loaded with, so that a refill of a draft
    is not taken for a second report and a concurrent change is told, not overwritten.
    Both empty: the unit had no report yet."""

    submission = forms.IntegerField(
        label=_("Report"), required=False, min_value=1, widget=forms.HiddenInput
    )
    version = forms.IntegerField(
        label=_("Version"), required=False, min_value=1, widget=forms.HiddenInput
    )


class FillForm(LoadedReportForm):
    """The fill page's own inputs besides the figures: the note and the button pressed."""

    note = forms.CharField(label=_("Note"), required=False, max_length=5000)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("save", _("Save draft")), ("submit", _("Submit"))],
        required=False,
    )


class UploadForm(LoadedReportForm):
    """The filled Excel template."""

    file = forms.FileField(label=_("Filled template"))
    submit = forms.BooleanField(label=_("submit at once"), required=False)
