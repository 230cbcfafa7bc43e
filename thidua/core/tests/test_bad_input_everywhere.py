"""No address, query or body a caller can type makes a server error: the regression tests
of the probe's findings (a non-numeric or oversized id, a NUL byte on PostgreSQL, a huge
``limit``), over the whole URL map.

Each test walks every route (``test_outsider_everywhere``'s walk) as a superuser, who may
open everything, so that each view really runs its lookups with the bad value (on the base
demo: units, people, documents); the answer must be a refusal (400, 403, 404, 405), or
the page itself when the bad value is a filter that is simply ignored, never a 5xx. The
test client raises any exception a view lets escape, so a crash fails the test with its
traceback.
"""

from __future__ import annotations

import json

import pytest

from thidua.core.tests.test_outsider_everywhere import _fill, _params, _routes

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past a 64-bit integer
NUL = "a\x00b"
# Every query parameter a view of thidua reads (grep GET.get / query_params.get).
QUERY_NAMES = [
    "q", "page", "year", "status", "unit", "kind", "period", "current", "type", "task",
    "state", "record", "purpose", "plan", "next", "issuer", "indicator", "groups", "group",
    "form", "col", "limit", "offset", "key", "level", "parent", "from", "to", "code",
]  # fmt: skip
ALLOWED = {200, 301, 302, 303, 400, 403, 404, 405}


@pytest.fixture
def admin_api(client_for, superuser):
    return client_for(superuser)


@pytest.fixture(scope="module")
def routes(django_db_setup, django_db_blocker) -> list[tuple[str, str, list]]:
    with django_db_blocker.unblock():
        return [(route, name, _params(route)) for route, name in _routes()]


def _url(route: str, params: list, value: str) -> str:
    return _fill(route, tuple(value if kind == "int" else "x" for _, kind in params))


def _check(resp, what: str) -> None:
    assert resp.status_code in ALLOWED, f"{what}: {resp.status_code}"
    if resp.status_code == 400:
        text = resp.content.decode(errors="replace")
        assert text.strip(), f"{what}: a 400 without a word"


def test_an_id_past_64_bits_or_not_a_number_is_404_everywhere(admin_api, routes):
    tried = 0
    for route, name, params in routes:
        if not any(kind == "int" for _, kind in params):
            continue
        for value in (HUGE, "abc", "-1", "1.5"):
            url = _url(route, params, value)
            for method in ("get", "post"):
                resp = getattr(admin_api, method)(url)
                tried += 1
                assert resp.status_code in {301, 302, 404, 405}, (
                    f"{method.upper()} {url} ({name}): {resp.status_code}"
                )
    assert tried > 300


def test_a_bad_query_value_is_refused_or_ignored_never_a_crash(admin_api, routes):
    tried = 0
    for value in (NUL, HUGE, "abc", "-1", "31/02/2025", "%", "ü" * 300):
        query = {name: value for name in QUERY_NAMES}
        for route, name, params in routes:
            url = _url(route, params, "1")
            resp = admin_api.get(url, query)
            _check(resp, f"GET {url}?…={value!r} ({name})")
            tried += 1
    assert tried > 1000


def test_a_nul_in_a_query_or_form_is_400_that_names_the_field(admin_api, superuser):
    resp = admin_api.get("/units/", {"q": NUL})
    assert resp.status_code == 400
    assert "“q”" in resp.content.decode()
    api = admin_api.get("/api/reporting/synthesis/", {"period": "7", "unit": NUL})
    assert api.status_code == 400 and api.json()["code"] == "invalid"
    assert "unit" in api.json()["errors"]
    form = admin_api.post("/documents/new/", {"symbol": NUL, "title": "x"})
    assert form.status_code == 400 and "“symbol”" in form.content.decode()


def test_a_nul_inside_a_json_body_is_400_located_and_nothing_written(admin_api):
    from thidua.documents.models import Document

    before = Document.objects.count()
    resp = admin_api.post(
        "/api/documents/",
        data=json.dumps({"symbol": "1/KH-UBND", "title": "ok", "extra": {"deep": ["x", NUL]}}),
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert "extra.deep[1]" in resp.json()["errors"]
    assert Document.objects.count() == before


def test_a_huge_limit_is_capped_and_a_huge_offset_is_an_empty_page(admin_api):
    resp = admin_api.get("/api/units/", {"limit": HUGE})
    assert resp.status_code == 200
    body = resp.json()
    assert len(body["results"]) == min(body["count"], 500)
    far = admin_api.get("/api/units/", {"offset": HUGE})
    assert far.status_code == 200 and far.json()["results"] == []


def test_page_numbers_past_the_end_give_the_last_page(admin_api):
    resp = admin_api.get("/units/", {"page": HUGE})
    assert resp.status_code == 200
