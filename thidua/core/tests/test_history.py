"""History panels speak the reader's language: events by their label, fields by their
name, people by their name, and dates as dd/mm/yyyy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from thidua.core.changelog import log_event
from thidua.core.models import EVENT_LABELS, ChangeRecord
from thidua.documents.models import Document

pytestmark = pytest.mark.django_db

APPS = Path(__file__).resolve().parents[2]
# Event names passed as literals: log_event(obj, "approved"…), update_logged(…, event="…"),
# _step(nomination, "forwarded"…) and the emulation app's named events.
LITERAL = re.compile(
    r"(?:log_event\(\s*\w+,\s*|(?<![.\w])_step\(\s*\w+,\s*|_log_moved\([^)]*?,\s*)"
    r'"([a-z_ ]+)"'
    r'|event="([a-z_ ]+)"|event: str = "([a-z_ ]+)"|^MARKED = "([^"]+)"',
    re.M,
)


def _events_in_source() -> set[str]:
    found: set[str] = set()
    for path in APPS.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for m in LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.update(g for g in m.groups() if g)
    return found


def test_every_event_an_app_records_has_a_label():
    events = _events_in_source()
    assert {"approved", "figures changed", "self_assessed", "forwarded"} <= events
    assert not sorted(events - set(EVENT_LABELS))


@pytest.mark.parametrize("language", ["vi", "th"])
def test_every_event_label_is_translated(language):
    with translation.override(language):
        untranslated = [k for k, label in EVENT_LABELS.items() if str(label) == k]
    assert not untranslated


def test_a_history_panel_names_the_event_the_field_and_the_person_in_vietnamese(user_named):
    document = Document.objects.filter(title__gt="").order_by("pk").first()
    officer = user_named("bg.supervisor")
    record = log_event(document, "urged")
    ChangeRecord.objects.filter(pk=record.pk).update(user=officer, user_name=officer.username)
    record = ChangeRecord.objects.create(
        user=officer,
        user_name=officer.username,
        content_type=record.content_type,
        object_id=record.object_id,
        object_repr="x",
        action=ChangeRecord.Action.UPDATE,
        before={"title": "Cũ"},
        after={"title": "Mới"},
    )
    c = Client()  # Vietnamese, the default language
    c.force_login(user_named("admin"))
    r = c.get(f"/documents/{document.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    panel = body.split('id="history-h"', 1)[1]
    with translation.override("vi"):
        assert str(EVENT_LABELS["urged"]) in panel
        assert str(Document._meta.get_field("title").verbose_name) in panel
    assert officer.full_name in panel
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", panel)
    assert ">urged<" not in panel and ">title<" not in panel


def test_a_changed_value_reads_as_a_person_writes_it_never_an_id_or_an_iso_date(user_named, unit):
    """The values of a change: a related row by its name, a date as dd/mm/yyyy, a figure
    grouped, yes or no; as the change log stores them (ids, ISO strings, JSON numbers)."""
    from thidua.plans.models import TaskAssignment
    from thidua.reporting.models import ReportForm

    assignment_type = ChangeRecord.objects.model._meta.get_field("content_type").related_model
    lungcu, dongvan = unit("H-HG-D-DV-01"), unit("H-HG-D-DV")
    record = ChangeRecord(
        content_type=assignment_type.objects.get_for_model(TaskAssignment),
        object_id=1,
        action=ChangeRecord.Action.UPDATE,
        before={"unit": lungcu.pk, "last_update_on": "2023-12-08", "urge_count": 1200},
        after={"unit": dongvan.pk, "last_update_on": None, "urge_count": 1201},
    )
    with translation.override("vi"):
        rows = {label: (before, after) for label, before, after in record.readable_changes()}
        assert rows["đơn vị"] == (str(lungcu), str(dongvan))
        assert rows["ngày cập nhật gần nhất"] == ("08/12/2023", None)
        assert rows["số lần đôn đốc"] == ("1.200", "1.201")
    record = ChangeRecord(
        content_type=assignment_type.objects.get_for_model(ReportForm),
        object_id=1,
        action=ChangeRecord.Action.UPDATE,
        before={"is_active": True, "assigned_units": [lungcu.pk, dongvan.pk]},
        after={"is_active": False, "assigned_units": []},
    )
    with translation.override("vi"):
        rows = {label: (before, after) for label, before, after in record.readable_changes()}
        assert rows["đang áp dụng"] == ("có", "không")
        assert rows["các đơn vị được giao"] == (f"{lungcu}, {dongvan}", [])
