"""Reads of the unit tree, always through the user's reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.http import Http404

from thidua.accounts.scope import visible_units
from thidua.orgunits.models import OrgUnit


def unit_list(
    *, user: Any, query: str = "", kind: str = "", include_past: bool = False
) -> QuerySet[OrgUnit]:
    qs = visible_units(user).select_related("kind", "parent")
    if not include_past:
        qs = qs.filter(valid_to__isnull=True)
    if kind:
        qs = qs.filter(kind__code=kind)
    if query:
        qs = qs.search(query)
    # Units that exist today first, then history.
    return qs.order_by(F("valid_to").desc(nulls_first=True), "depth", "name")


def unit_roots(*, user: Any) -> QuerySet[OrgUnit]:
    """The top of the tree the user may browse: units whose parent is not visible."""
    visible = visible_units(user)
    visible_ids = visible.values("pk")
    return (
        visible.exclude(parent__in=visible_ids)
        .select_related("kind")
        .annotate(child_count=Count("children"))
        .order_by("name")
    )


def unit_children(*, user: Any, unit: OrgUnit, include_past: bool = False) -> QuerySet[OrgUnit]:
    qs = visible_units(user).filter(parent=unit).select_related("kind")
    if not include_past:
        qs = qs.filter(valid_to__isnull=True)
    return qs.annotate(child_count=Count("children")).order_by("name")


def unit_get(*, user: Any, pk: int) -> OrgUnit:
    """The unit if the user may see it; 404 otherwise (no hint that it exists)."""
    unit = visible_units(user).select_related("kind", "parent", "successor").filter(pk=pk).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def unit_ancestors(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.ancestors_of(unit)
