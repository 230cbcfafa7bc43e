"""The API's paging: ``?limit=&offset=`` (DRF's limit-offset), 100 rows by default and
never more than ``MAX_LIMIT`` a page, whatever ``limit`` asks ("bigint out of range" was
the answer to a huge one). An offset past the end is an empty page."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500


class Pages(LimitOffsetPagination):
    max_limit = MAX_LIMIT
