"""``manage.py db_worker``: django-tasks-db's worker, plus the heartbeat ``/readyz`` reads.

It takes the package's command's place (thidua.core comes before django_tasks_db in
INSTALLED_APPS) with the same options; the heartbeat (thidua.core.workers) runs in the
process that runs jobs, not in the file watcher of ``--reload``.
"""

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from thidua.core.workers import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run the background-job worker (django-tasks-db), with a heartbeat for /readyz."

    def handle(self, *, reload: bool, worker_id: str, queue_name: str, **options: Any) -> None:
        runs_jobs = not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        heartbeat = Heartbeat(worker_id=worker_id, queues=queue_name) if runs_jobs else None
        if heartbeat is not None:
            heartbeat.start()
        try:
            super().handle(reload=reload, worker_id=worker_id, queue_name=queue_name, **options)
        finally:
            if heartbeat is not None:
                heartbeat.stop()
