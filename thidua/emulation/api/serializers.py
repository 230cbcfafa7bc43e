"""API shapes of the emulation app."""

from __future__ import annotations

from rest_framework import serializers

from thidua.emulation.models import (
    Contest,
    Criterion,
    Entry,
    Evaluation,
    Movement,
    MovementGroup,
    Pledge,
    RoundTally,
    Score,
)


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "number",
            "text",
            "max_score",
            "weight",
            "method",
            "indicator_code",
            "indicator_target",
        ]


class GroupSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = MovementGroup
        fields = ["id", "number", "name", "recipient_kind", "criteria"]


class MovementSerializer(serializers.ModelSerializer):
    contents = serializers.SerializerMethodField()
    groups = GroupSerializer(many=True, read_only=True)

    class Meta:
        model = Movement
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "owner_unit",
            "launch_document",
            "starts_on",
            "ends_on",
            "report_deadline",
            "integrated_with",
            "contents",
            "groups",
            "version",
        ]

    def get_contents(self, obj: Movement) -> list[dict]:
        return [{"number": c.number, "text": c.text} for c in obj.contents.all()]


class PledgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pledge
        fields = ["id", "movement", "group", "unit", "year", "targets", "status", "version"]
        read_only_fields = ["status", "version"]


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = [
            "criterion",
            "self_score",
            "evidence",
            "computed_score",
            "reviewed_score",
            "review_note",
        ]


class EvaluationSerializer(serializers.ModelSerializer):
    scores = ScoreSerializer(many=True, read_only=True)
    band = serializers.CharField(source="band.name", default=None, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "movement",
            "group",
            "unit",
            "person",
            "reviewer_unit",
            "year",
            "status",
            "self_total",
            "review_total",
            "final_total",
            "percent",
            "band",
            "rank",
            "scores",
            "version",
        ]
        read_only_fields = fields


class ScoreInput(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, required=False
    )
    text = serializers.CharField(allow_blank=True, required=False, default="")


class ScoresInput(serializers.Serializer):
    version = serializers.IntegerField()
    scores = ScoreInput(many=True)
    submit = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField()


class ContestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contest
        fields = ["id", "name", "year", "unit", "organiser", "topic", "movement", "basis_document"]


class PledgeUpdateInput(serializers.Serializer):
    """Change a pledge's subject group or targets; ``version`` is the one you loaded."""

    version = serializers.IntegerField()
    group = serializers.IntegerField(required=False)
    targets = serializers.CharField(required=False)


class EntrySerializer(serializers.ModelSerializer):
    rounds = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "contest", "title", "author", "unit", "rounds", "prize", "version"]
        read_only_fields = ["rounds", "prize", "version"]


class SelectInput(serializers.Serializer):
    round = serializers.IntegerField()


class PrizeInput(serializers.Serializer):
    prize = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()


class TallySerializer(serializers.ModelSerializer):
    expected_version = serializers.IntegerField(
        write_only=True,
        required=False,
        help_text="When correcting a figure: the version you loaded (409 if it moved on).",
    )

    class Meta:
        model = RoundTally
        fields = ["id", "round", "unit", "entries", "note", "version", "expected_version"]
        read_only_fields = ["version"]
        # A unit reports again to correct its figure: no uniqueness check on input.
        validators: list = []
