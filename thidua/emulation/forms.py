"""Forms of the emulation pages: they parse input; services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DayInput
from thidua.documents.models import Document
from thidua.emulation.models import (
    ContestRound,
    Criterion,
    Entry,
    Evaluation,
    Movement,
    MovementGroup,
    Prize,
    RecipientKind,
)
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm


class PledgeForm(UnitPickerForm):
    unit = UnitPickerField(label=_("Unit"), multiple=False, purpose="report", preselect=True)
    group = forms.ModelChoiceField(queryset=MovementGroup.objects.none(), label=_("Subject group"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    targets = forms.CharField(label=_("Targets"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, movement: Movement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


# ---- movements and their structure -------------------------------------------------------

DATE = DayInput()


class VersionedForm(forms.Form):
    """A form that carries the version of the row it edits (empty when it adds one)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MovementForm(UnitPickerForm, VersionedForm):
    """Create a movement (``creating``) or edit it; code, owner and links are set once."""

    name = forms.CharField(label=_("Title"), max_length=300)
    code = forms.SlugField(
        label=_("Short code (optional)"),
        max_length=60,
        required=False,
        help_text=_("Left empty, it is made from the title."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Movement.Kind.choices)
    owner_unit = UnitPickerField(
        label=_("Run by"), multiple=False, purpose="manage", preselect=True
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DATE,
        help_text=_("Required for a thematic movement."),
    )
    launch_document = forms.ModelChoiceField(
        queryset=Document.objects.none(), label=_("Launched by (document)"), required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    report_deadline = forms.CharField(
        label=_("Reporting rule"),
        max_length=200,
        required=False,
        help_text=_("e.g. every year before 30 November, to the Ministry of Public Security"),
    )
    is_public = forms.BooleanField(label=_("Published to every member"), required=False)
    integrated_with = forms.ModelMultipleChoiceField(
        queryset=Movement.objects.none(),
        label=_("Integrated with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        creating: bool,
        documents: Any,
        movements: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["launch_document"].queryset = documents
        if creating:
            self.fields["integrated_with"].queryset = movements
            del self.fields["version"]
        else:
            for name in ("code", "owner_unit", "integrated_with"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Said here too so that it shows beside the other errors (the model says it again).
        if data.get("kind") == Movement.Kind.THEMATIC and not data.get("ends_on"):
            self.add_error("ends_on", _("A thematic movement needs an end date."))
        return data


class IntegrateForm(forms.Form):
    other = forms.ModelChoiceField(
        queryset=Movement.objects.none(), label=_("Integrate with the movement")
    )

    def __init__(self, *args: Any, movements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = movements


class NumberedForm(VersionedForm):
    """A numbered row (content, subject group, criterion): the number is fixed once set."""

    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)

    def __init__(self, *args: Any, taken: Any = (), editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = set(taken)
        self.editing = editing
        if editing:
            self.fields["number"].disabled = True

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if not self.editing and number in self.taken:
            raise forms.ValidationError(
                _("Number %(n)s is already used; edit that one instead.") % {"n": number}
            )
        return number


class ContentForm(NumberedForm):
    text = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))


class GroupForm(NumberedForm):
    name = forms.CharField(label=_("Subject group"), max_length=300)
    recipient_kind = forms.ChoiceField(label=_("Who is judged"), choices=RecipientKind.choices)


class CriterionForm(NumberedForm):
    text = forms.CharField(label=_("Criterion"), widget=forms.Textarea(attrs={"rows": 3}))
    max_score = forms.DecimalField(
        label=_("Maximum score"), max_digits=8, decimal_places=2, initial=Decimal("10")
    )
    weight = forms.DecimalField(
        label=_("Weight"), max_digits=8, decimal_places=2, initial=Decimal("1")
    )
    method = forms.ChoiceField(label=_("Scored"), choices=Criterion.Method.choices)
    indicator_code = forms.ChoiceField(
        label=_("Reported indicator"),
        required=False,
        help_text=_("For a computed score: the indicator of a report form it is computed from."),
    )
    indicator_target = forms.DecimalField(
        label=_("Indicator target"),
        max_digits=8,
        decimal_places=2,
        required=False,
        help_text=_("The value that earns the maximum score."),
    )

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [("", "—"), *indicators]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method", Criterion.Method.MANUAL) == Criterion.Method.MANUAL:
            data["indicator_code"], data["indicator_target"] = "", None
        elif not data.get("indicator_code"):
            self.add_error(
                "indicator_code",
                _("A computed criterion needs the reported indicator it is computed from."),
            )
        return data


class PledgeEditForm(VersionedForm):
    group = forms.ModelChoiceField(queryset=MovementGroup.objects.none(), label=_("Subject group"))
    targets = forms.CharField(label=_("Targets"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, movement: Movement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = movement.groups.all()


# ---- contests ----------------------------------------------------------------------------


class ContestForm(UnitPickerForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = UnitPickerField(label=_("Run by"), multiple=False, purpose="manage", preselect=True)
    organiser = forms.CharField(label=_("Organised by"), max_length=300, required=False)
    topic = forms.CharField(
        label=_("Topic"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    movement = forms.ModelChoiceField(
        queryset=Movement.objects.none(), label=_("Part of the movement"), required=False
    )
    basis_document = forms.ModelChoiceField(
        queryset=Document.objects.none(), label=_("Implements (document)"), required=False
    )
    prizes = forms.CharField(
        label=_("Prizes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One prize a line, best first (e.g. A prize, B prize, consolation prize)."),
    )

    def __init__(self, *args: Any, movements: Any, documents: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["movement"].queryset = movements
        self.fields["basis_document"].queryset = documents

    def clean_prizes(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["prizes"].splitlines()]
        prizes = [line for line in lines if line]
        if len(set(prizes)) != len(prizes):
            raise forms.ValidationError(_("Each prize is named once."))
        if any(len(p) > 120 for p in prizes):
            raise forms.ValidationError(_("A prize name has at most 120 characters."))
        return prizes


class RoundForm(forms.Form):
    """One screening round; rows left empty are skipped."""

    level = forms.ChoiceField(
        label=_("Level"), choices=[("", "—"), *ContestRound.Level.choices], required=False
    )
    name = forms.CharField(label=_("Round"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("level") and not data.get("name"):
            self.add_error("name", _("Name the round."))
        if data.get("name") and not data.get("level"):
            self.add_error("level", _("Choose the round's level."))
        return data


RoundFormSet = forms.formset_factory(RoundForm, extra=4, max_num=10)


class EntryForm(UnitPickerForm):
    title = forms.CharField(label=_("Title"), max_length=400)
    author = forms.CharField(label=_("Author"), max_length=300)
    unit = UnitPickerField(
        label=_("Sent by (unit)"), multiple=False, purpose="report", preselect=True
    )


class SelectForm(forms.Form):
    round = forms.ModelChoiceField(
        queryset=ContestRound.objects.none(), label=_("Selected into the round")
    )
    entries = forms.ModelMultipleChoiceField(
        queryset=Entry.objects.none(), label=_("Entries"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, rounds: Any, entries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda e: f"{e.title} — {e.author} ({e.unit})"


class PrizeForm(VersionedForm):
    prize = forms.ModelChoiceField(
        queryset=Prize.objects.none(), label=_("Prize"), required=False, empty_label=_("no prize")
    )

    def __init__(self, *args: Any, prizes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prize"].queryset = prizes


class TallyForm(UnitPickerForm, VersionedForm):
    """A figure reported by a unit for a round; adding one twice is refused (edit it). A
    correction (``editing``) changes the figure only: its round and unit are fixed."""

    round = forms.ModelChoiceField(queryset=ContestRound.objects.none(), label=_("Round"))
    unit = UnitPickerField(label=_("Unit"), multiple=False, purpose="report", preselect=True)
    entries = forms.IntegerField(label=_("Entries"), min_value=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(
        self, *args: Any, rounds: Any, taken: Any = (), editing: bool = False, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["round"].queryset = rounds
        self.taken = set(taken)
        if editing:
            del self.fields["round"]
            del self.fields["unit"]
        self.editing = editing

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rnd, unit = data.get("round"), data.get("unit")
        if not self.editing and rnd and unit and (rnd.pk, unit.pk) in self.taken:
            self.add_error(
                "unit", _("This unit already reported a figure for that round; edit it instead.")
            )
        return data
