"""Who may do what with issues of public concern.

Phrased through ``thidua.accounts.scope`` like the plans rules (``thidua.plans.permissions``,
whose ``require`` and ``denied`` the services use with these).
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.scope import Action, reach
from thidua.concerns.models import ConcernIssue


def concern_is_recorder(user: Any, issue: ConcernIssue) -> bool:
    return reach(user, Action.MANAGE).covers(issue.unit)


def concern_is_standing(user: Any, issue: ConcernIssue) -> bool:
    r = reach(user, Action.APPROVE)
    return any(r.covers(u) for u in issue.referred_to.all())


def may_see_raiser_contact(user: Any, issue: ConcernIssue) -> bool:
    """Only the recording unit's managers, who reply to the person, see the contact."""
    return concern_is_recorder(user, issue)


def may_route_concern(user: Any, issue: ConcernIssue) -> bool:
    """Forward, urge, close or reopen: the standing committees it was sent to, or the
    recording unit's managers."""
    return concern_is_standing(user, issue) or concern_is_recorder(user, issue)


def may_answer_concern(user: Any, issue: ConcernIssue) -> bool:
    return issue.competent_unit_id is not None and reach(user, Action.REPORT).covers(
        issue.competent_unit
    )
