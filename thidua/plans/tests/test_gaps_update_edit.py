"""Correcting a progress update: the page and ``PATCH /api/updates/{id}/``.

Lục Ngạn (the late district of S1) corrects the wording of its banner update. The police
coordinate the banner task, so they see it, but may not edit the district's update; the
foreign affairs department of the same province does not take part in the task at all.
"""

from __future__ import annotations

import pytest

from thidua.core.changelog import history_for
from thidua.plans.models import ProgressUpdate

CONFLICT = "Someone else changed this update after you opened it"


@pytest.fixture
def ln_update(banners) -> ProgressUpdate:
    return ProgressUpdate.objects.get(assignment__task=banners, assignment__unit__code="H-BG-D-LN")


def _reloaded(update: ProgressUpdate) -> ProgressUpdate:
    return ProgressUpdate.objects.get(pk=update.pk)


def test_the_unit_corrects_its_update_and_the_history_shows_before_and_after(
    ln_update, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    old_text, version = ln_update.text, ln_update.version
    task_page = client.get(f"/plans/tasks/{ln_update.assignment.task_id}/").content.decode()
    assert f"/plans/updates/{ln_update.pk}/edit/" in task_page
    page = client.get(f"/plans/updates/{ln_update.pk}/edit/")
    assert page.status_code == 200 and old_text in page.content.decode()

    r = client.post(
        f"/plans/updates/{ln_update.pk}/edit/",
        {"text": "Đã in 40 băng rôn; đã treo tại 3 xã.", "version": version},
    )
    assert r.status_code == 302 and r["Location"] == f"/plans/tasks/{ln_update.assignment.task_id}/"
    fresh = _reloaded(ln_update)
    assert fresh.text == "Đã in 40 băng rôn; đã treo tại 3 xã."
    assert fresh.version == version + 1 and fresh.percent == ln_update.percent

    changes = [c for rec in history_for(fresh) for c in rec.changed_fields()]
    assert ("text", old_text, fresh.text) in changes
    page = client.get(f"/plans/updates/{ln_update.pk}/edit/").content.decode()
    assert "History" in page and old_text in page and "đã treo tại 3 xã" in page


def test_a_stale_page_is_refused_with_a_message_and_the_current_text(
    ln_update, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    url = f"/plans/updates/{ln_update.pk}/edit/"
    stale = ln_update.version
    assert client.post(url, {"text": "Bản sửa thứ nhất", "version": stale}).status_code == 302

    r = client.post(url, {"text": "Bản sửa thứ hai", "version": stale})
    page = r.content.decode()
    assert r.status_code == 409
    assert CONFLICT in page
    assert "Bản sửa thứ nhất" in page  # what is saved now, to compare with
    assert "Bản sửa thứ hai" in page  # what the user typed is kept
    assert _reloaded(ln_update).text == "Bản sửa thứ nhất"
    # The refused form now carries the current version: saving again is deliberate.
    assert f'value="{stale + 1}"' in page
    assert client.post(url, {"text": "Bản sửa thứ hai", "version": stale + 1}).status_code == 302
    assert _reloaded(ln_update).text == "Bản sửa thứ hai"


def test_bad_input_shows_field_errors_and_writes_nothing(ln_update, user_named, client_for):
    client = client_for(user_named("bg.luc-ngan"))
    url = f"/plans/updates/{ln_update.pk}/edit/"
    before = (ln_update.text, ln_update.version)
    r = client.post(url, {"text": "   ", "version": ln_update.version})
    assert r.status_code == 400 and "This field is required." in r.content.decode()
    r = client.post(url, {"text": "Không có phiên bản"})
    assert r.status_code == 400 and "reload it" in r.content.decode()
    fresh = _reloaded(ln_update)
    assert (fresh.text, fresh.version) == before
    assert not [rec for rec in history_for(fresh) if rec.action == "update"]


def test_a_coordinating_unit_sees_the_task_but_may_not_edit_the_lead_units_update(
    ln_update, user_named, client_for
):
    client = client_for(user_named("bg.police"))  # H-BG-CA coordinates the banner task
    task_page = client.get(f"/plans/tasks/{ln_update.assignment.task_id}/")
    assert task_page.status_code == 200
    assert f"/plans/updates/{ln_update.pk}/edit/" not in task_page.content.decode()
    url = f"/plans/updates/{ln_update.pk}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x", "version": ln_update.version}).status_code == 403
    assert _reloaded(ln_update).text == ln_update.text


def test_an_outsider_is_refused_and_another_units_officer_gets_404(
    ln_update, outsider, user_named, client_for
):
    url = f"/plans/updates/{ln_update.pk}/edit/"
    client = client_for(outsider)
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x", "version": ln_update.version}).status_code == 403
    for name in ["bg.foreign", "ht.stp"]:  # a sibling department; another province
        client = client_for(user_named(name))
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"text": "x", "version": ln_update.version}).status_code == 404
    assert _reloaded(ln_update).text == ln_update.text


# --- API ---------------------------------------------------------------------------------


def _patch(client, update, data):
    return client.patch(f"/api/updates/{update.pk}/", data, content_type="application/json")


def test_the_api_corrects_an_update_and_answers_409_on_a_stale_version(
    ln_update, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    v = ln_update.version
    r = _patch(client, ln_update, {"text": "Đã treo tại 5 xã.", "version": v})
    assert r.status_code == 200, r.content
    assert r.json()["text"] == "Đã treo tại 5 xã." and r.json()["version"] == v + 1
    assert r.json()["percent"] == ln_update.percent

    r = _patch(client, ln_update, {"text": "ghi đè", "version": v})
    assert r.status_code == 409
    assert r.json()["current_version"] == v + 1 and "changed by someone else" in r.json()["detail"]
    assert _reloaded(ln_update).text == "Đã treo tại 5 xã."


def test_the_api_refuses_bad_input_with_field_errors(ln_update, user_named, client_for):
    client = client_for(user_named("bg.luc-ngan"))
    r = _patch(client, ln_update, {"text": "", "version": ln_update.version})
    assert r.status_code == 400 and "text" in r.json()["errors"]
    r = _patch(client, ln_update, {"text": "không có phiên bản"})
    assert r.status_code == 400 and "version" in r.json()["errors"]
    r = _patch(client, ln_update, {"text": "x", "version": "abc"})
    assert r.status_code == 400 and "version" in r.json()["errors"]
    fresh = _reloaded(ln_update)
    assert (fresh.text, fresh.version) == (ln_update.text, ln_update.version)


def test_the_api_refuses_the_coordinating_unit_outsiders_and_other_units(
    ln_update, outsider, user_named, client_for
):
    body = {"text": "x", "version": ln_update.version}
    assert _patch(client_for(user_named("bg.police")), ln_update, body).status_code == 403
    assert _patch(client_for(outsider), ln_update, body).status_code == 403
    for name in ["bg.foreign", "ht.stp"]:
        client = client_for(user_named(name))
        assert _patch(client, ln_update, body).status_code == 404, name
        assert client.get(f"/api/updates/{ln_update.pk}/").status_code == 404, name
    assert _reloaded(ln_update).text == ln_update.text


def test_a_non_numeric_id_in_an_api_url_is_404_not_a_server_error(province_supervisor, client_for):
    client = client_for(province_supervisor)
    for url in ["/api/plans/abc/", "/api/tasks/abc/", "/api/updates/abc/", "/api/concerns/x/"]:
        assert client.get(url).status_code == 404, url
    r = client.patch("/api/updates/abc/", {"text": "x"}, content_type="application/json")
    assert r.status_code == 404
