"""Send due-soon and overdue reminders (run daily, e.g. from cron); safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from thidua.core.context import acting_as
from thidua.core.reminders import REMIND_DAYS_AHEAD, reminders_send


class Command(BaseCommand):
    help = "Send every app's reminders (tasks, answers due) in-app and as e-mail digests."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--due-soon-days", type=int, default=REMIND_DAYS_AHEAD, help="how many days ahead"
        )
        parser.add_argument("--no-email", action="store_true", help="in-app notifications only")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date: not a date in YYYY-MM-DD form: {options['date']}"
                ) from exc
        if options["due_soon_days"] < 0:
            raise CommandError("--due-soon-days must be 0 or more")
        with acting_as(None):
            result = reminders_send(
                today=day, due_soon_days=options["due_soon_days"], email=not options["no_email"]
            )
        self.stdout.write(
            f"reminders: {result.notifications} new notifications, {result.emails} e-mails"
        )
