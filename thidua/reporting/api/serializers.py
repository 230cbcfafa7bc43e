"""Serializers of the reporting API."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from rest_framework import serializers

from thidua.reporting.models import Period, ReportForm, Submission
from thidua.reporting.values import form_items, item_keys


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "form", "year", "number", "label", "start", "end", "deadline"]


class ReportFormSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "name",
            "owner",
            "periodicity",
            "deadline_kind",
            "deadline_month",
            "deadline_day",
            "deadline_working_days",
            "cutoff_day",
            "indicators",
        ]

    def get_indicators(self, form: ReportForm) -> list[dict]:
        return [
            {
                "code": it.indicator.code,
                "name": it.indicator.name,
                "unit_of_measure": it.indicator.unit_of_measure,
                "value_type": it.indicator.value_type,
                "aggregation": it.indicator.aggregation,
                # The bounds a value is checked against (null: none), as decimal text.
                "min_value": _bound(it.indicator.min_value),
                "max_value": _bound(it.indicator.max_value),
                "keys": [k for k, _ in item_keys(it.indicator)],
                "required": it.required,
            }
            for it in form_items(form)
        ]


def _bound(value: Any) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class SubmissionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.PrimaryKeyRelatedField(read_only=True)
    values = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "form",
            "period",
            "unit",
            "number",
            "status",
            "is_current",
            "version",
            "first_submitted_on",
            "submitted_at",
            "decided_at",
            "return_reason",
            "outliers",
            "values",
        ]

    def get_values(self, sub: Submission) -> list[dict]:
        # Prefetched by ``selectors.submission_list`` for a list (then this reads nothing);
        # a report answered alone (made, submitted, approved) reads its figures with their
        # indicators in two queries, not one per figure.
        prefetch_related_objects([sub], "values__indicator")
        return [
            {
                "indicator": v.indicator.code,
                "key": v.key,
                "value": v.text if v.text else (str(v.number) if v.number is not None else None),
            }
            for v in sorted(sub.values.all(), key=lambda v: (v.indicator_id, v.key))
        ]


class ValueInSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=60)
    key = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    value = serializers.JSONField(allow_null=True)


class SubmissionInSerializer(serializers.Serializer):
    """A new report (``POST``): one per unit and period; a second one is refused (409)."""

    period = serializers.IntegerField()
    unit = serializers.CharField(max_length=40, help_text="unit code")
    values = ValueInSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    submit = serializers.BooleanField(required=False, default=False)


class SubmissionChangeSerializer(serializers.Serializer):
    """A refill of a draft or returned report (``PATCH``), at the version it was read.

    ``values`` are the report's figures, all of them (a figure left out is emptied), as
    for a new report; ``note`` left out keeps the report's note.
    """

    version = serializers.IntegerField(help_text="the report's version when it was read")
    values = ValueInSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    submit = serializers.BooleanField(required=False, default=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
