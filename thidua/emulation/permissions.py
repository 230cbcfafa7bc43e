"""Who may do what in the emulation app, and when: one rule per action, one place.

The rules sit on one ``rules`` table (``thidua.core.permissions``). Services call
``rules.require(name, user, obj, **context)`` inside their transaction; views compute
``rules.actions(user, obj, group=...)`` once per object (and per row where rows have
buttons) and pass them to the template, which shows a button only
``{% if actions.<name> %}`` and marks it ``data-action="<name>"``. Each rule checks
*who* (a role held at a unit, through ``thidua.accounts.scope``) before *when* (the
object's state), so that nobody learns the state of what they may not touch.

Groups and the object each rule is asked about:

- ``emulation`` (the list pages, no object): ``create_movement`` (context
  ``owner_unit``), ``create_contest`` (context ``unit``);
- ``movement`` (a ``Movement``): ``edit``, ``edit_structure`` (contents, subject groups,
  criteria, bands), ``integrate`` (context ``other``), ``pledge`` (context ``unit``:
  register or change a unit's pledge); and ``open_evaluation`` (context ``unit``), asked
  per pledge row;
- ``evaluation`` (an ``Evaluation``): ``self_assess``, ``review``, ``finalise``, ``reopen``;
- ``contest`` (a ``Contest``): ``record`` (the page where entries, selections and figures
  are recorded), ``register_entry`` (context ``unit``), ``select``, ``award_prize``,
  ``report_tally`` (context ``unit``; a figure's correction is the same action).

Without its unit context a rule answers "for some unit": whether the page should offer
the form at all. ``entry_units``, ``tally_units`` and the ``*_q`` helpers state the same
rules as queries, for form choices and for the home page's lists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, can, reach
from thidua.accounts.selectors import units_for_select
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.emulation.models import Contest, Evaluation, Movement
from thidua.orgunits.models import OrgUnit

rules = Rules()

S = Evaluation.Status
SELF_ASSESSABLE = frozenset({S.DRAFT, S.SELF_ASSESSED})
REVIEWABLE = frozenset({S.SELF_ASSESSED, S.REVIEWED})
REOPENABLE = frozenset({S.SELF_ASSESSED, S.REVIEWED, S.FINAL})


# ---- who: shared helpers -------------------------------------------------------------


def _sees(user: Any, obj: Movement | Contest) -> bool:
    """``obj`` is within the user's sight (the restriction layer decides: published ones
    are read by every member). Asked once per object and request: pages ask it per row."""
    cache: dict[tuple[str, int], bool] = user.__dict__.setdefault("_thidua_emulation_sight", {})
    key = (obj._meta.label, obj.pk)
    if key not in cache:
        cache[key] = type(obj).objects.restrict(user).filter(pk=obj.pk).exists()
    return cache[key]


def _needs(user: Any, action: Action, unit: OrgUnit, message: str) -> Refusal | None:
    """``action`` at ``unit``, else ``message``."""
    return None if can(user, action, unit) else denied(message)


def _holds(user: Any, action: Action, unit: OrgUnit | None) -> bool:
    """``action`` at ``unit``, or at some unit when ``unit`` is None."""
    if unit is None:
        return not reach(user, action).nothing
    return can(user, action, unit)


# ---- the list pages ------------------------------------------------------------------


def _starts(user: Any, unit: OrgUnit | None, anywhere: str, there: str) -> Refusal | None:
    """Starting something a unit runs: a manager of that unit (of some unit when None)."""
    if _holds(user, Action.MANAGE, unit):
        return None
    return denied(anywhere if unit is None else there % {"unit": unit})


@rules.rule("create_movement", group="emulation")
def _create_movement(
    user: Any, obj: Any = None, *, owner_unit: OrgUnit | None = None
) -> Refusal | None:
    return _starts(
        user,
        owner_unit,
        _("Only a manager of the unit that runs a movement may create it: ask a manager of it."),
        _("You do not manage %(unit)s: only its managers may start a movement it runs."),
    )


@rules.rule("create_contest", group="emulation")
def _create_contest(user: Any, obj: Any = None, *, unit: OrgUnit | None = None) -> Refusal | None:
    return _starts(
        user,
        unit,
        _("Only a manager of the unit that runs a contest may create it: ask a manager of it."),
        _("You do not manage %(unit)s: only its managers may start a contest it runs."),
    )


# ---- a movement ----------------------------------------------------------------------


@rules.rule("edit", group="movement")
@rules.rule("edit_structure", group="movement")
def _manage_movement(user: Any, movement: Movement) -> Refusal | None:
    """The movement, its contents, subject groups, criteria and bands: its owner's managers."""
    return _needs(
        user,
        Action.MANAGE,
        movement.owner_unit,
        _("Only the unit that runs this movement may change it: ask a manager of %(unit)s.")
        % {"unit": movement.owner_unit},
    )


