"""Forms of the emulation pages: they parse input; services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.emulation.models import Evaluation, Movement, MovementGroup
from thidua.orgunits.models import OrgUnit


class PledgeForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"))
    group = forms.ModelChoiceField(queryset=MovementGroup.objects.none(), label=_("Subject group"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    targets = forms.CharField(label=_("Targets"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, movement: Movement, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["group"].queryset = movement.groups.all()


class ScoresForm(forms.Form):
    """One score and one note field per criterion, built from the evaluation's score rows."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Review note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, evaluation: Evaluation, mode: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.rows = list(evaluation.scores.all())
        for s in self.rows:
            c = s.criterion
            label = f"{c.group.number}.{c.number}"
            current = s.self_score if mode == "self" else s.reviewed_score
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=_("Score %(n)s (max %(max)s)") % {"n": label, "max": c.max_score},
                required=False,
                min_value=Decimal("0"),
                max_value=c.max_score,
                initial=current,
            )
            self.fields[f"text_{c.pk}"] = forms.CharField(
                label=_("Evidence %(n)s") % {"n": label}
                if mode == "self"
                else _("Reviewer's note %(n)s") % {"n": label},
                required=False,
                initial=s.evidence if mode == "self" else s.review_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if mode == "self":
            del self.fields["note"]

    def scores(self) -> dict[int, tuple[Decimal | None, str]]:
        out = {}
        for s in self.rows:
            cid = s.criterion_id
            value = self.cleaned_data.get(f"score_{cid}")
            text = self.cleaned_data.get(f"text_{cid}") or ""
            if self.mode == "review" and value is None and not text:
                continue
            out[cid] = (value, text)
        return out
