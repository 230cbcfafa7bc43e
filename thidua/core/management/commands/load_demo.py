"""Load the demo data of every app (units, users, documents, then each scenario).

Idempotent: running it twice changes nothing the second time. Apps register their
loaders in ``thidua.core.registry.registry.demo`` from their AppConfig.ready().
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.core.context import acting_as
from thidua.core.registry import registry


class Command(BaseCommand):
    help = "Load the demo units, users and the five seed scenarios (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--only", nargs="*", help="names of loaders to run")
        parser.add_argument("--no-communes", action="store_true", help="skip the 3,321 communes")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        only = set(options["only"] or [])
        for _order, name, loader in registry.demo:
            if only and name not in only:
                continue
            started = time.perf_counter()
            with acting_as(None), transaction.atomic():
                if name == "units":
                    loader(with_communes=not options["no_communes"])
                else:
                    loader()
            self.stdout.write(f"demo: {name} ({time.perf_counter() - started:.1f} s)")
