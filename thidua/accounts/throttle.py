"""Failed-login throttling, kept in the database so that every app server sees it.

After ``LOGIN_FAILURE_LIMIT`` failures for one username (or four times as many from one
address, against spraying across usernames) within ``LOGIN_FAILURE_WINDOW_SECONDS``,
sign-in is refused until the window has passed. A success clears the username's record.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from thidua.accounts.models import LoginFailure


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def seconds_locked(username: str, address: str) -> int:
    """Seconds until sign-in is allowed again; 0 when it is allowed now."""
    since = _window_start()
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginFailure.objects.filter(time__gte=since)
    by_user = recent.filter(username=username.lower()).order_by("-time")
    by_addr = recent.filter(address=address).order_by("-time")
    blocking = None
    if by_user.count() >= limit:
        blocking = by_user[limit - 1]
    elif by_addr.count() >= 4 * limit:
        blocking = by_addr[4 * limit - 1]
    if blocking is None:
        return 0
    release = blocking.time + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return max(1, int((release - timezone.now()).total_seconds()))


def record_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address[:64])
    # Keep the table small: anything older than the window no longer matters.
    LoginFailure.objects.filter(time__lt=_window_start()).delete()


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
