"""API views: parse input, call selectors and services; scoped exactly like the pages.

Workflow steps are explicit endpoints (``POST /api/tasks/{id}/urge/``…), never raw writes
to status fields. Objects outside the caller's reach are 404, as on the pages. Issues of
public concern have their own app and API (``thidua.concerns.api``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.core.api.answers import urge_answer
from thidua.core.api.inputs import ID, MessageSerializer, valid
from thidua.core.converters import as_id
from thidua.orgunits.models import OrgUnit
from thidua.plans import selectors, services
from thidua.plans.api import serializers as s
from thidua.plans.models import Plan, ProgressUpdate, Task, TaskAssignment


def _assigned(task: Task, unit: OrgUnit) -> TaskAssignment:
    assignment = selectors.assignment_for_unit(task=task, unit=unit)
    if assignment is None:
        raise ValidationError(
            {"unit": _("%(unit)s is not assigned to this task.") % {"unit": unit}}
        )
    return assignment


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans and programmes the caller may see."""

    lookup_value_regex = ID  # "/api/plans/abc/" is a 404, not a server error

    serializer_class = s.PlanSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.plan_list(user=self.request.user, detailed=True)

    def get_object(self) -> Plan:
        return selectors.plan_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(request=s.PlanWriteSerializer, responses=s.PlanSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = valid(s.PlanWriteSerializer, request)
        parent = d.pop("parent", None)
        if parent is not None:
            parent = selectors.plan_get(user=request.user, pk=parent.pk)
        plan = services.plan_create(user=request.user, parent=parent, **d)
        return Response(s.PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanUpdateSerializer, responses=s.PlanSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        d = valid(s.PlanUpdateSerializer, request)
        version = d.pop("version")
        plan = services.plan_update(user=request.user, plan=plan, expected_version=version, **d)
        return Response(s.PlanSerializer(plan).data)

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str) -> Response:
        """Every lead unit's part of the plan, overdue first; ``?status=overdue``."""
        plan = self.get_object()
        filters = selectors.ProgressFilter(status=request.query_params.get("status", ""))
        rows = selectors.plan_progress_rows(user=request.user, plan=plan, filters=filters)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.AssignmentSerializer(page, many=True).data)

    @extend_schema(
        methods=["post"], request=s.PlanDocumentLinkSerializer, responses=s.PlanDocumentSerializer
    )
    @extend_schema(methods=["get"], responses=s.PlanDocumentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def documents(self, request: Request, pk: str) -> Response:
        """GET the plan's documents; POST links one ("issued as" or "implements"), found by
        its number and symbol in any spelling among the documents you may see."""
        if request.method == "GET":
            plan = self.get_object()
            return Response(
                s.PlanDocumentSerializer(selectors.plan_documents(plan=plan), many=True).data
            )
        plan = self.get_object()
        d = valid(s.PlanDocumentLinkSerializer, request)
        document = selectors.document_to_link(
            user=request.user,
            symbol=d.get("symbol", ""),
            year=d.get("year"),
            document_id=d.get("document"),
        )
        link = services.plan_link_document(
            user=request.user, plan=plan, document=document, relation=d["relation"]
        )
        return Response(s.PlanDocumentSerializer(link).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"documents/(?P<document_pk>[0-9]+)")
    def unlink_document(self, request: Request, pk: str, document_pk: str) -> Response:
        """Unlink a document from the plan (404 if it is not linked)."""
        plan = self.get_object()
        link = selectors.plan_document_get(plan=plan, document_pk=int(document_pk))
        services.plan_unlink_document(user=request.user, plan=plan, document=link.document)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks the caller may see (``?plan=`` to narrow), with each unit's derived status."""

    lookup_value_regex = ID

    serializer_class = s.TaskSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        plan = self.request.query_params.get("plan", "")
        return selectors.tasks_with_status(user=self.request.user, plan_id=as_id(plan))

    def get_object(self) -> Task:
        task = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if task is None:
            raise Http404("No such task.")
        return task

    def _fresh(self, task: Task) -> Response:
        return Response(s.TaskSerializer(self.get_object()).data)

    @extend_schema(request=s.TaskWriteSerializer, responses=s.TaskSerializer)
    def create(self, request: Request) -> Response:
        d = valid(s.TaskWriteSerializer, request)
        plan = selectors.plan_get(user=request.user, pk=d.pop("plan").pk)
        group = d.pop("group", None)
        task = services.task_create(user=request.user, plan=plan, group=group, **d)
        self.kwargs["pk"] = task.pk
        return Response(s.TaskSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AssignSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        d = valid(s.AssignSerializer, request)
        services.task_assign(user=request.user, task=task, units=d["units"], role=d["role"])
        return self._fresh(task)

    @extend_schema(request=s.BulkAssignSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], url_path="assign-bulk")
    def assign_bulk(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        d = valid(s.BulkAssignSerializer, request)
        services.task_assign_bulk(user=request.user, task=task, **d)
        return self._fresh(task)

    @extend_schema(request=s.UrgeSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def urge(self, request: Request, pk: str) -> Response:
        """Urge one assigned unit; ``urged`` false when it was already urged today;
        ``without_officers`` lists the unit when nobody there could be notified."""
        task = self.get_object()
        d = valid(s.UrgeSerializer, request)
        assignment = _assigned(task, d["unit"])
        sent = services.task_urge(user=request.user, assignment=assignment, message=d["message"])
        return Response(urge_answer(sent) | {"unit": assignment.unit.code})

    @extend_schema(request=MessageSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        d = valid(MessageSerializer, request)
        services.task_cancel(user=request.user, task=task, reason=d["message"])
        return self._fresh(task)

    @extend_schema(
        methods=["post"], request=s.ProgressCreateSerializer, responses=s.ProgressUpdateSerializer
    )
    @extend_schema(methods=["get"], responses=s.ProgressUpdateSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def updates(self, request: Request, pk: str) -> Response:
        """GET the task's updates; POST one for a unit you report for (multipart for files)."""
        task = self.get_object()
        if request.method == "GET":
            rows = selectors.task_updates(task=task)
            return Response(s.ProgressUpdateSerializer(rows, many=True).data)
        d = valid(s.ProgressCreateSerializer, request)
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        assignment = _assigned(task, d["unit"])
        update = services.progress_update_create(
            user=request.user,
            assignment=assignment,
            text=d["text"],
            percent=d["percent"],
            files=files,
            idempotency_key=request.headers.get("Idempotency-Key", "").strip()[:100],
        )
        # A retry under the same Idempotency-Key answers the first update, 200 not 201.
        code = status.HTTP_200_OK if getattr(update, "replayed", False) else status.HTTP_201_CREATED
        return Response(s.ProgressUpdateSerializer(update).data, status=code)


class ProgressUpdateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Progress updates on tasks the caller may see (``?task=`` to narrow)."""

    lookup_value_regex = ID

    serializer_class = s.ProgressUpdateSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        task = self.request.query_params.get("task", "")
        return selectors.update_list(user=self.request.user, task_id=as_id(task))

    def get_object(self) -> ProgressUpdate:
        return selectors.update_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(request=s.ProgressEditSerializer, responses=s.ProgressUpdateSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Correct an update's text (its unit's officers only); 409 when ``version`` is stale.

        The percent is not editable: a new update changes it.
        """
        update = self.get_object()
        d = valid(s.ProgressEditSerializer, request)
        update = services.progress_update_edit(
            user=request.user, update=update, expected_version=d["version"], text=d["text"]
        )
        return Response(s.ProgressUpdateSerializer(update).data)
