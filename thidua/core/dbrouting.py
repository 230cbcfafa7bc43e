"""Reads to a read replica, everything else to the primary (``DATABASE_REPLICA_URL``).

The replica (PostgreSQL streaming replication) takes the heavy reads of many people at
once — the synthesis pages, the exports and the API's GETs — and lags the primary by a
moment. So that nobody misses their own write, a user's reads stay on the primary for
``THIDUA_REPLICA_PIN_SECONDS`` after any write request of theirs (a pin in the shared
cache, which every app server reads: browser or API token alike), and a request that
writes switches its remaining reads to the primary.

``ReplicaMiddleware`` decides per request which reads may go to the replica (after URL
resolution, before the view); ``ReplicaRouter`` applies it to each query. Sessions, API
tokens, the cache table, the job queue and worker heartbeats are always read on the
primary. With no replica configured (``THIDUA_REPLICA_ALIAS`` None) nothing changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from thidua.core.logs import user_id_of

# Read on the primary whatever the request: what signing in, the cache, the job queue and
# /readyz depend on being current.
PRIMARY_ONLY_APPS = {"sessions", "authtoken", "django_cache", "django_tasks", "django_tasks_db"}
PRIMARY_ONLY_MODELS = {"core.workerheartbeat", "accounts.loginfailure"}
# Pages whose reads may go to the replica, besides every API GET and every export
# (a route ending in .xlsx or .docx).
REPLICA_VIEWS = {
    "reporting:synthesis",
    "reporting:synthesis_xlsx",
    "reporting:synthesis_docx",
    "reporting:series",
    "reporting:completeness",
}
READ_METHODS = {"GET", "HEAD"}


class _ReadRoute:
    """One request's permission to read from the replica."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.wrote = False
        self.pinned: bool | None = None  # decided once the user is known

    def allowed(self) -> bool:
        if self.wrote:
            return False
        if self.pinned is None:
            user_id = user_id_of(self.request)
            if user_id is None:
                # Not signed in yet: the user (and their password hash, which the session
                # is checked against) is read on the primary, as is everything of an
                # anonymous caller.
                return False
            self.pinned = is_pinned(user_id)
        return not self.pinned


_route: ContextVar[_ReadRoute | None] = ContextVar("thidua_read_route", default=None)


def replica_alias() -> str | None:
    return getattr(settings, "THIDUA_REPLICA_ALIAS", None)


def _pin_key(user_id: int) -> str:
    return f"replica-pin:{user_id}"


def pin_to_primary(user_id: int, seconds: int | None = None) -> None:
    """Keep the user's reads on the primary for the next ``seconds``."""
    seconds = settings.THIDUA_REPLICA_PIN_SECONDS if seconds is None else seconds
    if seconds > 0:
        cache.set(_pin_key(user_id), time.time() + seconds, timeout=seconds)


def is_pinned(user_id: int) -> bool:
    until = cache.get(_pin_key(user_id))
    return until is not None and until > time.time()


def reads_from_replica(request: HttpRequest) -> bool:
    """Whether this request's reads may go to the replica: a GET of the API, of a
    synthesis page or of an export."""
    if request.method not in READ_METHODS:
        return False
    if request.path_info.startswith("/api/"):
        return True
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in REPLICA_VIEWS or match.route.endswith((".xlsx", ".docx"))


class ReplicaMiddleware:
    """Marks the reads of replica-worthy requests, and pins a user's reads to the primary
    after each of their write requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _route.set(None)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if replica_alias() and request.method not in READ_METHODS | {"OPTIONS"}:
            user_id = user_id_of(request)
            if user_id is not None:
                pin_to_primary(user_id)
        return response

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        if replica_alias() and reads_from_replica(request):
            _route.set(_ReadRoute(request))


class ReplicaRouter:
    """Sends the reads of a marked request to the replica, unless the model must be read
    on the primary, the request wrote, or its user wrote a moment ago."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        alias = replica_alias()
        route = _route.get()
        if alias is None or route is None:
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS:
            return None
        return alias if route.allowed() else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        route = _route.get()
        if route is not None:
            route.wrote = True  # the rest of this request reads what it wrote
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read there may be related to
        # one read on the primary.
        both = {"default", replica_alias()}
        if obj1._state.db in both and obj2._state.db in both:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == replica_alias() else None
