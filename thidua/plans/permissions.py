"""Who may do what with plans and tasks.

Every rule is phrased through ``thidua.accounts.scope`` (a role held at a unit reaches its
subtree), so that views, API and services agree. Services call the ``require_*`` forms
inside their transaction; templates and serializers call the boolean forms to decide
which buttons to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.orgunits.models import OrgUnit, path_upper_bound
from thidua.plans.models import Plan, TaskAssignment


def _covers_any(user: Any, action: Action, units: Iterable[OrgUnit]) -> bool:
    r = reach(user, action)
    return any(r.covers(u) for u in units)


def _issuers(plan: Plan) -> list[OrgUnit]:
    # Prefetched lists are reused; a plain plan costs one query.
    return list(plan.issuing_units.all())


def may_manage_plan(user: Any, plan: Plan) -> bool:
    """Edit the plan, its groups and tasks, assign units: a manager at an issuing unit."""
    return _covers_any(user, Action.MANAGE, _issuers(plan))


def may_supervise_plan(user: Any, plan: Plan) -> bool:
    """Follow progress of every unit and urge late ones: an approver (or above) at an
    issuing or monitoring unit."""
    return _covers_any(user, Action.APPROVE, [*_issuers(plan), *plan.monitoring_units.all()])


def may_report(user: Any, assignment: TaskAssignment) -> bool:
    """Post progress for one unit's part of a task: a reporter at that unit (or above it).

    A coordinating unit's officer is not a reporter of the lead unit, so cannot post or
    edit the lead unit's updates.
    """
    return reach(user, Action.REPORT).covers(assignment.unit)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def assignable_units_q(plan: Plan, user: Any) -> Q:
    """Units a plan may assign work to.

    A body assigns work to its peers and everything under them (a provincial steering
    committee assigns to the province's departments and districts), so the subtree of
    each issuer's parent counts, plus anything the user manages.
    """
    q = Q(pk__in=[])
    for issuer in _issuers(plan):
        base = issuer.parent if issuer.parent_id else issuer
        q |= Q(path__gte=base.path, path__lt=path_upper_bound(base.path))
    r = reach(user, Action.MANAGE)
    if r.everything:
        return Q()
    return q | r.unit_q()


def denied(what: str) -> str:
    return _("You may not %(what)s here.") % {"what": what}
