"""Reporting API: forms, periods, submissions with explicit workflow actions, completeness
and synthesis, all scoped like the pages.

``POST …/submissions/`` makes a unit's report; where the unit has one already it answers
409 saying which report it is and how to change it (``PATCH …/submissions/<id>/`` with its
``version``, or a correction). ``Idempotency-Key`` (per user) makes a retried request
answer the first result (200) instead of counting the report twice, and another request
under a used key answer 422; both are decided in the service's transaction. Refusals are
raised and written by the one error handler (``thidua.core.api.errors``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.orgunits.models import OrgUnit
from thidua.reporting import selectors, services
from thidua.reporting.api.serializers import (
    PeriodSerializer,
    ReasonSerializer,
    ReportFormSerializer,
    SubmissionChangeSerializer,
    SubmissionInSerializer,
    SubmissionSerializer,
    VersionSerializer,
)
from thidua.reporting.models import Period, ReportForm, Submission

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    description="per user; a retry with the same key and body answers the first result",
)


def _unit(request: Request, value: str | None) -> OrgUnit:
    if not value:
        raise exceptions.ValidationError({"unit": [_("Give the unit's code.")]})
    return selectors.unit_by_code(user=request.user, code=value)


def _period(request: Request, value: str | int | None) -> Period:
    try:
        return selectors.period_get(user=request.user, pk=int(value or 0))
    except (TypeError, ValueError):
        raise Http404("No such period.") from None


def _key(request: Request) -> str:
    return (request.headers.get("Idempotency-Key") or "").strip()[:100]


def _values(rows: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    return {(v["indicator"], v.get("key", "")): v["value"] for v in rows}


class ReportFormViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportFormSerializer

    def get_queryset(self) -> QuerySet[ReportForm]:
        return selectors.form_list(user=self.request.user)

    @extend_schema(responses=PeriodSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def periods(self, request: Request, pk: str) -> Response:
        form = selectors.form_get(user=request.user, pk=int(pk))
        return Response(
            PeriodSerializer(selectors.period_list(user=request.user, form=form), many=True).data
        )


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SubmissionSerializer

    def get_queryset(self) -> QuerySet[Submission]:
        p = self.request.query_params
        period = _period(self.request, p["period"]) if p.get("period") else None
        return selectors.submission_list(
            user=self.request.user, period=period, status=p.get("status", "")[:20]
        )

    def get_object(self) -> Submission:
        return selectors.submission_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(
        request=SubmissionInSerializer,
        responses={201: SubmissionSerializer, 200: SubmissionSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def create(self, request: Request) -> Response:
        data = SubmissionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = _period(request, d["period"])
        outcome = services.submission_save_once(
            user=request.user,
            form=period.form,
            period=period,
            unit=_unit(request, d["unit"]),
            values=_values(d["values"]),
            note=d["note"],
            submit=d["submit"],
            source=Submission.Source.API,
            idempotency_key=_key(request),
        )
        code = status.HTTP_200_OK if outcome.replayed else status.HTTP_201_CREATED
        return Response(SubmissionSerializer(outcome.submission).data, status=code)

    @extend_schema(
        request=SubmissionChangeSerializer,
        responses=SubmissionSerializer,
        parameters=[IDEMPOTENCY_KEY],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        sub = self.get_object()
        data = SubmissionChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        outcome = services.submission_save_once(
            user=request.user,
            form=sub.form,
            period=sub.period,
            unit=sub.unit,
            values=_values(d["values"]),
            note=d.get("note", sub.note),
            submit=d["submit"],
            source=Submission.Source.API,
            idempotency_key=_key(request),
            submission=sub,
            expected_version=d["version"],
        )
        return Response(SubmissionSerializer(outcome.submission).data)

    def _act(self, request: Request, fn: Callable[..., Submission], **kw: Any) -> Response:
        sub = fn(user=request.user, submission=self.get_object(), **kw)
        return Response(SubmissionSerializer(sub).data)

    def _version(self, request: Request) -> int | None:
        data = VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data.get("version")

    @extend_schema(request=VersionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._act(
            request, services.submission_submit, expected_version=self._version(request)
        )

    @extend_schema(request=VersionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._act(
            request, services.submission_approve, expected_version=self._version(request)
        )

    @extend_schema(request=ReasonSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(
            request,
            services.submission_return,
            reason=data.validated_data["reason"],
            expected_version=data.validated_data.get("version"),
        )

    @extend_schema(request=VersionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        return self._act(
            request, services.submission_correct, expected_version=self._version(request)
        )


_PU = [
    OpenApiParameter("period", int, required=True),
    OpenApiParameter("unit", str, description="unit code"),
]


class CompletenessView(APIView):
    @extend_schema(parameters=_PU, responses=dict)
    def get(self, request: Request) -> Response:
        period = _period(request, request.query_params.get("period"))
        unit = _unit(request, request.query_params.get("unit"))
        c = selectors.completeness(user=request.user, period=period, root=unit)
        return Response(
            {
                **c.summary(),
                "units": [
                    {"unit": r.unit.code, "state": r.state, "on_time": r.on_time} for r in c.rows
                ],
            }
        )


class SynthesisView(APIView):
    @extend_schema(parameters=_PU, responses=dict)
    def get(self, request: Request) -> Response:
        period = _period(request, request.query_params.get("period"))
        unit = _unit(request, request.query_params.get("unit"))
        t = selectors.synthesis_table(user=request.user, period=period, unit=unit)
        num = lambda v: None if v is None else str(v)  # noqa: E731
        codes = [it.indicator.code for it in t.items]
        return Response(
            {
                "form": t.form.code,
                "period": t.period.label,
                "unit": t.unit.code,
                "totals": {it.indicator.code: num(v) for it, v, _n in t.item_totals},
                "children": [
                    {"unit": c.code, "values": dict(zip(codes, map(num, vals), strict=True))}
                    for c, vals in t.children
                ],
            }
        )
