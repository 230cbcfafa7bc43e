"""Reminders of answers due to the competent body (the daily reminder run)."""

import datetime as dt

from django.utils import timezone

from thidua.concerns.models import ConcernIssue
from thidua.core.models import Notification
from thidua.core.reminders import reminders_send


def test_concern_answers_due_are_reminded_to_the_competent_body(s3, user_named):
    # The demo forwards one issue to the Department of Justice, due three days from today.
    today = timezone.localdate()
    issue = ConcernIssue.objects.get(
        competent_unit__code="P42-STP", state="forwarded", answer_due=today + dt.timedelta(3)
    )
    reminders_send(today=today, email=False)
    reminded = Notification.objects.filter(
        dedupe_key__startswith=f"plans:concern-due-soon:c{issue.pk}:"
    )
    # Only the competent body's officer, not the bodies that forwarded it.
    assert [n.user.username for n in reminded] == ["ht.stp"]
    assert reminded.get().kind == "plans.due_soon"
