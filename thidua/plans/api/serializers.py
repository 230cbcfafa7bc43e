"""API representations of plans, tasks, assignments and progress updates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.core.api.inputs import VisiblePrimaryKeyField, unit_code, unit_codes
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import (
    Plan,
    PlanDocument,
    ProgressUpdate,
    Task,
    TaskAssignment,
    TaskGroup,
)


class TaskGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskGroup
        fields = ["id", "order", "title", "description"]


class PlanSerializer(serializers.ModelSerializer):
    issuing_units = unit_codes()
    monitoring_units = unit_codes(required=False)
    documents = serializers.SerializerMethodField()
    groups = TaskGroupSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "parent",
            "issuing_units",
            "monitoring_units",
            "documents",
            "period_start",
            "period_end",
            "place",
            "groups",
            "version",
        ]
        read_only_fields = ["version"]

    def get_documents(self, plan: Plan) -> list[dict]:
        return [
            {"id": link.document_id, "symbol": link.document.symbol, "relation": link.relation}
            for link in plan.document_links.all()
        ]


class PlanWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Plan.Kind.choices)
    title = serializers.CharField(max_length=500)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    parent = VisiblePrimaryKeyField(Plan, required=False, allow_null=True)
    issuing_units = unit_codes()
    monitoring_units = unit_codes(required=False)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")


class PlanUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Plan.Kind.choices, required=False)
    title = serializers.CharField(max_length=500, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)


class AssignmentSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.CharField(source="status_value", read_only=True)
    late = serializers.BooleanField(source="is_late", read_only=True)

    class Meta:
        model = TaskAssignment
        fields = [
            "id",
            "unit",
            "unit_name",
            "role",
            "due_date",
            "status",
            "late",
            "percent",
            "started_at",
            "completed_on",
            "last_update_on",
            "urge_count",
            "last_urged_on",
        ]


class TaskSerializer(serializers.ModelSerializer):
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "group",
            "order",
            "title",
            "description",
            "start_date",
            "due_date",
            "recurrence",
            "recur_month",
            "recur_day",
            "recur_until",
            "expected_outputs",
            "content_items",
            "cancelled_at",
            "assignments",
            "version",
        ]
        read_only_fields = ["cancelled_at", "version"]

    def get_assignments(self, task: Task) -> list[dict]:
        rows = getattr(task, "status_rows", None)
        return AssignmentSerializer(rows if rows is not None else [], many=True).data


class TaskWriteSerializer(serializers.Serializer):
    plan = VisiblePrimaryKeyField(Plan)
    group = VisiblePrimaryKeyField(TaskGroup, required=False, allow_null=True)
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ChoiceField(
        choices=Task.Recurrence.choices, required=False, default=""
    )
    recur_month = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=12
    )
    recur_day = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=31)
    recur_until = serializers.DateField(required=False, allow_null=True)
    expected_outputs = serializers.CharField(required=False, allow_blank=True, default="")
    content_items = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    lead_units = unit_codes(required=False)
    coordinating_units = unit_codes(required=False)


class AssignSerializer(serializers.Serializer):
    units = unit_codes()
    role = serializers.ChoiceField(choices=TaskAssignment.Role.choices, default="lead")


class BulkAssignSerializer(serializers.Serializer):
    under = unit_code()
    kinds = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    whole_subtree = serializers.BooleanField(default=True)
    role = serializers.ChoiceField(choices=TaskAssignment.Role.choices, default="lead")


class UrgeSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(source="assignment.unit", slug_field="code", read_only=True)
    task = serializers.IntegerField(source="assignment.task_id", read_only=True)
    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "task",
            "unit",
            "text",
            "percent",
            "reported_on",
            "occurrence_due",
            "author",
            "version",
        ]


class ProgressCreateSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    text = serializers.CharField()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ProgressEditSerializer(serializers.Serializer):
    """Correct an update's text; ``version`` is the one it was read with (409 if stale)."""

    version = serializers.IntegerField()
    text = serializers.CharField()


class PlanDocumentSerializer(serializers.ModelSerializer):
    document = serializers.IntegerField(source="document_id", read_only=True)
    symbol = serializers.CharField(source="document.symbol", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = PlanDocument
        fields = ["document", "symbol", "title", "relation"]


class PlanDocumentLinkSerializer(serializers.Serializer):
    """The document by its number and symbol in any spelling (``year`` if several share
    it), or by its id; either way only among the documents the caller may see."""

    symbol = serializers.CharField(max_length=120, required=False)
    year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    document = serializers.IntegerField(required=False)
    relation = serializers.ChoiceField(
        choices=PlanDocument.Relation.choices, default=PlanDocument.Relation.IMPLEMENTS
    )

    def validate(self, data: dict) -> dict:
        if bool(data.get("symbol", "").strip()) == ("document" in data):
            raise serializers.ValidationError(
                {"symbol": _("Give either the number and symbol or the document's id.")}
            )
        return data
