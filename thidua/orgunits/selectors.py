"""Reads of the unit tree, always through the user's reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.http import Http404

from thidua.accounts.models import RoleAssignment
from thidua.accounts.scope import visible_units
from thidua.orgunits.models import OrgUnit, UnitKind


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


def unit_subtree(*, user: Any, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and everything below it that the user may browse, in tree order."""
    return (
        OrgUnit.objects.subtree_of(unit)
        .filter(pk__in=visible_units(user).values("pk"))
        .select_related("kind")
        .order_by("path")
    )


def unit_kinds() -> QuerySet[UnitKind]:
    """The kinds of unit (reference data, for the search filter)."""
    return UnitKind.objects.all()


def unit_links(*, unit: OrgUnit) -> dict[str, Any]:
    """What a unit's page shows beside the unit (``unit`` from ``unit_get``): the units it
    took over from and its subject groups."""
    return {
        "predecessors": list(unit.predecessors.all()),
        "subject_groups": list(unit.subject_groups.all()),
    }


def unit_roles(*, unit: OrgUnit) -> QuerySet[RoleAssignment]:
    """Who holds which role at the unit (shown to its managers only: ``see_roles``)."""
    return RoleAssignment.objects.filter(unit=unit).select_related("user")
