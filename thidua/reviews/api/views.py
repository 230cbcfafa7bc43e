"""API views of the reviews app: reads through selectors, finalising as an endpoint."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.reviews import selectors, services
from thidua.reviews.api.serializers import ReviewDetailSerializer, ReviewInput, ReviewSerializer


class ReviewVersionInput(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True)


class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reviews the caller may read (``?q=`` text, ``?status=draft|finalised``)."""

    serializer_class = ReviewSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        p = self.request.query_params
        return selectors.review_list(
            user=self.request.user, query=p.get("q", ""), status=p.get("status", "")
        ).prefetch_related("forms", "indicators", "decisions")

    @extend_schema(responses=ReviewDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        review = selectors.review_get(user=request.user, pk=int(pk))
        data = selectors.review_data(user=request.user, review=review)
        return Response(ReviewDetailSerializer(review, context={"data": data}).data)

    @extend_schema(request=ReviewInput, responses=ReviewSerializer)
    def create(self, request: Request) -> Response:
        data = ReviewInput(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d["area"] = d.get("area") or d["unit"]
        review = services.review_create(user=request.user, **d)
        return Response(ReviewSerializer(review).data, status=201)

    @extend_schema(request=ReviewVersionInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def finalise(self, request: Request, pk: str) -> Response:
        review = selectors.review_get(user=request.user, pk=int(pk))
        body = ReviewVersionInput(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.review_finalise(
            user=request.user, review=review, expected_version=body.validated_data.get("version")
        )
        return Response(ReviewDetailSerializer(review, context={"data": review.snapshot}).data)
