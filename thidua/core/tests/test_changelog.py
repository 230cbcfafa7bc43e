"""The change log: every write with who, when, request id, before and after."""

import pytest
from django.urls import reverse

from thidua.core.changelog import history_for, log_event
from thidua.core.context import acting_as
from thidua.core.models import ChangeRecord
from thidua.documents.services import document_create, document_update

pytestmark = pytest.mark.django_db


def test_a_create_and_an_update_are_logged_with_user_and_before_after(user_named, unit):
    user = user_named("ht.btg")
    with acting_as(user, "req123456789") as rid:
        doc = document_create(
            user=user, title="Kế hoạch thử", symbol="12/KH-BTGTU", issuing_units=[unit("P42-BTGTU")]
        )
        document_update(
            user=user, document=doc, expected_version=doc.version, title="Kế hoạch đã sửa"
        )
    records = list(history_for(doc))
    update = next(r for r in records if r.action == "update" and r.before and "title" in r.before)
    assert update.user == user and update.request_id == rid
    assert update.before["title"] == "Kế hoạch thử" and update.after["title"] == "Kế hoạch đã sửa"
    assert any(r.action == "create" for r in records)
    m2m = next(
        r for r in records if r.after and "issuing_units" in r.after and r.before is not None
    )
    assert m2m.after["issuing_units"] == [unit("P42-BTGTU").pk]


def test_a_save_that_changes_nothing_is_not_logged(unit):
    u = unit("P42-STP")
    before = ChangeRecord.objects.count()
    u.save()
    assert ChangeRecord.objects.count() == before


def test_a_delete_keeps_the_last_state(unit):
    from thidua.documents.models import DocumentRelation

    rel = DocumentRelation.objects.first()
    pk = rel.pk
    rel.delete()
    rec = ChangeRecord.objects.filter(object_id=str(pk), action="delete").get()
    assert rec.before["kind"] == rel.kind and rec.after is None


def test_workflow_events_are_recorded_with_their_data(unit):
    log_event(unit("P42"), "urged", message="late", data={"task": 1})
    rec = history_for(unit("P42")).first()
    assert rec.event == "urged" and rec.after == {"task": 1}


def test_a_web_request_records_its_request_id_and_echoes_it(client_for, user_named, unit):
    c = client_for(user_named("ht.btg"))
    response = c.post(
        reverse("documents:create"),
        {
            "title": "Kế hoạch qua web",
            "symbol": "7/KH-BTGTU",
            "issuing_units": [unit("P42-BTGTU").pk],
        },
        HTTP_X_REQUEST_ID="abcdef0123456789",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "abcdef0123456789"
    rec = ChangeRecord.objects.filter(request_id="abcdef0123456789", action="create").first()
    assert rec is not None and rec.user_name == "ht.btg"


def test_the_history_panel_shows_changes_on_the_object_page(client_for, user_named, unit):
    user = user_named("ht.btg")
    doc = document_create(user=user, title="Trước", issuing_units=[unit("P42-BTGTU")])
    document_update(user=user, document=doc, expected_version=doc.version, title="Sau")
    body = client_for(user).get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "History" in body and "Trước" in body and "Sau" in body


def test_saving_a_row_with_many_to_many_fields_reads_no_link_table(user_named, unit):
    """The log used to read every M2M field before and after a save, and throw it away."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = user_named("ht.btg")
    doc = document_create(
        user=user, title="Kế hoạch thử", symbol="13/KH-BTGTU", issuing_units=[unit("P42-BTGTU")]
    )
    doc.title = "Kế hoạch thử, sửa"
    with CaptureQueriesContext(connection) as ctx:
        doc.save()
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "issuing_units" not in sql and "documents_document_issuing_units" not in sql
    rec = history_for(doc).filter(action="update").first()
    assert rec.before["title"] == "Kế hoạch thử" and rec.after["title"] == "Kế hoạch thử, sửa"
    assert "issuing_units" not in rec.after


def test_a_queryset_update_through_the_log_records_one_event_per_changed_row(unit, user_named):
    from thidua.core.changelog import update_logged
    from thidua.orgunits.models import OrgUnit

    a, b = unit("P42-STP"), unit("P42-SXD")
    b.short_name = "Sở Xây dựng"
    b.save()
    user = user_named("ht.btg")
    with acting_as(user, "req-bulk-1"):
        n = update_logged(
            OrgUnit.objects.filter(pk__in=[a.pk, b.pk]),
            event="renamed in bulk",
            short_name="Sở Xây dựng",
        )
    assert n == 1  # b already had the value: nothing to change, nothing logged
    a.refresh_from_db()
    assert a.short_name == "Sở Xây dựng"
    rec = history_for(a).get(event="renamed in bulk")
    assert rec.action == "event" and rec.user == user and rec.request_id == "req-bulk-1"
    assert rec.after == {"short_name": "Sở Xây dựng"} and rec.before["short_name"] != "Sở Xây dựng"
    assert not history_for(b).filter(event="renamed in bulk").exists()
