import datetime as dt

from django.core import mail
from django.core.management import call_command

from thidua.core.models import Notification
from thidua.plans import services
from thidua.plans.models import Plan
from thidua.plans.reminders import reminders_send

D = dt.date


def _current_plan(user, unit):
    # Issued by the provincial People's Committee, which may assign work to its departments.
    from thidua.accounts.models import User

    user = User.objects.get(username="admin")
    plan = services.plan_create(
        user=user,
        kind=Plan.Kind.PLAN,
        title="Kế hoạch 2026",
        issuing_units=[unit.__class__.objects.get(code="P42-UBND")],
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )
    return plan


def test_reminders_are_sent_once_per_event_and_as_one_digest_per_user(unit, user_named):
    head = user_named("admin")
    stp = user_named("ht.stp")
    plan = _current_plan(head, unit("P42-BTGTU"))
    for title, due in [
        ("Sắp đến hạn", D(2026, 11, 24)),
        ("Quá hạn", D(2026, 11, 1)),
        ("Còn xa", D(2026, 12, 30)),
    ]:
        services.task_create(
            user=head, plan=plan, title=title, due_date=due, lead_units=[unit("P42-STP")]
        )
    mail.outbox.clear()
    Notification.objects.filter(user=stp).update(emailed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    first = reminders_send(today=D(2026, 11, 22))
    kinds = sorted(
        Notification.objects.filter(
            user=stp, kind__in=["plans.due_soon", "plans.overdue"]
        ).values_list("kind", flat=True)
    )
    assert kinds == ["plans.due_soon", "plans.overdue"]
    mine = [m for m in mail.outbox if stp.email in m.to]
    assert len(mine) == 1  # one digest, both items in it
    assert "Sắp đến hạn" in mine[0].body and "Quá hạn" in mine[0].body

    second = reminders_send(today=D(2026, 11, 22))
    assert second.notifications == 0 and second.emails == 0
    assert len([m for m in mail.outbox if stp.email in m.to]) == 1
    assert first.notifications >= 2


def test_the_command_and_the_job_are_idempotent(unit, user_named):
    from thidua.plans.tasks import send_reminders_job

    head = user_named("admin")
    plan = _current_plan(head, unit("P42-BTGTU"))
    services.task_create(
        user=head, plan=plan, title="Quá hạn", due_date=D(2026, 11, 1), lead_units=[unit("P42-STP")]
    )
    call_command("send_reminders", "--date", "2026-11-22", verbosity=0)
    count = Notification.objects.count()
    sent = len(mail.outbox)
    result = send_reminders_job.enqueue(today="2026-11-22")
    assert result.return_value == {"notifications": 0, "emails": 0}
    assert Notification.objects.count() == count and len(mail.outbox) == sent


def test_a_new_deadline_is_a_new_event(unit, user_named):
    head, stp = user_named("admin"), user_named("ht.stp")
    plan = _current_plan(head, unit("P42-BTGTU"))
    task = services.task_create(
        user=head, plan=plan, title="Hạn mới", due_date=D(2026, 11, 1), lead_units=[unit("P42-STP")]
    )
    reminders_send(today=D(2026, 11, 22), email=False)
    services.task_update(
        user=head, task=task, expected_version=task.version, due_date=D(2026, 11, 10)
    )
    reminders_send(today=D(2026, 11, 22), email=False)
    assert Notification.objects.filter(user=stp, kind="plans.overdue").count() == 2


def test_a_failed_mail_is_retried_next_run_and_not_lost(unit, user_named, monkeypatch):
    import pytest

    from thidua.plans import reminders

    head, stp = user_named("admin"), user_named("ht.stp")
    plan = _current_plan(head, unit("P42-BTGTU"))
    services.task_create(
        user=head, plan=plan, title="Quá hạn", due_date=D(2026, 11, 1), lead_units=[unit("P42-STP")]
    )

    def boom(*a, **k):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", boom)
    with pytest.raises(OSError):
        reminders_send(today=D(2026, 11, 22))
    assert Notification.objects.filter(user=stp, emailed_at__isnull=True).exists()
