"""Content-Security-Policy and Permissions-Policy on every answer.

Django 5.2 has no CSP of its own (6.0 adds one), so this small middleware sets it from
``THIDUA_CSP`` (directive → sources) and ``THIDUA_PERMISSIONS_POLICY``. The policy allows
scripts and styles only from thidua's own static files: templates carry no inline
``<script>``, no ``on…=`` handler and no ``style=`` attribute (``core/tests/
test_security_headers.py`` crawls the pages for them; a browser test reads the console for
violations). What a page needs that the strict policy refuses is named here, per path,
with why, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Paths whose third-party pages need more than the strict policy, and why.
RELAXED: dict[str, dict[str, str]] = {
    # ReDoc (drf-spectacular-sidecar) injects its styles as <style> elements at run time
    # (styled-components) and parses the schema in a Web Worker made from a blob.
    "/api/redoc/": {"style-src": "'self' 'unsafe-inline'", "worker-src": "'self' blob:"},
    # Swagger UI sets inline styles on the elements it draws.
    "/api/docs/": {"style-src": "'self' 'unsafe-inline'"},
}


def policy_for(path: str) -> str:
    directives = dict(settings.THIDUA_CSP)
    for prefix, extra in RELAXED.items():
        if path.startswith(prefix):
            directives.update(extra)
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Adds ``Content-Security-Policy`` and ``Permissions-Policy`` unless the view set its
    own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy_for(request.path))
        response.headers.setdefault("Permissions-Policy", settings.THIDUA_PERMISSIONS_POLICY)
        return response
