"""Who may do what with commendations, and when (``thidua.core.permissions``).

- The **catalogue** (award types, granting powers) is national data: administrators only.
- A **person's records** (yearly rating, initiatives) are kept by their unit (a reporter of
  it or above); a **title granted before thidua** is recorded by an approver of the unit.
- A **collective's yearly record** is kept by its supervisor (a reporter of the unit above):
  a unit does not rate itself, since its titles are judged on that rating.
- A **nomination** is prepared and submitted by its proposing unit while the proposer holds
  it (draft or returned); the unit that holds it under review (an approver there) forwards
  it one step up or returns it; only the granting authority refuses it or decides.
- A **decision** is issued by an approver of a unit that holds a granting power.

Services call ``rules.require(...)`` inside their transaction; pages compute
``rules.actions(user, obj, group=...)`` once and show only the buttons it allows.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.awards.models import Nomination, Person
from thidua.awards.selectors import authority_units_of
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.orgunits.models import OrgUnit

rules = Rules()

# The proposer holds the dossier (and may change it) while it is a draft or returned.
HELD_BY_PROPOSER = frozenset({Nomination.Status.DRAFT, Nomination.Status.RETURNED})
UNDER_REVIEW = frozenset({Nomination.Status.SUBMITTED, Nomination.Status.AT_AUTHORITY})


def _covers(user: Any, action: Action, unit: OrgUnit | None) -> bool:
    return unit is not None and reach(user, action).covers(unit)


# ---- the catalogue ------------------------------------------------------------------------


@rules.rule("edit_catalogue", group="catalogue")
def _edit_catalogue(user: Any, _obj: Any = None) -> Refusal | None:
    """Award types and granting powers: a superuser or an administrator at a root unit."""
    if getattr(user, "is_superuser", False):
        return None
    r = reach(user, Action.ADMIN)
    if not r.nothing and any(r.covers(u) for u in OrgUnit.objects.filter(parent__isnull=True)):
        return None
    return denied(
        _(
            "Only a national administrator changes the award catalogue. Send the change "
            "(with its legal basis) to the system administrator."
        )
    )


# ---- people, collectives and their records ------------------------------------------------


@rules.rule("add_person", group="people")
def _add_person(user: Any, unit: OrgUnit | None = None) -> Refusal | None:
    """Register a person of ``unit`` (None: of any unit the user reports for)."""
    r = reach(user, Action.REPORT)
    if r.nothing or (unit is not None and not r.covers(unit)):
        return denied(_("Only an officer who reports for the person's unit registers them."))
    return None


@rules.rule("edit_records", group="person")
def _edit_records(user: Any, person: Person, *, unit: OrgUnit | None = None) -> Refusal | None:
    """A person's details, yearly ratings and initiatives: kept by their unit (``unit``:
    the unit they move to, which the user must report for too)."""
    if not _covers(user, Action.REPORT, person.unit) or (
        unit is not None and not _covers(user, Action.REPORT, unit)
    ):
        return denied(
            _("Only the person's unit keeps their yearly records: ask an officer of %(unit)s.")
            % {"unit": person.unit}
        )
    return None


@rules.rule("record_title", group="person")
def _record_title(user: Any, recipient: Person | OrgUnit) -> Refusal | None:
    """A title granted before thidua (from a paper decision): an approver of the
    recipient's unit, since the eligibility rules read it as granted."""
    unit = recipient.unit if isinstance(recipient, Person) else recipient
    if not _covers(user, Action.APPROVE, unit):
        return denied(
            _("Only an approver of %(unit)s records the titles granted before thidua.")
            % {"unit": unit}
        )
    return None


@rules.rule("edit_unit_records", group="unit")
def _edit_unit_records(user: Any, unit: OrgUnit) -> Refusal | None:
    """A collective's yearly rating, headcount and breaches: kept by its supervisor, a
    reporter of the unit above it (a root unit: a superuser)."""
    supervisor = unit.parent
    if getattr(user, "is_superuser", False) or _covers(user, Action.REPORT, supervisor):
        return None
    return denied(
        _(
            "A collective is rated by the unit above it: ask an officer of %(unit)s to "
            "record this year."
        )
        % {"unit": supervisor or _("the system administration")}
    )


# ---- nominations -------------------------------------------------------------------------