@rules.rule("integrate", group="movement")
def _integrate(user: Any, movement: Movement, *, other: Movement | None = None) -> Refusal | None:
    refusal = _manage_movement(user, movement)
    if refusal is not None:
        return refusal
    if other is not None and not _sees(user, other):
        return denied(_("You cannot see the movement you are linking to."))
    return None


def _for_unit(user: Any, movement: Movement, unit: OrgUnit | None) -> Refusal | None:
    """A unit's own part in a movement (its pledge, its evaluation): its reporters, in a
    movement they can see."""
    if not _holds(user, Action.REPORT, unit):
        if unit is None:
            return denied(_("You report for no unit: a unit's own officers register its pledge."))
        return denied(
            _("You do not report for %(unit)s: only its officers act for it in this movement.")
            % {"unit": unit}
        )
    if not _sees(user, movement):
        return denied(_("You cannot see this movement."))
    return None


@rules.rule("pledge", group="movement")
def _pledge(user: Any, movement: Movement, *, unit: OrgUnit | None = None) -> Refusal | None:
    return _for_unit(user, movement, unit)


@rules.rule("open_evaluation")
def _open_evaluation(
    user: Any, movement: Movement, *, unit: OrgUnit | None = None
) -> Refusal | None:
    return _for_unit(user, movement, unit)


# ---- an evaluation -------------------------------------------------------------------


@rules.rule("self_assess", group="evaluation")
def _self_assess(user: Any, evaluation: Evaluation) -> Refusal | None:
    if not can(user, Action.REPORT, evaluation.unit):
        return denied(
            _("Only %(unit)s scores itself; you may read its evaluation.")
            % {"unit": evaluation.unit}
        )
    if evaluation.status not in SELF_ASSESSABLE:
        return not_now(
            _(
                "This evaluation is %(status)s: it can no longer be self-assessed. Ask the "
                "reviewer to reopen it if it needs a correction."
            )
            % {"status": evaluation.get_status_display()}
        )
    return None


@rules.rule("review", group="evaluation")
def _review(user: Any, evaluation: Evaluation) -> Refusal | None:
    if not can(user, Action.APPROVE, evaluation.reviewer_unit):
        return denied(
            _("Only an approver of %(unit)s reviews this evaluation.")
            % {"unit": evaluation.reviewer_unit}
        )
    if evaluation.status == S.DRAFT:
        return not_now(_("The unit has not sent its self-assessment yet: wait for it."))
    if evaluation.status not in REVIEWABLE:
        return not_now(_("This evaluation is final: reopen it to review it again."))
    return None


@rules.rule("finalise", group="evaluation")
def _finalise(user: Any, evaluation: Evaluation) -> Refusal | None:
    owner = evaluation.movement.owner_unit
    if not can(user, Action.MANAGE, owner):
        return denied(
            _("Only a manager of %(unit)s, which runs the movement, fixes the result.")
            % {"unit": owner}
        )
    if evaluation.status != S.REVIEWED:
        return not_now(_("Only a reviewed evaluation can be finalised: review it first."))
    return None


@rules.rule("reopen", group="evaluation")
def _reopen(user: Any, evaluation: Evaluation) -> Refusal | None:
    if not (
        can(user, Action.APPROVE, evaluation.reviewer_unit)
        or can(user, Action.MANAGE, evaluation.movement.owner_unit)
    ):
        return denied(_("Only the reviewer or the movement's owner may reopen an evaluation."))
    if evaluation.status not in REOPENABLE:
        return not_now(
            _("This evaluation is still a draft with the unit: there is nothing to reopen.")
        )
    return None


