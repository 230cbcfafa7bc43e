"""Documents API: search, read, register, edit (with version check), link."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.core.converters import as_id
from thidua.documents import selectors, services
from thidua.documents.api.serializers import (
    DocumentSerializer,
    RelationInput,
    RelationSerializer,
)
from thidua.documents.models import Document


class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DocumentSerializer

    def get_queryset(self) -> QuerySet[Document]:
        p = self.request.query_params
        year = p.get("year", "")
        return selectors.document_list(
            user=self.request.user,
            query=p.get("q", "")[:200],
            doc_type=p.get("type", ""),
            issuer=p.get("issuer", "")[:40],
            year=as_id(year),
        ).prefetch_related("recipient_units")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="a symbol in any spelling, or words"),
            OpenApiParameter("type", str, description="type code, e.g. KH"),
            OpenApiParameter("issuer", str, description="unit code or symbol issuer code"),
            OpenApiParameter("year", int),
        ]
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> Document:
        return selectors.document_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def perform_create(self, serializer: DocumentSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.document_create(user=self.request.user, **data)

    def perform_update(self, serializer: DocumentSerializer) -> None:
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        serializer.instance = services.document_update(
            user=self.request.user,
            document=serializer.instance,
            expected_version=version,
            **data,
        )

    @extend_schema(methods=["GET"], responses=RelationSerializer(many=True))
    @extend_schema(methods=["POST"], request=RelationInput, responses={201: RelationSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def relations(self, request: Request, pk: str) -> Response:
        doc = self.get_object()
        if request.method == "GET":
            rels = selectors.document_relations(user=request.user, document=doc)
            return Response(RelationSerializer(rels["outgoing"] + rels["incoming"], many=True).data)
        data = RelationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        target = selectors.document_get(user=request.user, pk=v["target"])
        rel = services.document_relate(
            user=request.user, source=doc, target=target, kind=v["kind"], note=v["note"]
        )
        return Response(RelationSerializer(rel).data, status=status.HTTP_201_CREATED)
