"""Reads of the unit tree, always through the user's reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, QuerySet, Value, When
from django.http import Http404

from thidua.accounts.models import RoleAssignment
from thidua.accounts.scope import Action, has_any_role, reach, visible_units
from thidua.accounts.selectors import units_for_select
from thidua.orgunits.models import OrgUnit, UnitKind, path_ids


def unit_list(
    *, user: Any, query: str = "", kind: str = "", include_past: bool = False
) -> QuerySet[OrgUnit]:
    qs = visible_units(user).select_related("kind", "parent")
    if not include_past:
        qs = qs.filter(valid_to__isnull=True)
    if kind:
        qs = qs.filter(kind__code=kind)
    # Units that exist today first, then history; a search puts the best matches first
    # (``OrgUnitQuerySet.ranked``: the unit named so, then province-level units).
    order = [F("valid_to").desc(nulls_first=True), "depth", "name"]
    if query:
        qs = qs.search(query).ranked(query)
        order.insert(0, "search_rank")
    return qs.order_by(*order)


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


# --- the unit picker (thidua/orgunits/picker.py) ------------------------------------------

# What a unit field offers, by what the service of its form accepts:
#   "report", "approve", "manage": the units the user reports for / approves at / manages
#       (recording unit, granting unit, reviewing unit): the service refuses any other;
#   "view": the units the user may browse (lead units, filters);
#   "tree": the whole tree, for addressees (co-issuers, recipients, standing committees,
#       competent bodies): the service accepts any unit there, and the tree of public
#       bodies is shown to every member (signed in and holding a role).
PURPOSES = ("report", "approve", "manage", "view", "tree")
PICK_LIMIT = 20


def units_for_purpose(*, user: Any, purpose: str) -> QuerySet[OrgUnit]:
    """Every unit a unit field of ``purpose`` accepts from ``user``."""
    if purpose == "tree":
        return OrgUnit.objects.all() if has_any_role(user) else OrgUnit.objects.none()
    if purpose == "view":
        return visible_units(user)
    return units_for_select(user=user, action=Action(purpose))


def units_held(*, user: Any, purpose: str) -> list[OrgUnit]:
    """The units at which the user holds the role ``purpose`` needs (to say "you report
    for X" when a search or a choice falls outside them)."""
    action = Action.VIEW if purpose in ("view", "tree") else Action(purpose)
    r = reach(user, action)
    if r.everything:
        return []
    return list(OrgUnit.objects.filter(path__in=r.paths).order_by("path"))


@dataclass(frozen=True)
class UnitPick:
    """A picker search: the matches the field accepts (best first, at most ``limit``),
    whether there are more, and how many matches the user may see but not choose."""

    results: list[OrgUnit]
    more: bool
    outside: int
    held: list[OrgUnit]


def unit_pick(*, user: Any, query: str, purpose: str, limit: int = PICK_LIMIT) -> UnitPick:
    """The picker's search: the one unit search (``OrgUnitQuerySet.search`` and
    ``ranked``), current units before history, each result with ``context`` (the names of
    its parent and province) set."""
    accepted = units_for_purpose(user=user, purpose=purpose)
    if not query.strip():
        return UnitPick([], False, 0, [])
    matches = accepted.search(query).ranked(query).select_related("kind")
    order: list[Any] = ["search_rank", F("valid_to").desc(nulls_first=True), "depth", "name"]
    own = reach(user, Action.VIEW)
    if purpose == "tree" and not own.everything and not own.nothing:
        # Addressees may be anywhere; the user's own units come first all the same.
        matches = matches.annotate(
            outside_own=Case(When(own.unit_q(), then=Value(0)), default=Value(1))
        )
        order.insert(0, "outside_own")
    found = list(matches.order_by(*order)[: limit + 1])
    outside = 0
    held: list[OrgUnit] = []
    if purpose in ("report", "approve", "manage"):
        # Matches the user may see (on the units page) but not choose here.
        outside = visible_units(user).search(query).exclude(pk__in=accepted.values("pk")).count()
        if outside:
            held = units_held(user=user, purpose=purpose)
    results = found[:limit]
    with_context(results)
    return UnitPick(results, len(found) > limit, outside, held)


def with_context(units: list[OrgUnit]) -> list[OrgUnit]:
    """Set ``context`` on each unit: its parent's and its province's names (below the
    nation), so that two units named alike are told apart."""
    wanted = {i for u in units for i in path_ids(u.path)[1:-1]}
    names = dict(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "name"))
    for u in units:
        above = path_ids(u.path)[1:-1]
        parts = [names[above[-1]]] if above else []
        if len(above) > 1:
            parts.append(names[above[0]])
        u.context = ", ".join(p for p in parts if p)  # type: ignore[attr-defined]
    return units
