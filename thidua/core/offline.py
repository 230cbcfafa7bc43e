"""Working offline in the browser the officer already has (an installable web app).

The service worker (``static/thidua/sw.js``, served at ``/sw.js`` so that its scope is the
whole site) keeps the application's files and the pages of the user's own scope that
``registry.offline_pages`` lists — their home, their units' open report forms with the
current values, their tasks — and answers them from its cache when the connection is
gone. ``offline.js`` keeps what the officer enters offline in an outbox in the browser
(IndexedDB) and replays it through the API, one request per entry under its own
``Idempotency-Key``, when the connection returns.

Whose pages the cache holds is told by ``X-Thidua-User`` on every page (an opaque token,
empty when nobody is signed in): when it changes, the worker drops the pages it kept, so
that a shared device never shows one officer's cached pages to another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core.registry import registry

USER_HEADER = "X-Thidua-User"
KEEP_HEADER = "X-Thidua-Keep"

# The application shell: what every page loads (base.html), kept at install time.
SHELL = [
    "thidua/app.css",
    "thidua/favicon.svg",
    "thidua/nav.js",
    "thidua/confirm.js",
    "thidua/unit-picker.js",
    "thidua/day-input.js",
    "thidua/offline.js",
    "django_htmx/htmx-2.min.js",
]
# The evidence file a progress update may carry while offline: a photo of a signed page,
# kept in the browser until it is sent over a weak link.
OFFLINE_EVIDENCE_BYTES = 2 * 1024 * 1024
# How many of each kind of page are kept: a commune officer's few, never a province's all.
MAX_PAGES = 40


def user_token(user: Any) -> str:
    """An opaque, stable token of the signed-in user ("" for nobody): it tells the worker
    whose pages it holds without saying who it is."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return salted_hmac("thidua.offline.user", str(user.pk)).hexdigest()[:20]


class OfflineUserMiddleware:
    """Tells the service worker whose page this is (``X-Thidua-User``) on every HTML
    answer; an answer to the worker's background keeping (``X-Thidua-Keep``) sets no
    cookie.

    The worker keeps pages while the officer goes on: a kept page that arrived after they
    signed out (or another signed in) would otherwise set the old CSRF cookie under the
    sign-in form being filled, and the sign-in would be refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response[USER_HEADER] = user_token(getattr(request, "user", None))
        if request.headers.get(KEEP_HEADER):
            response.cookies.clear()
        return response


def shell_urls() -> list[str]:
    files = list(SHELL)
    if settings.DEBUG:
        files.append("django_htmx/django-htmx.js")
    return [static(f) for f in files]


@lru_cache(maxsize=4)
def _version(urls: tuple[str, ...]) -> str:
    """Changes whenever a file of the shell or the worker changes: the browser then
    installs the new worker, which keeps the new files and drops the old ones."""
    digest = hashlib.sha256()
    for name in [*SHELL, "thidua/sw.js"]:
        found = finders.find(name)
        if found:
            with open(found, "rb") as fh:
                digest.update(fh.read())
    digest.update("\n".join(urls).encode())
    return digest.hexdigest()[:16]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: the worker's script with its settings in front (its version, the shell,
    the addresses it needs), at the site's root so that it may serve every page."""
    urls = shell_urls()
    config = {
        "version": _version(tuple(urls)),
        "shell": urls,
        "offline": reverse("core:offline"),
        "pages": reverse("core:offline-pages"),
        "userHeader": USER_HEADER,
        "keepHeader": KEEP_HEADER,
    }
    found = finders.find("thidua/sw.js")
    with open(found, encoding="utf-8") as fh:
        body = f"self.THIDUA = {json.dumps(config)};\n{fh.read()}"
    # The browser asks for the worker again on every page it opens: an unchanged worker
    # answers 304 (a few hundred bytes on a weak link), a changed one installs.
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:20]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: thidua installs on a phone's home screen like an app."""
    body = {
        "name": _("thidua — plans, reports and emulation"),
        "short_name": "thidua",
        "start_url": reverse("core:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "lang": request.LANGUAGE_CODE,
        "icons": [{"src": static("thidua/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def offline_pages_for(user: Any) -> list[str]:
    """The pages kept for ``user``: the home page and what each app offers (each one
    built through the user's own scoped selectors), at most ``MAX_PAGES`` of each."""
    pages = [reverse("core:home")]  # the offline page is the worker's own (its shell)
    for provider in registry.offline_pages:
        for url in provider(user)[:MAX_PAGES]:
            if url not in pages:
                pages.append(url)
    return pages


@never_cache
@require_GET
def offline_pages(request: HttpRequest) -> JsonResponse:
    """The worker asks which pages to keep for the signed-in user; nobody signed in is
    refused (403), and the worker then drops every page it kept."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"detail": _("Sign in to keep your pages on this device."), "code": "signed_out"},
            status=403,
        )
    return JsonResponse(
        {
            "user": user_token(request.user),
            "pages": offline_pages_for(request.user),
            "shell": shell_urls(),
        }
    )


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it did not keep while the connection is gone."""
    return render(request, "core/offline.html")


def texts() -> dict[str, str]:
    """The offline script's words, in the reader's language: ``{n}``, ``{since}``,
    ``{title}``… are filled by the script."""
    return {
        "waiting_one": ngettext(
            "{n} entry waits on this device to be sent, since {since}.",
            "{n} entries wait on this device to be sent, the oldest since {since}.",
            1,
        ),
        "waiting_other": ngettext(
            "{n} entry waits on this device to be sent, since {since}.",
            "{n} entries wait on this device to be sent, the oldest since {since}.",
            2,
        ),
        "send": _("Send now"),
        "sending": _("Sending…"),
        "dismiss": _("Dismiss"),
        "offline": _("No connection: what you enter is kept on this device."),
        "kept_report": _(
            "No connection: the report is kept on this device and will be sent when the "
            "connection returns. You may close this page."
        ),
        "kept_progress": _(
            "No connection: the update is kept on this device and will be sent when the "
            "connection returns. You may close this page."
        ),
        "pending_here": _(
            "The form shows your entry of {when}, kept on this device and not yet sent."
        ),
        "sent": _("Sent: {title}."),
        "not_sent": _("Not sent yet: the connection failed. It will be sent when it returns."),
        "busy": _("Not sent yet: the server is busy. It will be sent again in a moment."),
        "signed_out": _("Sign in again to send what waits on this device."),
        "refused": _("Not accepted — {title}: {detail}"),
        "conflict": _(
            "{title}: the report was changed on the server since your copy was taken "
            "(it is now {status}, version {version}). Nothing of yours was applied: choose "
            "which to keep."
        ),
        "mine": _("On this device"),
        "theirs": _("On the server"),
        "keep_mine": _("Keep mine as a new draft"),
        "take_theirs": _("Take the server's"),
        "figure": _("Figure"),
        "note": _("Note"),
        "signout_warn": _(
            "Entries on this device were not sent yet. Signing out deletes them from "
            "this device. Sign out anyway?"
        ),
        "too_big": _(
            "{name} is larger than {max}: it cannot be kept on this device. Post the update "
            "without it, or attach it when the connection returns."
        ),
        "one_file": _(
            "Only one evidence file can be kept on this device: attach the others later."
        ),
        "fix": _("Nothing was sent or kept: correct these figures first."),
        "check": _("To correct before sending:"),
        "storage": _(
            "This browser would not keep the entry (its storage is full or forbidden): "
            "nothing was kept. Free some space or use another browser."
        ),
    }
