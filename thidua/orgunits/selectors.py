"""Reads of the unit tree, always through the user's reach."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, Min, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.models import RoleAssignment
from thidua.accounts.scope import Action, has_any_role, reach, visible_units
from thidua.accounts.selectors import units_for_select
from thidua.core.figures import format_figure
from thidua.orgunits.models import (
    PROVINCE_DEPTH,
    OrgUnit,
    UnitKind,
    path_ids,
    path_upper_bound,
)


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


def unit_pick(
    *, user: Any, query: str, purpose: str, limit: int = PICK_LIMIT, groups: bool = False
) -> UnitPick:
    """The picker's search: the one unit search (``OrgUnitQuerySet.search`` and
    ``ranked``), current units before history, each result with ``context`` (the names of
    its parent and province) set; with ``groups`` (a field of several units), the first
    results with units below them also offer their groups (``group_offers``)."""
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
    if groups:
        group_offers(user=user, purpose=purpose, units=results)
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


# --- groups of units in the picker (multiple unit fields) ---------------------------------

# A group stands for many units at once and travels as one token: ``below:<id>`` is every
# unit directly below the unit <id>; ``below:<id>:<kind>[+<kind>…]`` every unit of those
# kinds anywhere below it. Below a unit that exists today a group holds today's units;
# below a unit of the past (Tỉnh Hà Giang until 2025) the units it had.
GROUP_LIMIT = 5000  # a larger group is refused: the officer narrows it
GROUP_HEADS = 3  # search results offered with their groups, best first
GROUP_KINDS = 6  # kinds offered below one unit, the most numerous first
_GROUP = re.compile(r"^below:(\d+)(?::([a-z0-9_-]+(?:\+[a-z0-9_-]+)*))?$")


def _lower_first(name: str) -> str:
    """A kind's name inside a sentence ("xã", "sở, ban, ngành"); an acronym stays."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


@dataclass
class UnitGroup:
    """Every unit directly below ``head`` (no ``kinds``), or every unit of ``kinds``
    anywhere below it; ``total`` units, of which the field accepts ``accepted``."""

    head: OrgUnit
    kinds: list[UnitKind] = field(default_factory=list)
    total: int = 0
    accepted: int = 0

    @property
    def token(self) -> str:
        kinds = "+".join(k.code for k in self.kinds)
        return f"below:{self.head.pk}:{kinds}" if kinds else f"below:{self.head.pk}"

    @property
    def dom_id(self) -> str:
        return "unit-group-" + self.token.replace(":", "-").replace("+", "-")

    @property
    def label(self) -> str:
        if not self.kinds:
            return _("Every unit directly below %(unit)s") % {"unit": self.head.name}
        kinds = get_text_list([_lower_first(k.label) for k in self.kinds], _("or"))
        return _("Every %(kinds)s below %(unit)s") % {"kinds": kinds, "unit": self.head.name}

    @property
    def left_out(self) -> int:
        return self.total - self.accepted

    @property
    def count_text(self) -> str:
        """How many units it holds for the user ("44 units"), and how many it leaves out."""
        values = {"count": format_figure(self.accepted), "left": format_figure(self.left_out)}
        if self.left_out:
            return (
                ngettext(
                    "%(count)s unit in your reach, %(left)s left out",
                    "%(count)s units in your reach, %(left)s left out",
                    self.accepted,
                )
                % values
            )
        return ngettext("%(count)s unit", "%(count)s units", self.accepted) % values

    def q(self) -> Q:
        """The group's units, as a filter over units."""
        if self.kinds:
            q = Q(path__gt=self.head.path, path__lt=path_upper_bound(self.head.path))
            q &= Q(kind__code__in=[k.code for k in self.kinds])
        else:
            q = Q(parent_id=self.head.pk)
        return q & Q(valid_to__isnull=True) if self.head.is_current else q


def parse_group(token: str) -> tuple[int, list[str]] | None:
    """``below:12:commune+ward`` → (12, ["commune", "ward"]); None for anything else."""
    match = _GROUP.match(token)
    if match is None:
        return None
    kinds = match.group(2)
    return int(match.group(1)), kinds.split("+") if kinds else []


def _accepted_q(user: Any, purpose: str | None) -> Q:
    """Units the field accepts from the user (every unit when no user is known)."""
    if user is None or purpose is None:
        return Q()
    return Q(pk__in=units_for_purpose(user=user, purpose=purpose).values("pk"))


