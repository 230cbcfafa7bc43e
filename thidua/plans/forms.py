"""Forms of the plans app: they parse input; services decide and validate the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DayInput
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit, UnitKind
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm
from thidua.plans.models import Plan, PlanDocument, Task, TaskAssignment, TaskStatus
from thidua.plans.selectors import document_by_symbol

DATE = DayInput()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(UnitPickerForm, VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    # Co-issuers may be any unit; the rule wants one the user manages among them.
    issuing_units = UnitPickerField(label=_("Issuing units"), purpose="tree")
    monitoring_units = UnitPickerField(label=_("Monitoring units"), purpose="tree", required=False)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    parent = forms.ModelChoiceField(
        label=_("Part of programme"), queryset=Plan.objects.none(), required=False
    )

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents
        else:
            del self.fields["parent"]

    @staticmethod
    def initial_for(plan: Plan) -> dict[str, Any]:
        """The edit form's values: the plan as loaded (its units prefetched)."""
        return {
            "kind": plan.kind,
            "title": plan.title,
            "summary": plan.summary,
            "issuing_units": list(plan.issuing_units.all()),
            "monitoring_units": list(plan.monitoring_units.all()),
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "place": plan.place,
            "version": plan.version,
        }


class TaskGroupForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class TaskForm(UnitPickerForm, VersionedForm):
    # What the edit form changes (``task_update``); assignments have their own forms.
    EDITABLE = (
        "group",
        "title",
        "description",
        "start_date",
        "due_date",
        "recurrence",
        "recur_day",
        "recur_month",
        "recur_until",
        "expected_outputs",
        "content_items",
    )

    group = forms.ModelChoiceField(label=_("Task group"), queryset=None, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    start_date = forms.DateField(
        label=_("Window start"), widget=DATE, required=False, help_text=_("Only for a window.")
    )
    due_date = forms.DateField(
        label=_("Deadline or window end"),
        widget=DATE,
        required=False,
        help_text=_("For a repeating task, its first deadline (empty: the rule's next day)."),
    )
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Task.Recurrence.choices, required=False
    )
    # Labels and help from the model: the rule of each kind is explained in one place.
    recur_day = forms.IntegerField(
        label=_("Due day"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=Task._meta.get_field("recur_day").help_text,
    )
    recur_month = forms.IntegerField(
        label=_("Due month"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=Task._meta.get_field("recur_month").help_text,
    )
    recur_until = forms.DateField(
        label=_("Repeats until"),
        widget=DATE,
        required=False,
        help_text=Task._meta.get_field("recur_until").help_text,
    )
    expected_outputs = forms.CharField(
        label=_("Expected outputs"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    content_items = forms.CharField(
        label=_("Content items"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One per line (for example the slogans to display)."),
    )
    lead_units = UnitPickerField(label=_("Lead units"), required=False)
    coordinating_units = UnitPickerField(label=_("Coordinating units"), required=False)

    def __init__(self, *args: Any, plan: Plan, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = plan.groups.order_by("order")
        if editing:
            # Assignment changes go through the assign forms on the task page.
            del self.fields["lead_units"]
            del self.fields["coordinating_units"]

    @classmethod
    def initial_for(cls, task: Task) -> dict[str, Any]:
        initial = {f: getattr(task, f) for f in cls.EDITABLE}
        initial.update(content_items="\n".join(task.content_items or []), version=task.version)
        return initial

    def clean_content_items(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["content_items"].splitlines() if line.strip()
        ]


class AssignForm(UnitPickerForm):
    units = UnitPickerField(label=_("Units"))
    role = forms.ChoiceField(label=_("Role"), choices=TaskAssignment.Role.choices)


class BulkAssignForm(UnitPickerForm):
    under = UnitPickerField(label=_("Every unit below"), multiple=False)
    kinds = forms.ModelMultipleChoiceField(
        label=_("Of the kinds"),
        queryset=UnitKind.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )
    whole_subtree = forms.BooleanField(
        label=_("The whole subtree, not only the units directly below"),
        required=False,
        initial=True,
    )
    role = forms.ChoiceField(label=_("Role"), choices=TaskAssignment.Role.choices)


class ProgressForm(forms.Form):
    assignment = forms.ModelChoiceField(label=_("For unit"), queryset=TaskAssignment.objects.none())
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(self, *args: Any, assignments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: str(a.unit)
        if len(assignments) == 1:
            self.fields["assignment"].initial = assignments[0].pk


class ProgressEditForm(forms.Form):
    """Correct the wording of an update; the percent changes only by a new update."""

    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("version") is None and "version" not in self.errors:
            # Without it a stale page would overwrite someone else's correction unseen.
            raise forms.ValidationError(_("The page is incomplete; reload it and try again."))
        return data

    @classmethod
    def again(cls, data: Any, *, version: int) -> ProgressEditForm:
        """The text the user typed, on top of the ``version`` saved meanwhile, with the
        conflict said above it: saving it again is then deliberate."""
        data = data.copy()
        data["version"] = str(version)
        form = cls(data)
        form.is_valid()
        form.add_error(
            None,
            _(
                "Someone else changed this update after you opened it. Its current "
                "text is shown below: compare it with yours, then save again."
            ),
        )
        return form


class PlanDocumentForm(forms.Form):
    """Link a document to a plan, chosen by its number and symbol in any spelling."""

    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=120,
        help_text=_("In any spelling, for example 23-CT/TW or 30/2020/ND-CP."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("Only if several documents share the number and symbol."),
    )
    relation = forms.ChoiceField(
        label=_("The plan"),
        choices=PlanDocument.Relation.choices,
        initial=PlanDocument.Relation.IMPLEMENTS,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.document: Document | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("symbol") and "year" not in self.errors:
            try:
                self.document = document_by_symbol(
                    user=self.user, symbol=data["symbol"], year=data.get("year")
                )
            except forms.ValidationError as exc:
                self.add_error("symbol", exc)
        return data


class ProgressFilterForm(UnitPickerForm):
    under = UnitPickerField(label=_("Within unit"), multiple=False, required=False, help_text="")
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("any")), *TaskStatus.choices], required=False
    )
    due_from = forms.DateField(label=_("Deadline from"), widget=DATE, required=False)
    due_to = forms.DateField(label=_("Deadline to"), widget=DATE, required=False)


class ReportOptionsForm(UnitPickerForm):
    """The follow-up report's header: it is issued by one of the plan's issuing or
    monitoring units (``issuers``), chosen already when there is one."""

    issuer = UnitPickerField(label=_("Issued by"), multiple=False, purpose="tree")
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        required=False,
        help_text=_(
            "A number alone (15) is printed with the issuer's abbreviation (15/BC-UBND); a "
            "whole number and symbol is printed as typed; left empty, the report leaves "
            "room to write it in."
        ),
    )
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=200,
        required=False,
        help_text=_(
            "Left empty, the head of the issuing body signs (Trưởng ban, Giám đốc…); a "
            "deputy's title (Phó …) signs for the head (KT.)."
        ),
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200, required=False)

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issuers = list(issuers)
        names = ", ".join(u.name for u in self.issuers)
        self.fields["issuer"].help_text = _(
            "One of the plan's issuing or monitoring units: %(units)s."
        ) % {"units": names}
        if len(self.issuers) == 1 and not self.is_bound:
            self.initial.setdefault("issuer", self.issuers[0])

    def clean_issuer(self) -> OrgUnit | None:
        unit = self.cleaned_data["issuer"]
        if unit is not None and unit not in self.issuers:
            raise forms.ValidationError(
                _(
                    "%(unit)s is neither an issuing nor a monitoring unit of this plan. "
                    "Choose one of them: %(units)s."
                )
                % {"unit": unit.name, "units": ", ".join(u.name for u in self.issuers)}
            )
        return unit
