"""Structured logs: one JSON object a line on standard output, with the request's id.

``LOGGING`` (settings) sends every record through ``RequestContextFilter``, which adds the
id of the request being served (``thidua.core.context``, the id the change log records
and the ``X-Request-ID`` header echoes) and the signed-in user's id, and writes it with
``JsonFormatter`` (production) or ``TextFormatter`` (``DEBUG``, or ``LOG_FORMAT=text``).
``RequestContextMiddleware`` writes one line per request on the logger
``thidua.request`` (``log_request``) with method, path, status and duration. A proxy's
log, thidua's log and the change log are joined on the request id.

The user is named only when the request has already loaded it: a log line never reads the
session or the database (``/healthz`` must answer with the database down).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

from thidua.core.context import current_binding, current_request_id

# The request fields a record may carry (``extra=``), in the order they are written.
FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")

request_logger = logging.getLogger("thidua.request")


def user_id_of(binding: Any) -> int | None:
    """The id of the signed-in user behind a request (or a user), if already loaded."""
    if binding is None:
        return None
    user = binding
    if hasattr(binding, "META"):  # a request: AuthenticationMiddleware's lazy user, or DRF's
        user = binding.__dict__.get("user")
        if isinstance(user, SimpleLazyObject):
            wrapped = user.__dict__.get("_wrapped", empty)
            user = getattr(binding, "_cached_user", None) if wrapped is empty else wrapped
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` of the request being served to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        if getattr(record, "user_id", None) is None:
            record.user_id = user_id_of(current_binding())
        if getattr(record, "status", None) is None and hasattr(record, "status_code"):
            record.status = record.status_code  # Django's own request loggers
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {f: getattr(record, f) for f in FIELDS if getattr(record, f, None) is not None}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line: what a log collector reads."""

    def format(self, record: logging.LogRecord) -> str:
        moment = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
        entry: dict[str, Any] = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same facts for a person at a terminal (``make demo``)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        return f"{line} [{extra}]" if extra else line


def log_request(request: HttpRequest, response: HttpResponseBase, seconds: float) -> None:
    """The request's line: what was asked, by whom, the answer and how long it took."""
    request_logger.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": user_id_of(request),
        },
    )