def unit_groups(*, user: Any, purpose: str | None, tokens: list[str]) -> dict[str, UnitGroup]:
    """The groups ``tokens`` stand for, by token, each with its counts for the user (every
    unit is accepted when ``user`` is None). A token whose unit or kinds do not exist is
    left out. Three queries, however many groups."""
    parsed = {t: p for t in tokens if (p := parse_group(t)) is not None}
    if not parsed:
        return {}
    heads = OrgUnit.objects.in_bulk([pk for pk, _k in parsed.values()])
    codes = {c for _pk, kinds in parsed.values() for c in kinds}
    kinds = {k.code: k for k in UnitKind.objects.filter(code__in=codes)} if codes else {}
    groups = {
        t: UnitGroup(heads[pk], [kinds[c] for c in dict.fromkeys(ks)])
        for t, (pk, ks) in parsed.items()
        if pk in heads and all(c in kinds for c in ks)
    }
    if not groups:
        return {}
    accepted = _accepted_q(user, purpose)
    aggregates: dict[str, Any] = {}
    anywhere = Q(pk__in=[])
    for i, g in enumerate(groups.values()):
        aggregates[f"t{i}"] = Count("pk", filter=g.q())
        aggregates[f"a{i}"] = Count("pk", filter=g.q() & accepted)
        anywhere |= g.q()
    counts = OrgUnit.objects.filter(anywhere).aggregate(**aggregates)
    for i, g in enumerate(groups.values()):
        g.total, g.accepted = counts[f"t{i}"], counts[f"a{i}"]
    return groups


def unit_group_members(*, user: Any, purpose: str | None, groups: list[UnitGroup]) -> list[OrgUnit]:
    """The units of ``groups`` that the field accepts from the user, in tree order (one
    query)."""
    if not groups:
        return []
    q = Q(pk__in=[])
    for g in groups:
        q |= g.q()
    return list(OrgUnit.objects.filter(q).filter(_accepted_q(user, purpose)).select_related("kind"))


def group_offers(*, user: Any, purpose: str, units: list[OrgUnit]) -> None:
    """Set ``groups`` on the first ``GROUP_HEADS`` of ``units`` that have units below them:
    every unit directly below, and, where the units below are of several kinds, every unit
    of each kind (and of the local governments below the provinces together: every
    commune and ward), counted for the user; groups the field accepts no unit of, or more
    than ``GROUP_LIMIT``, are not offered. At most one query per unit, and one more."""
    for u in units:
        u.groups = []  # type: ignore[attr-defined]
    with_children = set(
        OrgUnit.objects.filter(parent_id__in=[u.pk for u in units])
        .values_list("parent_id", flat=True)
        .distinct()
    )
    heads = [u for u in units if u.pk in with_children][:GROUP_HEADS]
    accepted = _accepted_q(user, purpose)
    for head in heads:
        below = UnitGroup(head).q()  # directly below, of the same time as the head
        rows = (
            OrgUnit.objects.filter(
                path__gt=head.path,
                path__lt=path_upper_bound(head.path),
                **({"valid_to__isnull": True} if head.is_current else {}),
            )
            .order_by()
            .values(
                "kind_id", "kind__code", "kind__name", "kind__name_en", "kind__is_local_government"
            )
            .annotate(
                total=Count("pk"),
                accepted=Count("pk", filter=accepted),
                direct=Count("pk", filter=below),
                direct_accepted=Count("pk", filter=below & accepted),
                top=Min("depth"),
            )
        )
        head.groups = _offers(head, list(rows))  # type: ignore[attr-defined]


def _offers(head: OrgUnit, rows: list[dict[str, Any]]) -> list[UnitGroup]:
    """The groups below ``head`` worth offering, from its counts by kind (``group_offers``)."""
    rows = sorted(rows, key=lambda r: (-r["accepted"], r["kind__name"]))
    kinds = {
        r["kind__code"]: UnitKind(
            pk=r["kind_id"], code=r["kind__code"], name=r["kind__name"], name_en=r["kind__name_en"]
        )
        for r in rows
    }
    direct = sum(r["direct_accepted"] for r in rows)
    offers = [UnitGroup(head, [], sum(r["direct"] for r in rows), direct)]
    choices: list[list[dict[str, Any]]] = []
    if len(rows) > 1:
        choices = [[r] for r in rows[:GROUP_KINDS]]
        local = [
            r
            for r in rows
            if r["kind__is_local_government"] and r["top"] > PROVINCE_DEPTH and r["accepted"]
        ]
        if len(local) > 1:
            choices.append(local)  # every commune and ward together
    for chosen in choices:
        accepted = sum(r["accepted"] for r in chosen)
        if accepted == direct == sum(r["direct_accepted"] for r in chosen):
            continue  # the same units as "every unit directly below"
        offers.append(
            UnitGroup(
                head,
                [kinds[r["kind__code"]] for r in chosen],
                sum(r["total"] for r in chosen),
                accepted,
            )
        )
    # A group of one unit is that unit, offered itself.
    return [g for g in offers if 1 < g.accepted <= GROUP_LIMIT]
