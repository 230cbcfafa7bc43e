"""Run the scheduler beside the worker (``thidua.core.scheduler``): daily jobs, no cron."""

import time

from django.core.management.base import BaseCommand

from thidua.core import scheduler
from thidua.core.checks import refuse_to_serve


class Command(BaseCommand):
    help = "Enqueue the daily jobs (reminders, synthesis check, clean-up) at their times."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        refuse_to_serve()  # no SECRET_KEY: no scheduler either (thidua.core.checks)
        jobs = scheduler.schedule()
        self.stdout.write(
            "scheduler: " + ", ".join(f"{j.name} at {j.at}" for j in jobs) if jobs else "none"
        )
        while True:
            for run in scheduler.tick():
                self.stdout.write(f"scheduler: {run.name} for {run.slot:%Y-%m-%d %H:%M} enqueued")
            if options["once"]:
                return
            time.sleep(scheduler.next_wake())
