"""The API's router: every viewset's object id is a number that fits the database.

DRF's routers take any word as an id (``[^/.]+``): ``/api/units/abc/`` reached the view
and the database refused the lookup with a server error, and so did a number longer than
a 64-bit integer. Here an id is 1 to 18 digits (``thidua.core.api.inputs.ID``), so that
anything else matches no route and is answered 404 in the API's error shape.
"""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter

from thidua.core.api.inputs import ID


class Router(DefaultRouter):
    """``DefaultRouter`` with numeric ids and no root view of its own (``/api/`` has one)."""

    include_root_view = False

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if not getattr(viewset, "lookup_value_regex", None):
            viewset.lookup_value_regex = ID
        return super().get_lookup_regex(viewset, lookup_prefix)
