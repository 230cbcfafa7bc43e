"""One API error shape: detail (one line), code, and errors by field for bad input."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _api(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def _shape(body, code):
    assert set(body) >= {"detail", "code"} and body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]


def test_a_serializer_refusal_names_each_field(user_named):
    r = _api(user_named("ht.btg")).post(
        "/api/documents/", {"title": "", "issuing_units": ["NOPE"]}, format="json"
    )
    assert r.status_code == 400
    _shape(r.json(), "invalid")
    assert set(r.json()["errors"]) == {"title", "issuing_units"}


def test_a_services_validation_error_has_the_same_shape(user_named, unit):
    # A document with the same number and symbol twice: refused by the service.
    api = _api(user_named("ht.btg"))
    data = {"title": "KH", "symbol": "7/KH-BTGTU", "issuing_units": ["P42-BTGTU"], "year": 2024}
    assert api.post("/api/documents/", data, format="json").status_code == 201
    r = api.post("/api/documents/", data, format="json")
    assert r.status_code == 400
    _shape(r.json(), "invalid")
    assert r.json()["errors"] and all(isinstance(v, list) for v in r.json()["errors"].values())


def test_refusals_without_input_errors_carry_detail_and_code(user_named, outsider):
    r = _api().get("/api/documents/")
    assert r.status_code in (401, 403)
    _shape(r.json(), "not_authenticated")
    r = _api(outsider).get("/api/documents/")
    assert r.status_code == 403
    _shape(r.json(), "permission_denied")
    r = _api(user_named("ht.btg")).get("/api/documents/999999999/")
    assert r.status_code == 404
    _shape(r.json(), "not_found")
    r = _api(user_named("ht.btg")).delete("/api/me/")
    assert r.status_code == 405
    _shape(r.json(), "method_not_allowed")
    assert "errors" not in r.json()


def test_a_concurrent_edit_answers_409_with_the_current_version(user_named):
    api = _api(user_named("ht.btg"))
    data = {"title": "KH", "symbol": "8/KH-BTGTU", "issuing_units": ["P42-BTGTU"], "year": 2024}
    created = api.post("/api/documents/", data, format="json").json()
    url = f"/api/documents/{created['id']}/"
    ok = api.patch(url, {"title": "KH 1", "version": created["version"]}, format="json")
    assert ok.status_code == 200
    r = api.patch(url, {"title": "KH 2", "version": created["version"]}, format="json")
    assert r.status_code == 409
    _shape(r.json(), "conflict")
    assert r.json()["current_version"] == ok.json()["version"]


def test_an_api_address_no_route_matches_is_answered_in_the_api_error_shape(client):
    """Not the site's HTML 404 page: a client of the API reads JSON on every answer
    (found by the schema fuzzer: a negative id in ``/api/import/sessions/<id>/confirm/``)."""
    for method, url in [
        ("get", "/api/nowhere/"),
        ("post", "/api/import/sessions/-4/confirm/"),
    ]:
        r = getattr(client, method)(url)
        assert r.status_code == 404 and r["Content-Type"] == "application/json"
        assert r.json()["code"] == "not_found" and r.json()["detail"]
    # Without its final slash, an address is still sent to the one with it first.
    r = client.get("/api/units")
    assert r.status_code == 301 and r["Location"] == "/api/units/"
