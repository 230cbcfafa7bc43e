"""Request context for the change log (the acting user and a request id per request), and
the page for a refusal no form caught."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.core.busy import RETRY_AFTER_SECONDS, busy_message, is_busy
from thidua.core.context import acting_as
from thidua.core.logs import log_request


class RequestContextMiddleware:
    """Binds ``request.user`` and a request id for the duration of the request.

    The id is taken from an ``X-Request-ID`` header set by a proxy when it looks sane,
    so that a proxy's logs and thidua's change log can be joined; it is echoed back, and
    the request's log line carries it (thidua.core.logs).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if incoming.isalnum() and 8 <= len(incoming) <= 64 else None
        # The request itself is bound: the change log reads request.user only when
        # something is written (see thidua.core.context.current_actor).
        started = time.perf_counter()
        with acting_as(request, rid) as request_id:
            request.request_id = request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
            log_request(request, response, time.perf_counter() - started)
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A refusal by the object's state (``rules.require`` on a page, before any form:
        a signed document opened for editing) is a 400 page that says why, not a 500; a
        database too busy to take a write in time is a 503 that says to send it again."""
        if is_busy(exception) and not request.path.startswith("/api/"):
            response = render(request, "503.html", {"message": busy_message()}, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        if not isinstance(exception, ValidationError) or request.path.startswith("/api/"):
            return None
        return render(request, "400.html", {"messages_list": exception.messages}, status=400)
