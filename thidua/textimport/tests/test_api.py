"""The import API: extract (no writes), confirm a pending import; scoped."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.documents.models import Document
from thidua.textimport import services
from thidua.textimport.models import ImportSession

URL = "/api/import/extract/"
TEXT = "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang giao Công an tỉnh Bắc Giang."


@pytest.mark.django_db
def test_an_outsider_with_no_role_is_refused(client_for, outsider):
    resp = client_for(outsider).post(URL, {"text": TEXT})
    assert resp.status_code == 403


@pytest.mark.django_db
def test_an_anonymous_caller_is_refused(client):
    assert client.post(URL, {"text": TEXT}).status_code in (401, 403)


@pytest.mark.django_db
def test_extract_returns_the_extraction_and_draft_and_writes_nothing(
    client_for, province_supervisor
):
    before = (Document.objects.count(), ImportSession.objects.count())
    resp = client_for(province_supervisor).post(
        URL, {"text": TEXT}, content_type="application/json"
    )
    assert resp.status_code == 200
    body = resp.json()
    assert body["draft"]["document"]["symbol"] == "7/KH-UBND"
    assert body["extraction"]["dates"][0]["value"] == "2023-02-03"
    assert body["extraction"]["units"]
    assert (Document.objects.count(), ImportSession.objects.count()) == before


@pytest.mark.django_db
def test_extract_reads_an_uploaded_docx(client_for, province_supervisor):
    d = docx.Document()
    d.add_paragraph(TEXT)
    buf = io.BytesIO()
    d.save(buf)
    upload = SimpleUploadedFile("plan.docx", buf.getvalue())
    resp = client_for(province_supervisor).post(URL, {"file": upload})
    assert resp.status_code == 200
    assert resp.json()["source"] == "plan.docx"


@pytest.mark.django_db
def test_a_malformed_upload_is_a_400_naming_the_file(client_for, province_supervisor):
    upload = SimpleUploadedFile("broken.docx", b"PK\x03\x04 not really")
    resp = client_for(province_supervisor).post(URL, {"file": upload})
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == "invalid" and "broken.docx" in body["errors"]["file"][0]


@pytest.mark.django_db
def test_nothing_to_read_is_a_400(client_for, province_supervisor):
    resp = client_for(province_supervisor).post(URL, {"text": " "})
    assert resp.status_code == 400
    assert resp.json()["errors"] == {"text": ["Send a text or a file."]}


@pytest.mark.django_db
def test_confirm_creates_the_draft_and_only_for_its_owner(client_for, user_named):
    owner = user_named("bg.supervisor")
    session = services.import_session_create(user=owner, text=TEXT, source_name="t.txt")
    session.draft["document"]["action"] = "create"
    session.save()
    url = f"/api/import/sessions/{session.pk}/confirm/"
    assert client_for(user_named("ht.bcd35")).post(url).status_code == 404
    assert client_for(user_named("outsider")).post(url).status_code == 403
    resp = client_for(owner).post(url)
    assert resp.status_code == 200, resp.content
    assert resp.json()["status"] == "confirmed"
    assert Document.objects.filter(symbol="7/KH-UBND").exists()
    again = client_for(owner).post(url)
    assert again.status_code == 400
    assert "already been confirmed" in again.json()["detail"]


@pytest.mark.django_db
def test_a_refused_confirmation_names_the_draft_fields_in_the_one_error_shape(
    client_for, user_named
):
    owner = user_named("bg.supervisor")
    session = services.import_session_create(user=owner, text=TEXT, source_name="t.txt")
    session.draft["document"].update(action="create", issuing_units=[])
    session.save()
    resp = client_for(owner).post(f"/api/import/sessions/{session.pk}/confirm/")
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"doc-issuing_units"}
    assert body["detail"].startswith("doc-issuing_units: ")
