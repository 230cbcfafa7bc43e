"""Real processes for the tests of production serving: a site (a database and folders set
up as deployed), gunicorn servers and job workers on it, and a small HTTP client.

The site's database is not the test database: the test database's rows live in a
transaction no other process sees. On PostgreSQL (``DATABASE_URL`` set) it is a database
of its own on the same server, made from a template built once per test session; on
SQLite a file. The processes run with the production settings (DEBUG off), a fixed
SECRET_KEY shared by all of them, and behind a pretend TLS proxy: the client sends
``X-Forwarded-Proto: https`` as the proxy of deploy/nginx does, and the site trusts it
(``TRUSTED_PROXY=1``).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import dj_database_url

ROOT = Path(__file__).resolve().parents[3]
SECRET_KEY = "tests-of-serving-" + "k" * 40
# What a process inherits from the test run; everything else is set by the site.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SOFTHSM2_CONF")
BASE_DEMO = ["units", "users", "documents", "reporting"]
PASSWORD = "thidua-demo"
# How often a test polls what a process it started should come to (a port open, a log
# line written, a probe turned ready) before it gives up: counted in tries, not timed, so
# that a busy machine only makes a test slower, never wrong by the clock.
START_TRIES = 360  # × 0.25 s between tries for a server or a worker to answer


def wait_for(condition: Any, *, tries: int = START_TRIES, pause: float = 0.25) -> bool:
    """Poll ``condition()`` until it is true (then True) or ``tries`` polls have failed
    (then False); the caller asserts on what it waited for."""
    for _ in range(tries):
        if condition():
            return True
        time.sleep(pause)
    return bool(condition())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_connection():  # type: ignore[no-untyped-def]
    import psycopg

    cfg = dj_database_url.parse(_postgres_url() or "")
    return psycopg.connect(
        dbname="postgres",
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        autocommit=True,
    )


def _drop_postgres(name: str) -> None:
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Site:
    """A database and MEDIA_ROOT/STATIC_ROOT folders, and the environment of every process
    that serves them."""

    folder: Path
    database_url: str
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def media(self) -> Path:
        return self.folder / "media"

    @property
    def static(self) -> Path:
        return self.folder / "static"

    @property
    def engine(self) -> str:
        return "sqlite" if self.database_url.startswith("sqlite") else "postgresql"

    @property
    def env(self) -> dict[str, str]:
        inherited = {k: os.environ[k] for k in INHERITED if k in os.environ}
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TRUSTED_PROXY": "1",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(self.static),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "WORKER_HEARTBEAT_SECONDS": "1",
            "WORKER_HEARTBEAT_MAX_AGE": "30",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def manage(self, *args: str, timeout: float = 600, check: bool = True, **kwargs: Any):  # type: ignore[no-untyped-def]
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            **kwargs,
        )
        if check:
            command = " ".join(args)
            assert result.returncode == 0, f"manage.py {command}:\n{result.stdout}{result.stderr}"
        return result

    def shell(self, code: str) -> str:
        """What ``code`` prints, run by ``manage.py shell`` against the site."""
        return self.manage("shell", "--no-imports", "-c", code).stdout.strip()

    def drop(self) -> None:
        if self.engine == "postgresql":
            _drop_postgres(dj_database_url.parse(self.database_url)["NAME"])


def site_template(folder: Path) -> Site:
    """A migrated database with the base demo and the S4/S5 reports, built once."""
    folder.mkdir(parents=True, exist_ok=True)
    pg = _postgres_url()
    if pg:
        cfg = dj_database_url.parse(pg)
        name = f"{cfg['NAME']}_served_template"
        _drop_postgres(name)
        with _admin_connection() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = pg.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite:///{folder / 'template.sqlite3'}"
    site = Site(folder, url)
    site.manage("migrate", "--noinput")
    site.manage("load_demo", "--no-communes", "--only", *BASE_DEMO)
    return site


def site_copy(template: Site, folder: Path) -> Site:
    """A database of its own, copied from the template, and empty folders."""
    folder.mkdir(parents=True, exist_ok=True)
    if template.engine == "postgresql":
        cfg = dj_database_url.parse(template.database_url)
        name = f"{cfg['NAME'].removesuffix('_template')}_{uuid.uuid4().hex[:8]}"
        with _admin_connection() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{cfg["NAME"]}"')
        url = template.database_url.rsplit("/", 1)[0] + f"/{name}"
    else:
        path = folder / "thidua.sqlite3"
        source = sqlite3.connect(dj_database_url.parse(template.database_url)["NAME"])
        copy = sqlite3.connect(path)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        url = f"sqlite:///{path}"
    site = Site(folder, url)
    site.media.mkdir()
    return site


class Process:
    """A process of the site (gunicorn, a worker), its output kept in a file."""

    def __init__(self, site: Site, name: str, command: list[str], env: dict[str, str]) -> None:
        self.log_path = site.folder / f"{name}-{uuid.uuid4().hex[:6]}.log"
        self._log = self.log_path.open("w")
        self.popen = subprocess.Popen(
            command, cwd=ROOT, env={**site.env, **env}, stdout=self._log, stderr=subprocess.STDOUT
        )

    @property
    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self._log.close()
        return self.popen.returncode


class Server(Process):
    """gunicorn with thidua's settings (deploy/gunicorn.conf.py) on a free local port."""

    def __init__(self, site: Site, *, workers: int = 2) -> None:
        self.port = free_port()
        super().__init__(
            site,
            f"gunicorn-{self.port}",
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "thidua.wsgi"],
            {"GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)},
        )

        def answers() -> bool:
            assert self.popen.poll() is None, f"gunicorn exited:\n{self.output}"
            try:
                return self.get("/healthz").status == 200
            except OSError:
                return False

        if not wait_for(answers):
            self.stop()
            raise AssertionError(f"gunicorn did not answer /healthz:\n{self.output}")

    def get(self, path: str, headers: dict[str, str] | None = None, *, proxied: bool = False):  # type: ignore[no-untyped-def]
        """A bare request, as a probe sends it; ``proxied``: as the TLS proxy passes it on."""
        sent = {**({"X-Forwarded-Proto": "https"} if proxied else {}), **(headers or {})}
        return request(self.port, "GET", path, headers=sent)


class Worker(Process):
    """``manage.py db_worker`` on the site."""

    def __init__(self, site: Site) -> None:
        super().__init__(
            site,
            "worker",
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
            {},
        )


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        conn.close()


class Browser:
    """Cookies and the headers a browser behind the TLS proxy sends, on any server of the
    site: a session made on one server is sent to another as is."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**headers, **(extra or {})}

    def _keep(self, response: Response) -> Response:
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, server: Server, path: str, headers: dict[str, str] | None = None) -> Response:
        sent = self._headers(headers)
        return self._keep(request(server.port, "GET", path, headers=sent))

    def post(
        self,
        server: Server,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json_body: Any = None,
    ) -> Response:
        origin = f"https://127.0.0.1:{server.port}"
        headers = {"Origin": origin, "Referer": origin + path}
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        else:
            body = urlencode(form or {}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        sent = self._headers(headers)
        return self._keep(request(server.port, "POST", path, headers=sent, body=body))

    def sign_in(self, server: Server, username: str) -> Response:
        page = self.get(server, "/accounts/login/")
        assert page.status == 200, page.status
        return self.post(
            server,
            "/accounts/login/",
            form={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