@rules.rule("nominate", group="nominations")
def _nominate(
    user: Any,
    _obj: Any = None,
    *,
    proposing_unit: OrgUnit | None = None,
    candidate_unit: OrgUnit | None = None,
) -> Refusal | None:
    """Propose someone: an officer who reports for the proposing unit, for a person or a
    collective (``candidate_unit``: the person's unit, or the collective) they reach."""
    r = reach(user, Action.REPORT)
    if r.nothing:
        return denied(
            _(
                "Only an officer who reports for a unit proposes commendations. Ask a "
                "manager of your unit for the reporter role."
            )
        )
    if proposing_unit is not None and not r.covers(proposing_unit):
        return denied(
            _("You may propose only on behalf of the units you report for, not %(unit)s.")
            % {"unit": proposing_unit}
        )
    if candidate_unit is not None and not r.covers(candidate_unit):
        return denied(
            _("You may nominate only people and collectives of your units, not of %(unit)s.")
            % {"unit": candidate_unit}
        )
    return None


def _proposer(user: Any, n: Nomination) -> Refusal | None:
    if not _covers(user, Action.REPORT, n.proposing_unit):
        return denied(
            _("Only an officer of %(unit)s, which proposes it, prepares this dossier.")
            % {"unit": n.proposing_unit}
        )
    return None


def _reviewer(user: Any, n: Nomination) -> Refusal | None:
    if not _covers(user, Action.APPROVE, n.current_unit):
        return denied(
            _("Only an approver of %(unit)s, which holds the dossier now, reviews it.")
            % {"unit": n.current_unit}
        )
    return None


def _authority(user: Any, n: Nomination) -> Refusal | None:
    if not _covers(user, Action.APPROVE, n.authority_unit):
        return denied(
            _("Only the granting authority (an approver of %(unit)s) grants or refuses it.")
            % {"unit": n.authority_unit}
        )
    return None


def _status_note(n: Nomination) -> dict[str, str]:
    return {"status": str(n.get_status_display())}


@rules.rule("submit", group="nomination")
def _submit(user: Any, n: Nomination) -> Refusal | None:
    if refusal := _proposer(user, n):
        return refusal
    if n.status not in HELD_BY_PROPOSER:
        return not_now(
            _("A nomination that is %(status)s cannot be submitted: it has left the proposer.")
            % _status_note(n)
        )
    return None


@rules.rule("attach", group="nomination")
def _attach(user: Any, n: Nomination) -> Refusal | None:
    if refusal := _proposer(user, n):
        return refusal
    if n.status not in HELD_BY_PROPOSER:
        return not_now(
            _(
                "The dossier is %(status)s: it can no longer be changed. Ask the unit that "
                "holds it to return it if a file is missing."
            )
            % _status_note(n)
        )
    return None


@rules.rule("forward", group="nomination")
def _forward(user: Any, n: Nomination) -> Refusal | None:
    if refusal := _reviewer(user, n):
        return refusal
    if n.status != Nomination.Status.SUBMITTED:
        return not_now(_("A nomination that is %(status)s cannot be forwarded.") % _status_note(n))
    return None


@rules.rule("return", group="nomination")
def _return(user: Any, n: Nomination) -> Refusal | None:
    if refusal := _reviewer(user, n):
        return refusal
    if n.status not in UNDER_REVIEW:
        return not_now(_("A nomination that is %(status)s cannot be returned.") % _status_note(n))
    return None


@rules.rule("reject", group="nomination")
def _reject(user: Any, n: Nomination) -> Refusal | None:
    if refusal := _authority(user, n):
        return refusal
    if n.status != Nomination.Status.AT_AUTHORITY:
        return not_now(_("Only a nomination with the granting authority can be refused."))
    return None


@rules.rule("decide", group="nomination")
def _decide(user: Any, n: Nomination) -> Refusal | None:
    """Grant it in a decision: the granting authority, once the dossier reached it."""
    if refusal := _authority(user, n):
        return refusal
    if n.status != Nomination.Status.AT_AUTHORITY:
        return not_now(
            _("“%(n)s” is not waiting for the granting authority (it is %(status)s).")
            % {"n": n, **_status_note(n)}
        )
    return None


# ---- decisions ---------------------------------------------------------------------------


@rules.rule("issue_decision", group="decisions")
def _issue_decision(user: Any, unit: OrgUnit | None = None) -> Refusal | None:
    """Issue a decision at ``unit`` (None: at any unit): an approver of a unit that holds
    a granting power (the award types it may grant are checked award by award)."""
    if unit is None:
        if authority_units_of(user=user).exists():
            return None
        return denied(
            _(
                "You hold no granting power: decisions are issued by an approver of a unit "
                "that grants awards."
            )
        )
    if not _covers(user, Action.APPROVE, unit):
        return denied(_("Only an approver of %(unit)s issues its decisions.") % {"unit": unit})
    return None