def self_assessable_q(user: Any) -> Q:
    """Evaluations ``self_assess`` allows, as a query."""
    return reach(user, Action.REPORT).unit_q("unit__") & Q(status__in=SELF_ASSESSABLE)


def reviewable_q(user: Any) -> Q:
    """Evaluations ``review`` allows, as a query."""
    return reach(user, Action.APPROVE).unit_q("reviewer_unit__") & Q(status__in=REVIEWABLE)


def reopenable_q(user: Any) -> Q:
    """Evaluations ``reopen`` allows, as a query."""
    who = reach(user, Action.APPROVE).unit_q("reviewer_unit__") | reach(user, Action.MANAGE).unit_q(
        "movement__owner_unit__"
    )
    return who & Q(status__in=REOPENABLE)


# ---- a contest -----------------------------------------------------------------------


@rules.rule("register_entry", group="contest")
def _register_entry(user: Any, contest: Contest, *, unit: OrgUnit | None = None) -> Refusal | None:
    """A unit's reporters send its entries to a contest they can see (a published one:
    any), or to one run over their unit."""
    if unit is None:
        if reach(user, Action.REPORT).nothing:
            return denied(_("You report for no unit: a unit's own officers send its entries."))
        if not entry_units(user, contest).exists():
            return denied(_("This contest is not run in your area."))
        return None
    if not can(user, Action.REPORT, unit):
        return denied(
            _("You do not report for %(unit)s: only its officers send its entries.")
            % {"unit": unit}
        )
    if not unit.is_within(contest.unit) and not _sees(user, contest):
        return denied(_("This contest is not run in your area."))
    return None


@rules.rule("select", group="contest")
@rules.rule("award_prize", group="contest")
def _judge(user: Any, contest: Contest) -> Refusal | None:
    """Selecting entries into later rounds and awarding prizes: the contest's judges."""
    return _needs(
        user,
        Action.APPROVE,
        contest.unit,
        _("Only the unit that runs the contest (%(unit)s) selects entries and awards prizes.")
        % {"unit": contest.unit},
    )


@rules.rule("report_tally", group="contest")
def _report_tally(user: Any, contest: Contest, *, unit: OrgUnit | None = None) -> Refusal | None:
    """A figure for entries not registered one by one: a unit inside the contest's unit
    reports its own; the contest's managers report for any unit they report for."""
    if unit is None:
        if not tally_units(user, contest).exists():
            return denied(_("You report for no unit in the area of this contest."))
        return None
    if not can(user, Action.REPORT, unit):
        return denied(
            _("Only the officers of %(unit)s report or correct its figure.") % {"unit": unit}
        )
    if not unit.is_within(contest.unit) and not can(user, Action.MANAGE, contest.unit):
        return denied(_("This contest is not run in your area."))
    return None


@rules.rule("record", group="contest")
def _record(user: Any, contest: Contest) -> Refusal | None:
    """The page that records entries, selections and figures: whoever may do one of them."""
    if rules.may("register_entry", user, contest) or rules.may("select", user, contest):
        return None
    return denied(_("You may not send entries to this contest."))


def contest_area_q(contest: Contest) -> Q:
    """Units inside the contest's unit (``unit.is_within(contest.unit)`` as a query)."""
    return Q(path__startswith=contest.unit.path)


def entry_units(user: Any, contest: Contest) -> QuerySet[OrgUnit]:
    """The units ``register_entry`` accepts for ``contest`` (does the user have one?)."""
    units = units_for_select(user=user, action=Action.REPORT)
    return units if _sees(user, contest) else units.filter(contest_area_q(contest))


def tally_units(user: Any, contest: Contest) -> QuerySet[OrgUnit]:
    """The units ``report_tally`` accepts for ``contest`` (does the user have one?)."""
    units = units_for_select(user=user, action=Action.REPORT)
    if can(user, Action.MANAGE, contest.unit):
        return units
    return units.filter(contest_area_q(contest))
