"""/healthz and /readyz: liveness without the database, readiness with what is down.

The real worker's heartbeat (a ``db_worker`` process turning /readyz ready, and its
stop turning it unready) is tested with real processes in test_serving.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from thidua.core.models import WorkerHeartbeat
from thidua.core.workers import heartbeat_forget, heartbeat_write, workers_alive

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django refuses any database access in this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_probes_answer_on_any_host_and_over_plain_http(settings, client):
    """A probe comes to the bare address over HTTP: no host check, no HTTPS redirect."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # others are checked


def test_probes_only_answer_reads(client):
    response = client.post("/healthz")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_readyz_is_ready_when_tasks_run_in_the_request(client):
    """The test settings run tasks at once (ImmediateBackend): no worker to wait for."""
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is True
    assert "ImmediateBackend" in body["checks"]["worker"]["detail"]


@pytest.mark.django_db
def test_readyz_says_no_worker_has_ever_reported(settings, client):
    settings.TASKS = DB_TASKS
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["worker"] == {"ok": False, "error": "no job worker has ever reported"}


@pytest.mark.django_db
def test_readyz_is_ready_with_a_fresh_heartbeat_and_not_with_a_stale_one(settings, client):
    settings.TASKS = DB_TASKS
    settings.THIDUA_WORKER_HEARTBEAT_MAX_AGE = 60
    heartbeat_write(worker_id="w1", queues="default", started_at=timezone.now())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {"ok": True, "workers": 1}

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(seconds=300))
    response = client.get("/readyz")
    assert response.status_code == 503
    error = response.json()["checks"]["worker"]["error"]
    assert error.startswith("no job worker has reported for ") and "(limit 60 s)" in error


@pytest.mark.django_db
def test_a_heartbeat_is_one_row_per_worker_and_is_gone_when_the_worker_stops():
    started = timezone.now()
    heartbeat_write(worker_id="w1", queues="default", started_at=started)
    heartbeat_write(worker_id="w1", queues="default", started_at=started)
    heartbeat_write(worker_id="w2", queues="*", started_at=started)
    assert WorkerHeartbeat.objects.count() == 2
    assert workers_alive(max_age=60)[0] == 2
    heartbeat_forget(worker_id="w1")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]


@pytest.mark.django_db
def test_heartbeats_of_workers_gone_for_a_day_are_cleared():
    heartbeat_write(worker_id="old", queues="default", started_at=timezone.now())
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(days=2))
    heartbeat_write(worker_id="new", queues="default", started_at=timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]


@pytest.mark.django_db
def test_readyz_names_a_cache_that_does_not_answer(settings, client):
    """A database cache whose table is missing (``migrate`` was not run) is down."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["error"].startswith("unreachable (")
