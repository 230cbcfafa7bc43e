"""Who may do what with an issue of public concern, and when: the concerns app's rules.

Who (through ``thidua.accounts.scope``: a role held at a unit reaches its subtree):

- an officer who **reports** for a unit records issues raised at it;
- the recording unit's **managers** send it to the standing committees, forward, close,
  reopen and urge it, and alone see the raiser's contact, to reply to the person;
- the **standing committees** it was sent to (their approvers and above) forward, close,
  reopen and urge it too;
- the **competent body** it was forwarded to (its reporters and above) answers it.

When: recorded → sent to the standing committees → forwarded → answered → closed, and
reopened back to the competent body (``ConcernIssue.State``); each rule names the states
its step may start from.

Services call ``rules.require(...)`` inside their transaction; the issue's page computes
``rules.actions(user, issue, group="issue")`` once and shows a step's form only when its
action is allowed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.concerns.models import ConcernIssue
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.orgunits.models import OrgUnit

rules = Rules()
State = ConcernIssue.State


# --- who --------------------------------------------------------------------------------


def _recorder(user: Any, issue: ConcernIssue) -> bool:
    return reach(user, Action.MANAGE).covers(issue.unit)


def _standing(user: Any, issue: ConcernIssue) -> bool:
    r = reach(user, Action.APPROVE)
    return any(r.covers(u) for u in issue.referred_to.all())


def _routing(user: Any, issue: ConcernIssue, *states: str) -> Refusal | None:
    """Forward, close, reopen, urge: the standing committees it was sent to, or the
    recording unit's managers, from one of ``states``."""
    if not (_standing(user, issue) or _recorder(user, issue)):
        return denied(
            _(
                "Only the standing committees the issue was sent to, or the managers of the "
                "unit that recorded it, take this step: ask one of them."
            )
        )
    return _in_state(issue, *states)


def _in_state(issue: ConcernIssue, *states: str) -> Refusal | None:
    if issue.state in states:
        return None
    return not_now(
        _("This issue is %(state)s; that step is not possible now.")
        % {"state": issue.get_state_display()}
    )


# --- the steps --------------------------------------------------------------------------


@rules.rule("record")
def _record(user: Any, _obj: Any = None, *, unit: OrgUnit | None = None) -> Refusal | None:
    r = reach(user, Action.REPORT)
    if r.nothing or (unit is not None and not r.covers(unit)):
        return denied(
            _(
                "You may only record issues for a unit you report for: choose one of your "
                "units, or ask an officer of the unit where the issue was raised."
            )
        )
    return None


@rules.rule("refer", group="issue")
def _refer(user: Any, issue: ConcernIssue) -> Refusal | None:
    if not _recorder(user, issue):
        return denied(
            _("Only the managers of the recording unit send an issue to the standing committees.")
        )
    return _in_state(issue, State.RECORDED)


@rules.rule("forward", group="issue")
def _forward(user: Any, issue: ConcernIssue) -> Refusal | None:
    return _routing(user, issue, State.RECORDED, State.REFERRED)


@rules.rule("answer", group="issue")
def _answer(user: Any, issue: ConcernIssue) -> Refusal | None:
    competent = issue.competent_unit
    if competent is None or not reach(user, Action.REPORT).covers(competent):
        return denied(_("Only the competent body the issue was forwarded to answers it."))
    return _in_state(issue, State.FORWARDED)


@rules.rule("close", group="issue")
def _close(user: Any, issue: ConcernIssue) -> Refusal | None:
    return _routing(user, issue, State.ANSWERED, State.RECORDED, State.REFERRED)


@rules.rule("reopen", group="issue")
def _reopen(user: Any, issue: ConcernIssue) -> Refusal | None:
    refusal = _routing(user, issue, State.CLOSED, State.ANSWERED)
    if refusal is None and issue.competent_unit_id is None:
        return not_now(_("This issue was never forwarded; record it again instead."))
    return refusal


@rules.rule("urge", group="issue")
def _urge(user: Any, issue: ConcernIssue) -> Refusal | None:
    return _routing(user, issue, State.FORWARDED)


@rules.rule("see_contact", group="issue")
def _see_contact(user: Any, issue: ConcernIssue) -> Refusal | None:
    """Only the recording unit's managers, who reply to the person, see the contact."""
    if not _recorder(user, issue):
        return denied(_("Only the recording unit's managers see the contact of the raiser."))
    return None


# --- the same "who" over many rows, in SQL, for lists (the home page) ---------------------


def answerable_q(user: Any) -> Q:
    """Issues whose competent body the user reports for (the who of ``answer``)."""
    return reach(user, Action.REPORT).unit_q("competent_unit__")


def routed_q(user: Any) -> Q:
    """Issues the user routes (the who of ``forward``, ``close``, ``reopen``, ``urge``): sent
    to a standing committee they approve for, or recorded by a unit they manage."""
    standing = ConcernIssue.objects.filter(reach(user, Action.APPROVE).unit_q("referred_to__"))
    recorded = ConcernIssue.objects.filter(reach(user, Action.MANAGE).unit_q("unit__"))
    return Q(pk__in=standing.values("pk")) | Q(pk__in=recorded.values("pk"))
