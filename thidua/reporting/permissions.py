"""Who may do what with report forms, periods and reports, and when: one ``rules`` table.

Every check of a role, a reach or a state that decides whether a reporting action is
allowed lives here, named after the action (``thidua.core.permissions``): a rule checks
**who** first (the user's roles through ``thidua.accounts.scope``), then **when** (the
report's state). Services call ``rules.require(...)`` inside their transaction, views
pass ``rules.actions(...)`` to the templates, selectors ask ``rules.may(...)``.

On a period, for one unit (``group="fill"``; context ``unit`` and ``current``, the unit's
current report or None):
  ``fill`` (on screen), ``upload`` (the Excel template back), ``download_template``.
On a report (``group="submission"``):
  ``edit`` (refill it), ``submit``, ``approve``, ``return``, ``correct``.
On a period:
  ``urge`` (context ``units``), ``export_synthesis`` (context ``unit``), ``bulk_load``.
On a form: ``open_period``; on a unit: ``define_form`` (a form it issues).
Shared by the others and asked on their own:
  ``report_for_unit`` (on a unit), ``supervise`` and ``view_unit_data`` (on a form,
  context ``unit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, Reach, can, reach
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.orgunits.models import OrgUnit
from thidua.reporting.assignment import is_expected
from thidua.reporting.models import Period, ReportForm, Submission

S = Submission.Status

rules = Rules()


# ---------------------------------------------------------------- who


def _receivers(form: ReportForm) -> list[OrgUnit]:
    # Served from a prefetch when the caller made one (``selectors.period_get``,
    # ``submission_get``, ``awaiting_approval``): a page asks for many units at once.
    return list(form.receiving_units.all())


def is_receiver(user: Any, form: ReportForm) -> bool:
    """True if ``user`` sees through a unit that receives ``form`` (Decree 09: "who
    receives"): such a user sees every reporting unit's figures of the form."""
    r = reach(user, Action.VIEW)
    return r.everything or any(r.covers(u) for u in _receivers(form))


def _supervises(r: Reach, receivers: Sequence[OrgUnit], unit: OrgUnit) -> bool:
    """An approver at a strict ancestor of the unit (its supervisor), or at one of the
    form's receiving units that is not the unit itself nor above it in its own branch.
    Never at the reporting unit itself: a unit does not approve its own report."""
    if r.everything:
        return True
    if any(unit.path.startswith(p) and unit.path != p for p in r.paths):
        return True
    return any(r.covers(receiver) and not unit.is_within(receiver) for receiver in receivers)


@rules.rule("supervise")
def _supervise(user: Any, form: ReportForm, *, unit: OrgUnit) -> Refusal | None:
    """Approve, return and urge ``unit``'s reports of ``form``."""
    if not _supervises(reach(user, Action.APPROVE), _receivers(form), unit):
        return denied(
            _(
                "Only an approver of a unit above %(unit)s, or of a unit that receives this "
                "form, may decide on its report; a unit never approves its own."
            )
            % {"unit": unit}
        )
    return None


@rules.rule("report_for_unit")
def _report_for_unit(user: Any, unit: OrgUnit) -> Refusal | None:
    """Fill, submit and correct ``unit``'s reports: a reporter (or above) at the unit or
    a unit above it."""
    if not can(user, Action.REPORT, unit):
        return denied(
            _(
                "Only a reporter of %(unit)s (or of a unit above it) may report for it. "
                "Ask a manager of the unit for the role if you should."
            )
            % {"unit": unit}
        )
    return None


@rules.rule("view_unit_data")
def _view_unit_data(user: Any, form: ReportForm, *, unit: OrgUnit) -> Refusal | None:
    """The figures of ``unit`` (and its subtree) for ``form``: its own subtree's officers
    and those above it, or a receiving unit's."""
    if can(user, Action.VIEW, unit) or is_receiver(user, form):
        return None
    return denied(
        _(
            "Only the officers of %(unit)s, of a unit above it or of a receiving unit may "
            "see its figures."
        )
        % {"unit": unit}
    )


def _manager_of(user: Any, owner: OrgUnit) -> Refusal | None:
    if not can(user, Action.MANAGE, owner):
        return denied(
            _("Only a manager of %(unit)s, which issues this form, may do this.") % {"unit": owner}
        )
    return None


# ---------------------------------------------------------------- when


def _open_for_change(sub: Submission) -> Refusal | None:
    """Why the reporting unit may not change (or submit) ``sub`` now; None if it may: the
    current version, a draft or returned."""
    if not sub.is_current:
        return not_now(_("This is an earlier version of the report: open the current one."))
    if sub.status == S.SUBMITTED:
        return not_now(
            _(
                "This report is submitted and waits for a decision, so it cannot be changed. "
                "If it must change, ask the supervising unit to return it."
            )
        )
    if sub.status == S.APPROVED:
        return not_now(
            _(
                "This report is approved and locked. Start a correction from its page: a new "
                "version is made, and the approved one counts until the correction is approved."
            )
        )
    if sub.status == S.SUPERSEDED:
        return not_now(_("This version was replaced by a corrected one: open the current one."))
    return None


# ---------------------------------------------------------------- filling, for one unit


def _reporting_unit(user: Any, period: Period, unit: OrgUnit) -> Refusal | None:
    refusal = _report_for_unit(user, unit)
    if refusal is None and not is_expected(period, unit):
        return not_now(
            _("%(unit)s does not report on this form: choose one of your units that does.")
            % {"unit": unit},
            field="unit",
        )
    return refusal


@rules.rule("fill", group="fill")
def _fill(
    user: Any, period: Period, *, unit: OrgUnit, current: Submission | None
) -> Refusal | None:
    """Fill (or refill) ``unit``'s report of ``period``, on screen or by uploading the
    template: a reporter of a unit that reports on the form, while its current report
    (``current``) is none yet, a draft or returned."""
    refusal = _reporting_unit(user, period, unit)
    if refusal is None and current is not None:
        return _open_for_change(current)
    return refusal


# Uploading the filled template is filling by another way in: the same rule, its own
# button (``data-action="upload"``).
rules.rule("upload", group="fill")(_fill)


@rules.rule("download_template", group="fill")
def _download_template(user: Any, period: Period, *, unit: OrgUnit) -> Refusal | None:
    """The unit's Excel template (pre-filled with its current figures), in any state."""
    return _reporting_unit(user, period, unit)


# ---------------------------------------------------------------- a report


@rules.rule("edit", group="submission")
def _edit(user: Any, sub: Submission) -> Refusal | None:
    """Refill the report (the fill page, ``PATCH`` in the API) or submit it: the reporting
    unit's reporter, while it is the current version, a draft or returned."""
    return _report_for_unit(user, sub.unit) or _open_for_change(sub)


# Submitting is allowed exactly when changing is (the complete check of the figures is
# the service's validation, not a permission).
rules.rule("submit", group="submission")(_edit)


@rules.rule("approve", group="submission")
def _approve(user: Any, sub: Submission) -> Refusal | None:
    refusal = _supervise(user, sub.form, unit=sub.unit)
    if refusal is None and (sub.status != S.SUBMITTED or not sub.is_current):
        return not_now(_("Only a submitted report can be approved."))
    return refusal


@rules.rule("return", group="submission")
def _return(user: Any, sub: Submission) -> Refusal | None:
    refusal = _supervise(user, sub.form, unit=sub.unit)
    if refusal is None and (sub.status not in {S.SUBMITTED, S.APPROVED} or not sub.is_current):
        return not_now(_("Only a submitted or approved report can be returned."))
    return refusal


@rules.rule("correct", group="submission")
def _correct(user: Any, sub: Submission) -> Refusal | None:
    refusal = _report_for_unit(user, sub.unit)
    if refusal is None and (sub.status != S.APPROVED or not sub.is_current):
        return not_now(_("Only the current approved report can be corrected."))
    return refusal


# ---------------------------------------------------------------- a period, a form


@rules.rule("urge", group="period")
def _urge(user: Any, period: Period, *, units: Sequence[OrgUnit]) -> Refusal | None:
    """Notify the officers of ``units`` that their report is missing: every one of them a
    unit the user supervises for the form."""
    r, receivers = reach(user, Action.APPROVE), _receivers(period.form)
    outside = [u for u in units if not _supervises(r, receivers, u)]
    if outside:
        return denied(
            _(
                "You do not supervise %(units)s for this form: only an approver of a unit "
                "above them, or of a receiving unit, may urge them."
            )
            % {"units": ", ".join(str(u) for u in outside[:5])}
        )
    if not units:
        return not_now(_("No unit you supervise is missing its report: nobody to urge."))
    return None


@rules.rule("export_synthesis", group="period")
def _export_synthesis(user: Any, period: Period, *, unit: OrgUnit) -> Refusal | None:
    """The synthesis of ``unit``'s subtree to Excel or Word: whoever may see it."""
    return _view_unit_data(user, period.form, unit=unit)


@rules.rule("bulk_load", group="period")
def _bulk_load(user: Any, period: Period) -> Refusal | None:
    """Load many reports of a period at once (past years, migrations): a manager of the
    issuing unit."""
    return _manager_of(user, period.form.owner)


@rules.rule("open_period", group="form")
def _open_period(user: Any, form: ReportForm) -> Refusal | None:
    return _manager_of(user, form.owner)


@rules.rule("define_form")
def _define_form(user: Any, owner: OrgUnit) -> Refusal | None:
    """Define a reporting regime issued by ``owner``: a manager of that unit."""
    return _manager_of(user, owner)
