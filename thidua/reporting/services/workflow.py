"""A unit's report through its workflow: save, submit, approve, return, correct.

Saving is idempotent under a client's key (``IdempotencyKey``), decided inside the saving
transaction, and a new report where the unit already has one is refused (409), decided by
the database's ``one_current_submission`` constraint when two requests race. An approval
(and a return or supersession of an approved report) updates the synthesis in its
transaction. Who may do what, and when, is ``thidua.reporting.permissions.rules``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.changelog import log_event, update_logged
from thidua.core.services import ConflictError, IdempotencyConflict, bump_version, lock_for_update
from thidua.orgunits.models import OrgUnit
from thidua.reporting import excel, synthesis
from thidua.reporting.models import IdempotencyKey, Period, ReportForm, Submission, Value
from thidua.reporting.permissions import rules
from thidua.reporting.values import (
    CellError,
    Cells,
    check_rules,
    find_outliers,
    refusal,
    validate_values,
)

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


# ---------------------------------------------------------------- saving, once


class SubmissionExists(ConflictError):
    """A new report was asked for where the unit already has one (HTTP 409): the message
    says which report it is, in which state, and how to change it."""

    def __init__(self, current: Submission) -> None:
        # "You started from no report (version 0), it is now at version N" for the pages
        # (``core.web.conflict_message``); the API shows this message.
        self.obj, self.expected, self.actual = current, 0, current.version
        Exception.__init__(self, _exists_message(current))


def _exists_message(current: Submission) -> str:
    url = reverse("reporting-submission-detail", args=[current.pk])
    facts = {
        "unit": current.unit,
        "period": current.period.label,
        "id": current.pk,
        "status": current.get_status_display(),
        "version": current.version,
        "url": url,
    }
    said = (
        _(
            "%(unit)s already has a report for %(period)s (report %(id)s, %(status)s, "
            "version %(version)s): nothing was saved."
        )
        % facts
    )
    if current.status == S.SUBMITTED:
        then = _(
            "It waits for a supervising unit's decision; it can be changed once it is returned."
        )
    elif current.status == S.APPROVED:
        then = (
            _(
                "To change it, start a correction with POST %(url)scorrect/, then change the "
                "new version with PATCH."
            )
            % facts
        )
    else:
        then = _('Change it with PATCH %(url)s sending "version": %(version)s.') % facts
    return f"{said} {then}"


@dataclass(frozen=True)
class SaveOutcome:
    """What ``submission_save_once`` did: the report as saved, and ``replayed`` True when
    an earlier request with the same key and body had saved it (this one saved nothing)."""

    submission: Submission
    replayed: bool = False


_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _canonical(raw: Any) -> str | None:
    """A raw value as the fingerprint sees it: 3, 3.0 and "3" alike; blanks as absent."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, float, Decimal)):
        return format(Decimal(str(raw)).normalize(), "f")
    text = str(raw).strip()
    if not text:
        return None
    return format(Decimal(text).normalize(), "f") if _PLAIN_NUMBER.match(text) else text


