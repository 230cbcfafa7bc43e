"""Production serving with real processes: gunicorn (two workers) with the production
settings behind a pretend TLS proxy, WhiteNoise's compressed and hashed static files, the
readiness probe following a real job worker, JSON logs, and two app servers sharing one
database (PostgreSQL when DATABASE_URL is set, else an SQLite file): a session made on
one is valid on the other, and an approval through one is read through the other.

Slow by nature (each process boots Django): everything shares one site and one server
per module (thidua/core/tests/processes.py).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Iterator

import brotli
import pytest

from thidua.core.tests.processes import Browser, Server, Site, Worker, site_copy

PROBE_SECONDS = 60  # bound on waiting for the readiness probe to follow a worker


@pytest.fixture(scope="module")
def site(served_template, tmp_path_factory) -> Iterator[Site]:
    site = site_copy(served_template, tmp_path_factory.mktemp("served"))
    # As every production start does (deploy/); the API documentation's and the admin's
    # large bundles are left out only to keep the test short.
    site.manage("collectstatic", "--noinput", "-i", "drf_spectacular_sidecar", "-i", "admin")
    yield site
    site.drop()


@pytest.fixture(scope="module")
def server(site) -> Iterator[Server]:
    server = Server(site, workers=2)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def second_server(site) -> Iterator[Server]:
    server = Server(site, workers=2)
    yield server
    server.stop()


def _readyz_until(server: Server, status: int) -> dict:
    deadline = time.monotonic() + PROBE_SECONDS
    while True:
        response = server.get("/readyz")
        if response.status == status or time.monotonic() > deadline:
            assert response.status == status, response.text
            return response.json()
        time.sleep(0.25)


def test_gunicorn_runs_two_workers_and_answers_liveness(server):
    response = server.get("/healthz")
    assert response.status == 200
    assert response.json() == {"status": "ok"}
    assert len(re.findall(r"Booting worker with pid", server.output)) == 2


def test_readyz_follows_the_job_worker(site, server):
    body = _readyz_until(server, 503)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["worker"] == {"ok": False, "error": "no job worker has ever reported"}

    worker = Worker(site)
    try:
        body = _readyz_until(server, 200)
        assert body == {
            "status": "ok",
            "checks": {
                "database": {"ok": True},
                "cache": {"ok": True},
                "worker": {"ok": True, "workers": 1},
            },
        }
    finally:
        assert worker.stop() == 0, worker.output  # SIGTERM: a graceful stop
    body = _readyz_until(server, 503)
    assert body["checks"]["worker"]["ok"] is False


def test_static_files_are_hashed_compressed_and_cached_for_a_year(site, server):
    page = Browser().get(server, "/accounts/login/")
    assert page.status == 200
    [href] = re.findall(r'href="(/static/thidua/app\.[0-9a-f]{12}\.css)"', page.text)
    original = (site.static / href.removeprefix("/static/")).read_bytes()

    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = server.get(href, {"Accept-Encoding": encoding}, proxied=True)
        assert response.status == 200
        assert response.headers["Content-Encoding"] == encoding
        assert response.headers["Content-Type"].startswith("text/css")
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]
        assert decode(response.body) == original
    plain = server.get(href, proxied=True)
    assert plain.status == 200 and "Content-Encoding" not in plain.headers
    assert plain.body == original
    assert server.get("/static/thidua/app.css", proxied=True).status == 200  # plain name
    assert server.get("/static/thidua/app.000000000000.css", proxied=True).status == 404


def test_a_person_signs_in_through_gunicorn(server):
    browser = Browser()
    signed_in = browser.sign_in(server, "hg.police")
    assert signed_in.status == 302 and signed_in.headers["Location"] == "/"
    home = browser.get(server, "/")
    assert home.status == 200
    assert "Vương Văn Sinh" in home.text
    assert "Secure" in (home.headers.get("Set-Cookie") or "Secure")


def test_behind_the_proxy_plain_http_is_sent_to_https(server):
    response = server.get("/accounts/login/")  # no X-Forwarded-Proto: not through the proxy
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{server.port}/accounts/login/"


def test_each_request_is_one_json_line_with_its_id_user_status_and_duration(server):
    browser = Browser()
    browser.sign_in(server, "hg.police")
    response = browser.get(server, "/", {"X-Request-ID": "feedc0de12345678"})
    assert response.status == 200 and response.headers["X-Request-ID"] == "feedc0de12345678"
    deadline = time.monotonic() + 10
    while '"feedc0de12345678"' not in server.output and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [json.loads(line) for line in server.output.splitlines() if line.strip()]
    [entry] = [e for e in lines if e.get("request_id") == "feedc0de12345678"]
    assert entry["logger"] == "thidua.request" and entry["level"] == "INFO"
    assert entry["method"] == "GET" and entry["path"] == "/" and entry["status"] == 200
    assert isinstance(entry["user_id"], int)
    assert entry["duration_ms"] >= 0
    assert any(e["logger"] == "gunicorn.error" for e in lines)  # gunicorn's own, as JSON


def test_the_database_cache_is_shared_by_every_process(site):
    site.shell("from django.core.cache import cache; cache.set('shared', 'from one process', 60)")
    assert site.shell("from django.core.cache import cache; print(cache.get('shared'))") == (
        "from one process"
    )


def test_a_session_made_on_one_server_is_valid_on_the_other(server, second_server):
    browser = Browser()
    assert browser.sign_in(server, "hg.police").status == 302
    home = browser.get(second_server, "/")
    assert home.status == 200 and "Vương Văn Sinh" in home.text
    assert browser.get(second_server, "/accounts/me/").status == 200


def test_an_approval_through_one_server_is_read_through_the_other(server, second_server):
    browser = Browser()
    assert browser.sign_in(server, "hg.police").status == 302
    waiting = browser.get(server, "/api/reporting/submissions/?status=submitted&limit=50")
    assert waiting.status == 200, waiting.text
    report = next(s for s in waiting.json()["results"] if s["unit"].startswith("H-HG-"))
    synthesis = f"/api/reporting/synthesis/?period={report['period']}&unit=H-HG"
    before = browser.get(second_server, synthesis)
    assert before.status == 200, before.text

    approved = browser.post(
        server,
        f"/api/reporting/submissions/{report['id']}/approve/",
        json_body={"version": report["version"]},
    )
    assert approved.status == 200, approved.text
    assert approved.json()["status"] == "approved"

    read = browser.get(second_server, f"/api/reporting/submissions/{report['id']}/")
    assert read.status == 200 and read.json()["status"] == "approved"
    after = browser.get(second_server, synthesis)
    assert after.status == 200
    assert after.json()["totals"] != before.json()["totals"]


def test_readyz_says_the_database_is_down_while_healthz_still_answers(tmp_path):
    site = Site(tmp_path, f"sqlite:///{tmp_path / 'no-such-folder' / 'thidua.sqlite3'}")
    server = Server(site, workers=1)
    try:
        assert server.get("/healthz").status == 200
        response = server.get("/readyz")
        assert response.status == 503
        checks = response.json()["checks"]
        assert checks["database"]["ok"] is False
        assert checks["database"]["error"].startswith("unreachable (")
        assert checks["worker"] == {"ok": False, "error": "unknown: the database is unreachable"}
    finally:
        server.stop()
