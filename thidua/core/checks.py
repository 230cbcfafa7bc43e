"""Settings a server must not start without.

With DEBUG off and no ``SECRET_KEY``, settings give each process a random key (tests and
one-off commands need nothing more), so sessions, sign-in links and tokens signed by one
worker were refused by the next, and silently broken by every restart. A server never
starts so: ``wsgi.py`` (gunicorn) and ``run_scheduler`` call ``refuse_to_serve``, and
``manage.py check --deploy`` reports it as an error. The key of ``thidua.env.example``
is refused the same way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

EXAMPLE_KEYS = {"change-me-to-50-random-characters"}


def secret_key_problem() -> str | None:
    """Why the configured ``SECRET_KEY`` cannot serve, or ``None``."""
    if settings.DEBUG:
        return None
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return (
            "SECRET_KEY is not set. Set it in the environment (the env file of README, "
            "“Running in production”): 50 random characters, the same on every server, "
            'made with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if settings.SECRET_KEY in EXAMPLE_KEYS:
        return (
            "SECRET_KEY is still the example's placeholder: set 50 random characters of "
            "your own in the env file (README, “Running in production”)."
        )
    return None


def refuse_to_serve() -> None:
    problem = secret_key_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = secret_key_problem()
    return [checks.Error(problem, id="thidua.E001")] if problem else []
