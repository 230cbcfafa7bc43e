"""One API error shape: every refusal is JSON that says what, where and what to do next.

Every error response of ``/api/`` has this body, whichever layer refused::

    {
      "detail": "percent: Ensure this value is less than or equal to 100.",
      "code": "invalid",
      "errors": {"percent": ["Ensure this value is less than or equal to 100."]}
    }

- ``detail``: one line for a person (field names included), always present;
- ``code``: what kind of refusal, for a program: ``invalid`` (400), ``not_authenticated``
  (401), ``permission_denied`` (403), ``not_found`` (404), ``method_not_allowed`` (405),
  ``conflict`` (409, a concurrent edit: also ``current_version``), ``idempotency_conflict``
  (422, a used ``Idempotency-Key`` with another body), ``throttled`` (429)…;
- ``errors``: for ``invalid`` only, the messages by field (``non_field_errors`` for the
  rest), from a serializer or from a service's ``ValidationError`` alike.

Views never build error bodies themselves: they raise (or let services raise) and this
handler writes the answer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thidua.core.busy import RETRY_AFTER_SECONDS, busy_message, is_busy
from thidua.core.services import ConflictError, IdempotencyConflict

NON_FIELD = "non_field_errors"


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _strings(v)]
    return [str(value)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    """Messages by field, from a DRF error detail (dict, list or string)."""
    if isinstance(detail, dict):
        return {(NON_FIELD if k == "__all__" else str(k)): _strings(v) for k, v in detail.items()}
    return {NON_FIELD: _strings(detail)}


def _one_line(errors: dict[str, list[str]]) -> str:
    parts = []
    for field, messages in errors.items():
        text = " ".join(messages)
        parts.append(text if field == NON_FIELD else f"{field}: {text}")
    return "; ".join(parts)[:2000]


def body(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, **extra}


def invalid(errors: dict[str, list[str]]) -> Response:
    return Response(
        body("invalid", _one_line(errors), errors=errors), status=status.HTTP_400_BAD_REQUEST
    )


def invalid_json(errors: dict[str, list[str]]) -> JsonResponse:
    """``invalid`` for a refusal made outside a DRF view (a middleware)."""
    return JsonResponse(
        body("invalid", _one_line(errors), errors=errors), status=status.HTTP_400_BAD_REQUEST
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else list(exc.messages)
        return invalid(_field_errors(detail))
    if isinstance(exc, ConflictError):
        return Response(
            body("conflict", str(exc), current_version=exc.actual, current_id=exc.obj.pk),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IdempotencyConflict):
        return Response(
            body("idempotency_conflict", str(exc)), status=status.HTTP_422_UNPROCESSABLE_ENTITY
        )
    if is_busy(exc):
        return Response(
            body("busy", busy_message()),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    if isinstance(exc, exceptions.ValidationError):
        return invalid(_field_errors(exc.detail))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API refusal: a bug, answered 500 and logged by Django
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = body(code, " ".join(_strings(exc.detail)))
    return response


@csrf_exempt  # answers 404 whatever the method: nothing to protect, no state changed
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/ that no route matches (``/api/nowhere/``, a negative id in
    an ``<id:pk>`` route): the API's 404 body, not the site's HTML page."""
    detail = str(exceptions.NotFound.default_detail)
    return JsonResponse(body("not_found", detail), status=status.HTTP_404_NOT_FOUND)
