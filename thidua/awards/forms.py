"""Forms of the awards pages: they parse input; services decide."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import (
    AwardType,
    GrantingAuthority,
    Nomination,
    Occasion,
    Person,
    TaskRating,
)
from thidua.core.forms import DayInput
from thidua.emulation.models import Movement
from thidua.orgunits.models import OrgUnit
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm


class RegistrySearchForm(UnitPickerForm):
    """The registry's search (a GET form): the unit is any the user may browse."""

    person = forms.CharField(label=_("Person"), required=False, max_length=200)
    unit = UnitPickerField(label=_("Unit"), multiple=False, required=False, help_text="")
    award_type = forms.ModelChoiceField(
        queryset=AwardType.objects.all(), label=_("Award"), required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=120)


class NominationForm(UnitPickerForm):
    proposing_unit = UnitPickerField(
        label=_("Proposing unit"), multiple=False, purpose="report", preselect=True
    )
    award_type = forms.ModelChoiceField(
        queryset=AwardType.objects.filter(is_active=True), label=_("Award")
    )
    authority = forms.ModelChoiceField(
        queryset=GrantingAuthority.objects.none(), label=_("Granting authority")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("Person"), required=False
    )
    candidate_unit = UnitPickerField(
        label=_("or collective"), multiple=False, purpose="report", required=False
    )
    occasion = forms.ChoiceField(choices=Occasion.choices, label=_("Occasion"))
    movement = forms.ModelChoiceField(
        queryset=Movement.objects.none(), label=_("Movement"), required=False
    )
    grounds = forms.MultipleChoiceField(
        choices=Nomination.Ground.choices,
        required=False,
        label=_("Grounds claimed"),
        widget=forms.CheckboxSelectMultiple,
    )
    achievements = forms.CharField(
        label=_("Achievement report"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, user: Any, people: Any, movements: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = people
        self.fields["movement"].queryset = movements
        today = timezone.localdate()
        authority = self.fields["authority"]
        authority.queryset = GrantingAuthority.objects.filter(
            GrantingAuthority.valid_q(today)
        ).select_related("award_type")
        # Listed under their award, each named by itself: the award is not repeated in
        # every option (where a phone's narrow list would cut off what tells them apart).
        by_award: dict[str, list[tuple[int, str]]] = {}
        for a in authority.queryset:
            by_award.setdefault(str(a.award_type), []).append((a.pk, a.title))
        authority.choices = [("", authority.empty_label), *by_award.items()]


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Attach a file to the dossier"))


class GrantingUnitForm(UnitPickerForm):
    """The granting unit whose decision is prepared (the decision page's GET form): one
    where the user approves that holds a granting power (``units``)."""

    authority_unit = UnitPickerField(label=_("Granting unit"), multiple=False, purpose="approve")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_authority_unit(self) -> OrgUnit | None:
        unit = self.cleaned_data["authority_unit"]
        if unit is not None and not self.units.filter(pk=unit.pk).exists():
            raise forms.ValidationError(
                _("%(unit)s holds no power to grant awards: choose a unit that does.")
                % {"unit": unit.name}
            )
        return unit


class DecisionForm(GrantingUnitForm):
    """The decision of the granting unit chosen above it on the page (carried hidden: the
    nominations listed are that unit's)."""

    authority_unit = UnitPickerField(
        label=_("Granting unit"), multiple=False, purpose="approve", widget=forms.HiddenInput
    )
    authority_title = forms.CharField(label=_("Signed as"), max_length=200)
    symbol = forms.CharField(
        label=_("Number and symbol"), max_length=120, help_text=_("e.g. 1234/QĐ-UBND")
    )
    decided_on = forms.DateField(label=_("Date"), widget=DayInput())
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    signer = forms.CharField(label=_("Signer"), max_length=200, required=False)
    occasion = forms.ChoiceField(choices=Occasion.choices, label=_("Occasion"))
    movement = forms.ModelChoiceField(
        queryset=Movement.objects.none(), label=_("Movement"), required=False
    )
    reason = forms.CharField(
        label=_("For"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    nominations = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.none(),
        label=_("Nominations granted"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, nominations: Any, movements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations
        self.fields["movement"].queryset = movements

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The unit is a hidden input: what is wrong with it is said above the form.
        for message in self._errors.pop("authority_unit", []):
            self.add_error(None, message)
        return data


class AwardTypeForm(forms.ModelForm):
    """The administrator's form: names, cash multiple, rule and its parameters (JSON)."""

    rule_params = forms.CharField(
        label=_("Rule parameters (JSON)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AwardType
        fields = [
            "name",
            "name_en",
            "short",
            "cash_multiple",
            "rule_kind",
            "rule_text",
            "verified",
            "legal_basis",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rule_params"] = json.dumps(self.instance.rule_params, ensure_ascii=False)
            self.initial["version"] = self.instance.version

    def clean_rule_params(self) -> dict:
        try:
            value = json.loads(self.cleaned_data["rule_params"] or "{}")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(e)s") % {"e": exc}) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Rule parameters must be a JSON object."))
        return value


class PersonYearForm(forms.Form):
    """A person's yearly record; ``version`` guards a correction against a concurrent one."""

    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    rating = forms.ChoiceField(label=_("Task rating"), choices=TaskRating.choices)
    disciplined = forms.BooleanField(label=_("Disciplined (reprimand or above)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, taken: Any = (), editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken, self.editing = set(taken), editing
        if editing:
            self.fields["year"].disabled = True
            self.fields["version"].required = True

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not self.editing and year in self.taken:
            raise forms.ValidationError(
                _("There is already a record for %(year)s; correct that one instead.")
                % {"year": year}
            )
        return year


class UnitYearForm(forms.Form):
    """A collective's yearly record, kept by its supervisor: a new year, or the correction
    of a recorded one (it then carries the version it was loaded with)."""

    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    rating = forms.ChoiceField(label=_("Task rating"), choices=TaskRating.choices)
    headcount = forms.IntegerField(
        label=_("Members"),
        min_value=0,
        required=False,
        help_text=_("Empty: the people registered in the unit are its members."),
    )
    all_members_completed = forms.BooleanField(
        label=_("Every member completed their tasks"), required=False
    )
    members_disciplined = forms.IntegerField(
        label=_("Members disciplined (reprimand or above)"), min_value=0, initial=0
    )
    serious_breach = forms.BooleanField(label=_("Serious breach"), required=False)
    exceeded_targets = forms.BooleanField(
        label=_("Exceeded the movement's targets"), required=False
    )

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, taken: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = set(taken)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year")
        if year in self.taken and data.get("version") is None:
            self.add_error(
                "year",
                _(
                    "There is already a record for %(year)s: press “Correct” beside it in "
                    "the list to change it."
                )
                % {"year": year},
            )
        return data


class PastTitleForm(forms.Form):
    """An emulation title granted before thidua (from a paper decision), for the history."""

    award_type = forms.ModelChoiceField(queryset=AwardType.objects.none(), label=_("Title"))
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    decision_ref = forms.CharField(
        label=_("Decision"), max_length=200, help_text=_("Number, symbol and date, as printed.")
    )
    granted_by = forms.CharField(label=_("Granted by"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.filter(
            is_active=True,
            category=AwardType.Category.TITLE,
            recipient_kind__in=["individual", "both"],
        ).order_by("order", "name")
