"""Who is acting, and in which request, for the change log.

Set by ``RequestContextMiddleware`` for web requests and by ``acting_as`` for commands,
jobs and tests. Context variables rather than thread locals, so that the value follows
the code into async views and never leaks between requests of one worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[Any | None] = ContextVar("thidua_actor", default=None)
_request_id: ContextVar[str | None] = ContextVar("thidua_request_id", default=None)


def current_actor() -> Any | None:
    """The user on whose behalf the current code runs, or None for the system.

    The middleware binds the *request*, not its user, and the user is read here at the
    moment of writing: DRF's token authentication replaces ``request.user`` after the
    middleware ran, and an API write must be logged under the token's user.
    """
    actor = _actor.get()
    if actor is not None and hasattr(actor, "META") and hasattr(actor, "user"):
        actor = actor.user
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor
    return None


def current_request_id() -> str | None:
    return _request_id.get()


def current_binding() -> Any | None:
    """What ``acting_as`` bound, unevaluated: the request of a web request (whose user may
    not be loaded yet), a user in a command or job, or None. For the log lines
    (thidua.core.logs), which must not load a user from the database to name it."""
    return _actor.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def acting_as(user: Any | None, request_id: str | None = None) -> Iterator[str]:
    """Run a block as ``user`` (commands, jobs, tests); yields the request id used."""
    rid = request_id or new_request_id()
    t1 = _actor.set(user)
    t2 = _request_id.set(rid)
    try:
        yield rid
    finally:
        _actor.reset(t1)
        _request_id.reset(t2)
