"""``/healthz`` (liveness) and ``/readyz`` (readiness) for a proxy, a load balancer or an
orchestrator.

``/healthz`` says the process answers; it touches nothing else, so that a database
outage does not get every app server restarted. ``/readyz`` says whether this server can
do its work: the database (and the read replica, when there is one) answers, the shared
cache answers, and a job worker has written its heartbeat lately (thidua.core.workers; on
the RQ queue, an RQ worker is registered in Redis).
It answers 200, or 503 with what is down, as JSON.

Both are answered by the first middleware: before host validation (a probe comes to the
bare address), the HTTPS redirect (it speaks plain HTTP to the app server), sessions and
the request log (every few seconds). They say nothing about the data; the reasons they
give are for the operator and name no host, user or password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from thidua.core.workers import workers_alive

logger = logging.getLogger(__name__)

Check = dict[str, Any]


def _database(alias: str) -> Check:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("readiness: database %r unreachable: %s", alias, exc)
        return {"ok": False, "error": f"unreachable ({type(exc).__name__})"}
    return {"ok": True}


def _cache() -> Check:
    try:
        cache.get("readyz")
    except Exception as exc:
        logger.warning("readiness: cache unreachable: %s", exc)
        return {"ok": False, "error": f"unreachable ({type(exc).__name__})"}
    return {"ok": True}


def _rq_workers() -> Check:
    """RQ workers register themselves in Redis and renew the entry as they run (it
    expires when a worker dies): a worker listening on the default queue counts."""
    try:
        import django_rq
        from rq import Worker

        queue = django_rq.get_queue("default")
        alive = Worker.count(queue=queue)
    except Exception as exc:
        logger.warning("readiness: RQ workers unreadable: %s", exc)
        return {"ok": False, "error": f"RQ workers unreadable ({type(exc).__name__})"}
    if alive:
        return {"ok": True, "workers": alive}
    return {"ok": False, "error": "no RQ worker listens on the default queue"}


def _worker(database_ok: bool) -> Check:
    backend = task_backends["default"]
    if type(backend).__name__ == "RQBackend":
        return _rq_workers()
    if not isinstance(backend, DatabaseBackend):
        return {"ok": True, "detail": f"not checked for {type(backend).__name__}"}
    if not database_ok:
        return {"ok": False, "error": "unknown: the database is unreachable"}
    max_age = settings.THIDUA_WORKER_HEARTBEAT_MAX_AGE
    try:
        alive, last = workers_alive(max_age=max_age)
    except Exception as exc:
        logger.warning("readiness: worker heartbeats unreadable: %s", exc)
        return {"ok": False, "error": f"heartbeats unreadable ({type(exc).__name__})"}
    if alive:
        return {"ok": True, "workers": alive}
    if last is None:
        return {"ok": False, "error": "no job worker has ever reported"}
    ago = int((timezone.now() - last).total_seconds())
    return {"ok": False, "error": f"no job worker has reported for {ago} s (limit {max_age} s)"}


def readiness() -> tuple[bool, dict[str, Check]]:
    """Each check's outcome, and whether all passed."""
    checks = {"database": _database("default")}
    replica = getattr(settings, "THIDUA_REPLICA_ALIAS", None)
    if replica:
        checks["replica"] = _database(replica)
    checks["cache"] = _cache()
    checks["worker"] = _worker(checks["database"]["ok"])
    return all(c["ok"] for c in checks.values()), checks


def healthz() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz() -> JsonResponse:
    ready, checks = readiness()
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


PROBES: dict[str, Callable[[], JsonResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    """Answers the probes; every other request goes on down the stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        response = probe()
        response["Cache-Control"] = "no-store"
        # Not logged as a server error by Django every few seconds while a worker is
        # down: the probe's caller reports it, and the checks log what failed.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
