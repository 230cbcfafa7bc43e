"""API views of the emulation app: reads through selectors, workflow actions as endpoints.

Refusals are the services' (``thidua.emulation.permissions.rules``) and the serializers';
the global handler (``thidua.core.api.errors``) writes every error body."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.core.converters import as_id
from thidua.emulation import selectors, services
from thidua.emulation.api.serializers import (
    ContestRoundCountSerializer,
    ContestSerializer,
    EntrySerializer,
    EvaluationSerializer,
    MovementSerializer,
    PledgeSerializer,
    PledgeUpdateInput,
    PrizeInput,
    RankingSerializer,
    ReopenInput,
    ScoresInput,
    SelectInput,
    TallySerializer,
    VersionInput,
)


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "")
    return as_id(raw)


class MovementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MovementSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.movements_for_api(user=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="the latest year by default")],
        responses=RankingSerializer,
    )
    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, pk: str) -> Response:
        movement = selectors.movement_get(user=request.user, pk=int(pk))
        year = int(
            request.query_params.get("year")
            or (selectors.movement_years(movement=movement) or [0])[0]
        )
        return Response(
            {
                "year": year,
                "groups": [
                    {
                        "group": g.group.number,
                        "name": g.group.name,
                        "rows": [
                            {
                                "unit": e.unit_id,
                                "unit_name": str(e.unit),
                                "rank": e.rank,
                                "status": e.status,
                                "final_total": e.final_total,
                                "band": e.band.name if e.band else None,
                            }
                            for e in g.rows
                        ],
                    }
                    for g in selectors.ranking(user=request.user, movement=movement, year=year)
                ],
            }
        )


class PledgeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PledgeSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.pledges_for_api(
            user=self.request.user,
            movement=_int_param(self.request, "movement"),
            year=_int_param(self.request, "year"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("movement", int, description="Only this movement's pledges."),
            OpenApiParameter("year", int),
        ]
    )
    def list(self, request: Request) -> Response:
        return super().list(request)

    @extend_schema(request=PledgeUpdateInput, responses=PledgeSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the targets or subject group of a pledge your unit made (409 if stale)."""
        pledge = self.get_object()
        movement = selectors.movement_get(user=request.user, pk=pledge.movement_id)
        data = PledgeUpdateInput(data=request.data, context={"movement": movement})
        data.is_valid(raise_exception=True)
        result = services.pledge_register(
            user=request.user,
            movement=movement,
            group=data.validated_data.get("group", pledge.group),
            unit=pledge.unit,
            year=pledge.year,
            targets=data.validated_data.get("targets", pledge.targets),
            expected_version=data.validated_data["version"],
        )
        return Response(PledgeSerializer(result).data)

    def create(self, request: Request) -> Response:
        data = PledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        movement = selectors.movement_get(user=request.user, pk=data.validated_data["movement"].pk)
        pledge = services.pledge_register(
            user=request.user,
            movement=movement,
            **{k: v for k, v in data.validated_data.items() if k != "movement"},
        )
        return Response(PledgeSerializer(pledge).data, status=201)


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvaluationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.evaluations_for_api(user=self.request.user)

    def _scores(self, data: dict) -> dict:
        return {s["criterion"]: (s.get("score"), s.get("text", "")) for s in data["scores"]}

    @extend_schema(request=ScoresInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"], url_path="self-assess")
    def self_assess(self, request: Request, pk: str) -> Response:
        evaluation = selectors.evaluation_get(user=request.user, pk=int(pk))
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.evaluation_self_assess(
            user=request.user,
            evaluation=evaluation,
            expected_version=data.validated_data["version"],
            scores=self._scores(data.validated_data),
            submit=data.validated_data["submit"],
        )
        return Response(EvaluationSerializer(result).data)

    @extend_schema(request=ScoresInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        evaluation = selectors.evaluation_get(user=request.user, pk=int(pk))
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.evaluation_review(
            user=request.user,
            evaluation=evaluation,
            expected_version=data.validated_data["version"],
            scores=self._scores(data.validated_data),
            note=data.validated_data["note"],
        )
        return Response(EvaluationSerializer(result).data)

    @extend_schema(request=VersionInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def finalise(self, request: Request, pk: str) -> Response:
        evaluation = selectors.evaluation_get(user=request.user, pk=int(pk))
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.evaluation_finalise(
            user=request.user,
            evaluation=evaluation,
            expected_version=data.validated_data["version"],
        )
        return Response(EvaluationSerializer(result).data)

    @extend_schema(request=ReopenInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        """Send the evaluation back to its unit to be scored again (the reviewer or the
        movement's owner), saying why; computed scores follow today's approved figures."""
        evaluation = selectors.evaluation_get(user=request.user, pk=int(pk))
        data = ReopenInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.evaluation_reopen(
            user=request.user,
            evaluation=evaluation,
            expected_version=data.validated_data["version"],
            note=data.validated_data["note"],
        )
        return Response(EvaluationSerializer(result).data)


class ContestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContestSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.contests_for_api(user=self.request.user)

    @extend_schema(responses=ContestRoundCountSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def counts(self, request: Request, pk: str) -> Response:
        contest = selectors.contest_get(user=request.user, pk=int(pk))
        return Response(
            [
                {
                    "round": rc.round.name,
                    "level": rc.round.level,
                    "total": rc.total,
                    "units": [
                        {"unit": u.unit.code, "registered": u.registered, "reported": u.reported}
                        for u in rc.units
                    ],
                }
                for rc in selectors.contest_counts(user=request.user, contest=contest)
            ]
        )


class EntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Individually registered contest entries, scoped like the contest pages."""

    serializer_class = EntrySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.entries_for_api(
            user=self.request.user, contest=_int_param(self.request, "contest")
        )

    @extend_schema(parameters=[OpenApiParameter("contest", int)])
    def list(self, request: Request) -> Response:
        return super().list(request)

    def create(self, request: Request) -> Response:
        data = EntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        contest = selectors.contest_get(user=request.user, pk=v["contest"].pk)
        entry = services.entry_register(
            user=request.user, contest=contest, title=v["title"], author=v["author"], unit=v["unit"]
        )
        return Response(EntrySerializer(entry).data, status=201)

    @extend_schema(request=SelectInput, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def select(self, request: Request, pk: str) -> Response:
        """Select the entry into a later round (it must have passed the round before)."""
        entry = self.get_object()
        data = SelectInput(data=request.data, context={"contest": entry.contest})
        data.is_valid(raise_exception=True)
        result = services.entry_select(
            user=request.user, entry=entry, round=data.validated_data["round"]
        )
        return Response(EntrySerializer(result).data)

    @extend_schema(request=PrizeInput, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def prize(self, request: Request, pk: str) -> Response:
        """Award a prize to the entry (null takes it away); 409 if the version is stale."""
        entry = self.get_object()
        data = PrizeInput(data=request.data, context={"contest": entry.contest})
        data.is_valid(raise_exception=True)
        result = services.entry_award_prize(
            user=request.user,
            entry=entry,
            prize=data.validated_data["prize"],
            expected_version=data.validated_data["version"],
        )
        return Response(EntrySerializer(result).data)


class TallyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Figures reported per unit and round; posting again for the same round and unit
    corrects the figure (send the ``version`` you loaded: 409 if it moved on)."""

    serializer_class = TallySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.tallies_for_api(
            user=self.request.user, contest=_int_param(self.request, "contest")
        )

    @extend_schema(parameters=[OpenApiParameter("contest", int)])
    def list(self, request: Request) -> Response:
        return super().list(request)

    def create(self, request: Request) -> Response:
        data = TallySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        round_ = v["round"]
        selectors.contest_get(user=request.user, pk=round_.contest_id)  # 404 if out of sight
        tally = services.tally_report(
            user=request.user,
            round=round_,
            unit=v["unit"],
            entries=v["entries"],
            note=v.get("note", ""),
            expected_version=v.get("expected_version"),
        )
        return Response(TallySerializer(tally).data, status=201)
