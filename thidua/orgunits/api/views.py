"""Units API: list and search, a unit, its children, subtree and ancestors."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.orgunits import selectors
from thidua.orgunits.api.serializers import OrgUnitSerializer
from thidua.orgunits.models import OrgUnit


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units the caller may see: their subtrees and the ancestors that lead to them."""

    serializer_class = OrgUnitSerializer

    def get_queryset(self) -> QuerySet[OrgUnit]:
        params = self.request.query_params
        return selectors.unit_list(
            user=self.request.user,
            query=params.get("q", "")[:200],
            kind=params.get("kind", ""),
            include_past=params.get("current") != "1",
        ).order_by("path")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="words of a name, code or alias"),
            OpenApiParameter("kind", str, description="unit kind code"),
            OpenApiParameter(
                "current", str, description="1 to leave out units that no longer exist"
            ),
        ]
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> OrgUnit:
        return selectors.unit_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def _page(self, qs: QuerySet[OrgUnit]) -> Response:
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(OrgUnitSerializer(page, many=True).data)

    @extend_schema(responses=OrgUnitSerializer(many=True))
    @action(detail=True)
    def children(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        return self._page(selectors.unit_children(user=request.user, unit=unit, include_past=True))

    @extend_schema(responses=OrgUnitSerializer(many=True))
    @action(detail=True)
    def subtree(self, request: Request, pk: str) -> Response:
        return self._page(selectors.unit_subtree(user=request.user, unit=self.get_object()))

    @extend_schema(responses=OrgUnitSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def ancestors(self, request: Request, pk: str) -> Response:
        qs = selectors.unit_ancestors(unit=self.get_object()).select_related("kind")
        return Response(OrgUnitSerializer(qs, many=True).data)
