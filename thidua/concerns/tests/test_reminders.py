from thidua.core.models import Notification
from thidua.plans.reminders import reminders_send


def test_concern_answers_due_are_reminded_to_the_competent_body(s3, user_named):
    reminders_send(email=False)
    assert Notification.objects.filter(
        user=user_named("ht.stp"), dedupe_key__startswith="plans:concern-due-soon"
    ).exists()
