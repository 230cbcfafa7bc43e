"""``manage.py restore DIR``: the database and the stored files back from a backup, then
the migrations of this version and ``synthesis_check`` (thidua.core.backups)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from thidua.core.backups import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT by a backup made with `backup`, then migrate "
        "and run synthesis_check. Stop the web and worker services first."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("directory", type=Path, help="a folder written by `backup`")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        directory = options["directory"].resolve()
        alias = options["database"]
        try:
            manifest = backup_read(directory=directory, alias=alias)
            if options["interactive"]:
                answer = input(
                    f"This replaces the whole database and every stored file by the backup "
                    f"of {manifest['created_at']}. Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            backup_restore(directory=directory, alias=alias)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored the {manifest['engine']} database and {manifest['media_files']} "
            f"file(s) from the backup of {manifest['created_at']}"
        )
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        self.stdout.write("migrations of this version applied")
        self.stdout.write("synthesis_check:")
        try:
            call_command("synthesis_check", stdout=self.stdout, stderr=self.stderr)
        except SystemExit as exc:
            if exc.code:
                raise CommandError(
                    "The restored synthesis differs from a recompute of the approved "
                    "reports: run `manage.py synthesis_check --repair`."
                ) from exc
