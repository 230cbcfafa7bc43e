"""The one restriction layer: what a user may reach, for every view, export and API.

In the spirit of NetBox's ``RestrictedQuerySet.restrict(user, action)``: a role held at
a unit reaches that unit's whole subtree, and an action needs a minimum role:

    view ≥ viewer · report ≥ reporter · approve ≥ approver · manage ≥ manager · admin

Every scoped model names the unit fields that place it in the tree in
``scope_unit_fields`` (say ``("unit",)`` for a submission, ``("lead_units",
"coordinating_units")`` for a task); an object is reachable when any of those units is
inside the user's reach. Reads call ``restrict``; writes call ``require`` inside the
service's transaction, so that a write outside the user's reach rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.accounts.models import ROLE_RANK, Role, RoleAssignment
from thidua.orgunits.models import OrgUnit, path_ids, path_upper_bound

M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    VIEW = "view"
    REPORT = "report"
    APPROVE = "approve"
    MANAGE = "manage"
    ADMIN = "admin"


MIN_ROLE = {
    Action.VIEW: Role.VIEWER,
    Action.REPORT: Role.REPORTER,
    Action.APPROVE: Role.APPROVER,
    Action.MANAGE: Role.MANAGER,
    Action.ADMIN: Role.ADMIN,
}


@dataclass(frozen=True)
class Reach:
    """The subtrees a user reaches for one action; ``everything`` for superusers."""

    everything: bool
    paths: tuple[str, ...]

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.paths

    def covers(self, unit: OrgUnit) -> bool:
        return self.everything or any(unit.path.startswith(p) for p in self.paths)

    def unit_q(self, prefix: str = "") -> Q:
        """A Q over units (through ``prefix``, e.g. ``"unit__"``) inside this reach."""
        if self.everything:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        q = Q()
        for p in self.paths:
            q |= Q(**{f"{prefix}path__gte": p, f"{prefix}path__lt": path_upper_bound(p)})
        return q


def _assignments(user: Any) -> list[tuple[str, str]]:
    """(role, unit path) pairs of the user, cached on the user object for one request."""
    cached = getattr(user, "_thidua_roles", None)
    if cached is None:
        # Roles at units that no longer exist still count: their officers finish and
        # archive the old work until an administrator withdraws the role.
        cached = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit__path"))
        user._thidua_roles = cached
    return cached


def forget_cached_roles(user: Any) -> None:
    """Call after changing a user's roles within the same request or test."""
    for attr in ("_thidua_roles", "_thidua_reach"):
        if hasattr(user, attr):
            delattr(user, attr)


def _outermost(paths: set[str]) -> tuple[str, ...]:
    """Drop paths inside another path of the set: fewer OR branches in every query."""
    kept: list[str] = []
    for p in sorted(paths):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(kept)


def _with_predecessors(paths: tuple[str, ...]) -> tuple[str, ...]:
    """Add the subtrees of units merged into a unit of the reach, transitively.

    A successor inherits its predecessors' records: Bắc Ninh's officers reach what Bắc
    Giang's units reported before the two provinces merged on 1 July 2025.
    """
    result = set(paths)
    frontier = paths
    while frontier:
        found = OrgUnit.objects.filter(
            Reach(False, frontier).unit_q("successor__"), successor__isnull=False
        ).values_list("path", flat=True)
        new = tuple(p for p in found if not any(p.startswith(k) for k in result))
        result.update(new)
        frontier = new
    return _outermost(result)


def reach(user: Any, action: Action | str) -> Reach:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach(False, ())
    if user.is_superuser:
        return Reach(True, ())
    action = Action(action)
    cache = getattr(user, "_thidua_reach", None)
    if cache is None:
        cache = user._thidua_reach = {}
    if action not in cache:
        need = ROLE_RANK[MIN_ROLE[action]]
        paths = {path for role, path in _assignments(user) if ROLE_RANK[Role(role)] >= need}
        cache[action] = Reach(False, _with_predecessors(_outermost(paths)) if paths else ())
    return cache[action]


