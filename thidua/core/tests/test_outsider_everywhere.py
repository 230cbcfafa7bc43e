"""Every page and endpoint refuses an outsider, or shows them nothing.

A safety net over the per-app permission tests: it walks the whole URL map with all the
demo data loaded and requests every route as a signed-in user who holds no role,
filling numeric parameters with ids of existing objects. A route may answer 403/404/405
(or 400 for an action missing its input); only the routes listed in ``OPEN_TO_MEMBERS``
may answer 200, and an API list must then be empty.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

# What a signed-in person without roles may open: their own account and the API's docs.
OPEN_TO_MEMBERS = {
    "core:home",
    "core:notifications",
    "accounts:profile",
    "accounts:password_change",
    "accounts:login",
    "accounts:token-regenerate",
    "core:notifications-read",
    "api-schema",
    "api-docs",
    "api-redoc",
    "api-me",
    "set_language",
    "api-root",
}
SKIP_PREFIXES = ("admin:", "accounts:logout", "djdt")
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _walk(patterns, prefix="", ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            new_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), new_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{ns}{p.name}" if p.name else ""


def _routes() -> list[tuple[str, str]]:
    routes = []
    for route, name in _walk(get_resolver().url_patterns):
        if "(?P<format>" in route or name.startswith(SKIP_PREFIXES):
            continue
        if route.startswith(("admin/", "static/", "media/")):
            continue
        routes.append((route, name))
    return routes


REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _fill(route: str, value: str) -> str | None:
    # DRF routers give regexes: ^plans/(?P<pk>[^/.]+)/$ → plans/1/
    route = REGEX_GROUP.sub(value, route.replace("^", "").replace("$", ""))

    def sub(m: re.Match) -> str:
        conv = m.group("conv") or "str"
        return (
            value
            if conv in ("int", "str", "slug", "path")
            else "00000000-0000-0000-0000-000000000000"
        )

    path = PARAM.sub(sub, route)
    return "/" + path.lstrip("/").replace("\\", "")


@pytest.fixture
def everything(db):
    """All demo data (every scenario), rolled back after the test."""
    call_command("load_demo", verbosity=0)


def test_an_outsider_is_refused_by_every_page_and_endpoint(everything, outsider):
    client = APIClient()
    client.force_authenticate(outsider)
    client.force_login(outsider)
    problems = []
    checked = 0
    for route, name in _routes():
        values = ["1", "2", "3"] if PARAM.search(route) or "(?P<" in route else [""]
        for value in values:
            url = _fill(route, value)
            for method in ("get", "post"):
                response = getattr(client, method)(url, HTTP_ACCEPT_LANGUAGE="en")
                checked += 1
                status = response.status_code
                if status in (400, 403, 404, 405, 302) and not (
                    status == 302
                    and method == "post"
                    and name not in OPEN_TO_MEMBERS
                    and "/accounts/login" not in response.get("Location", "")
                ):
                    continue
                if status == 200 and name in OPEN_TO_MEMBERS:
                    continue
                if (
                    status == 200
                    and method == "get"
                    and response.get("Content-Type", "").startswith("application/json")
                ):
                    data = response.json()
                    if data == [] or (isinstance(data, dict) and data.get("count") == 0):
                        continue
                problems.append(f"{method.upper()} {url} ({name or route}) → {status}")
    assert checked > 50
    assert not problems, "An outsider got through:\n" + "\n".join(problems)
