"""Forms of the document registry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DayInput
from thidua.documents.models import Document, DocumentRelation, DocumentType
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm


class DocumentForm(UnitPickerForm):
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=120,
        required=False,
        help_text=_("As printed, e.g. 92/KH-BCĐNQ or 35-NQ/TW."),
    )
    doc_type = forms.ModelChoiceField(
        DocumentType.objects.all(),
        label=_("Type"),
        required=False,
        help_text=_("Read from the symbol when left empty."),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DayInput())
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    signer = forms.CharField(label=_("Signer"), max_length=200, required=False)
    # Issuers and recipients may be any unit of the tree: the rule wants one the user
    # reports for among them (``documents.permissions`` ``create``/``edit``).
    issuing_units = UnitPickerField(label=_("Issuing units"), purpose="tree")
    recipient_units = UnitPickerField(label=_("Recipients"), purpose="tree", required=False)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    full_text = forms.CharField(
        label=_("Full text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    is_public = forms.BooleanField(label=_("Public (published) document"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: Any, document: Document | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, user=user, **kwargs)

    @staticmethod
    def initial_of(document: Document) -> dict[str, Any]:
        """The form's values for editing ``document`` (with the version it is loaded at)."""
        return {
            "symbol": document.symbol,
            "doc_type": document.doc_type,
            "title": document.title,
            "issued_on": document.issued_on,
            "place": document.place,
            "signer": document.signer,
            "issuing_units": list(document.issuing_units.all()),
            "recipient_units": list(document.recipient_units.all()),
            "summary": document.summary,
            "full_text": document.full_text,
            "is_public": document.is_public,
            "version": document.version,
        }


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=DocumentRelation.Kind.choices)
    target_symbol = forms.CharField(
        label=_("Other document's number and symbol"),
        max_length=120,
        help_text=_("Any spelling: 35-NQ/TW, 2447/QD-TTg…"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
