"""API shapes of the emulation app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.emulation.models import (
    Contest,
    ContestRound,
    Criterion,
    Entry,
    Evaluation,
    Movement,
    MovementGroup,
    Pledge,
    Prize,
    RoundTally,
    Score,
)


def _one_of(rows: object, pk: int | None, message: str) -> object:
    """The row with ``pk`` among ``rows`` (an object's own related rows), else the message."""
    if pk is None:
        return None
    found = next((r for r in rows if r.pk == pk), None)  # type: ignore[attr-defined]
    if found is None:
        raise serializers.ValidationError(message)
    return found


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
    band = serializers.CharField(source="band.name", default=None, read_only=True, allow_null=True)

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


class ReopenInput(serializers.Serializer):
    version = serializers.IntegerField()
    note = serializers.CharField(help_text="Why it is reopened (required).")


class ContestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contest
        fields = ["id", "name", "year", "unit", "organiser", "topic", "movement", "basis_document"]


class PledgeUpdateInput(serializers.Serializer):
    """Change a pledge's subject group or targets; ``version`` is the one you loaded.

    ``context["movement"]``: the pledge's movement, whose subject groups ``group`` names."""

    version = serializers.IntegerField()
    group = serializers.IntegerField(required=False)
    targets = serializers.CharField(required=False)

    def validate_group(self, value: int) -> MovementGroup:
        return _one_of(  # type: ignore[return-value]
            self.context["movement"].groups.all(),
            value,
            _("That subject group belongs to another movement."),
        )


class EntrySerializer(serializers.ModelSerializer):
    rounds = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "contest", "title", "author", "unit", "rounds", "prize", "version"]
        read_only_fields = ["rounds", "prize", "version"]


class SelectInput(serializers.Serializer):
    """``context["contest"]``: the entry's contest, whose rounds ``round`` names."""

    round = serializers.IntegerField()

    def validate_round(self, value: int) -> ContestRound:
        return _one_of(  # type: ignore[return-value]
            self.context["contest"].rounds.all(),
            value,
            _("That round belongs to another contest."),
        )


class PrizeInput(serializers.Serializer):
    """``context["contest"]``: the entry's contest, whose prizes ``prize`` names (null
    takes the prize away)."""

    prize = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()

    def validate_prize(self, value: int | None) -> Prize | None:
        return _one_of(  # type: ignore[return-value]
            self.context["contest"].prizes.all(),
            value,
            _("That prize belongs to another contest."),
        )


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


class RankingRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    final_total = serializers.FloatField(allow_null=True)
    band = serializers.CharField(allow_null=True)


class RankingGroupSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    name = serializers.CharField()
    rows = RankingRowSerializer(many=True)


class RankingSerializer(serializers.Serializer):
    """The shape of a movement's ranking answer (``MovementViewSet.ranking``)."""

    year = serializers.IntegerField()
    groups = RankingGroupSerializer(many=True)


class ContestUnitCountSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="the unit's code")
    registered = serializers.IntegerField()
    reported = serializers.IntegerField(allow_null=True)


class ContestRoundCountSerializer(serializers.Serializer):
    """One round of a contest's counts (``ContestViewSet.counts``)."""

    round = serializers.CharField()
    level = serializers.CharField()
    total = serializers.IntegerField()
    units = ContestUnitCountSerializer(many=True)
