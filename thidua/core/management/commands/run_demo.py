"""Serve the demo: the development server, the background-job worker and the scheduler."""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server, the job worker and the scheduler together (for `make demo`)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        helpers = [
            subprocess.Popen([sys.executable, "manage.py", "db_worker"]),
            subprocess.Popen([sys.executable, "manage.py", "run_scheduler"]),
        ]
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            for process in helpers:
                process.terminate()
            for process in helpers:
                process.wait(timeout=10)
