"""Who may change the unit tree, and what a unit's page shows (``thidua.core.permissions``).

The tree is kept by managers: a manager of a unit edits it, creates units under it, and
merges or moves it (into, or under, another unit they manage); a root unit is created by
a system administrator only. A unit's page shows what lies inside it (its records, the
units below) to whoever reaches it, and its roles and history to its managers; the units
above one's own are shown by name only.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.orgunits.models import OrgUnit

rules = Rules()


def _manager(user: Any, unit: OrgUnit) -> Refusal | None:
    if not reach(user, Action.MANAGE).covers(unit):
        return denied(
            _("Only a manager of %(unit)s changes it in the unit tree: ask one of them.")
            % {"unit": unit}
        )
    return None


@rules.rule("see_inside", group="unit")
def _see_inside(user: Any, unit: OrgUnit) -> Refusal | None:
    """The unit's records and the units below it (else: its name only, as an ancestor)."""
    if not reach(user, Action.VIEW).covers(unit):
        return denied(_("This unit is above your units: you see its name only."))
    return None


@rules.rule("see_roles", group="unit")
def _see_roles(user: Any, unit: OrgUnit) -> Refusal | None:
    """Who holds which role at the unit, and its change history: its managers."""
    return _manager(user, unit)


@rules.rule("create")
def _create(user: Any, parent: OrgUnit | None) -> Refusal | None:
    """A unit under ``parent``: a manager of it; a root unit: a system administrator."""
    if parent is None:
        if getattr(user, "is_superuser", False):
            return None
        return denied(_("Only a system administrator creates a root unit."))
    return _manager(user, parent)


@rules.rule("edit")
def _edit(user: Any, unit: OrgUnit) -> Refusal | None:
    return _manager(user, unit)


@rules.rule("merge")
def _merge(user: Any, unit: OrgUnit, *, successor: OrgUnit | None = None) -> Refusal | None:
    """Close ``unit`` into ``successor``: a manager of both; never into itself or its
    own subtree."""
    refusal = _manager(user, unit) or (successor is not None and _manager(user, successor))
    if refusal:
        return refusal
    if successor is not None and (successor.pk == unit.pk or successor.is_within(unit)):
        return not_now(
            _("A unit cannot be merged into itself or a unit below it."), field="successor"
        )
    return None


@rules.rule("move")
def _move(user: Any, unit: OrgUnit, *, new_parent: OrgUnit | None = None) -> Refusal | None:
    """Re-parent ``unit`` under ``new_parent``: a manager of both; never under its own
    subtree."""
    refusal = _manager(user, unit) or (new_parent is not None and _manager(user, new_parent))
    if refusal:
        return refusal
    if new_parent is not None and new_parent.is_within(unit):
        return not_now(_("A unit cannot be moved under a unit below it."), field="parent")
    return None
