"""Reporting API: forms, periods, submissions with explicit workflow actions, completeness
and synthesis, all scoped like the pages. ``Idempotency-Key`` on a submission makes a
retried upload return the first result instead of counting the report twice."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.accounts.scope import visible_units
from thidua.core.services import validation_message
from thidua.orgunits.models import OrgUnit
from thidua.reporting import selectors, services
from thidua.reporting.api.serializers import (
    PeriodSerializer,
    ReasonSerializer,
    ReportFormSerializer,
    SubmissionInSerializer,
    SubmissionSerializer,
    VersionSerializer,
)
from thidua.reporting.models import IdempotencyKey, Period, ReportForm, Submission


def _invalid(exc: ValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({"detail": validation_message(exc)})
    return exceptions.ValidationError({"errors": exc.messages})


def _unit(request: Request, value: str | None) -> OrgUnit:
    if not value:
        raise exceptions.ValidationError({"unit": "a unit code is required"})
    unit = visible_units(request.user).filter(code=value).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def _period(request: Request, value: str | int | None) -> Period:
    try:
        return selectors.period_get(user=request.user, pk=int(value or 0))
    except (TypeError, ValueError):
        raise Http404("No such period.") from None


class ReportFormViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportFormSerializer

    def get_queryset(self) -> QuerySet[ReportForm]:
        return selectors.form_list(user=self.request.user)

    @action(detail=True, methods=["get"])
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
        responses=SubmissionSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, location=OpenApiParameter.HEADER)],
    )
    def create(self, request: Request) -> Response:
        data = SubmissionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = _period(request, d["period"])
        unit = _unit(request, d["unit"])
        key = (request.headers.get("Idempotency-Key") or "")[:100]
        before = (
            IdempotencyKey.objects.filter(user=request.user, key=key).exists() if key else False
        )
        try:
            sub = services.submission_save(
                user=request.user,
                form=period.form,
                period=period,
                unit=unit,
                values={(v["indicator"], v.get("key", "")): v["value"] for v in d["values"]},
                note=d["note"],
                submit=d["submit"],
                source=Submission.Source.API,
                idempotency_key=key,
            )
        except ValidationError as exc:
            raise _invalid(exc) from None
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        code = status.HTTP_200_OK if before else status.HTTP_201_CREATED
        return Response(SubmissionSerializer(sub).data, status=code)

    def _act(self, request: Request, fn, **kw) -> Response:  # type: ignore[no-untyped-def]
        sub = self.get_object()
        try:
            sub = fn(user=request.user, submission=sub, **kw)
        except ValidationError as exc:
            raise _invalid(exc) from None
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(SubmissionSerializer(sub).data)

    @extend_schema(request=VersionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._act(
            request, services.submission_submit, expected_version=request.data.get("version")
        )

    @extend_schema(request=VersionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._act(
            request, services.submission_approve, expected_version=request.data.get("version")
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

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        return self._act(request, services.submission_correct)


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
        return Response(
            {
                "form": t.form.code,
                "period": t.period.label,
                "unit": t.unit.code,
                "totals": {it.indicator.code: num(v) for it, v, _n in t.item_totals},
                "children": [
                    {
                        "unit": c.code,
                        "values": {
                            it.indicator.code: num(v) for it, v in zip(t.items, vals, strict=True)
                        },
                    }
                    for c, vals in t.children
                ],
            }
        )
