"""A unit's report through its workflow: save, submit, approve, return, correct.

Saving is idempotent under a client's key (``IdempotencyKey``); an approval (and a
return or supersession of an approved report) updates the synthesis in its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, require
from thidua.core.changelog import log_event
from thidua.core.services import ConflictError, bump_version, lock_for_update
from thidua.orgunits.models import OrgUnit
from thidua.reporting import synthesis
from thidua.reporting.models import IdempotencyKey, Period, ReportForm, Submission, Value
from thidua.reporting.permissions import require_supervisor
from thidua.reporting.selectors import expected_units
from thidua.reporting.values import Cells, check_rules, clean_values, find_outliers

S = Submission.Status


def _write_values(submission: Submission, cells: Cells) -> None:
    Value.objects.filter(submission=submission).delete()
    Value.objects.bulk_create(
        [
            Value(submission=submission, indicator_id=i, key=k, number=n, text=t)
            for (i, k), (n, t) in sorted(cells.items())
            if n is not None or t
        ]
    )


def submission_cells_all(submission: Submission) -> Cells:
    return {
        (i, k): (n, t)
        for i, k, n, t in submission.values.values_list("indicator_id", "key", "number", "text")
    }


def is_expected(form: ReportForm, period: Period, unit: OrgUnit) -> bool:
    return expected_units(form=form, period=period).filter(pk=unit.pk).exists()


@transaction.atomic
def submission_save(
    *,
    user: Any,
    form: ReportForm,
    period: Period,
    unit: OrgUnit,
    values: Mapping[tuple[str, str], Any],
    note: str = "",
    submit: bool = False,
    source: str = Submission.Source.SCREEN,
    idempotency_key: str = "",
    where: Mapping[tuple[str, str], str] | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Fill (or refill) a unit's report for a period; optionally submit it at once.

    Refuses bad values and broken rules with every error at once, saving nothing. A
    report already submitted or approved is not changed: a correction starts a new
    version (``submission_correct``). With ``idempotency_key``, a retry of the same
    request returns the submission of the first one instead of saving twice.
    """
    require(user, Action.REPORT, unit)
    if idempotency_key:
        done = IdempotencyKey.objects.filter(user=user, key=idempotency_key).first()
        if done is not None:
            return done.submission
    if period.form_id != form.pk:
        raise ValidationError(_("The period does not belong to this form."))
    if not is_expected(form, period, unit):
        raise ValidationError(_("%(unit)s does not report on this form.") % {"unit": unit})
    cells, errors = clean_values(form, values, where=where)
    if not errors:
        errors = check_rules(form, cells, complete=submit)
    if errors:
        raise ValidationError([str(e) for e in errors])
    current = (
        Submission.objects.select_for_update()
        .filter(form=form, period=period, unit=unit, is_current=True)
        .first()
    )
    if current is not None and expected_version is not None and current.version != expected_version:
        raise ConflictError(current, expected_version, current.version)
    if current is None:
        sub = Submission(form=form, period=period, unit=unit, created_by=user)
    elif current.status == S.DRAFT or (
        current.status == S.RETURNED and current.approved_at is None
    ):
        sub = current
        bump_version(sub)
    elif current.status == S.RETURNED:
        # It was approved once: keep that version as it was, refill a new one.
        sub = _new_version(current, user)
    else:
        raise ValidationError(
            _("This report is %(s)s; start a correction to change it.")
            % {"s": current.get_status_display()}
        )
    sub.note, sub.source = note, source
    sub.outliers = find_outliers(form, cells)
    sub.full_clean()
    sub.save()
    _write_values(sub, cells)
    if idempotency_key:
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(user=user, key=idempotency_key, submission=sub)
        except IntegrityError:
            # A concurrent retry won the race: its result is the one to return.
            return IdempotencyKey.objects.get(user=user, key=idempotency_key).submission
    log_event(sub, "saved", data={"source": source, "values": len(cells)})
    if submit:
        sub = submission_submit(user=user, submission=sub)
    return sub


