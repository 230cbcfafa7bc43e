"""A progress update sent from an offline outbox: a replay of the same entry (same
Idempotency-Key, same update) is counted once, another update under a used key is
refused, and the key is the author's own; the task page carries what the outbox needs."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.attachments import attachments_of
from thidua.plans.models import ProgressUpdate


@pytest.fixture
def task(s4):
    return s4.tasks.get()


def _post(
    client,
    task,
    key,
    text="Đã thành lập tổ tự quản ở thôn Lũng Cú.",
    percent=40,
    unit="H-HG-D-DV-01",
):
    body = {"unit": unit, "text": text, "percent": percent}
    body["files"] = [SimpleUploadedFile("bien-ban.txt", b"Bien ban hop thon", "text/plain")]
    return client.post(f"/api/tasks/{task.pk}/updates/", body, HTTP_IDEMPOTENCY_KEY=key)


def test_a_replayed_entry_is_counted_once_with_its_file(client_for, user_named, task):
    c = client_for(user_named("hg.lungcu"))
    first, again = _post(c, task, "offline-1"), _post(c, task, "offline-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    updates = ProgressUpdate.objects.filter(assignment__task=task)
    assert updates.count() == 1
    assert [f.name for f in attachments_of(updates.get())] == ["bien-ban.txt"]
    assert updates.get().assignment.percent == 40


def test_another_update_under_a_used_key_is_refused(client_for, user_named, task):
    c = client_for(user_named("hg.lungcu"))
    assert _post(c, task, "offline-2").status_code == 201
    r = _post(c, task, "offline-2", percent=60)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_conflict"
    assert "offline-2" in r.json()["detail"]
    assert ProgressUpdate.objects.filter(assignment__task=task).count() == 1


def test_an_outsider_is_refused_and_nothing_is_posted(client_for, user_named, task):
    r = _post(client_for(user_named("bg.luc-ngan")), task, "offline-3")
    assert r.status_code in (403, 404)
    assert not ProgressUpdate.objects.filter(assignment__task=task).exists()


def test_the_task_page_tells_the_outbox_which_unit_each_part_is(client_for, user_named, task):
    page = client_for(user_named("hg.lungcu")).get(f"/plans/tasks/{task.pk}/").content.decode()
    assert 'data-offline="offline-progress"' in page
    start = page.index('<script id="offline-progress" type="application/json">')
    data = json.loads(page[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert list(data["units"].values()) == ["H-HG-D-DV-01"]  # not Đồng Văn's part
    assert data["post"] == f"/api/tasks/{task.pk}/updates/"
    assert data["maxBytes"] > 0