def has_any_role(user: Any) -> bool:
    """Signed in, active, and a superuser or holding a role somewhere (a *member*)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or _assignments(user))
    )


def can(user: Any, action: Action | str, unit: OrgUnit) -> bool:
    return reach(user, action).covers(unit)


def refusal(action: Action | str, units: str) -> str:
    """Why an action at ``units`` (their names) is refused, and what to ask for: a whole
    sentence per action, in the active language."""
    messages = {
        Action.VIEW: _("Your roles do not reach %(units)s, so you cannot see its records."),
        Action.REPORT: _(
            "You may not report for %(units)s: ask its manager for a reporter role there."
        ),
        Action.APPROVE: _(
            "You may not approve for %(units)s: an approver role at it or above it is needed."
        ),
        Action.MANAGE: _(
            "You may not manage %(units)s: a manager role at it or above it is needed."
        ),
        Action.ADMIN: _("Only an administrator of %(units)s may do this."),
    }
    return messages[Action(action)] % {"units": units}


def require(user: Any, action: Action | str, unit: OrgUnit) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action`` at ``unit``."""
    if not can(user, action, unit):
        raise PermissionDenied(refusal(action, str(unit)))


def require_any(user: Any, action: Action | str, units: list[OrgUnit]) -> None:
    if not units:
        raise PermissionDenied(_("Choose at least one unit within your reach."))
    r = reach(user, action)
    if not any(r.covers(u) for u in units):
        raise PermissionDenied(refusal(action, ", ".join(str(u) for u in units)))


def _is_multi(model: type[models.Model], lookup: str) -> bool:
    """True if following ``lookup`` (``"a__b__c"``) can reach several units per row."""
    current = model
    for part in lookup.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return True
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        current = field.related_model
    return False


def scope_q(model: type[models.Model], user: Any, action: Action | str) -> Q:
    """The Q that keeps rows of ``model`` reachable by ``user`` for ``action``."""
    fields: tuple[str, ...] = getattr(model, "scope_unit_fields", ())
    if model is not OrgUnit and not fields:
        # Refused whoever asks: a model set up wrongly must fail in every test, not only
        # in those run as a user with a partial reach.
        raise TypeError(f"{model.__name__} has no scope_unit_fields; it cannot be restricted.")
    r = reach(user, action)
    if r.everything:
        return Q()
    if r.nothing:
        return Q(pk__in=[])
    if model is OrgUnit:
        return r.unit_q()
    q = Q()
    for name in fields:
        unit_q = r.unit_q(f"{name}__")
        if _is_multi(model, name):
            # A subquery, not a join: a join would repeat rows and need DISTINCT.
            q |= Q(pk__in=model._default_manager.filter(unit_q).values("pk"))
        else:
            q |= unit_q
    return q


def restrict(
    qs: models.QuerySet[M], user: Any, action: Action | str = Action.VIEW
) -> models.QuerySet[M]:
    """``qs`` cut down to what ``user`` may reach for ``action``."""
    extra = getattr(qs.model, "scope_extra_q", None)
    q = scope_q(qs.model, user, action)
    if reach(user, action).everything:
        return qs.all()
    # Careful: Q() | X is X, so the extra rows are only OR-ed onto a real restriction.
    if extra is not None and Action(action) == Action.VIEW and has_any_role(user):
        # e.g. public documents are readable by every member of the system.
        q |= extra(user)
    return qs.filter(q)


def visible_units(user: Any) -> models.QuerySet[OrgUnit]:
    """Units a user may browse: their subtrees and the ancestors that lead to them."""
    r = reach(user, Action.VIEW)
    if r.everything:
        return OrgUnit.objects.all()
    ancestor_ids = {i for p in r.paths for i in path_ids(p)}
    return OrgUnit.objects.filter(r.unit_q() | Q(pk__in=ancestor_ids))


class ScopedQuerySet(models.QuerySet[M]):
    """QuerySet with ``.restrict(user, action)``; the manager of every scoped model."""

    def restrict(self, user: Any, action: Action | str = Action.VIEW) -> ScopedQuerySet[M]:
        return restrict(self, user, action)  # type: ignore[return-value]