def _fingerprint(
    *,
    form: ReportForm,
    period: Period,
    unit: OrgUnit,
    values: Mapping[tuple[str, str], Any],
    note: str,
    submit: bool,
    submission: Submission | None,
    expected_version: int | None,
) -> str:
    """A hash of what a request asks for, to tell its retry from another request."""
    cells = sorted(
        [str(code), str(key), canonical]
        for (code, key), raw in values.items()
        if (canonical := _canonical(raw)) is not None
    )
    payload = {
        "form": form.pk,
        "period": period.pk,
        "unit": unit.pk,
        "values": cells,
        "note": note.strip(),
        "submit": bool(submit),
        "submission": submission.pk if submission is not None else None,
        "version": expected_version,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _used_key(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.select_related("submission").filter(user=user, key=key).first()


def _replay(done: IdempotencyKey, fingerprint: str) -> SaveOutcome:
    # Rows kept from before fingerprints were stored have none: taken as the same request.
    if done.fingerprint and done.fingerprint != fingerprint:
        raise IdempotencyConflict(
            _(
                "The Idempotency-Key “%(key)s” was already used for another request (other "
                "figures, unit, period or note). A retry must repeat the first request "
                "exactly; send a new key with a new request."
            )
            % {"key": done.key}
        )
    return SaveOutcome(done.submission, replayed=True)  # type: ignore[arg-type]


def _current_locked(form: ReportForm, period: Period, unit: OrgUnit) -> Submission | None:
    """The unit's current report, locked until the transaction ends (None if none yet)."""
    return (
        Submission.objects.select_for_update()
        .filter(form=form, period=period, unit=unit, is_current=True)
        .first()
    )


def _check_loaded(
    current: Submission | None, loaded: Submission | None, expected_version: int | None
) -> None:
    """The caller saves over the report it loaded (``loaded`` at ``expected_version``), or
    asks for a new one (``loaded`` None): refuse when the database says otherwise."""
    if loaded is None:
        if current is not None:
            raise SubmissionExists(current)
        return
    if current is None or current.pk != loaded.pk:
        # Replaced by a new version since it was loaded.
        now = current or loaded
        raise ConflictError(now, expected_version or loaded.version, now.version)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current, expected_version, current.version)


def _insert_new(sub: Submission) -> None:
    """Save a new report; when a concurrent request made the unit's report first (the
    ``one_current_submission`` constraint), refuse as ``SubmissionExists`` — never a 500."""
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:
        winner = _current_locked(sub.form, sub.period, sub.unit)
        if winner is None:
            raise
        raise SubmissionExists(winner) from None


@transaction.atomic
def submission_save_once(
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
    problems: list[str | CellError] | None = None,
    submission: Submission | None = None,
    expected_version: int | None = None,
) -> SaveOutcome:
    """Fill a unit's report for a period, or refill the one the caller loaded
    (``submission`` at ``expected_version``); optionally submit it at once.

    Without ``submission`` a new report is made, and a unit that already has one is
    refused with ``SubmissionExists`` (409: which report, its state and version, how to
    change it), also when two requests race for it. Refuses bad values and broken rules
    with every error at once, saving nothing. A report submitted or approved is not
    changed: a correction starts a new version (``submission_correct``). ``where`` tells
    the cell each value came from, ``problems`` what the reader of a file already found
    wrong: they are refused together with the values' errors.

    With ``idempotency_key`` (per user), a retry of the same request (same form, period,
    unit, normalised values, note and submit flag) answers the first one's report,
    ``replayed``; another request under a used key raises ``IdempotencyConflict`` (422).
    Both are decided in this transaction: a concurrent request with the same key waits on
    the key's unique constraint for the first one to finish, then answers as it did.
    """
    rules.require("report_for_unit", user, unit)
    if period.form_id != form.pk:
        raise ValidationError(_("The period does not belong to this form."))
    fingerprint = ""
    if idempotency_key:
        fingerprint = _fingerprint(
            form=form,
            period=period,
            unit=unit,
            values=values,
            note=note,
            submit=submit,
            submission=submission,
            expected_version=expected_version,
        )
        done = _used_key(user, idempotency_key)
        if done is not None:
            return _replay(done, fingerprint)
    located = [p for p in problems or [] if isinstance(p, CellError)]
    cells, errors = validate_values(
        form, values, complete=submit, where=where, unread={e.indicator for e in located}
    )
    if located or errors or problems:
        # In the order of the cells (a file's rows), each cell's errors together.
        order = {cell: n for n, cell in enumerate(where or {})}
        errors = sorted([*located, *errors], key=lambda e: order.get((e.indicator, e.key), 1 << 30))
        raise refusal(errors, [p for p in problems or [] if not isinstance(p, CellError)])
    claim = None
    if idempotency_key:
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(
                    user=user, key=idempotency_key, fingerprint=fingerprint
                )
        except IntegrityError:
            # A concurrent request with this key committed first (PostgreSQL made this
            # insert wait for it): answer as it did.
            done = _used_key(user, idempotency_key)
            if done is None:
                raise
            return _replay(done, fingerprint)
    current = _current_locked(form, period, unit)
    _check_loaded(current, submission, expected_version)
    rules.require("fill", user, period, unit=unit, current=current)
    if current is None:
        sub = Submission(form=form, period=period, unit=unit, created_by=user)
    elif current.approved_at is None:  # a draft, or returned before it was ever approved
        sub = current
        bump_version(sub)
    else:
        # Returned after an approval: keep that version as it was, refill a new one.
        sub = _new_version(current, user)
    sub.note, sub.source = note, source
    sub.outliers = find_outliers(form, cells)
    # The constraint of one current report is the database's to decide (``_insert_new``).
    sub.full_clean(validate_constraints=False)
    if sub.pk is None:
        _insert_new(sub)
    else:
        sub.save()
    _write_values(sub, cells)
    log_event(sub, "saved", data={"source": source, "values": len(cells)})
    if submit:
        sub = submission_submit(user=user, submission=sub)
    if claim is not None:
        claim.submission = sub
        claim.save(update_fields=["submission"])
    return SaveOutcome(sub)


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
    where: Mapping[tuple[str, str], str] | None = None,
    problems: list[str | CellError] | None = None,
    submission: Submission | None = None,
    expected_version: int | None = None,
) -> Submission:
    """``submission_save_once`` without a key (the pages, the Excel upload): the report."""
    return submission_save_once(
        user=user,
        form=form,
        period=period,
        unit=unit,
        values=values,
        note=note,
        submit=submit,
        source=source,
        where=where,
        problems=problems,
        submission=submission,
        expected_version=expected_version,
    ).submission


