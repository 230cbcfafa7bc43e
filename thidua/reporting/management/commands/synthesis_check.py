"""Recompute the whole synthesis from the raw approved values and compare.

Exit status 1 when a difference is found (and not repaired), so it can run in CI or cron
as a guard on the incremental roll-up.
"""

import sys
import time

from django.core.management.base import BaseCommand

from thidua.reporting.synthesis import synthesis_check


class Command(BaseCommand):
    help = "Check (and with --repair fix) the incremental synthesis against a full recompute."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--repair", action="store_true")
        parser.add_argument("--form", type=int, help="form id")
        parser.add_argument("--period", type=int, help="period id")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        diffs = synthesis_check(
            repair=options["repair"], form_id=options["form"], period_id=options["period"]
        )
        for d in diffs[:50]:
            self.stdout.write(f"difference {d.cell}: stored {d.stored}, recomputed {d.expected}")
        elapsed = time.perf_counter() - started
        state = "repaired" if options["repair"] and diffs else "found"
        self.stdout.write(f"{len(diffs)} differences {state} ({elapsed:.2f} s)")
        if diffs and not options["repair"]:
            sys.exit(1)
