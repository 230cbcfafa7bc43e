"""Who may do what with plans and tasks, and when: the plans app's table of rules.

Who (through ``thidua.accounts.scope``: a role held at a unit reaches its subtree):

- a plan's **managers** — managers at one of its issuing units — edit it, add its task
  groups and tasks, link its documents, edit, assign and cancel its tasks;
- its **followers** — approvers (or above) at an issuing or a monitoring unit — follow
  every unit's progress, urge the late ones and print the follow-up report;
- a unit's **reporters** — reporters (or above) at the unit or above it — post and correct
  the unit's progress updates. A coordinating unit's officer is not a reporter of the lead
  unit, so cannot post or correct the lead unit's updates;
- a progress update's **evidence files** are read by its unit (and above it) and by the
  plan's issuing and monitoring units, not by the other units of the task.

When: a cancelled task takes no more changes or progress; only a lead unit with work left
(``OPEN_STATUSES``, the one status definition in ``thidua.plans.models``) is urged.

Services call ``rules.require(...)`` inside their transaction; views compute
``rules.actions(user, obj, group=...)`` once and templates show a button or a form only
``{% if actions.x %}``, marked ``data-action="x"``. Rules about a task's parts take
``plan=`` where a page already holds the plan, so that a list of rows costs no query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, Reach, reach
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.orgunits.models import OrgUnit, path_upper_bound
from thidua.plans.models import OPEN_STATUSES, Plan, ProgressUpdate, Task, TaskAssignment

rules = Rules()


# --- who --------------------------------------------------------------------------------


def _covers_any(r: Reach, units: Iterable[OrgUnit]) -> bool:
    return any(r.covers(u) for u in units)


def _issuers(plan: Plan) -> list[OrgUnit]:
    # Prefetched lists are reused; a plain plan costs one query.
    return list(plan.issuing_units.all())


def _manages(user: Any, plan: Plan) -> bool:
    return _covers_any(reach(user, Action.MANAGE), _issuers(plan))


def _follows(user: Any, plan: Plan) -> bool:
    units = [*_issuers(plan), *plan.monitoring_units.all()]
    return _covers_any(reach(user, Action.APPROVE), units)


def _reports_for(user: Any, unit: OrgUnit) -> bool:
    return reach(user, Action.REPORT).covers(unit)


def _issuer_refusal(r: Reach, issuing_units: Sequence[OrgUnit] | None) -> Refusal | None:
    # No issuer at all is the form's error (the service says so), not a refusal.
    if issuing_units and not _covers_any(r, issuing_units):
        return denied(
            _(
                "You may only create or edit plans issued by a unit you manage: name one of "
                "your units among the issuers, or ask a manager of the issuing unit."
            )
        )
    return None


def _plan_of(task: Task, plan: Plan | None) -> Plan:
    return plan if plan is not None and plan.pk == task.plan_id else task.plan


# --- plans ------------------------------------------------------------------------------


@rules.rule("create_plan")
def _create_plan(
    user: Any, _obj: Any = None, *, issuing_units: Sequence[OrgUnit] | None = None
) -> Refusal | None:
    r = reach(user, Action.MANAGE)
    if r.nothing:
        return denied(_("Only a unit's managers create plans. Ask a manager of the issuing unit."))
    return _issuer_refusal(r, issuing_units)


def _managers_only(user: Any, plan: Plan, message: str) -> Refusal | None:
    # Every refusal says what to do next: the plan's managers are the ones to ask.
    if _manages(user, plan):
        return None
    return denied(message + " " + _("Ask one of them if it should be done."))


@rules.rule("edit_plan", group="plan")
def _edit_plan(
    user: Any, plan: Plan, *, issuing_units: Sequence[OrgUnit] | None = None
) -> Refusal | None:
    refusal = _managers_only(user, plan, _("Only the issuing unit's managers edit this plan."))
    return refusal or _issuer_refusal(reach(user, Action.MANAGE), issuing_units)


@rules.rule("add_group", group="plan")
def _add_group(user: Any, plan: Plan) -> Refusal | None:
    return _managers_only(user, plan, _("Only the issuing unit's managers add task groups."))


@rules.rule("add_task", group="plan")
def _add_task(user: Any, plan: Plan) -> Refusal | None:
    return _managers_only(user, plan, _("Only the issuing unit's managers add tasks."))


@rules.rule("link_document", group="plan")
def _link_document(user: Any, plan: Plan) -> Refusal | None:
    return _managers_only(user, plan, _("Only the issuing unit's managers link documents."))


@rules.rule("unlink_document", group="plan")
def _unlink_document(user: Any, plan: Plan) -> Refusal | None:
    return _managers_only(user, plan, _("Only the issuing unit's managers unlink documents."))


@rules.rule("export", group="plan")
def _export(user: Any, plan: Plan) -> Refusal | None:
    """The follow-up report (Word), issued in the name of an issuing or monitoring unit.
    The task list in Excel is a read: whoever sees the plan downloads it."""
    if not _follows(user, plan):
        return denied(
            _(
                "Only the approvers and managers of the plan's issuing and monitoring units "
                "print its follow-up report."
            )
        )
    return None


# --- tasks ------------------------------------------------------------------------------


def _task_change(user: Any, task: Task, cancelled: str, plan: Plan | None) -> Refusal | None:
    refusal = _managers_only(
        user, _plan_of(task, plan), _("Only the issuing unit's managers change the plan's tasks.")
    )
    if refusal is not None:
        return refusal
    if task.cancelled_at is not None:
        return not_now(cancelled)
    return None


@rules.rule("edit_task", group="task")
def _edit_task(user: Any, task: Task, *, plan: Plan | None = None) -> Refusal | None:
    return _task_change(user, task, _("This task is cancelled; it can no longer be edited."), plan)


@rules.rule("assign", group="task")
def _assign(user: Any, task: Task, *, plan: Plan | None = None) -> Refusal | None:
    return _task_change(user, task, _("This task is cancelled; it cannot be assigned."), plan)


@rules.rule("assign_bulk", group="task")
def _assign_bulk(user: Any, task: Task, *, plan: Plan | None = None) -> Refusal | None:
    return _assign(user, task, plan=plan)


@rules.rule("cancel", group="task")
def _cancel(user: Any, task: Task, *, plan: Plan | None = None) -> Refusal | None:
    return _task_change(user, task, _("This task is already cancelled."), plan)


# --- one unit's part of a task ----------------------------------------------------------


@rules.rule("report_progress", group="assignment")
def _report_progress(user: Any, a: TaskAssignment) -> Refusal | None:
    if not _reports_for(user, a.unit):
        return denied(
            _("Only the officers of %(unit)s may report its progress.") % {"unit": a.unit}
        )
    if a.cancelled_at is not None or a.task.cancelled_at is not None:
        return not_now(_("This task is cancelled; progress can no longer be reported."))
    return None


@rules.rule("urge", group="assignment")
def _urge(
    user: Any, a: TaskAssignment, *, plan: Plan | None = None, today: dt.date | None = None
) -> Refusal | None:
    """A follower urges a lead unit with work left. Urging twice a day is no refusal: the
    service answers that the unit was already urged today."""
    if not _follows(user, _plan_of(a.task, plan)):
        return denied(_("Only the plan's issuing and monitoring units may urge its units."))
    if a.role != TaskAssignment.Role.LEAD:
        return not_now(
            _("%(unit)s coordinates this task; only its lead units are urged.") % {"unit": a.unit}
        )
    # The status the row was read with (``with_status``), else the same rules in Python.
    status = getattr(a, "status_value", None) or a.status_on(today or timezone.localdate())
    if status not in OPEN_STATUSES:
        return not_now(_("%(unit)s has nothing left to do on this task.") % {"unit": a.unit})
    return None


# --- progress updates -------------------------------------------------------------------


@rules.rule("edit_update", group="update")
def _edit_update(user: Any, update: ProgressUpdate) -> Refusal | None:
    unit = update.assignment.unit
    if not _reports_for(user, unit):
        return denied(_("Only the officers of %(unit)s may edit its updates.") % {"unit": unit})
    return None


@rules.rule("see_evidence", group="update")
def _see_evidence(user: Any, update: ProgressUpdate, *, plan: Plan | None = None) -> Refusal | None:
    """The read guard of evidence files (``thidua.core.attachments``, registered in
    ``PlansConfig.ready``) and the task page's links both ask this rule."""
    r = reach(user, Action.VIEW)
    unit = update.assignment.unit
    if r.covers(unit):
        return None
    of = _plan_of(update.assignment.task, plan)
    if _covers_any(r, [*_issuers(of), *of.monitoring_units.all()]):
        return None
    return denied(
        _("Only %(unit)s and the units that issue or follow the plan open its evidence files.")
        % {"unit": unit}
    )


def evidence_reader(user: Any, update: ProgressUpdate) -> bool:
    """``see_evidence`` as the attachment read guard asks it."""
    return rules.may("see_evidence", user, update)


# --- the same "who" over many rows, in SQL, for lists (home page, my tasks) ---------------


def reported_parts_q(user: Any) -> Q:
    """Task parts whose unit the user reports for (the who of ``report_progress``)."""
    return reach(user, Action.REPORT).unit_q("unit__")


def followed_plans_q(user: Any) -> Q:
    """Plans the user follows (the who of ``urge`` and ``export``): an approver or above at
    an issuing or a monitoring unit."""
    r = reach(user, Action.APPROVE)
    return Q(pk__in=Plan.objects.filter(r.unit_q("issuing_units__")).values("pk")) | Q(
        pk__in=Plan.objects.filter(r.unit_q("monitoring_units__")).values("pk")
    )


# --- which units a plan may assign work to ----------------------------------------------


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
