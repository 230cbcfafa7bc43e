"""Who may supervise a unit's reports of a form: approve, return and urge them.

Phrased through ``thidua.accounts.scope``; the services re-check it inside their
transaction (``require_supervisor``), pages and selectors ask ``may_supervise``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import ReportForm


def may_supervise(user: Any, form: ReportForm, unit: OrgUnit) -> bool:
    """True if ``user`` may approve, return and urge ``unit``'s reports of ``form``.

    Either as an approver at a strict ancestor of the unit (its supervisor), or at one of
    the form's receiving units that is not the unit itself nor above it in its own
    branch. Never at the reporting unit itself: a unit does not approve its own report.
    """
    r = reach(user, Action.APPROVE)
    if r.everything:
        return True
    if any(unit.path.startswith(p) and unit.path != p for p in r.paths):
        return True
    for receiver in form.receiving_units.all():
        if r.covers(receiver) and not unit.is_within(receiver):
            return True
    return False


def require_supervisor(user: Any, form: ReportForm, unit: OrgUnit) -> None:
    if not may_supervise(user, form, unit):
        raise PermissionDenied(_("Only a supervising or receiving unit may do this."))
