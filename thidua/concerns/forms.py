"""Forms of the concerns app: the record form, one form per workflow step, the filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.concerns.models import ConcernIssue
from thidua.core.forms import DayInput
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm


class ConcernForm(UnitPickerForm):
    unit = UnitPickerField(label=_("Recorded by"), multiple=False, purpose="report")
    summary = forms.CharField(
        label=_("Summary of the issue"), widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ChoiceField(label=_("Category"), choices=ConcernIssue.Category.choices)
    channel = forms.ChoiceField(label=_("Raised through"), choices=ConcernIssue.Channel.choices)
    raised_where = forms.CharField(label=_("Where raised"), max_length=300)
    raised_on = forms.DateField(label=_("When raised"), widget=DayInput())
    raiser_contact = forms.CharField(
        label=_("Contact of the person who raised it (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "Only if the person asked for a reply. Seen by your unit's managers only, never "
            "exported, erased when the issue is closed."
        ),
    )


class ReferForm(UnitPickerForm):
    standing_units = UnitPickerField(label=_("Standing committees"), purpose="tree")
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ForwardForm(UnitPickerForm):
    competent_unit = UnitPickerField(label=_("Competent body"), multiple=False, purpose="tree")
    answer_due = forms.DateField(label=_("Answer requested by"), widget=DayInput())
    request_text = forms.CharField(
        label=_("Written request"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), required=False, max_length=1000)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), max_length=1000)
    answer_due = forms.DateField(label=_("New answer date"), widget=DayInput())


class ConcernFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("any")), *ConcernIssue.State.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("any")), *ConcernIssue.Category.choices],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue answers only"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
