import datetime as dt

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from thidua.core.models import Notification
from thidua.core.reminders import reminders_send
from thidua.plans import services
from thidua.plans.models import Plan

D = dt.date
NOV_22_2026 = D(2026, 11, 22)


def _plan_of_2026(user, issuer):
    """A 2026 plan issued by ``issuer`` (which may assign work to the units below it)."""
    return services.plan_create(
        user=user,
        kind=Plan.Kind.PLAN,
        title="Kế hoạch 2026",
        issuing_units=[issuer],
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )


def _reminders_of(user):
    return Notification.objects.filter(user=user, kind__in=["plans.due_soon", "plans.overdue"])


def test_reminders_are_sent_once_per_event_and_as_one_digest_per_user(unit, user_named):
    head = user_named("admin")
    stp = user_named("ht.stp")  # the only officer of the Department of Justice
    plan = _plan_of_2026(head, unit("P42-UBND"))
    for title, due in [
        ("Sắp đến hạn", D(2026, 11, 24)),  # within the three days ahead
        ("Quá hạn", D(2026, 11, 1)),
        ("Còn xa", D(2026, 12, 30)),
    ]:
        services.task_create(
            user=head, plan=plan, title=title, due_date=due, lead_units=[unit("P42-STP")]
        )
    mail.outbox.clear()
    # The assignment notices were e-mailed already: the digest holds only the reminders.
    Notification.objects.filter(user=stp).update(emailed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    first = reminders_send(today=NOV_22_2026)
    assert sorted(_reminders_of(stp).values_list("kind", flat=True)) == [
        "plans.due_soon",
        "plans.overdue",
    ]
    assert (first.notifications, first.emails) == (2, 1)
    (digest,) = [m for m in mail.outbox if stp.email in m.to]  # one digest, both items in it
    assert "Sắp đến hạn" in digest.body and "Quá hạn" in digest.body
    assert "Còn xa" not in digest.body

    second = reminders_send(today=NOV_22_2026)
    assert (second.notifications, second.emails) == (0, 0)
    assert len([m for m in mail.outbox if stp.email in m.to]) == 1
    assert _reminders_of(stp).count() == 2


def test_the_command_and_the_job_are_idempotent(unit, user_named):
    from thidua.core.tasks import send_reminders_job

    head, stp = user_named("admin"), user_named("ht.stp")
    plan = _plan_of_2026(head, unit("P42-UBND"))
    services.task_create(
        user=head, plan=plan, title="Quá hạn", due_date=D(2026, 11, 1), lead_units=[unit("P42-STP")]
    )
    mail.outbox.clear()
    call_command("send_reminders", "--date", "2026-11-22", verbosity=0)
    # The command did send: the overdue reminder, and a digest to the officer.
    assert list(_reminders_of(stp).values_list("kind", flat=True)) == ["plans.overdue"]
    assert [m.to for m in mail.outbox] == [[stp.email]]
    count = Notification.objects.count()
    result = send_reminders_job.enqueue(today="2026-11-22")
    assert result.return_value == {"notifications": 0, "emails": 0}
    assert Notification.objects.count() == count and len(mail.outbox) == 1


def test_a_new_deadline_is_a_new_event(unit, user_named):
    head, stp = user_named("admin"), user_named("ht.stp")
    plan = _plan_of_2026(head, unit("P42-UBND"))
    task = services.task_create(
        user=head, plan=plan, title="Hạn mới", due_date=D(2026, 11, 1), lead_units=[unit("P42-STP")]
    )
    reminders_send(today=NOV_22_2026, email=False)
    reminders_send(today=NOV_22_2026, email=False)  # the same deadline again: nothing new
    assert _reminders_of(stp).count() == 1
    task.refresh_from_db()
    services.task_update(
        user=head, task=task, expected_version=task.version, due_date=D(2026, 11, 10)
    )
    reminders_send(today=NOV_22_2026, email=False)
    keys = sorted(_reminders_of(stp).values_list("dedupe_key", flat=True))
    assert [k.rsplit(":", 1)[1] for k in keys] == ["2026-11-01", "2026-11-10"]
    assert all(k.startswith("plans:overdue:") for k in keys)


class FailingBackend(BaseEmailBackend):
    """A mail server that is down: every send raises."""

    def send_messages(self, email_messages):
        raise OSError("mail server down")


def test_a_failed_mail_is_retried_next_run_and_not_lost(unit, user_named, settings, caplog):
    head, stp = user_named("admin"), user_named("ht.stp")
    plan = _plan_of_2026(head, unit("P42-UBND"))
    services.task_create(
        user=head, plan=plan, title="Quá hạn", due_date=D(2026, 11, 1), lead_units=[unit("P42-STP")]
    )
    mail.outbox.clear()
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    first = reminders_send(today=NOV_22_2026)  # one recipient's failure stops no other
    assert (first.notifications, first.emails) == (1, 0)
    assert f"digest to user {stp.pk} failed" in caplog.text
    overdue = _reminders_of(stp).get()
    assert overdue.emailed_at is None  # the claim was released
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = reminders_send(today=NOV_22_2026)
    assert (again.notifications, again.emails) == (0, 1)
    (digest,) = [m for m in mail.outbox if stp.email in m.to]
    assert overdue.title in digest.body
    overdue.refresh_from_db()
    assert overdue.emailed_at is not None
