"""Compile the .po catalogues to .mo with polib, so that a fresh machine needs no gettext.

``make install`` runs it; the compiled files are build output and are not committed.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po file under LOCALE_PATHS to .mo (no GNU gettext needed)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in Path(base).rglob("*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
