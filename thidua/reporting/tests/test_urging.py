"""Urging units whose report is missing: the notice reaches people, in their language,
and the supervisor is told which units have nobody to notify."""

from __future__ import annotations

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, RoleAssignment
from thidua.core.models import Notification
from thidua.core.reminders import reminders_send
from thidua.reporting import services


def _title(period, language):
    with translation.override(language):
        return _("Report %(form)s %(period)s is due (%(deadline)s)") % {
            "form": period.form.name,
            "period": period.label,
            "deadline": f"{period.deadline:%d/%m/%Y}",
        }


def test_the_notice_is_written_in_the_recipients_language_not_the_urging_officers(
    s4_2024, unit, user_named
):
    lungcu = user_named("hg.lungcu")
    lungcu.language = "vi"
    lungcu.save()
    with translation.override("en"):
        services.submissions_urge(
            user=user_named("hg.police"),
            form=s4_2024.form,
            period=s4_2024,
            units=[unit("H-HG-D-DV-01")],
        )
    note = Notification.objects.get(user=lungcu, kind="report")
    assert note.title == _title(s4_2024, "vi") != _title(s4_2024, "en")


def test_an_inactive_officer_is_not_notified_and_the_unit_counts_as_having_nobody(
    s4_2024, unit, user_named
):
    lungcu = user_named("hg.lungcu")
    lungcu.is_active = False
    lungcu.save()
    result = services.submissions_urge(
        user=user_named("hg.police"),
        form=s4_2024.form,
        period=s4_2024,
        units=[unit("H-HG-D-DV-01")],
    )
    assert result.created == 0 and result.without_officers == [unit("H-HG-D-DV-01")]
    assert not Notification.objects.filter(user=lungcu).exists()


def test_report_urges_are_e_mailed_in_the_digest(s4_2024, unit, user_named):
    lungcu = user_named("hg.lungcu")
    services.submissions_urge(
        user=user_named("hg.police"),
        form=s4_2024.form,
        period=s4_2024,
        units=[unit("H-HG-D-DV-01")],
    )
    mail.outbox.clear()
    result = reminders_send(email=True)
    assert result.emails >= 1
    (digest,) = [m for m in mail.outbox if lungcu.email in m.to]
    assert s4_2024.form.name in digest.body
    assert Notification.objects.get(user=lungcu, kind="report").emailed_at is not None


def test_urging_from_the_completeness_page_names_the_units_with_no_officer(
    s4_2024, unit, user_named, client_for
):
    """Not "0 notifications sent" as if done: the supervisor learns whom to phone."""
    lungcu, sung_la = unit("H-HG-D-DV-01"), unit("H-HG-D-DV-02")
    assert not RoleAssignment.objects.filter(unit=sung_la, role__in=[Role.REPORTER]).exists()
    client = client_for(user_named("hg.police"))
    r = client.post(
        f"/reporting/periods/{s4_2024.pk}/urge?unit={unit('H-HG-D-DV').pk}",
        {"units": [lungcu.pk, sung_la.pk]},
        follow=True,
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "2 units urged; 1 has no officer to notify: " + sung_la.name in page
    assert "Contact it another way" in page
    assert Notification.objects.filter(user=user_named("hg.lungcu"), kind="report").count() == 1