@transaction.atomic
def submission_upload(
    *,
    user: Any,
    period: Period,
    unit: OrgUnit,
    file: IO[bytes],
    size: int | None = None,
    submit: bool = False,
    submission: Submission | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Read a filled Excel template (``excel.read_upload``) and save it as the unit's
    report, like the screen would. The problems of the file (a row out of place, a formula
    without its value…) and those of the values (types, required items, sums, rules) are
    refused together, each with its sheet, row, column and indicator; nothing is saved."""
    current = submission if submission is not None and submission.is_current else None
    rules.require("upload", user, period, unit=unit, current=current)
    reading = excel.read_upload(form=period.form, period=period, unit=unit, file=file, size=size)
    return _save_reading(
        user=user,
        period=period,
        unit=unit,
        reading=reading,
        submit=submit,
        submission=submission,
        expected_version=expected_version,
    )


def _save_reading(
    *,
    user: Any,
    period: Period,
    unit: OrgUnit,
    reading: Any,
    submit: bool,
    submission: Submission | None,
    expected_version: int | None,
) -> Submission:
    """Save one read Excel sheet as ``unit``'s report, with the file's own problems."""
    return submission_save(
        user=user,
        form=period.form,
        period=period,
        unit=unit,
        values=reading.raw,
        where=reading.where,
        problems=reading.problems,
        source=Submission.Source.EXCEL,
        submit=submit,
        submission=submission,
        expected_version=expected_version,
    )


@transaction.atomic
def submissions_upload_units(
    *,
    user: Any,
    period: Period,
    unit: OrgUnit,
    file: IO[bytes],
    size: int | None = None,
    submit: bool = False,
) -> list[Submission]:
    """Read a workbook of the reports of the units right below ``unit``
    (``excel.units_workbook``: a sheet per unit) and save each sheet as its unit's report
    through the same checks as one upload, over the unit's current draft. All or nothing:
    the problems of every sheet are listed together (each names its sheet) and nothing
    is saved while there is one."""
    readings = excel.read_units_upload(
        form=period.form, period=period, unit=unit, file=file, size=size
    )
    units = OrgUnit.objects.in_bulk([code for _t, code, _r in readings], field_name="code")
    problems: list[str] = []
    saved: list[Submission] = []
    for title, code, reading in readings:
        below = units.get(code)
        if below is None or below.parent_id != unit.pk:
            problems.append(
                _("Sheet %(s)s: not a unit right below %(unit)s.") % {"s": title, "unit": unit}
            )
            continue
        current = _current_locked(period.form, period, below)
        refused = rules.check("upload", user, period, unit=below, current=current)
        if refused is not None and not refused.by_state:
            refused.raise_()  # a unit the user may not report for: the whole file is refused
        if refused is not None:  # this unit's report is not open to a new upload now
            problems.append(_("Sheet %(s)s: %(why)s") % {"s": title, "why": refused.message})
            continue
        try:
            saved.append(
                _save_reading(
                    user=user,
                    period=period,
                    unit=below,
                    reading=reading,
                    submit=submit,
                    submission=current,
                    expected_version=current.version if current else None,
                )
            )
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)
    return saved


def _new_version(old: Submission, user: Any) -> Submission:
    update_logged(
        Submission.objects.filter(pk=old.pk),
        event="replaced by a new version",
        is_current=False,
    )
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


# ---------------------------------------------------------------- the workflow


def _locked(
    user: Any, action: str, submission: Submission, expected_version: int | None
) -> Submission:
    """The report re-read and locked, ``action`` allowed on it, at ``expected_version``:
    who may act is checked before a stale version is told (no hint to the others)."""
    sub = lock_for_update(submission, expected_version=None)
    rules.require(action, user, sub)
    if expected_version is not None and sub.version != expected_version:
        raise ConflictError(sub, expected_version, sub.version)
    return sub


@transaction.atomic
def submission_submit(
    *, user: Any, submission: Submission, expected_version: int | None = None
) -> Submission:
    """Draft or returned → submitted, after the complete validation."""
    sub = _locked(user, "submit", submission, expected_version)
    cells = submission_cells_all(sub)
    errors = check_rules(sub.form, cells, complete=True)
    if errors:
        raise refusal(errors)
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
    sub = _locked(user, "approve", submission, expected_version)
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
    sub = _locked(user, "return", submission, expected_version)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is returned.")})
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
def submission_correct(
    *, user: Any, submission: Submission, expected_version: int | None = None
) -> Submission:
    """Start a correction of an approved report: a new draft version, the old one kept
    (and still counted) until the correction is approved."""
    sub = _locked(user, "correct", submission, expected_version)
    new = _new_version(sub, user)
    log_event(new, "correction started", data={"of": sub.pk})
    return new
