"""The files of deploy/ and the README's settings table agree with the code.

Docker is not available where the tests run: the Compose file is read as YAML and
checked for what it must run (and `docker compose config` validates it where the CLI
exists); the systemd units are read as INI files. What they run is tested for real in
test_serving.py (gunicorn with deploy/gunicorn.conf.py, db_worker) and test_backup.py.
"""

from __future__ import annotations

import configparser
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_the_compose_file_runs_the_database_the_app_the_worker_and_optional_redis():
    services = _compose()["services"]
    assert {"db", "migrate", "app", "worker", "redis"} <= set(services)
    assert services["app"]["command"] == [
        "gunicorn",
        "-c",
        "deploy/gunicorn.conf.py",
        "thidua.wsgi",
    ]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["redis"]["profiles"] == ["redis"]
    assert services["db"]["image"].startswith("postgres:15")  # pg_dump of bookworm is 15
    for name in ("migrate", "app", "worker"):
        service = services[name]
        assert service["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).is_file()
        assert service["environment"]["DATABASE_URL"].startswith("postgres://thidua:")
        assert "media:/srv/thidua/media" in service["volumes"]
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["app"]["ports"] == ["127.0.0.1:8000:8000"]  # only the proxy in front


def test_the_scheduler_runs_beside_the_worker_in_compose_and_systemd():
    from django.core.management import get_commands

    assert "run_scheduler" in get_commands()
    scheduler = _compose()["services"]["scheduler"]
    assert scheduler["command"] == ["python", "manage.py", "run_scheduler"]
    assert scheduler["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    unit = (DEPLOY / "systemd" / "thidua-scheduler.service").read_text()
    assert "ExecStart=/opt/thidua/venv/bin/python manage.py run_scheduler" in unit


def _compose_cli() -> list[str] | None:
    if shutil.which("docker") and (
        subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]  # Debian's Compose v1
    return None


@pytest.mark.skipif(_compose_cli() is None, reason="no docker compose CLI is installed")
def test_docker_compose_accepts_the_file(tmp_path):
    """`config` validates the file offline (no Docker daemon needed), in a copy beside a
    copy of the example env file."""
    cli = _compose_cli()
    text = (DEPLOY / "compose.yaml").read_text()
    if cli == ["docker-compose"]:
        text = text.replace("\nname: thidua\n", "\n")  # v1 knows no project name in the file
    (tmp_path / "compose.yaml").write_text(text)
    shutil.copy(DEPLOY / "thidua.env.example", tmp_path / ".env")
    result = subprocess.run(
        [*cli, "-f", str(tmp_path / "compose.yaml"), "config"],  # type: ignore[misc]
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "POSTGRES_PASSWORD": "checked"},
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert config["services"]["app"]["environment"]["TRUSTED_PROXY"] == "1"
    assert config["services"]["app"]["environment"]["MEDIA_ROOT"] == "/srv/thidua/media"


def test_the_image_is_debian_with_libreoffice_and_collects_its_static_files():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim-bookworm$", dockerfile, re.M)
    for package in ("libreoffice-writer-nogui", "fonts-liberation2", "postgresql-client"):
        assert package in dockerfile
    assert "softhsm2" in dockerfile and "WITH_SOFTHSM" in dockerfile
    assert "pip install -r requirements/base.txt" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    assert "manage.py compile_translations" in dockerfile
    assert re.search(r"^USER thidua$", dockerfile, re.M)


def test_the_systemd_units_run_what_the_compose_file_runs():
    web, worker = _unit("thidua-web.service"), _unit("thidua-worker.service")
    assert web["Service"]["ExecStart"] == (
        "/opt/thidua/venv/bin/gunicorn -c deploy/gunicorn.conf.py thidua.wsgi"
    )
    assert worker["Service"]["ExecStart"] == "/opt/thidua/venv/bin/python manage.py db_worker"
    for unit in (web, worker, _unit("thidua-backup.service")):
        assert unit["Service"]["User"] == "thidua"
        assert unit["Service"]["EnvironmentFile"] == "/etc/thidua/thidua.env"
        assert unit["Service"]["WorkingDirectory"] == "/opt/thidua/app"
    assert web["Service"]["Type"] == "notify"  # gunicorn tells systemd when it is ready
    backup = _unit("thidua-backup.service")["Service"]["ExecStart"]
    assert "manage.py backup" in backup and "/var/backups/thidua/" in backup
    assert _unit("thidua-backup.timer")["Timer"]["OnCalendar"]
    assert (DEPLOY / "thidua-manage").stat().st_mode & 0o111


def test_the_proxy_sets_the_headers_thidua_trusts():
    conf = (DEPLOY / "nginx" / "thidua.conf").read_text()
    for header in (
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header Host $host;",
        "proxy_set_header X-Request-ID $request_id;",
    ):
        assert header in conf
    assert "return 301 https://$host$request_uri;" in conf
    assert "server 127.0.0.1:8000;" in conf


def test_gunicorn_takes_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["workers"] == 3 and conf["bind"] == "127.0.0.1:9001" and conf["timeout"] == 45
    assert conf["worker_class"] == "gthread"
    assert conf["forwarded_allow_ips"] == "" and conf["secure_scheme_headers"] == {}


def _variables_read(path: Path) -> set[str]:
    text = path.read_text()
    found = set(re.findall(r"env_(?:str|bool|int|list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", text))
    found |= set(re.findall(r"os\.environ\.get\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", text))
    return found


def _readme_table() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, re.M))


def test_every_setting_read_from_the_environment_is_in_the_readme_table_and_only_those():
    read = _variables_read(ROOT / "thidua" / "settings.py") | _variables_read(
        DEPLOY / "gunicorn.conf.py"
    )
    table = _readme_table()
    assert read - table == set(), "add these to the README's settings table"
    compose = (DEPLOY / "compose.yaml").read_text()
    assert {v for v in table - read if v not in compose} == set(), "read by nothing"


def test_the_example_env_file_sets_only_known_settings():
    example = (DEPLOY / "thidua.env.example").read_text()
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example, re.M))
    assert names and names <= _readme_table()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "TRUSTED_PROXY", "DATABASE_URL"} <= names


def test_the_production_settings_follow_the_environment():
    code = (
        "import json, thidua.settings as s; print(json.dumps({"
        "'cache': s.CACHES['default']['BACKEND'], 'proxy': s.SECURE_PROXY_SSL_HEADER, "
        "'xhost': s.USE_X_FORWARDED_HOST, 'replica': s.DATABASES.get('replica'), "
        "'alias': s.THIDUA_REPLICA_ALIAS, 'static': s.STORAGES['staticfiles']['BACKEND']}))"
    )

    def settings_with(**env: str) -> dict:
        import json

        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**keep, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    plain = settings_with()
    assert plain["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert plain["proxy"] is None and plain["xhost"] is False
    assert plain["replica"] is None and plain["alias"] is None
    assert plain["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"

    behind = settings_with(
        REDIS_URL="redis://127.0.0.1:6379/0",
        TRUSTED_PROXY="1",
        USE_X_FORWARDED_HOST="1",
        DATABASE_URL="postgres://thidua@db1/thidua",
        DATABASE_REPLICA_URL="postgres://thidua@db2/thidua",
    )
    assert behind["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert behind["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"] and behind["xhost"] is True
    assert behind["alias"] == "replica"
    assert behind["replica"]["HOST"] == "db2" and behind["replica"]["TEST"] == {"MIRROR": "default"}
    assert settings_with(USE_X_FORWARDED_HOST="1")["xhost"] is False  # not without a proxy
