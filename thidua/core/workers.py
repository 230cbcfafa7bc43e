"""The job workers' heartbeats: how ``/readyz`` knows that background jobs will run.

``manage.py db_worker`` (thidua/core/management/commands/db_worker.py: django-tasks-db's
worker) runs a ``Heartbeat`` beside its loop: a thread that writes the worker's
``WorkerHeartbeat`` row every ``THIDUA_WORKER_HEARTBEAT_SECONDS``, also while a long job
runs, and deletes it when the worker stops. A worker killed outright leaves its row,
which goes stale and stops counting after ``THIDUA_WORKER_HEARTBEAT_MAX_AGE``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import connections
from django.utils import timezone

from thidua.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Rows of workers gone for longer than this are removed by the next heartbeat of any worker.
FORGET_AFTER = dt.timedelta(days=1)


def heartbeat_write(*, worker_id: str, queues: str, started_at: dt.datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "queues": queues[:255],
            "started_at": started_at,
            "seen_at": now,
        },
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def heartbeat_forget(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def workers_alive(*, max_age: int | None = None) -> tuple[int, dt.datetime | None]:
    """How many workers wrote a heartbeat in the last ``max_age`` seconds, and when the
    last heartbeat of any worker was written (None: never)."""
    max_age = settings.THIDUA_WORKER_HEARTBEAT_MAX_AGE if max_age is None else max_age
    since = timezone.now() - dt.timedelta(seconds=max_age)
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=since).count()
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return alive, last


class Heartbeat:
    """A daemon thread writing one worker's heartbeat until ``stop()``."""

    def __init__(self, *, worker_id: str, queues: str) -> None:
        self.worker_id = worker_id
        self.queues = queues
        self.started_at = timezone.now()
        self.interval = settings.THIDUA_WORKER_HEARTBEAT_SECONDS
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._beat()  # the first one before any job: /readyz turns ready at once
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            heartbeat_forget(worker_id=self.worker_id)
        finally:
            connections.close_all()

    def _beat(self) -> None:
        try:
            heartbeat_write(
                worker_id=self.worker_id, queues=self.queues, started_at=self.started_at
            )
        except Exception:  # a database that is down for a moment must not stop the worker
            logger.exception("The worker's heartbeat could not be written")

    def _run(self) -> None:
        try:
            while not self._stopped.wait(self.interval):
                self._beat()
        finally:
            connections.close_all()  # this thread's own connection
