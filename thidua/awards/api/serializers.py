"""API shapes of the awards app."""

from __future__ import annotations

from rest_framework import serializers

from thidua.awards.eligibility import Verdict
from thidua.awards.models import (
    Award,
    AwardDecision,
    AwardType,
    GrantingAuthority,
    Nomination,
    Occasion,
    Person,
)
from thidua.signing.permissions import signed_copy_of
from thidua.signing.serializers import SignatureSerializer


class AuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = GrantingAuthority
        fields = ["id", "title", "unit", "unit_kind", "valid_from", "valid_to"]


class AwardTypeSerializer(serializers.ModelSerializer):
    authorities = AuthoritySerializer(many=True, read_only=True)

    class Meta:
        model = AwardType
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "short",
            "category",
            "recipient_kind",
            "level",
            "cash_multiple",
            "rule_kind",
            "rule_params",
            "rule_text",
            "verified",
            "legal_basis",
            "is_active",
            "authorities",
            "version",
        ]
        read_only_fields = ["code", "authorities"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "full_name", "position", "unit", "version"]
        read_only_fields = ["version"]


class AwardSerializer(serializers.ModelSerializer):
    award = serializers.CharField(source="award_type.code", read_only=True)
    decision_symbol = serializers.CharField(
        source="decision.document.symbol", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Award
        fields = [
            "id",
            "award",
            "year",
            "person",
            "unit",
            "recipient_unit",
            "decision",
            "decision_symbol",
            "decision_ref",
            "granted_by",
            "cash_multiple",
            "citation",
        ]


class NominationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nomination
        fields = [
            "id",
            "award_type",
            "year",
            "person",
            "candidate_unit",
            "proposing_unit",
            "authority",
            "authority_unit",
            "current_unit",
            "route",
            "status",
            "occasion",
            "movement",
            "grounds",
            "achievements",
            "decision",
            "version",
        ]
        read_only_fields = [
            "authority_unit",
            "current_unit",
            "route",
            "status",
            "decision",
            "version",
        ]


class ActionInput(serializers.Serializer):
    version = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionInput(serializers.Serializer):
    authority_unit = serializers.IntegerField()
    authority_title = serializers.CharField(max_length=200)
    symbol = serializers.CharField(max_length=120)
    decided_on = serializers.DateField()
    signer = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.CharField(required=False, allow_blank=True, default="")
    occasion = serializers.ChoiceField(choices=Occasion.choices, default=Occasion.ANNUAL)
    movement = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    nominations = serializers.ListField(child=serializers.IntegerField(), min_length=1)


class DecisionSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(source="document.symbol", read_only=True)
    signed = serializers.SerializerMethodField(
        help_text="Whether the decision's PDF is signed digitally (its copy of record)."
    )
    signature = SignatureSerializer(source="document.signed_copy", read_only=True, allow_null=True)
    awards = AwardSerializer(many=True, read_only=True)

    class Meta:
        model = AwardDecision
        fields = [
            "id",
            "document",
            "symbol",
            "authority_unit",
            "authority_title",
            "signer",
            "decided_on",
            "occasion",
            "movement",
            "reason",
            "awards",
            "signed",
            "signature",
        ]

    def get_signed(self, obj: AwardDecision) -> bool:
        return signed_copy_of(obj.document) is not None


class VerdictCheckSerializer(serializers.Serializer):
    ok = serializers.BooleanField(allow_null=True, help_text="null: needs a person's judgement")
    text = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    """The shape of ``verdict_data``: what the schema says an eligibility answer is."""

    award = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    eligible = serializers.BooleanField()
    needs_judgement = serializers.BooleanField()
    unverified = serializers.BooleanField()
    checks = VerdictCheckSerializer(many=True)


def verdict_data(v: Verdict) -> dict:
    return {
        "award": v.award_type.code,
        "name": v.award_type.name,
        "year": v.year,
        "eligible": v.eligible,
        "needs_judgement": v.needs_judgement,
        "unverified": v.unverified,
        "checks": [{"ok": c.ok, "text": c.text} for c in v.checks],
    }
