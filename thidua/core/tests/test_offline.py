"""The offline web app's server side: the worker's script at the site's root, the
manifest, whose pages a browser keeps (``X-Thidua-User``) and the list it keeps; answers
compressed for a weak link."""

from __future__ import annotations

import gzip
import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from thidua.core.offline import USER_HEADER, user_token


def _config(body: str) -> dict:
    first = body.split("\n", 1)[0]
    assert first.startswith("self.THIDUA = ") and first.endswith(";")
    return json.loads(first[len("self.THIDUA = ") : -1])


@pytest.mark.django_db
def test_the_worker_is_served_at_the_root_with_its_shell_and_is_never_cached(client):
    r = client.get("/sw.js")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/javascript")
    assert r["Service-Worker-Allowed"] == "/"
    assert r["Cache-Control"] == "no-cache"
    config = _config(r.content.decode())
    assert config["offline"] == "/offline/" and config["pages"] == "/offline/pages.json"
    assert any(u.endswith("offline.js") for u in config["shell"])
    # Every file of the shell is one of thidua's static files: the install fails otherwise.
    for url in config["shell"]:
        assert url.startswith(settings.STATIC_URL) and finders.find(
            url[len(settings.STATIC_URL) :]
        ), url
    assert 'addEventListener("fetch"' in r.content.decode()


@pytest.mark.django_db
def test_the_manifest_names_the_app_in_the_readers_language(client):
    r = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="vi")
    assert r["Content-Type"] == "application/manifest+json"
    body = json.loads(r.content)
    assert body["start_url"] == "/" and body["display"] == "standalone"
    assert body["lang"] == "vi" and "kế hoạch" in body["name"].lower()
    icon = body["icons"][0]["src"]
    assert finders.find(icon[len(settings.STATIC_URL) :])


@pytest.mark.django_db
def test_nobody_signed_in_is_refused_the_list_of_pages_to_keep(client):
    r = client.get("/offline/pages.json")
    assert r.status_code == 403
    assert r.json()["code"] == "signed_out"


@pytest.mark.django_db
def test_every_page_says_whose_it_is_and_nobodys_page_says_nobody(client, client_for, user_named):
    login = client.get("/accounts/login/")
    assert login[USER_HEADER] == ""
    lungcu, dongvan = user_named("hg.lungcu"), user_named("hg.dongvan")
    home = client_for(lungcu).get("/")
    assert home[USER_HEADER] == user_token(lungcu) != ""
    # Opaque: a keyed hash (20 hex digits), not the user's id or name.
    assert len(home[USER_HEADER]) == 20 and int(home[USER_HEADER], 16) >= 0
    assert home[USER_HEADER] not in (str(lungcu.pk), lungcu.username)
    assert client_for(dongvan).get("/")[USER_HEADER] == user_token(dongvan) != user_token(lungcu)
    # An API answer is nobody's page for the worker: it is never kept.
    assert USER_HEADER not in client_for(dongvan).get("/api/units/")


@pytest.mark.django_db
def test_the_offline_page_carries_nobodys_name(client_for, user_named):
    # The worker keeps it once for every user of the device.
    r = client_for(user_named("hg.lungcu")).get("/offline/")
    assert r.status_code == 200
    assert "Giàng Seo Pao" not in r.content.decode()
    assert "No connection" in r.content.decode()


@pytest.mark.django_db
def test_pages_and_api_answers_are_compressed_for_a_weak_link(client_for, user_named):
    c = client_for(user_named("hg.lungcu"))
    for url in ("/", "/api/units/"):
        r = c.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert r["Content-Encoding"] == "gzip", url
        assert len(gzip.decompress(r.content)) > len(r.content)


@pytest.mark.django_db
def test_the_workers_background_fetches_set_no_cookie(client, client_for, user_named):
    # A page kept in the background after its officer signed out must not set the old
    # CSRF cookie under the sign-in form another is filling.
    c = client_for(user_named("hg.lungcu"))
    seen = c.get("/")
    assert "csrftoken" in seen.cookies  # a page sets it, as always
    kept = c.get("/", HTTP_X_THIDUA_KEEP="1")
    assert kept.status_code == 200 and kept[USER_HEADER] == user_token(user_named("hg.lungcu"))
    assert not kept.cookies
    assert not c.get("/offline/pages.json", HTTP_X_THIDUA_KEEP="1").cookies
