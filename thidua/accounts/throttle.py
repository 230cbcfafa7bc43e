"""The sign-in throttle: django-axes, configured to slow an attacker without letting anyone
lock a named user out (docs/CONVENTIONS.md, "Signing in").

Every sign-in goes through ``django.contrib.auth.authenticate`` (the sign-in page, the
second-factor step, the Django admin's login, which sends people to the sign-in page), and
``axes.backends.AxesStandaloneBackend`` is the first authentication backend, so one
throttle sees them all. Its state is rows of ``axes.AccessAttempt`` in the database, which
every app server and worker shares.

Two counts lock, both within the cool-off (``AXES_COOLOFF_TIME``) of the latest failure:

- failures of one *(user name, address)* pair reaching ``AXES_FAILURE_LIMIT``: the person
  guessing from that address waits; the same user signing in from anywhere else does not;
- failures from one *address*, whatever the user names, reaching
  ``THIDUA_LOGIN_ADDRESS_FAILURE_LIMIT`` (larger: an office behind one address is many
  people): spraying one password over many user names is slowed too.

A success clears its own pair's failures only, never the address's: an attacker with one
valid account cannot wipe the address count by signing in to it between guesses.

The client's address is read behind ``TRUSTED_PROXY_COUNT`` proxies (``client_address``):
without proxies ``X-Forwarded-For`` is ignored (anyone can send it); with them, the
address the first trusted proxy saw, so that a proxy's own address is never everyone's.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from python_ipware import IpWare

UNSPECIFIED = "0.0.0.0"


def client_address(request: HttpRequest) -> str:
    """The address of the person at the other end, behind ``TRUSTED_PROXY_COUNT`` proxies.

    Each proxy appends the address it was reached from to ``X-Forwarded-For``, and the
    last one is ``REMOTE_ADDR``: with N proxies the client is the (N+1)-th address from
    the right of that chain. Anything further left was written by the client (a spoofed
    header) and is never read; a chain shorter than N+1 did not come through the proxies
    and counts as the address that connected.

    A request with no address at all (a Unix socket with no proxy header, a test's
    ``force_login``) counts as the unspecified address 0.0.0.0: the sign-in log stores
    addresses in an address column (``inet`` on PostgreSQL), which refuses a word.
    """
    remote = request.META.get("REMOTE_ADDR", "") or UNSPECIFIED
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    if not forwarded:
        return remote
    chain = f"{forwarded}, {remote}"
    ip, _trusted = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=count).get_client_ip(
        {"HTTP_X_FORWARDED_FOR": chain}
    )
    return str(ip) if ip is not None else remote


class SignInThrottle(AxesDatabaseHandler):
    """Axes's database handler with two limits (the pair's and the address's), and a
    success that clears only its own pair.

    ``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], "ip_address"]``: axes
    hands this handler one queryset of attempts per entry, in that order.
    """

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        """The failures that count against ``AXES_FAILURE_LIMIT`` (L): the pair's own, or
        the address's scaled so that it reaches L exactly when it reaches the address
        limit A (``floor(n·L/A) ≥ L`` ⟺ ``n ≥ A``)."""
        pair, address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(pair, address * limit // settings.THIDUA_LOGIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        return pair.delete()[0]


def allowed(request: HttpRequest, credentials: dict[str, Any]) -> bool:
    """Whether a sign-in step with ``credentials`` may be tried now (not locked)."""
    return AxesProxyHandler.is_allowed(request, credentials)


def cooloff_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    from django.utils.translation import gettext as _

    return _("Too many failed sign-in attempts. Try again in about %(minutes)d minutes.") % {
        "minutes": cooloff_minutes()
    }


def lockout_response(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page a locked sign-in gets (429), in the page's language, whichever login path
    (the sign-in page, the second-factor step) was refused."""
    return render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
