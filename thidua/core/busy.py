"""A write the database could not take in time — SQLite's "database is locked" after its
busy timeout, PostgreSQL's lock timeout — is the server being busy, not a bug: it answers
503 with ``Retry-After``, and nothing was written (the request's transaction rolled back).
One place decides what counts as busy; the page middleware and the API handler use it."""

from __future__ import annotations

import sqlite3

from django.db import OperationalError
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5

# PostgreSQL: lock_not_available (lock_timeout), query_canceled (statement_timeout) while
# waiting for a lock.
_PG_BUSY = {"55P03"}


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says the database was too busy to take a write in time."""
    if not isinstance(exc, OperationalError | sqlite3.OperationalError):
        return False
    cause = exc.__cause__ or exc
    if getattr(cause, "pgcode", None) in _PG_BUSY or getattr(cause, "sqlstate", None) in _PG_BUSY:
        return True
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


def busy_message() -> str:
    return _(
        "The server is busy with other people's work and could not save this in time. "
        "Nothing was saved: wait a few seconds and send it again."
    )
