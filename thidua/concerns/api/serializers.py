"""API representations. The raiser's contact of a concern issue is in none of them."""

from __future__ import annotations

from rest_framework import serializers

from thidua.concerns.models import ConcernIssue
from thidua.core.api.inputs import unit_code, unit_codes


class ConcernSerializer(serializers.ModelSerializer):
    """Every field except the raiser's contact, which the API neither returns nor accepts."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    referred_to = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    competent_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ConcernIssue
        fields = [
            "id",
            "unit",
            "plan",
            "summary",
            "category",
            "channel",
            "raised_where",
            "raised_on",
            "state",
            "referred_to",
            "competent_unit",
            "request_text",
            "answer_due",
            "forwarded_on",
            "answer",
            "answered_on",
            "closed_on",
            "close_note",
            "reopen_count",
            "urge_count",
            "last_urged_on",
            "version",
        ]
        read_only_fields = fields


class ConcernCreateSerializer(serializers.Serializer):
    unit = unit_code()
    summary = serializers.CharField()
    category = serializers.ChoiceField(choices=ConcernIssue.Category.choices)
    channel = serializers.ChoiceField(choices=ConcernIssue.Channel.choices, default="other")
    raised_where = serializers.CharField(max_length=300)
    raised_on = serializers.DateField()


class ReferSerializer(serializers.Serializer):
    standing_units = unit_codes()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ForwardSerializer(serializers.Serializer):
    competent_unit = unit_code()
    answer_due = serializers.DateField()
    request_text = serializers.CharField(required=False, allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()
    answer_due = serializers.DateField()
