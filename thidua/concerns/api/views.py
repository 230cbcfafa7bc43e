"""API views of issues of public concern, under /api/concerns/ (as before the move).

Workflow steps are explicit endpoints (``POST /api/concerns/{id}/forward/``…), never raw
writes to the state. Issues outside the caller's reach are 404, as on the pages.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.concerns import selectors, services
from thidua.concerns.api import serializers as s
from thidua.concerns.models import ConcernIssue
from thidua.core.api.answers import urge_answer
from thidua.core.api.inputs import ID, MessageSerializer, valid


class ConcernViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issues of public concern. The raiser's contact never leaves through the API."""

    lookup_value_regex = ID

    serializer_class = s.ConcernSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        p = self.request.query_params
        return selectors.concern_list(
            user=self.request.user,
            state=p.get("state", ""),
            overdue=p.get("overdue") in {"1", "true"},
        ).prefetch_related("referred_to")

    def get_object(self) -> ConcernIssue:
        return selectors.concern_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def _done(self, issue: ConcernIssue) -> Response:
        return Response(s.ConcernSerializer(self.get_object()).data)

    @extend_schema(request=s.ConcernCreateSerializer, responses=s.ConcernSerializer)
    def create(self, request: Request) -> Response:
        d = valid(s.ConcernCreateSerializer, request)
        issue = services.concern_record(user=request.user, **d)
        self.kwargs["pk"] = issue.pk
        return Response(s.ConcernSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReferSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        services.concern_refer(user=request.user, issue=issue, **valid(s.ReferSerializer, request))
        return self._done(issue)

    @extend_schema(request=s.ForwardSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        services.concern_forward(
            user=request.user, issue=issue, **valid(s.ForwardSerializer, request)
        )
        return self._done(issue)

    @extend_schema(request=s.AnswerSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        services.concern_answer(
            user=request.user, issue=issue, **valid(s.AnswerSerializer, request)
        )
        return self._done(issue)

    @extend_schema(request=s.CloseSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        services.concern_close(user=request.user, issue=issue, **valid(s.CloseSerializer, request))
        return self._done(issue)

    @extend_schema(request=s.ReopenSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        services.concern_reopen(
            user=request.user, issue=issue, **valid(s.ReopenSerializer, request)
        )
        return self._done(issue)

    @extend_schema(request=MessageSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def urge(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        d = valid(MessageSerializer, request)
        sent = services.concern_urge(user=request.user, issue=issue, message=d["message"])
        return Response(urge_answer(sent))
