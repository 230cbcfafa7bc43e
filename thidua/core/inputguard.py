"""Input no field of thidua can hold is refused at the door, with the field named.

The NUL character (``\\0``) is the one such input: no text of thidua holds it, and
PostgreSQL refuses it in any string ("A string literal cannot contain NUL"), so a search
for ``a%00b`` or a form field with it was a server error there and worked on SQLite. Here
a NUL in the address, a query parameter or a form field is answered 400 naming the
field, on pages (``400.html``) and in the API (its error shape); a NUL inside a JSON body
is refused by the API's parser (``thidua.core.api.parsers``), located by its path.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_message(field: str) -> str:
    return _(
        "“%(field)s” holds the character NUL (\\0), which no text may hold: remove it "
        "and send again."
    ) % {"field": field}


def _nul_field(data: QueryDict) -> str | None:
    for key, values in data.lists():
        if NUL in key:
            return key.replace(NUL, "\\0")
        if any(NUL in v for v in values if isinstance(v, str)):
            return key
    return None


def refused_field(request: HttpRequest) -> str | None:
    """The first field of ``request`` that holds a NUL, or ``None``."""
    if NUL in request.path:
        return _("address")
    found = _nul_field(request.GET)
    # Form bodies only: a JSON body is the API parser's to read.
    if found is None and request.method == "POST" and request.content_type in FORMS:
        found = _nul_field(request.POST)
    return found


class InputGuardMiddleware(MiddlewareMixin):
    """Refuses a request with a NUL anywhere a field is read (see the module's text).

    It runs in ``process_view``, after authentication, so that the page it answers with
    has the user's menu and language."""

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        field = refused_field(request)
        if field is None:
            return None
        message = nul_message(field)
        if request.path.startswith("/api/"):
            from thidua.core.api.errors import invalid_json

            return invalid_json({field: [message]})
        return render(
            request,
            "400.html",
            {"messages_list": [message], "heading": _("This request could not be read")},
            status=400,
        )
