"""Structured logs: a JSON line per record with the request's id, user, path, status and
duration; readable text in DEBUG. (The lines a real gunicorn writes on its standard output
are read in test_serving.py.)"""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from thidua.core.context import acting_as
from thidua.core.logs import JsonFormatter, RequestContextFilter, TextFormatter


def _record(msg="hello %s", args=("world",), **extra):
    record = logging.LogRecord("thidua.test", logging.WARNING, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    RequestContextFilter().filter(record)
    return record


def test_a_record_is_one_json_line_with_level_logger_and_message():
    line = JsonFormatter().format(_record(msg="two\nlines %s"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "thidua.test"
    assert entry["message"] == "two\nlines world"
    assert entry["time"].endswith("Z")


def test_a_record_written_while_acting_carries_the_request_id():
    with acting_as(None, "abcdef0123456789") as rid:
        entry = json.loads(JsonFormatter().format(_record()))
    assert entry["request_id"] == rid == "abcdef0123456789"
    assert "user_id" not in entry  # nobody signed in


def test_an_exception_is_written_inside_the_line():
    try:
        raise ValueError("bad figure")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "thidua.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: bad figure" in entry["exception"]


def test_the_text_format_names_the_same_facts():
    line = TextFormatter().format(_record(request_id="r1", status=200, path="/x"))
    assert "WARNING thidua.test: hello world" in line
    assert "[request_id=r1 path=/x status=200]" in line


@pytest.mark.django_db
def test_each_request_writes_one_line_with_who_what_and_how_long(client_for, user_named, caplog):
    police = user_named("hg.police")
    client = client_for(police)
    with caplog.at_level(logging.INFO, logger="thidua.request"):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "thidua.request"]
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["user_id"] == police.pk
    assert entry["method"] == "GET" and entry["path"] == "/" and entry["status"] == 200
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["message"] == "GET / 200"


@pytest.mark.django_db
def test_a_request_of_nobody_signed_in_has_no_user_and_its_query_string_is_not_logged(
    client, caplog
):
    with caplog.at_level(logging.INFO, logger="thidua.request"):
        response = client.get("/accounts/login/?next=/secret-search%3Fq%3Dname")
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "thidua.request"]
    entry = json.loads(JsonFormatter().format(record))
    assert "user_id" not in entry
    assert entry["path"] == "/accounts/login/"
    assert "secret" not in json.dumps(entry)


@pytest.mark.django_db
def test_the_user_is_named_once_loaded_and_never_loaded_for_the_log(user_named, rf):
    """A request's user: the session's, once loaded, or the one DRF's token authentication
    put on the request; a user not loaded yet is not loaded by logging."""
    from django.utils.functional import SimpleLazyObject

    from thidua.core.logs import user_id_of

    police = user_named("hg.police")
    loads = []
    request = rf.get("/")
    request.user = SimpleLazyObject(lambda: loads.append(1) or police)
    assert user_id_of(request) is None and loads == []
    request._cached_user = police  # what AuthenticationMiddleware keeps once it loaded it
    assert user_id_of(request) == police.pk
    api_request = rf.get("/api/units/")
    api_request.user = police  # DRF sets the authenticated user on the Django request
    assert user_id_of(api_request) == police.pk


def test_the_production_settings_write_json_and_the_demo_text(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    code = (
        "import thidua.settings as s; "
        "print(s.LOGGING['handlers']['console']['formatter'], "
        "s.LOGGING['loggers']['thidua.request']['level'])"
    )

    def formatter(**env):
        import os

        base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_FORMAT"}}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert formatter() == ["json", "INFO"]
    assert formatter(DEBUG="1") == ["text", "WARNING"]  # runserver logs each request itself
    assert formatter(DEBUG="1", LOG_FORMAT="json", LOG_REQUESTS="1") == ["json", "INFO"]
