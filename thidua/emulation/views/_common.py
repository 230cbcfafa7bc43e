"""Helpers shared by the emulation pages: a form's save, the saved redirect, the year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from thidua.core.converters import as_id
from thidua.core.web import attempt


def _done(request: HttpRequest, url: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _saved(
    request: HttpRequest,
    form: Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    then: str | Callable[[Any], str],
) -> HttpResponse | None:
    """On a POST of a valid ``form``, ``save(cleaned_data)`` through ``core.web.attempt``;
    if the services accept, the saved redirect to ``then`` (a URL, or a function of what
    ``save`` returned). Else None: the page is shown again, the refusal on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    result = attempt(form, lambda: save(data))
    if result is None:
        return None
    return _done(request, then(result) if callable(then) else then)


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if as_id(raw) is not None:
        return as_id(raw)
    return years[0] if years else None
