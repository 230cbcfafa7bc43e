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
import http.client
import json
import re
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from thidua.core.tests.processes import (
    ROOT,
    Browser,
    Response,
    Server,
    Site,
    Worker,
    free_port,
    request,
    site_copy,
    wait_for,
)

PROBE_TRIES = 480  # polls (0.25 s apart) for the readiness probe to follow a worker


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
    wait_for(lambda: server.get("/readyz").status == status, tries=PROBE_TRIES)
    response = server.get("/readyz")
    assert response.status == status, response.text
    return response.json()


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
    wait_for(lambda: '"feedc0de12345678"' in server.output, tries=100, pause=0.1)
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


def _self_signed(folder: Path) -> tuple[Path, Path]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def nginx(server, tmp_path) -> Iterator[tuple[int, int]]:
    """deploy/nginx/thidua.conf run by a real nginx on two free local ports (for 80 and
    443), in front of the module's gunicorn; skipped where nginx is not installed."""
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    cert, key = _self_signed(tmp_path)
    http_port, https_port = free_port(), free_port()
    site = (ROOT / "deploy" / "nginx" / "thidua.conf").read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{server.port};"),
        ("/etc/ssl/thidua/fullchain.pem", str(cert)),
        ("/etc/ssl/thidua/privkey.pem", str(key)),
        ("/var/log/nginx/thidua.access.log", str(tmp_path / "access.log")),
    ):
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"daemon off;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
        f"events {{}}\nhttp {{\n    access_log off;\n{temp}\n"
        f"    include {tmp_path / 'site.conf'};\n}}\n"
    )
    process = subprocess.Popen(
        ["nginx", "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def listening() -> bool:
            assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
            return _port_open(https_port)

        assert wait_for(listening, pause=0.1), "nginx opened no port"
        yield http_port, https_port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _https(port: int, path: str) -> Response:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context)
    try:
        conn.request("GET", path, headers={"Host": "localhost", "Accept-Language": "en"})
        answer = conn.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        conn.close()


def test_through_the_nginx_site_of_deploy_the_app_knows_it_is_served_over_https(server, nginx):
    http_port, https_port = nginx
    plain = request(http_port, "GET", "/accounts/login/", headers={"Host": "localhost"})
    assert plain.status == 301
    assert plain.headers["Location"] == "https://localhost/accounts/login/"

    page = _https(https_port, "/accounts/login/")
    assert page.status == 200  # no redirect loop: TRUSTED_PROXY believes nginx
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    assert "Secure" in page.headers["Set-Cookie"]
    request_id = page.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, passed on
    wait_for(lambda: request_id in server.output, tries=100, pause=0.1)
    assert f'"request_id": "{request_id}"' in server.output
    assert _https(https_port, "/healthz").status == 200


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """A redis-server of the test's own on a free local port; skipped where Redis is not
    installed (apt-get install redis-server)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert wait_for(lambda: _port_open(port), pause=0.1), "redis-server opened no port"
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_with_redis_url_every_process_shares_the_redis_cache(site, redis_url):
    on_redis = Site(site.folder, site.database_url, {"REDIS_URL": redis_url})
    print_backend = (
        "from django.core.cache import cache; from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    assert on_redis.shell(print_backend) == "django.core.cache.backends.redis.RedisCache"
    on_redis.shell("from django.core.cache import cache; cache.set('redis-only', 'in redis', 60)")
    assert on_redis.shell(
        "from django.core.cache import cache; print(cache.get('redis-only'))"
    ) == ("in redis")
    # Not in the database cache: the value went to Redis.
    assert site.shell("from django.core.cache import cache; print(cache.get('redis-only'))") == (
        "None"
    )
