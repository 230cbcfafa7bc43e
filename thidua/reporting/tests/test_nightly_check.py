"""The nightly synthesis check: silent when the synthesis equals a full recompute, and on
a difference tells every administrator once, by names, with what to do."""

from decimal import Decimal

from thidua.core.models import Notification
from thidua.reporting.models import SynthesisValue
from thidua.reporting.tasks import synthesis_check_job, synthesis_check_run


def test_a_clean_synthesis_alerts_nobody(s4_2023):
    assert synthesis_check_run() == {"differences": 0, "alerted": 0}
    assert not Notification.objects.filter(kind="synthesis_check").exists()


def test_a_tampered_figure_alerts_every_administrator_once_by_names(s4_2023, unit, superuser):
    # Each administrator is told in their own language.
    superuser.language = "vi"
    superuser.save(update_fields=["language"])
    thai = type(superuser).objects.create_user("thai.admin", password="x", language="th")
    thai.is_superuser = True
    thai.save()
    row = (
        SynthesisValue.objects.filter(period=s4_2023, unit=unit("H-HG"), key="")
        .select_related("indicator")
        .first()
    )
    row.total += Decimal(1)
    row.save()
    result = synthesis_check_job.enqueue().return_value
    assert result["differences"] == 1 and result["alerted"] >= 1
    note = Notification.objects.get(kind="synthesis_check", user=superuser)
    assert "phát hiện 1 số liệu tổng hợp" in note.title
    thai_note = Notification.objects.get(kind="synthesis_check", user=thai)
    assert "พบตัวเลขสรุป 1 รายการ" in thai_note.title
    assert "Tỉnh Hà Giang" in note.body and row.indicator.name in note.body
    assert "synthesis_check --repair" in note.body
    again = synthesis_check_run()  # the next run the same day adds no second alert
    assert again["differences"] == 1
    assert Notification.objects.filter(kind="synthesis_check", user=superuser).count() == 1
