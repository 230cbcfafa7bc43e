"""API views of the awards app: reads through selectors, workflow actions as endpoints."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.awards import selectors, services
from thidua.awards.api.serializers import (
    ActionInput,
    AwardSerializer,
    AwardTypeSerializer,
    DecisionInput,
    DecisionSerializer,
    NominationSerializer,
    PersonSerializer,
    VerdictSerializer,
    verdict_data,
)
from thidua.awards.models import AwardType, Nomination
from thidua.core.converters import as_id


def _int(value: str | None) -> int | None:
    return as_id(value)


class AwardTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue: readable by every member; editable (rule and parameters) by administrators."""

    serializer_class = AwardTypeSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.award_type_list(include_inactive=True).order_by("order", "id")

    def get_object(self) -> AwardType:
        return selectors.award_type_get(pk=int(self.kwargs["pk"]))

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        award_type = self.get_object()
        data = AwardTypeSerializer(award_type, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = request.data.get("version")
        result = services.award_type_update(
            user=request.user,
            award_type=award_type,
            expected_version=int(version) if version is not None else None,
            **changes,
        )
        return Response(AwardTypeSerializer(result).data)


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PersonSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.person_list(
            user=self.request.user, query=self.request.query_params.get("q", "")
        )

    def create(self, request: Request) -> Response:
        data = PersonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.person_create(
            user=request.user, **{k: v for k, v in data.validated_data.items()}
        )
        return Response(PersonSerializer(person).data, status=201)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="2025 by default")],
        responses=VerdictSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def eligibility(self, request: Request, pk: str) -> Response:
        person = selectors.person_get(user=request.user, pk=int(pk))
        year = _int(request.query_params.get("year")) or 2025
        return Response(
            [
                verdict_data(v)
                for v in selectors.candidate_eligibility(
                    user=request.user, candidate=person, year=year
                )
            ]
        )


class AwardViewSet(viewsets.ReadOnlyModelViewSet):
    """The registry, filtered by ?person=name&unit=id&award=code&year=&decision=symbol."""

    serializer_class = AwardSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        p = self.request.query_params
        return selectors.registry_search(
            user=self.request.user,
            person=p.get("person", ""),
            unit_id=_int(p.get("unit")) if p.get("unit") else None,
            award_code=p.get("award", ""),
            year=_int(p.get("year")),
            decision=p.get("decision", ""),
        )


class NominationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = NominationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.nomination_list(
            user=self.request.user, status=self.request.query_params.get("status", "")
        )

    def get_object(self) -> Nomination:
        return selectors.nomination_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def create(self, request: Request) -> Response:
        data = NominationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        nomination = services.nomination_create(
            user=request.user,
            proposing_unit=v["proposing_unit"],
            award_type=v["award_type"],
            year=v["year"],
            achievements=v["achievements"],
            authority=v["authority"],
            person=v.get("person"),
            candidate_unit=v.get("candidate_unit"),
            occasion=v.get("occasion", "annual"),
            movement=v.get("movement"),
            grounds=v.get("grounds", []),
        )
        return Response(NominationSerializer(nomination).data, status=201)

    def _step(self, request: Request, name: str) -> Response:
        """One step of the route (``services.NOMINATION_STEPS``); refusals reach the API's
        error handler (403 who, 400 when, 409 a stale version)."""
        nomination = self.get_object()
        data = ActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.NOMINATION_STEPS[name](
            user=request.user,
            nomination=nomination,
            expected_version=data.validated_data["version"],
            note=data.validated_data["note"],
        )
        return Response(NominationSerializer(result).data)

    @extend_schema(request=ActionInput, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._step(request, "submit")

    @extend_schema(request=ActionInput, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: str) -> Response:
        return self._step(request, "forward")

    @extend_schema(request=ActionInput, responses=NominationSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        return self._step(request, "return")

    @extend_schema(request=ActionInput, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._step(request, "reject")

    @extend_schema(responses=VerdictSerializer)
    @action(detail=True, methods=["get"])
    def eligibility(self, request: Request, pk: str) -> Response:
        return Response(verdict_data(selectors.nomination_verdict(nomination=self.get_object())))


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DecisionSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.decision_list(user=self.request.user).prefetch_related(
            "awards__award_type", "awards__decision__document"
        )

    @extend_schema(request=DecisionInput, responses=DecisionSerializer)
    def create(self, request: Request) -> Response:
        """Decide: grant the listed nominations (only the granting authority)."""
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        unit = selectors.unit_get(user=request.user, pk=v.pop("authority_unit"))
        movement = selectors.movement_get(user=request.user, pk=v.pop("movement"))
        nominations = selectors.nominations_by_ids(user=request.user, ids=v.pop("nominations"))
        decision = services.decision_create(
            user=request.user, authority_unit=unit, movement=movement, nominations=nominations, **v
        )
        return Response(DecisionSerializer(decision).data, status=201)
