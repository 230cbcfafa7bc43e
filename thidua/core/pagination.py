"""Paging a list page: one helper for every app (``partials/pagination.html`` reads it)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paged(
    request: HttpRequest, qs: QuerySet[Any] | list[Any], per_page: int = 50
) -> dict[str, Any]:
    """The page of ``qs`` that ``?page=`` asks for (a bad number gives the first or last
    page, never an error), and the query string without ``page`` for the page links, so
    that paging keeps the filters."""
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page,
        "querystring_without_page": params.urlencode() + "&" if params else "",
    }
