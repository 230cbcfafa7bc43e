"""Regression tests: an uploaded file is never served from /media/ (with DEBUG on, Django's
``static()`` served MEDIA_ROOT to anyone, past the attachment guard, and an uploaded
.html ran on the site's origin); it is served only through the guarded view, as a
download with a type that no browser runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.documents.services import document_attach, document_create

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_with_debug_on_no_address_under_media_reaches_a_file():
    code = (
        "import django; django.setup(); from django.urls import resolve, Resolver404\n"
        "try:\n    m = resolve('/media/documents/evil.html'); print('served by', m.view_name)\n"
        "except Resolver404:\n    print('no route')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.settings", "DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no route"


def test_an_uploaded_html_file_is_a_download_of_a_type_no_browser_runs(
    user_named, unit, settings, tmp_path, client_for
):
    settings.MEDIA_ROOT = tmp_path
    user = user_named("ht.btg")
    doc = document_create(user=user, title="Có tệp", issuing_units=[unit("P42-BTGTU")])
    page = b"<html><script>alert(document.cookie)</script></html>"
    att = document_attach(
        user=user, document=doc, upload=SimpleUploadedFile("evil.html", page, "text/html")
    )
    resp = client_for(user).get(f"/files/{att.pk}/")
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment")
    assert not resp["Content-Type"].startswith(("text/html", "image/svg"))
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert b"".join(resp.streaming_content) == page
