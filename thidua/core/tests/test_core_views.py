"""Home page, notifications, jobs, files, the deployment check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.models import Job, Notification
from thidua.documents.services import document_attach, document_create

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_users_units(client_for, user_named):
    body = client_for(user_named("hg.chair")).get(reverse("core:home")).content.decode()
    assert "Ủy ban nhân dân tỉnh Hà Giang" in body and "Tỉnh Hà Giang" in body


def test_an_outsider_is_told_they_hold_no_role(client_for, outsider):
    body = client_for(outsider).get(reverse("core:home")).content.decode()
    assert "You hold no role at any unit yet" in body


def test_a_user_sees_and_opens_only_their_own_notifications(client_for, user_named, outsider):
    mine = Notification.objects.create(
        user=outsider, kind="x", title="Mine", dedupe_key="a", url="/"
    )
    other = Notification.objects.create(
        user=user_named("bg.police"), kind="x", title="Theirs", dedupe_key="a"
    )
    c = client_for(outsider)
    body = c.get(reverse("core:notifications")).content.decode()
    assert "Mine" in body and "Theirs" not in body
    assert c.get(reverse("core:notification-open", args=[other.pk])).status_code == 404
    c.get(reverse("core:notification-open", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_job_progress_is_shown_only_to_its_owner(client_for, user_named, outsider):
    job = Job.objects.create(
        kind="export", created_by=user_named("bg.police"), total=10, progress=5
    )
    assert client_for(outsider).get(reverse("core:job-progress", args=[job.pk])).status_code == 404
    body = (
        client_for(user_named("bg.police"))
        .get(reverse("core:job-progress", args=[job.pk]))
        .content.decode()
    )
    assert 'aria-valuenow="50"' in body


def test_a_file_is_downloaded_only_by_who_sees_its_document(
    client_for, user_named, outsider, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    user = user_named("ht.btg")
    doc = document_create(user=user, title="Có tệp", issuing_units=[unit("P42-BTGTU")])
    att = document_attach(user=user, document=doc, upload=SimpleUploadedFile("bc.txt", b"noi dung"))
    url = reverse("core:attachment", args=[att.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(user_named("bg.police")).get(url).status_code == 404
    response = client_for(user).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"noi dung"


def test_the_deployment_check_is_clean_under_production_settings():
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "thidua.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
