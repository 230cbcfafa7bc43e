"""Load Vietnam's 34 provinces and 3,321 commune-level units (idempotent)."""

from django.core.management.base import BaseCommand

from thidua.orgunits.reference import load_vietnam_units


class Command(BaseCommand):
    help = "Create or refresh the provinces and communes of Viet Nam from vietnam-provinces."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--provinces-only", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = load_vietnam_units(with_communes=not options["provinces_only"])
        self.stdout.write(
            f"{result.provinces} provinces, {result.communes} communes "
            f"({result.created} created, {result.updated} updated)"
        )
