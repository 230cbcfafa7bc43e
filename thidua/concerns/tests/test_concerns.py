import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.concerns import services
from thidua.concerns.models import ConcernIssue
from thidua.core.models import ChangeRecord

D = dt.date
CONTACT = "Điện thoại 0900 000 000 (số minh họa)"


def _record(unit, user_named, **kw):
    return services.concern_record(
        user=user_named("ht.btg"),
        unit=unit("P42-BTGTU"),
        summary="Đường ngập sau mưa",
        category="infrastructure",
        raised_where="Tiếp xúc cử tri",
        raised_on=D(2026, 11, 1),
        raiser_contact=kw.pop("contact", CONTACT),
        **kw,
    )


def test_the_workflow_runs_from_recording_to_closing_and_reopening(unit, user_named):
    c = _record(unit, user_named)
    c = services.concern_refer(
        user=user_named("ht.btg"), issue=c, standing_units=[unit("P42-HDND"), unit("P42-UBND")]
    )
    assert c.state == "referred"
    c = services.concern_forward(
        user=user_named("ht.ubnd"),
        issue=c,
        competent_unit=unit("P42-STP"),
        answer_due=D(2026, 12, 1),
        today=D(2026, 11, 22),
    )
    assert (
        c.state == "forwarded"
        and not c.is_overdue_on(D(2026, 12, 1))
        and c.is_overdue_on(D(2026, 12, 2))
    )
    assert services.concern_urge(user=user_named("ht.hdnd"), issue=c, today=D(2026, 12, 3))
    with pytest.raises(PermissionDenied):
        services.concern_answer(user=user_named("bg.police"), issue=c, answer="x")
    c = services.concern_answer(
        user=user_named("ht.stp"), issue=c, answer="Đã xử lý", today=D(2026, 12, 4)
    )
    assert c.state == "answered"
    c = services.concern_close(user=user_named("ht.ubnd"), issue=c, today=D(2026, 12, 5))
    assert c.state == "closed" and c.raiser_contact == ""
    c = services.concern_reopen(
        user=user_named("ht.btg"),
        issue=c,
        reason="Chưa xong",
        answer_due=D(2026, 12, 20),
        today=D(2026, 12, 6),
    )
    assert c.state == "forwarded" and c.reopen_count == 1


def test_steps_out_of_order_are_refused_with_a_message(unit, user_named):
    c = _record(unit, user_named)
    with pytest.raises(PermissionDenied):  # not forwarded yet: nobody may answer it
        services.concern_answer(user=user_named("ht.stp"), issue=c, answer="x")
    with pytest.raises(ValidationError):
        services.concern_urge(user=user_named("ht.btg"), issue=c)
    with pytest.raises(ValidationError):
        services.concern_forward(
            user=user_named("ht.btg"),
            issue=c,
            competent_unit=unit("P42-STP"),
            answer_due=D(2020, 1, 1),
        )


def test_a_standing_committee_not_sent_the_issue_cannot_forward_it(unit, user_named):
    c = _record(unit, user_named)
    services.concern_refer(user=user_named("ht.btg"), issue=c, standing_units=[unit("P42-HDND")])
    with pytest.raises(PermissionDenied):
        services.concern_forward(
            user=user_named("ht.ubnd"),
            issue=c,
            competent_unit=unit("P42-STP"),
            answer_due=D(2030, 1, 1),
        )


def test_the_raiser_contact_is_never_in_the_change_log(unit, user_named):
    c = _record(unit, user_named)
    services.concern_close(user=user_named("ht.btg"), issue=c)
    for rec in ChangeRecord.objects.filter(object_id=str(c.pk), content_type__model="concernissue"):
        assert "0900" not in json.dumps([rec.before, rec.after, rec.message], ensure_ascii=False)


def test_the_raiser_contact_is_shown_to_the_recording_units_managers_only(
    unit, user_named, client_for
):
    c = _record(unit, user_named)
    services.concern_refer(user=user_named("ht.btg"), issue=c, standing_units=[unit("P42-UBND")])
    page = client_for(user_named("ht.btg")).get(f"/concerns/{c.pk}/").content.decode()
    assert "0900 000 000" in page
    page = client_for(user_named("ht.ubnd")).get(f"/concerns/{c.pk}/").content.decode()
    assert "0900 000 000" not in page
    listing = client_for(user_named("ht.btg")).get("/concerns/").content.decode()
    assert "0900 000 000" not in listing


def test_the_api_neither_returns_nor_accepts_the_contact(unit, user_named, client_for):
    c = _record(unit, user_named)
    client = client_for(user_named("ht.btg"))
    for url in ["/api/concerns/", f"/api/concerns/{c.pk}/"]:
        body = client.get(url).content.decode()
        assert "0900" not in body and "raiser_contact" not in body
    r = client.post(
        "/api/concerns/",
        {
            "unit": "P42-BTGTU",
            "summary": "x",
            "category": "other",
            "raised_where": "y",
            "raised_on": "2026-11-01",
            "raiser_contact": "secret",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    assert ConcernIssue.objects.get(pk=r.json()["id"]).raiser_contact == ""


def test_outsiders_and_unrelated_units_see_no_issue(s3, outsider, user_named, client_for):
    c = ConcernIssue.objects.first()
    for user in [outsider, user_named("bg.supervisor")]:
        client = client_for(user)
        assert client.get(f"/concerns/{c.pk}/").status_code in (403, 404)
        assert client.get(f"/api/concerns/{c.pk}/").status_code in (403, 404)
        listing = client.get("/api/concerns/")
        assert listing.status_code == 403 or listing.json()["count"] == 0
        r = client.post(f"/api/concerns/{c.pk}/urge/", {}, content_type="application/json")
        assert r.status_code in (403, 404)


def test_an_officer_of_another_province_gets_404_not_a_hint(s3, user_named, client_for):
    c = ConcernIssue.objects.first()
    client = client_for(user_named("bg.supervisor"))
    assert client.get(f"/api/concerns/{c.pk}/").status_code == 404
    assert client.get(f"/concerns/{c.pk}/").status_code == 404