def _new_version(old: Submission, user: Any) -> Submission:
    Submission.objects.filter(pk=old.pk).update(is_current=False)
    new = Submission(
        form=old.form,
        period=old.period,
        unit=old.unit,
        number=old.number + 1,
        previous=old,
        first_submitted_on=old.first_submitted_on,
        created_by=user,
        note=old.note,
        approved_at=None,
    )
    new.save()
    Value.objects.bulk_create(
        [
            Value(
                submission=new, indicator_id=v.indicator_id, key=v.key, number=v.number, text=v.text
            )
            for v in old.values.all()
        ]
    )
    return new


@transaction.atomic
def submission_submit(
    *, user: Any, submission: Submission, expected_version: int | None = None
) -> Submission:
    """Draft or returned → submitted, after the complete validation."""
    require(user, Action.REPORT, submission.unit)
    sub = lock_for_update(submission, expected_version=expected_version)
    if sub.status not in {S.DRAFT, S.RETURNED} or not sub.is_current:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    cells = submission_cells_all(sub)
    errors = check_rules(sub.form, cells, complete=True)
    if errors:
        raise ValidationError([str(e) for e in errors])
    now = timezone.now()
    sub.status, sub.submitted_at, sub.submitted_by = S.SUBMITTED, now, user
    sub.first_submitted_on = sub.first_submitted_on or timezone.localdate(now)
    sub.outliers = find_outliers(sub.form, cells)
    bump_version(sub)
    sub.save()
    log_event(sub, "submitted", data={"outliers": len(sub.outliers)})
    return sub


@transaction.atomic
def submission_approve(
    *, user: Any, submission: Submission, expected_version: int | None = None
) -> Submission:
    """Submitted → approved by a supervising unit; the synthesis updates in this
    transaction, and a corrected version supersedes the approved one it replaces."""
    sub = lock_for_update(submission, expected_version=expected_version)
    require_supervisor(user, sub.form, sub.unit)
    if sub.status != S.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    old = (
        Submission.objects.select_for_update()
        .filter(form=sub.form_id, period=sub.period_id, unit=sub.unit_id, status=S.APPROVED)
        .exclude(pk=sub.pk)
        .first()
    )
    if old is not None:
        old.status = S.SUPERSEDED
        bump_version(old)
        old.save()
        # Retract after the status change: a min/max refresh must not see the old values.
        synthesis.retract_submission(old)
        log_event(old, "superseded", data={"by": sub.pk})
    now = timezone.now()
    sub.status, sub.decided_at, sub.decided_by = S.APPROVED, now, user
    sub.approved_at = sub.approved_at or now
    sub.return_reason = ""
    bump_version(sub)
    sub.save()
    synthesis.apply_submission(sub)
    log_event(sub, "approved")
    return sub


@transaction.atomic
def submission_return(
    *, user: Any, submission: Submission, reason: str, expected_version: int | None = None
) -> Submission:
    """Submitted (or approved) → returned with a reason; an approved report leaves the
    synthesis in the same transaction."""
    sub = lock_for_update(submission, expected_version=expected_version)
    require_supervisor(user, sub.form, sub.unit)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is returned.")})
    if sub.status not in {S.SUBMITTED, S.APPROVED} or not sub.is_current:
        raise ValidationError(_("Only a submitted or approved report can be returned."))
    was_approved = sub.status == S.APPROVED
    sub.status, sub.decided_at, sub.decided_by = S.RETURNED, timezone.now(), user
    sub.return_reason = reason.strip()
    bump_version(sub)
    sub.save()
    if was_approved:
        synthesis.retract_submission(sub)
    log_event(sub, "returned", message=sub.return_reason)
    return sub


@transaction.atomic
def submission_correct(*, user: Any, submission: Submission) -> Submission:
    """Start a correction of an approved report: a new draft version, the old one kept
    (and still counted) until the correction is approved."""
    require(user, Action.REPORT, submission.unit)
    sub = lock_for_update(submission, expected_version=None)
    if sub.status != S.APPROVED or not sub.is_current:
        raise ValidationError(_("Only the current approved report can be corrected."))
    new = _new_version(sub, user)
    log_event(new, "correction started", data={"of": sub.pk})
    return new
