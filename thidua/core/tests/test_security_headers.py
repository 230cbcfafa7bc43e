"""Every page carries the Content-Security-Policy and Permissions-Policy headers and holds
nothing the policy refuses: no inline ``<script>``, no ``on…=`` handler, no
``javascript:`` link, no ``<style>`` element and no ``style=`` attribute.

A crawl as in ``test_page_language``: from the home page, follow every link of the site
(GET, HTML answers), each route at most a few times, as people of every level of the
scenarios; plus the pages anyone reaches without signing in. A browser test
(``e2e/test_content_security.py``) reads the console of the main pages for violations.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from thidua.core.security import policy_for

pytestmark = pytest.mark.django_db

PERSONAS = ["bg.supervisor", "bg.luc-ngan", "ht.bcd35", "hg.police", "hdtdkt.secretary", "admin"]
PER_ROUTE = 2
MAX_PAGES = 150
NEVER = ("/accounts/logout", "/i18n/", "/admin/", "/api/", "/static/", "/media/", "/files/")
# Data a script reads, not code the browser runs.
INERT_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _Inspector(HTMLParser):
    """What the strict policy would refuse on a page, and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and not a.get("src") and a.get("type") not in INERT_SCRIPT_TYPES:
            self.problems.append("an inline <script>")
        if tag == "style":
            self.problems.append("a <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an {name}= handler on <{tag}>")
            if name == "style":
                self.problems.append(f"a style= attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"a javascript: URL on <{tag}>")
        if tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"] or "")


def _route(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _check(path: str, response) -> list[str]:
    problems = []
    if response.get("Content-Security-Policy") != policy_for(path):
        problems.append(
            f"{path}: Content-Security-Policy is {response.get('Content-Security-Policy')!r}"
        )
    if response.get("Permissions-Policy") != settings.THIDUA_PERMISSIONS_POLICY:
        problems.append(f"{path}: no Permissions-Policy")
    return problems


def _crawl(client: Client, start: list[str]) -> tuple[int, list[str]]:
    problems: list[str] = []
    seen: Counter[str] = Counter()
    queue, queued = deque(start), set(start)
    pages = 0
    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        problems += _check(path, response)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        inspector = _Inspector()
        inspector.feed(response.content.decode())
        problems += [f"{path}: {p}" for p in inspector.problems]
        for href in inspector.links:
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(NEVER) or link in queued:
                continue
            name = _route(parts.path)
            if name is None or seen[name] >= PER_ROUTE:
                continue
            seen[name] += 1
            queued.add(link)
            queue.append(link)
    return pages, problems


def test_every_page_of_a_crawl_carries_the_policies_and_no_inline_script_or_style(user_named):
    call_command("load_demo", verbosity=0)  # every scenario's data
    visited, problems = _crawl(
        Client(),
        ["/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/sent/"],
    )
    for username in PERSONAS:
        client = Client()
        client.force_login(user_named(username))
        pages, found = _crawl(client, ["/", "/accounts/me/", "/accounts/people/"])
        visited += pages
        problems += [f"{username} {p}" for p in found]
    assert visited > 300, f"the crawl reached only {visited} pages"
    unique = sorted(set(problems))
    assert not unique, f"{len(unique)} problems:\n" + "\n".join(unique[:200])


def test_the_policy_allows_scripts_and_styles_from_the_site_only(client):
    response = client.get("/accounts/login/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_api_and_error_answers_carry_the_policies_too(client):
    for path in ("/api/me/", "/no-such-page/", "/api/schema/"):
        response = client.get(path)
        assert response["Content-Security-Policy"] == policy_for(path), path
        assert response["Permissions-Policy"] == settings.THIDUA_PERMISSIONS_POLICY, path


def test_only_the_api_docs_pages_relax_the_style_policy():
    assert "'unsafe-inline'" in policy_for("/api/redoc/")
    assert "'unsafe-inline'" not in policy_for("/")
    assert "'unsafe-inline'" not in policy_for("/api/docs/").split("script-src", 1)[1].split(";")[0]


def test_the_crawls_inspector_sees_what_the_policy_refuses():
    inspector = _Inspector()
    inspector.feed(
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">x</a></p>'
    )
    assert inspector.problems == [
        "an inline <script>",
        "a <style> element",
        "a style= attribute on <p>",
        "an onclick= handler on <p>",
        "a javascript: URL on <a>",
    ]
