"""Linking documents to a plan: the form on the plan page, unlinking, and the API action.

The S1 plan is issued by the provincial steering committee, which the supervisor
manages. 23-CT/TW and 30/2020/NĐ-CP are public; 14-NQ/TU belongs to Hà Tĩnh and is
invisible in Bắc Giang.
"""

from __future__ import annotations

import pytest

from thidua.core.changelog import history_for
from thidua.documents.models import Document
from thidua.documents.services import apply_symbol
from thidua.plans.models import PlanDocument


def _links(plan) -> dict[str, str]:
    return {k.document.symbol: k.relation for k in plan.document_links.select_related("document")}


def _events(plan, name: str) -> list:
    return [rec for rec in history_for(plan) if rec.action == "event" and rec.event == name]


@pytest.fixture
def supervisor(province_supervisor, client_for):
    return client_for(province_supervisor)


def test_the_manager_links_a_document_typed_in_another_spelling(s1, supervisor):
    page = supervisor.get(f"/plans/{s1.pk}/").content.decode()
    assert 'id="document-link-form"' in page
    r = supervisor.post(
        f"/plans/{s1.pk}/documents/", {"symbol": "30/2020/ND-CP", "relation": "implements"}
    )
    assert r.status_code == 302
    r = supervisor.post(
        f"/plans/{s1.pk}/documents/", {"symbol": "số 23-ct/tw", "relation": "implements"}
    )
    assert r.status_code == 302
    assert _links(s1) == {
        "92/KH-BCĐNQ": "issued_as",
        "30/2020/NĐ-CP": "implements",
        "23-CT/TW": "implements",
    }
    page = supervisor.get(f"/plans/{s1.pk}/").content.decode()
    assert "30/2020/NĐ-CP" in page and "23-CT/TW" in page
    assert len(_events(s1, "document linked")) == 2


def test_linking_again_with_the_other_relation_changes_it_once(s1, supervisor):
    url = f"/plans/{s1.pk}/documents/"
    supervisor.post(url, {"symbol": "23-CT/TW", "relation": "implements"})
    supervisor.post(url, {"symbol": "23-CT/TW", "relation": "issued_as"})
    assert _links(s1)["23-CT/TW"] == "issued_as"
    supervisor.post(url, {"symbol": "23-CT/TW", "relation": "issued_as"})  # nothing new
    assert len(_events(s1, "document linked")) == 2
    assert PlanDocument.objects.filter(plan=s1, document__symbol="23-CT/TW").count() == 1


def test_a_document_the_user_may_not_see_or_a_bad_form_is_refused_with_nothing_written(
    s1, supervisor
):
    url = f"/plans/{s1.pk}/documents/"
    before = _links(s1)
    r = supervisor.post(url, {"symbol": "14-NQ/TU", "relation": "implements"})
    page = r.content.decode()
    assert r.status_code == 400
    assert "No document you may see has the number and symbol 14-NQ/TU." in page
    assert '<details class="panel" open>' in page  # the form is shown open, with its error
    r = supervisor.post(url, {"symbol": "", "relation": "implements"})
    assert r.status_code == 400 and "This field is required." in r.content.decode()
    r = supervisor.post(url, {"symbol": "23-CT/TW", "relation": "amends"})
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()
    r = supervisor.post(url, {"symbol": "999/XYZ-ABC", "relation": "implements"})
    assert r.status_code == 400
    assert _links(s1) == before and not _events(s1, "document linked")


def test_a_symbol_shared_by_several_years_needs_the_year(s1, supervisor):
    twin = Document(symbol="23-CT/TW", title="Chỉ thị khác cùng số", year=2019, is_public=True)
    apply_symbol(twin)
    twin.save()
    url = f"/plans/{s1.pk}/documents/"
    r = supervisor.post(url, {"symbol": "23-CT/TW", "relation": "implements"})
    assert r.status_code == 400 and "(2019, 2023): give the year" in r.content.decode()
    r = supervisor.post(url, {"symbol": "23-CT/TW", "year": "2021", "relation": "implements"})
    assert r.status_code == 400 and "23-CT/TW in 2021" in r.content.decode()
    r = supervisor.post(url, {"symbol": "23-CT/TW", "year": "2019", "relation": "implements"})
    assert r.status_code == 302
    assert s1.document_links.get(document__symbol="23-CT/TW").document == twin


def test_the_manager_unlinks_a_document(s1, supervisor):
    supervisor.post(f"/plans/{s1.pk}/documents/", {"symbol": "23-CT/TW", "relation": "implements"})
    doc = Document.objects.get(symbol="23-CT/TW", year=2023)
    r = supervisor.post(f"/plans/{s1.pk}/documents/{doc.pk}/unlink/")
    assert r.status_code == 302 and "23-CT/TW" not in _links(s1)
    assert len(_events(s1, "document unlinked")) == 1
    assert supervisor.post(f"/plans/{s1.pk}/documents/{doc.pk}/unlink/").status_code == 404
    assert supervisor.get(f"/plans/{s1.pk}/documents/{doc.pk}/unlink/").status_code == 405


