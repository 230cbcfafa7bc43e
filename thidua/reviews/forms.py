"""Forms of the reviews app: they parse input; services decide and validate the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardDecision, Occasion
from thidua.core.forms import DayInput
from thidua.documents.models import Document
from thidua.emulation.models import Movement
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm
from thidua.plans.models import Plan
from thidua.reporting.models import Indicator, ReportForm
from thidua.reviews.models import Review


class ReviewForm(UnitPickerForm):
    """What is reviewed, over which years, by whom, and which figures to assemble."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Review.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    start_year = forms.IntegerField(label=_("From year"), min_value=1945, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=1945, max_value=2100)
    document = forms.ModelChoiceField(
        queryset=Document.objects.none(), label=_("Reviewed document"), required=False
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(), label=_("Reviewed plan or programme"), required=False
    )
    movement = forms.ModelChoiceField(
        queryset=Movement.objects.none(), label=_("Reviewed movement"), required=False
    )
    unit = UnitPickerField(multiple=False, label=_("Reviewing unit"), purpose="manage")
    area = UnitPickerField(
        multiple=False,
        label=_("Reviewed area"),
        required=False,
        help_text=_(
            "Type part of the unit's name and choose it; its whole subtree is reviewed "
            "(empty: the reviewing unit)."
        ),
    )
    meeting_date = forms.DateField(label=_("Meeting date"), required=False, widget=DayInput())
    report_forms = forms.ModelMultipleChoiceField(
        queryset=ReportForm.objects.none(),
        label=_("Report forms"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        label=_("Indicators"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every indicator of the chosen forms."),
    )
    decisions = forms.ModelMultipleChoiceField(
        queryset=AwardDecision.objects.none(),
        label=_("Award decisions on the occasion of this review"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Assessment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        f = self.fields
        f["document"].queryset = Document.objects.restrict(user).order_by("-year", "symbol")
        f["plan"].queryset = Plan.objects.restrict(user).order_by("-period_start", "title")
        f["movement"].queryset = Movement.objects.restrict(user).order_by("name")
        visible_forms = ReportForm.objects.restrict(user).order_by("code")
        f["report_forms"].queryset = visible_forms
        f["indicators"].queryset = Indicator.objects.filter(
            pk__in=visible_forms.values("sections__items__indicator")
        ).order_by("code")
        f["decisions"].queryset = (
            AwardDecision.objects.restrict(user)
            .filter(occasion=Occasion.REVIEW)
            .select_related("document")
            .order_by("-decided_on")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The span ends before it starts."))
        if not (data.get("document") or data.get("plan") or data.get("movement")):
            raise forms.ValidationError(
                _("Choose what is reviewed: a document, a plan or programme, or a movement.")
            )
        return data
