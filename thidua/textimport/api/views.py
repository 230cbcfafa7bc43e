"""Text import API: extract from a text or file (no writes), confirm a pending import.

Both are open to members only (the API's default ``IsMember``); every refusal is raised and
written by the API's one error handler (``thidua.core.api.errors``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.textimport import selectors, services
from thidua.textimport.readers import ReadError, read_pasted, read_uploaded_file


class ExtractInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False)
    language = serializers.ChoiceField(choices=["vi", "th", "en"], required=False)


class ExtractView(APIView):
    """POST a ``text`` or a ``file`` (.txt/.docx): the extraction and its draft. Writes
    nothing."""

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
                raise ValidationError({"text": _("Send a text or a file.")})
        except ReadError as exc:
            raise ValidationError({"file": str(exc)}) from exc
        extraction, draft = services.run_extraction(
            read.text, language=inp.validated_data.get("language")
        )
        return Response(
            {"source": read.source_name, "extraction": extraction.to_dict(), "draft": draft}
        )


class ConfirmView(APIView):
    """Confirm a pending import as its draft stands (corrected on the page): creates
    everything or nothing. Refused: 400 with ``errors`` by draft field (``doc-symbol``,
    ``plan-g0-t1-lead_units``…, ``non_field_errors`` for the draft as a whole)."""

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "ConfirmOutput", {"status": serializers.CharField(), "created": serializers.ListField()}
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        session = selectors.import_session_get(user=request.user, pk=pk)
        session = services.import_session_confirm(
            user=request.user, session=session, draft=session.draft
        )
        return Response({"status": session.status, "created": session.created})
