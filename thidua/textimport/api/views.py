"""Text import API: extract from a text or file (no writes), confirm a pending import."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.accounts.scope import has_any_role
from thidua.textimport import selectors, services
from thidua.textimport.readers import ReadError, read_pasted, read_uploaded_file


class HasRole(IsAuthenticated):
    message = "You hold no role at any unit."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and has_any_role(request.user)


class ExtractInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False)
    language = serializers.ChoiceField(choices=["vi", "th", "en"], required=False)


class ExtractView(APIView):
    """POST a ``text`` or a ``file`` (.txt/.docx): the extraction and its draft. Writes
    nothing."""

    permission_classes = [HasRole]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=ExtractInput,
        responses=inline_serializer(
            "ExtractOutput",
            {
                "source": serializers.CharField(),
                "extraction": serializers.DictField(),
                "draft": serializers.DictField(),
            },
        ),
    )
    def post(self, request: Request) -> Response:
        inp = ExtractInput(data=request.data)
        inp.is_valid(raise_exception=True)
        try:
            if inp.validated_data.get("file"):
                read = read_uploaded_file(inp.validated_data["file"])
            elif (inp.validated_data.get("text") or "").strip():
                read = read_pasted(inp.validated_data["text"])
            else:
                return Response(
                    {"text": ["Send a text or a file."]}, status=status.HTTP_400_BAD_REQUEST
                )
        except ReadError as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        extraction, draft = services.run_extraction(
            read.text, language=inp.validated_data.get("language")
        )
        return Response(
            {"source": read.source_name, "extraction": extraction.to_dict(), "draft": draft}
        )


class ConfirmView(APIView):
    """Confirm a pending import as its draft stands (corrected on the page): creates
    everything or nothing; 400 with field errors when refused."""

    permission_classes = [HasRole]

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "ConfirmOutput", {"status": serializers.CharField(), "created": serializers.ListField()}
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        session = selectors.import_session_get(user=request.user, pk=pk)
        try:
            session = services.import_session_confirm(
                user=request.user, session=session, draft=session.draft
            )
        except services.DraftErrors as exc:
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied:
            raise
        return Response({"status": session.status, "created": session.created})
