"""Create the award catalogue of docs/RULES.md §2 (award types, rules, powers) where missing.

Never overwrites an administrator's edits: existing award types are left as they are.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.awards.catalogue import ensure_catalogue


class Command(BaseCommand):
    help = "Create the award catalogue (award types, eligibility rules, granting authorities)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            types = ensure_catalogue()
        self.stdout.write(f"award catalogue: {len(types)} award types")