def test_who_may_not_edit_the_plan_is_refused(s1, outsider, user_named, client_for):
    issued = s1.document_links.get().document
    before = _links(s1)
    body = {"symbol": "23-CT/TW", "relation": "implements"}
    # The police see the plan (they carry out its tasks) but do not manage it: no form, and
    # a post from a stale page is refused with the reason, nothing written.
    police = client_for(user_named("bg.police"))
    assert 'id="document-link-form"' not in police.get(f"/plans/{s1.pk}/").content.decode()
    r = police.post(f"/plans/{s1.pk}/documents/", body)
    assert r.status_code == 400
    assert "Only the issuing unit's managers link documents." in (
        r.content.decode().replace("&#x27;", "'")
    )
    r = police.post(f"/plans/{s1.pk}/documents/{issued.pk}/unlink/", follow=True)
    assert "managers unlink documents. Ask one of them" in r.content.decode()
    outsider_client = client_for(outsider)
    assert outsider_client.post(f"/plans/{s1.pk}/documents/", body).status_code == 403
    assert outsider_client.post(f"/plans/{s1.pk}/documents/{issued.pk}/unlink/").status_code == 403
    other = client_for(user_named("ht.stp"))  # another province's officer
    assert other.post(f"/plans/{s1.pk}/documents/", body).status_code == 404
    assert other.post(f"/plans/{s1.pk}/documents/{issued.pk}/unlink/").status_code == 404
    assert _links(s1) == before


# --- API ---------------------------------------------------------------------------------


def _post(client, plan, data):
    return client.post(f"/api/plans/{plan.pk}/documents/", data, content_type="application/json")


def test_the_api_links_lists_and_unlinks_documents(s1, supervisor):
    r = _post(supervisor, s1, {"symbol": "23-ct/tw"})
    assert r.status_code == 200, r.content
    assert r.json()["symbol"] == "23-CT/TW" and r.json()["relation"] == "implements"
    doc = Document.objects.get(symbol="30/2020/NĐ-CP")
    r = _post(supervisor, s1, {"document": doc.pk, "relation": "implements"})
    assert r.status_code == 200
    listed = supervisor.get(f"/api/plans/{s1.pk}/documents/").json()
    assert {d["symbol"]: d["relation"] for d in listed} == _links(s1)
    assert len(listed) == 3
    r = supervisor.delete(f"/api/plans/{s1.pk}/documents/{doc.pk}/")
    assert r.status_code == 204 and "30/2020/NĐ-CP" not in _links(s1)
    assert supervisor.delete(f"/api/plans/{s1.pk}/documents/{doc.pk}/").status_code == 404


def test_the_api_refuses_bad_input_with_field_errors(s1, supervisor):
    before = _links(s1)
    hidden = Document.objects.get(symbol="14-NQ/TU")
    r = _post(supervisor, s1, {"symbol": "14-NQ/TU"})
    assert r.status_code == 400 and "No document you may see" in r.json()["errors"]["symbol"][0]
    r = _post(supervisor, s1, {"document": hidden.pk})
    assert r.status_code == 400 and "document" in r.json()["errors"]
    r = _post(supervisor, s1, {})
    assert r.status_code == 400 and "symbol" in r.json()["errors"]
    r = _post(supervisor, s1, {"symbol": "23-CT/TW", "document": hidden.pk})
    assert r.status_code == 400 and "symbol" in r.json()["errors"]
    r = _post(supervisor, s1, {"symbol": "23-CT/TW", "relation": "amends"})
    assert r.status_code == 400 and "relation" in r.json()["errors"]
    assert _links(s1) == before


def test_the_api_refuses_non_managers_outsiders_and_other_units(
    s1, outsider, user_named, client_for
):
    issued = s1.document_links.get().document
    before = _links(s1)
    police = client_for(user_named("bg.police"))
    assert police.get(f"/api/plans/{s1.pk}/documents/").status_code == 200
    assert _post(police, s1, {"symbol": "23-CT/TW"}).status_code == 403
    assert police.delete(f"/api/plans/{s1.pk}/documents/{issued.pk}/").status_code == 403
    out = client_for(outsider)
    assert out.get(f"/api/plans/{s1.pk}/documents/").status_code == 403
    assert _post(out, s1, {"symbol": "23-CT/TW"}).status_code == 403
    assert out.delete(f"/api/plans/{s1.pk}/documents/{issued.pk}/").status_code == 403
    other = client_for(user_named("ht.stp"))
    assert other.get(f"/api/plans/{s1.pk}/documents/").status_code == 404
    assert _post(other, s1, {"symbol": "23-CT/TW"}).status_code == 404
    assert other.delete(f"/api/plans/{s1.pk}/documents/{issued.pk}/").status_code == 404
    assert _links(s1) == before
