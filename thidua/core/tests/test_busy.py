"""A database too busy to take a write in time answers 503 with Retry-After, on pages
and on the API, never a 500; the lock here is a real SQLite lock held by another
connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from thidua.core.api.errors import exception_handler
from thidua.core.busy import is_busy
from thidua.core.middleware import RequestContextMiddleware


def _real_lock_error(tmp_path: Path) -> sqlite3.OperationalError:
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        other.close()
        holder.close()
    raise AssertionError("the second writer was not refused")


def _as_django(exc: sqlite3.OperationalError) -> OperationalError:
    wrapped = OperationalError(*exc.args)
    wrapped.__cause__ = exc
    return wrapped


def test_a_real_sqlite_lock_is_busy_and_other_errors_are_not(tmp_path: Path) -> None:
    exc = _real_lock_error(tmp_path)
    assert is_busy(exc) and is_busy(_as_django(exc))
    assert not is_busy(OperationalError("no such table: orgunits_orgunit"))
    assert not is_busy(ValueError("database is locked"))


def test_the_api_answers_503_with_retry_after(tmp_path: Path) -> None:
    response = exception_handler(_as_django(_real_lock_error(tmp_path)), {})
    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.data["code"] == "busy" and "again" in response.data["detail"]


@pytest.mark.django_db
def test_a_page_answers_503_that_says_to_send_it_again(tmp_path: Path, settings) -> None:
    settings.LANGUAGE_CODE = "vi"
    request = RequestFactory().post("/reporting/periods/1/fill/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    middleware = RequestContextMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, _as_django(_real_lock_error(tmp_path)))
    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "5"
    assert 'role="alert"' in response.content.decode()
    # An error that is not a lock stays a bug (a 500 Django logs).
    assert middleware.process_exception(request, OperationalError("no such column")) is None
