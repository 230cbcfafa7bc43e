"""``manage.py backup DIR``: the database and the stored files, in a new folder
(thidua.core.backups; README, "Running in production")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backups import BackupError, backup_make


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new (or empty) folder."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("directory", type=Path, help="a folder that does not exist yet")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        directory = options["directory"].resolve()
        try:
            manifest = backup_make(directory=directory, alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        sizes = ", ".join(f"{name} {f['bytes']:,} bytes" for name, f in manifest["files"].items())
        self.stdout.write(
            f"backup of the {manifest['engine']} database and {manifest['media_files']} "
            f"file(s) written to {directory} ({sizes})"
        )
