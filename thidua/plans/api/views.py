"""API views: parse input, call selectors and services; scoped exactly like the pages.

Workflow steps are explicit endpoints (``POST /api/tasks/{id}/urge/``…), never raw writes
to status fields. Objects outside the caller's reach are 404, as on the pages. Issues of
public concern have their own app and API (``thidua.concerns.api``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.core.api.answers import urge_answer
from thidua.documents.models import Document
from thidua.documents.selectors import document_list
from thidua.plans import permissions as perms
from thidua.plans import selectors, services
from thidua.plans.api import serializers as s
from thidua.plans.forms import find_document
from thidua.plans.models import Plan, ProgressUpdate, Task, TaskAssignment

# Object ids in URLs are numbers; anything else does not match a route at all.
ID = r"[0-9]+"


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


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
        return (
            Plan.objects.restrict(self.request.user)
            .prefetch_related(
                "issuing_units", "monitoring_units", "groups", "document_links__document"
            )
            .order_by("-period_start", "id")
        )

    def get_object(self) -> Plan:
        return selectors.plan_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(request=s.PlanWriteSerializer, responses=s.PlanSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        d = _valid(s.PlanWriteSerializer, request)
        parent = d.pop("parent", None)
        if parent is not None:
            parent = selectors.plan_get(user=request.user, pk=parent.pk)
        plan = services.plan_create(user=request.user, parent=parent, **d)
        return Response(s.PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanUpdateSerializer, responses=s.PlanSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        d = _valid(s.PlanUpdateSerializer, request)
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

    def _managed(self, request: Request) -> Plan:
        plan = self.get_object()
        if not perms.may_manage_plan(request.user, plan):
            raise PermissionDenied(perms.denied(_("edit this plan")))
        return plan

    def _document(self, request: Request, d: dict[str, Any]) -> Document:
        if d.get("symbol"):
            try:
                return find_document(user=request.user, symbol=d["symbol"], year=d.get("year"))
            except ValidationError as exc:
                raise ValidationError({"symbol": exc.messages}) from exc
        document = document_list(user=request.user).filter(pk=d["document"]).first()
        if document is None:
            raise ValidationError({"document": [_("No document you may see has this id.")]})
        return document

    @extend_schema(
        methods=["post"], request=s.PlanDocumentLinkSerializer, responses=s.PlanDocumentSerializer
    )
    @extend_schema(methods=["get"], responses=s.PlanDocumentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def documents(self, request: Request, pk: str) -> Response:
        """GET the plan's documents; POST links one ("issued as" or "implements"), found by
        its number and symbol in any spelling among the documents you may see."""
        if request.method == "GET":
            plan = self.get_object()
            return Response(
                s.PlanDocumentSerializer(selectors.plan_documents(plan=plan), many=True).data
            )
        plan = self._managed(request)
        d = _valid(s.PlanDocumentLinkSerializer, request)
        document = self._document(request, d)
        link = services.plan_link_document(
            user=request.user, plan=plan, document=document, relation=d["relation"]
        )
        return Response(s.PlanDocumentSerializer(link).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"documents/(?P<document_pk>[0-9]+)")
    def unlink_document(self, request: Request, pk: str, document_pk: str) -> Response:
        """Unlink a document from the plan (404 if it is not linked)."""
        plan = self._managed(request)
        link = next(
            (k for k in selectors.plan_documents(plan=plan) if k.document_id == int(document_pk)),
            None,
        )
        if link is None:
            raise Http404("This document is not linked to the plan.")
        services.plan_unlink_document(user=request.user, plan=plan, document=link.document)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks the caller may see (``?plan=`` to narrow), with each unit's derived status."""

    lookup_value_regex = ID

    serializer_class = s.TaskSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = selectors.visible_tasks(user=self.request.user).prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("unit").with_status(
                    timezone.localdate()
                ),
                to_attr="status_rows",
            )
        )
        plan = self.request.query_params.get("plan", "")
        if plan.isdigit():
            qs = qs.filter(plan_id=int(plan))
        return qs.order_by("plan_id", "group__order", "order", "id")

    def get_object(self) -> Task:
        task = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if task is None:
            from django.http import Http404

            raise Http404("No such task.")
        return task

    def _fresh(self, task: Task) -> Response:
        return Response(s.TaskSerializer(self.get_object()).data)

    @extend_schema(request=s.TaskWriteSerializer, responses=s.TaskSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.TaskWriteSerializer, request)
        plan = selectors.plan_get(user=request.user, pk=d.pop("plan").pk)
        group = d.pop("group", None)
        if group is not None and group.plan_id != plan.pk:
            from django.core.exceptions import ValidationError

            raise ValidationError({"group": "The task group belongs to another plan."})
        task = services.task_create(user=request.user, plan=plan, group=group, **d)
        self.kwargs["pk"] = task.pk
        return Response(s.TaskSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AssignSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        d = _valid(s.AssignSerializer, request)
        services.task_assign(user=request.user, task=task, units=d["units"], role=d["role"])
        return self._fresh(task)

    @extend_schema(request=s.BulkAssignSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], url_path="assign-bulk")
    def assign_bulk(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        d = _valid(s.BulkAssignSerializer, request)
        services.task_assign_bulk(user=request.user, task=task, **d)
        return self._fresh(task)

    @extend_schema(request=s.UrgeSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def urge(self, request: Request, pk: str) -> Response:
        """Urge one assigned unit; ``urged`` false when it was already urged today;
        ``without_officers`` lists the unit when nobody there could be notified."""
        task = self.get_object()
        d = _valid(s.UrgeSerializer, request)
        assignment = TaskAssignment.objects.filter(task=task, unit=d["unit"]).first()
        if assignment is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"unit": "This unit is not assigned to the task."})
        sent = services.task_urge(user=request.user, assignment=assignment, message=d["message"])
        return Response(urge_answer(sent) | {"unit": assignment.unit.code})

    @extend_schema(request=s.MessageSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        d = _valid(s.MessageSerializer, request)
        services.task_cancel(user=request.user, task=task, reason=d["message"])
        return self._fresh(task)

    @extend_schema(
        methods=["post"], request=s.ProgressCreateSerializer, responses=s.ProgressUpdateSerializer
    )
    @extend_schema(methods=["get"], responses=s.ProgressUpdateSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def updates(self, request: Request, pk: str) -> Response:
        """GET the task's updates; POST one for a unit you report for (multipart for files)."""
        task = self.get_object()
        if request.method == "GET":
            rows = selectors.task_updates(task=task)
            return Response(s.ProgressUpdateSerializer(rows, many=True).data)
        ser = s.ProgressCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        assignment = (
            TaskAssignment.objects.filter(task=task, unit=d["unit"])
            .select_related("unit", "task")
            .first()
        )
        if assignment is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"unit": "This unit is not assigned to the task."})
        update = services.progress_update_create(
            user=request.user,
            assignment=assignment,
            text=d["text"],
            percent=d["percent"],
            files=files,
        )
        return Response(s.ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class ProgressUpdateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Progress updates on tasks the caller may see (``?task=`` to narrow)."""

    lookup_value_regex = ID

    serializer_class = s.ProgressUpdateSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = ProgressUpdate.objects.restrict(self.request.user).select_related(
            "assignment__unit", "author"
        )
        task = self.request.query_params.get("task", "")
        if task.isdigit():
            qs = qs.filter(assignment__task_id=int(task))
        return qs.order_by("-reported_on", "-id")

    def get_object(self) -> ProgressUpdate:
        return selectors.update_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    @extend_schema(request=s.ProgressEditSerializer, responses=s.ProgressUpdateSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Correct an update's text (its unit's officers only); 409 when ``version`` is stale.

        The percent is not editable: a new update changes it.
        """
        update = self.get_object()
        d = _valid(s.ProgressEditSerializer, request)
        update = services.progress_update_edit(
            user=request.user, update=update, expected_version=d["version"], text=d["text"]
        )
        return Response(s.ProgressUpdateSerializer(update).data)
