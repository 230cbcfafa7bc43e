"""API views of the emulation app: reads through selectors, workflow actions as endpoints."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.emulation import selectors, services
from thidua.emulation.api.serializers import (
    ContestSerializer,
    EvaluationSerializer,
    MovementSerializer,
    PledgeSerializer,
    ScoresInput,
    VersionInput,
)
from thidua.emulation.models import Contest, Evaluation, Movement, Pledge


class MovementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MovementSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            Movement.objects.restrict(self.request.user)
            .prefetch_related("contents", "groups__criteria", "integrated_with")
            .order_by("-starts_on", "id")
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
        return Pledge.objects.restrict(self.request.user).order_by("id")

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
        return (
            Evaluation.objects.restrict(self.request.user)
            .select_related("band")
            .prefetch_related("scores")
            .order_by("id")
        )

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


class ContestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContestSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Contest.objects.restrict(self.request.user).order_by("-year", "id")

    @action(detail=True, methods=["get"])
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
