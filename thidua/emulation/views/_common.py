"""Helpers shared by the emulation pages: the saved redirect and the year asked for."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


def _done(request: HttpRequest, url: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit():
        return int(raw)
    return years[0] if years else None
