"""API shapes of the reviews app."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from thidua.awards.models import AwardDecision
from thidua.documents.models import Document
from thidua.emulation.models import Movement
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import Plan
from thidua.reporting.models import Indicator, ReportForm
from thidua.reviews.models import Review


class ReviewSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    area = serializers.CharField(source="area.code", read_only=True)
    forms = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "kind",
            "title",
            "start_year",
            "end_year",
            "document",
            "plan",
            "movement",
            "unit",
            "area",
            "meeting_date",
            "forms",
            "indicators",
            "decisions",
            "summary",
            "status",
            "number",
            "previous",
            "is_current",
            "finalised_at",
            "version",
        ]
        read_only_fields = fields


class ReviewDetailSerializer(ReviewSerializer):
    """A review with its assembled figures: the snapshot once finalised, live before."""

    data = serializers.SerializerMethodField()

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "data"]
        read_only_fields = fields

    def get_data(self, obj: Review) -> dict[str, Any]:
        return self.context["data"]


class ReviewInput(serializers.Serializer):
    """A new draft review; related objects must be visible to the caller."""

    kind = serializers.ChoiceField(choices=Review.Kind.choices, default=Review.Kind.FINAL)
    title = serializers.CharField(max_length=500)
    start_year = serializers.IntegerField(min_value=1945, max_value=2100)
    end_year = serializers.IntegerField(min_value=1945, max_value=2100)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.none(), required=False, allow_null=True
    )
    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), required=False, allow_null=True
    )
    movement = serializers.PrimaryKeyRelatedField(
        queryset=Movement.objects.none(), required=False, allow_null=True
    )
    meeting_date = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    forms = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ReportForm.objects.none(), required=False
    )
    indicators = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Indicator.objects.all(), required=False
    )
    decisions = serializers.PrimaryKeyRelatedField(
        many=True, queryset=AwardDecision.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is None:  # the schema generator builds the serializer without a caller
            return
        f = self.fields
        f["document"].queryset = Document.objects.restrict(user)
        f["plan"].queryset = Plan.objects.restrict(user)
        f["movement"].queryset = Movement.objects.restrict(user)
        f["forms"].child_relation.queryset = ReportForm.objects.restrict(user)
        f["decisions"].child_relation.queryset = AwardDecision.objects.restrict(user)
