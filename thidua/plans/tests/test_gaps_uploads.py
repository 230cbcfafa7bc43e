"""Evidence files posted with a progress update, as real multipart requests.

``POST /api/tasks/{id}/updates/`` (and the task page's form) take the files; a file over
``THIDUA_MAX_UPLOAD_BYTES`` is refused with a message naming it, and then nothing is
saved: no update, no attachment, no file on disk, no change to the unit's progress.
"""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import Attachment
from thidua.plans.models import ProgressUpdate, TaskAssignment

LIMIT = 1024  # bytes; small, so that the test needs no large file


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_MAX_UPLOAD_BYTES = LIMIT
    return tmp_path


@pytest.fixture
def ln(banners) -> TaskAssignment:
    return banners.assignments.get(unit__code="H-BG-D-LN")


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def _state(assignment: TaskAssignment) -> tuple:
    a = TaskAssignment.objects.get(pk=assignment.pk)
    return (
        ProgressUpdate.objects.filter(assignment=a).count(),
        Attachment.objects.count(),
        a.percent,
        a.version,
    )


def _upload(client, task, files, **fields):
    data = {"unit": "H-BG-D-LN", "text": "Ảnh băng rôn tại các xã", "percent": 80, **fields}
    data["files"] = files
    # No content_type: the test client encodes a real multipart/form-data body.
    return client.post(f"/api/tasks/{task.pk}/updates/", data)


def test_files_posted_with_an_update_are_stored_as_its_evidence(
    banners, ln, media, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    photo = b"\x89PNG fake image bytes" * 10
    report = "Báo cáo tiến độ".encode() * 20
    r = _upload(
        client,
        banners,
        [
            SimpleUploadedFile("bang-ron.png", photo, content_type="image/png"),
            SimpleUploadedFile("bao-cao.txt", report, content_type="text/plain"),
        ],
    )
    assert r.status_code == 201, r.content
    update = ProgressUpdate.objects.get(pk=r.json()["id"])
    assert update.percent == 80 and update.assignment == ln
    files = {
        a.name: a
        for a in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgressUpdate),
            object_id=str(update.pk),
        )
    }
    assert set(files) == {"bang-ron.png", "bao-cao.txt"}
    assert files["bang-ron.png"].size == len(photo)
    assert files["bang-ron.png"].sha256 == hashlib.sha256(photo).hexdigest()
    assert files["bang-ron.png"].mime_type == "image/png"
    assert len(_stored_files(media)) == 2
    # The evidence is downloaded through the one guarded download, by the unit and the
    # plan's followers (tests/test_evidence.py says who else may not).
    url = f"/files/{files['bao-cao.txt'].pk}/"
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == report
    assert client_for(user_named("ht.stp")).get(url).status_code == 404


def test_a_file_over_the_limit_is_refused_with_a_clear_message_and_nothing_is_saved(
    banners, ln, media, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    before = _state(ln)
    r = _upload(
        client,
        banners,
        [
            SimpleUploadedFile("nho.txt", b"small enough"),
            SimpleUploadedFile("video-dai.mp4", b"\0" * (LIMIT + 1), content_type="video/mp4"),
        ],
    )
    assert r.status_code == 400
    assert r.json()["errors"] == {"files": ["video-dai.mp4 is larger than the 1.0\xa0KB allowed."]}
    assert r.json()["code"] == "invalid" and "video-dai.mp4" in r.json()["detail"]
    assert _state(ln) == before
    assert _stored_files(media) == []


def test_a_limit_in_whole_megabytes_is_named_in_megabytes(
    banners, ln, media, settings, user_named, client_for
):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024 * 1024
    client = client_for(user_named("bg.luc-ngan"))
    before = _state(ln)
    r = _upload(client, banners, [SimpleUploadedFile("lon.pdf", b"\0" * (1024 * 1024 + 1))])
    assert r.status_code == 400
    assert r.json()["errors"] == {"files": ["lon.pdf is larger than 1 MB."]}
    assert _state(ln) == before and _stored_files(media) == []


def test_a_file_exactly_at_the_limit_is_accepted(banners, ln, media, user_named, client_for):
    client = client_for(user_named("bg.luc-ngan"))
    r = _upload(client, banners, [SimpleUploadedFile("vua-du.txt", b"x" * LIMIT)])
    assert r.status_code == 201, r.content
    assert len(_stored_files(media)) == 1


def test_bad_input_in_a_multipart_post_writes_nothing(banners, ln, media, user_named, client_for):
    client = client_for(user_named("bg.luc-ngan"))
    before = _state(ln)
    r = _upload(client, banners, [SimpleUploadedFile("a.txt", b"abc")], percent=150)
    assert r.status_code == 400 and "percent" in r.json()["errors"]
    r = _upload(client, banners, [SimpleUploadedFile("rong.txt", b"")])
    assert r.status_code == 400 and "files" in r.json()["errors"]
    assert _state(ln) == before and _stored_files(media) == []


def test_uploads_are_refused_to_outsiders_other_units_and_the_coordinating_unit(
    banners, ln, media, outsider, user_named, client_for
):
    before = _state(ln)
    small = [SimpleUploadedFile("a.txt", b"abc")]
    assert _upload(client_for(outsider), banners, small).status_code == 403
    small = [SimpleUploadedFile("a.txt", b"abc")]
    assert _upload(client_for(user_named("ht.stp")), banners, small).status_code == 404
    small = [SimpleUploadedFile("a.txt", b"abc")]
    # The police coordinate the banner task: they see it but may not report for Lục Ngạn.
    assert _upload(client_for(user_named("bg.police")), banners, small).status_code == 403
    assert _state(ln) == before and _stored_files(media) == []


def test_the_task_pages_form_refuses_a_file_over_the_limit_too(
    banners, ln, media, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    before = _state(ln)
    r = client.post(
        f"/plans/tasks/{banners.pk}/progress/",
        {
            "assignment": ln.pk,
            "percent": 90,
            "text": "Ảnh",
            "files": [SimpleUploadedFile("to.jpg", b"\0" * (LIMIT + 1))],
        },
    )
    assert r.status_code == 400
    assert "to.jpg is larger than the 1.0\xa0KB allowed." in r.content.decode()
    assert _state(ln) == before and _stored_files(media) == []
