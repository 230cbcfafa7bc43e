"""The document registry: symbols parsed on save, search in any spelling, scope."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.core.services import ConflictError
from thidua.documents import selectors, services
from thidua.documents.models import Document, DocumentRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def btg(user_named):
    return user_named("ht.btg")


def test_a_registered_symbol_is_kept_as_printed_and_parsed_beside_it(btg, unit):
    doc = services.document_create(
        user=btg, title="Kế hoạch", symbol="Số 12/KH–BTGTU", issuing_units=[unit("P42-BTGTU")]
    )
    assert doc.symbol == "Số 12/KH–BTGTU"
    assert doc.symbol_normalized == "12/KH-BTGTU"
    assert (doc.number, doc.type_code, doc.issuer_codes, doc.style) == (
        "12",
        "KH",
        ["BTGTU"],
        "state",
    )
    assert doc.doc_type.code == "KH"


def test_a_party_joint_document_keeps_both_issuers():
    doc = Document.objects.get(symbol="84-KH/HDND-BTGTU")
    assert doc.style == "party" and doc.issuer_codes == ["HDND", "BTGTU"]
    assert set(doc.issuing_units.values_list("code", flat=True)) == {"P42-HDND", "P42-BTGTU"}


def test_a_law_symbol_gives_its_year():
    doc = Document.objects.get(symbol="06/2022/QH15")
    assert doc.year == 2022 and doc.issuer_codes == ["QH15"]


@pytest.mark.parametrize(
    "query", ["92/KH-BCDNQ", "92/kh-bcđnq", "Số 92 / KH – BCĐNQ", "92/KH‐BCĐNQ"]
)
def test_a_symbol_is_found_in_any_spelling(superuser, query):
    found = selectors.document_list(user=superuser, query=query)
    assert [d.symbol for d in found] == ["92/KH-BCĐNQ"]


def test_words_of_the_title_are_found_without_accents(superuser):
    found = selectors.document_list(user=superuser, query="nhan quyen")
    assert "92/KH-BCĐNQ" in [d.symbol for d in found]


def test_documents_filter_by_type_issuer_and_year(superuser):
    kl = selectors.document_list(user=superuser, doc_type="KL")
    assert [d.symbol for d in kl] == ["44-KL/TW"]
    tw = {d.symbol for d in selectors.document_list(user=superuser, issuer="TW")}
    assert {"35-NQ/TW", "23-CT/TW", "44-KL/TW", "09-CT/TW"} <= tw
    y2023 = {d.symbol for d in selectors.document_list(user=superuser, year=2023)}
    assert "84-KH/HDND-BTGTU" in y2023 and "35-NQ/TW" not in y2023


def test_the_same_symbol_cannot_be_registered_twice_by_one_issuer_in_a_year(btg, unit):
    with pytest.raises(ValidationError, match="already registered"):
        services.document_create(
            user=btg,
            title="Lặp",
            symbol="84-KH/HDND-BTGTU",
            year=2023,
            issuing_units=[unit("P42-BTGTU")],
        )
    # Numbering restarts every year: the same number next year is fine.
    services.document_create(
        user=btg,
        title="Năm sau",
        symbol="84-KH/HDND-BTGTU",
        year=2024,
        issuing_units=[unit("P42-BTGTU")],
    )


def test_an_officer_cannot_register_a_document_for_a_unit_outside_their_reach(btg, unit):
    before = Document.objects.count()
    with pytest.raises(PermissionDenied):
        services.document_create(user=btg, title="X", issuing_units=[unit("H-HG-CA")])
    assert Document.objects.count() == before


def test_a_stale_edit_is_refused_and_the_newer_one_is_kept(btg, unit):
    doc = services.document_create(user=btg, title="Bản 1", issuing_units=[unit("P42-BTGTU")])
    services.document_update(user=btg, document=doc, expected_version=1, title="Bản 2")
    with pytest.raises(ConflictError):
        services.document_update(user=btg, document=doc, expected_version=1, title="Bản 3")
    assert Document.objects.get(pk=doc.pk).title == "Bản 2"


def test_public_documents_are_read_by_every_member_but_not_by_an_outsider(user_named, outsider):
    police = user_named("bg.police")
    visible = {d.symbol for d in Document.objects.restrict(police)}
    assert "35-NQ/TW" in visible  # published
    assert "84-KH/HDND-BTGTU" not in visible  # Hà Tĩnh's internal plan
    assert not Document.objects.restrict(outsider).exists()


def test_recipients_see_the_documents_sent_to_them(user_named):
    police = user_named("bg.police")
    assert Document.objects.restrict(police).filter(symbol="92/KH-BCĐNQ").exists()


def test_relations_link_a_plan_to_what_it_implements():
    kh = Document.objects.get(title__startswith="Kế hoạch triển khai phong trào")
    targets = {
        r.target.symbol for r in kh.relations_out.filter(kind=DocumentRelation.Kind.IMPLEMENTS)
    }
    assert targets == {"44-KL/TW", "09-CT/TW"}


def test_the_document_list_page_refuses_an_outsider(client_for, outsider):
    assert client_for(outsider).get(reverse("documents:list")).status_code == 403
    assert client_for(outsider).get(reverse("documents:create")).status_code == 403


def test_a_document_of_another_province_is_not_found_for_an_officer(client_for, user_named):
    doc = Document.objects.get(symbol="84-KH/HDND-BTGTU")
    assert (
        client_for(user_named("bg.police"))
        .get(reverse("documents:detail", args=[doc.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(user_named("bg.police"))
        .get(reverse("documents:edit", args=[doc.pk]))
        .status_code
        == 404
    )


def test_a_reader_of_a_public_document_cannot_edit_it(client_for, user_named):
    doc = Document.objects.get(symbol="35-NQ/TW")
    c = client_for(user_named("bg.police"))
    assert c.get(reverse("documents:detail", args=[doc.pk])).status_code == 200
    assert c.get(reverse("documents:edit", args=[doc.pk])).status_code == 403


def test_registering_through_the_form_shows_field_errors_and_saves_nothing(client_for, btg, unit):
    before = Document.objects.count()
    response = client_for(btg).post(reverse("documents:create"), {"title": "", "issuing_units": []})
    assert response.status_code == 200
    assert Document.objects.count() == before
    assert "This field is required" in response.content.decode()


def test_an_edit_form_from_a_stale_version_tells_the_officer(client_for, btg, unit):
    doc = services.document_create(user=btg, title="V1", issuing_units=[unit("P42-BTGTU")])
    services.document_update(user=btg, document=doc, expected_version=1, title="V2")
    response = client_for(btg).post(
        reverse("documents:edit", args=[doc.pk]),
        {"title": "V3", "issuing_units": [unit("P42-BTGTU").pk], "version": 1},
    )
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in response.content.decode()
    assert Document.objects.get(pk=doc.pk).title == "V2"


def test_a_link_is_added_from_a_symbol_in_any_spelling(client_for, btg):
    doc = Document.objects.get(symbol="81-KH/UBND-BTGTU")
    client_for(btg).post(
        reverse("documents:relation-add", args=[doc.pk]),
        {"kind": "based_on", "target_symbol": "35-nq/tw"},
    )
    assert doc.relations_out.filter(target__symbol="35-NQ/TW", kind="based_on").exists()


def test_the_document_list_runs_a_bounded_number_of_queries(
    client_for, superuser, django_assert_max_num_queries
):
    # The page must answer 200 and list the documents: a 403 or a 500 also runs few queries.
    c = client_for(superuser)
    with django_assert_max_num_queries(10):
        response = c.get(reverse("documents:list"))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == Document.objects.count()
    listed = list(page.object_list)
    assert len(listed) == min(Document.objects.count(), page.paginator.per_page)
    body = response.content.decode()
    for doc in listed:
        assert reverse("documents:detail", args=[doc.pk]) in body


def test_the_api_searches_creates_and_refuses_stale_edits(btg, unit):
    api = APIClient()
    api.force_authenticate(btg)
    created = api.post(
        "/api/documents/",
        {"title": "Qua API", "symbol": "3/KH-BTGTU", "issuing_units": ["P42-BTGTU"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["type_code"] == "KH"
    found = api.get("/api/documents/", {"q": "3/kh-btgtu"}).json()
    assert [d["id"] for d in found["results"]] == [pk]
    ok = api.patch(f"/api/documents/{pk}/", {"title": "Sửa", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(f"/api/documents/{pk}/", {"title": "Cũ", "version": 1}, format="json")
    assert stale.status_code == 409


def test_the_api_refuses_an_outsider_and_out_of_reach_writes(outsider, user_named):
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get("/api/documents/").status_code == 403
    doc = Document.objects.get(symbol="84-KH/HDND-BTGTU")
    assert api.get(f"/api/documents/{doc.pk}/").status_code == 403
    api.force_authenticate(user_named("bg.police"))
    response = api.post(
        "/api/documents/", {"title": "X", "issuing_units": ["P42-BTGTU"]}, format="json"
    )
    assert response.status_code == 403


def test_the_api_explains_bad_input_field_by_field(btg):
    api = APIClient()
    api.force_authenticate(btg)
    response = api.post("/api/documents/", {"title": "", "issuing_units": ["NOPE"]}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"title", "issuing_units"}
    assert "title: " in body["detail"] and "issuing_units: " in body["detail"]


def test_the_openapi_schema_and_docs_are_served_locally(client_for, btg):
    c = client_for(btg)
    assert c.get("/api/schema/").status_code == 200
    response = c.get("/api/docs/")
    assert response.status_code == 200
    docs = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "cdn" not in docs.lower()
