"""Writes of the reporting app: forms, periods, submissions and their workflow, urging."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import ROLE_RANK, Role, RoleAssignment
from thidua.accounts.scope import Action, reach, require
from thidua.core.changelog import log_event
from thidua.core.models import Notification
from thidua.core.services import bump_version, lock_for_update
from thidua.orgunits.models import OrgUnit, SubjectGroup, UnitKind
from thidua.reporting import rules, synthesis
from thidua.reporting.models import (
    FormItem,
    FormSection,
    Holiday,
    IdempotencyKey,
    Indicator,
    Period,
    ReportForm,
    Submission,
    ValidationRule,
    Value,
)

S = Submission.Status
VT = Indicator.ValueType


# ---------------------------------------------------------------- permissions


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


# ---------------------------------------------------------------- forms and periods


def holiday_sets() -> tuple[set[dt.date], set[dt.date]]:
    return rules.calendar_sets(Holiday.objects.values_list("date", "kind"))


def period_dates(
    form: ReportForm, year: int, number: int = 1, *, calendar: tuple | None = None
) -> tuple[rules.Window, dt.date]:
    """The cut-off window and the deadline of a period of ``form`` (RULES.md §3)."""
    window = rules.cutoff_window(form.periodicity, year, number, form.cutoff_day)
    return window, deadline_for(form, window, calendar=calendar)


def deadline_for(
    form: ReportForm, window: rules.Window, *, calendar: tuple | None = None
) -> dt.date:
    if form.deadline_kind == ReportForm.DeadlineKind.FIXED:
        return rules.fixed_deadline(window, form.deadline_month or 12, form.deadline_day or 31)
    off, work = calendar or holiday_sets()
    return rules.add_working_days(window.end, form.deadline_working_days, off, work)


@transaction.atomic
def period_open(
    *,
    user: Any,
    form: ReportForm,
    year: int,
    number: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
    label: str = "",
) -> Period:
    """Open (or return the existing) period ``number`` of ``year`` of ``form``."""
    require(user, Action.MANAGE, form.owner)
    existing = Period.objects.filter(form=form, year=year, number=number).first()
    if existing:
        return existing
    if form.periodicity == ReportForm.Periodicity.ADHOC:
        if not (start and end):
            raise ValidationError(_("An ad hoc period needs its start and end dates."))
        window = rules.Window(start, end, label or f"{start:%d/%m/%Y}–{end:%d/%m/%Y}")
        deadline = deadline_for(form, window)
    else:
        window, deadline = period_dates(form, year, number)
    period = Period(
        form=form,
        year=year,
        number=number,
        label=label or window.label,
        start=window.start,
        end=window.end,
        deadline=deadline,
    )
    period.full_clean()
    period.save()
    return period


@dataclass
class ItemSpec:
    """One indicator of a form being defined (``report_form_create``)."""

    indicator: Indicator
    required: bool = True
    expected_min: Decimal | None = None
    expected_max: Decimal | None = None


@transaction.atomic
def report_form_create(
    *,
    user: Any,
    code: str,
    name: str,
    owner: OrgUnit,
    sections: Sequence[tuple[str, Sequence[ItemSpec]]],
    periodicity: str = ReportForm.Periodicity.YEAR,
    deadline_kind: str = ReportForm.DeadlineKind.WORKING_DAYS,
    deadline_month: int | None = None,
    deadline_day: int | None = None,
    deadline_working_days: int = 2,
    legal_basis: str = "",
    receiving_units: Iterable[OrgUnit] = (),
    assigned_units: Iterable[OrgUnit] = (),
    assigned_subtrees: Iterable[OrgUnit] = (),
    assigned_kinds: Iterable[UnitKind] = (),
    assigned_groups: Iterable[SubjectGroup] = (),
    rules_between: Sequence[tuple[Indicator, str, Indicator, str]] = (),
) -> ReportForm:
    """Define a reporting regime with its sections, indicators and validation rules."""
    require(user, Action.MANAGE, owner)
    form = ReportForm(
        code=code,
        name=name,
        owner=owner,
        periodicity=periodicity,
        deadline_kind=deadline_kind,
        deadline_month=deadline_month,
        deadline_day=deadline_day,
        deadline_working_days=deadline_working_days,
        legal_basis=legal_basis,
    )
    form.full_clean()
    form.save()
    form.receiving_units.set(receiving_units)
    form.assigned_units.set(assigned_units)
    form.assigned_subtrees.set(assigned_subtrees)
    form.assigned_kinds.set(assigned_kinds)
    form.assigned_groups.set(assigned_groups)
    for s_order, (title, items) in enumerate(sections, start=1):
        section = FormSection.objects.create(form=form, order=s_order, title=title)
        for i_order, spec in enumerate(items, start=1):
            FormItem.objects.create(
                section=section,
                indicator=spec.indicator,
                order=i_order,
                required=spec.required,
                expected_min=spec.expected_min,
                expected_max=spec.expected_max,
            )
    for left, op, right, message in rules_between:
        ValidationRule.objects.create(form=form, left=left, op=op, right=right, message=message)
    return form


# ---------------------------------------------------------------- values


def form_items(form: ReportForm) -> list[FormItem]:
    return list(
        FormItem.objects.filter(section__form=form)
        .select_related("indicator", "section")
        .prefetch_related("indicator__dimensions")
        .order_by("section__order", "order", "id")
    )


def item_keys(indicator: Indicator) -> list[tuple[str, str]]:
    """The cells of an indicator: the total ("") then one per disaggregation category."""
    keys = [("", "")]
    for dim in indicator.dimensions.all():
        keys.extend(dim.category_keys())
    return keys


_THOUSANDS = re.compile(r"^-?\d{1,3}([.,  ]\d{3})+$")


def parse_value(indicator: Indicator, raw: Any) -> tuple[Decimal | None, str]:
    """(number, text) from a raw cell or form value; ValueError with a readable message."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None, ""
    vt = indicator.value_type
    if vt == VT.TEXT:
        return None, str(raw).strip()
    if vt == VT.YESNO:
        if isinstance(raw, bool):
            return Decimal(int(raw)), ""
        word = str(raw).strip().lower()
        if word in {"1", "x", "có", "co", "yes", "y", "true", "đạt"}:
            return Decimal(1), ""
        if word in {"0", "không", "khong", "no", "n", "false", "chưa"}:
            return Decimal(0), ""
        raise ValueError(_("“%(v)s” is not yes or no") % {"v": raw})
    if isinstance(raw, bool):
        raise ValueError(_("“%(v)s” is not a number") % {"v": raw})
    if isinstance(raw, (int, float, Decimal)):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("%", "") if vt == VT.PERCENT else str(raw).strip()
        if _THOUSANDS.match(text):
            text = re.sub(r"[.,  ]", "", text)
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("“%(v)s” is not a number") % {"v": raw}) from None
    if not number.is_finite():
        raise ValueError(_("“%(v)s” is not a number") % {"v": raw})
    if vt == VT.INTEGER and number != number.to_integral_value():
        raise ValueError(_("“%(v)s” is not a whole number") % {"v": raw})
    if vt == VT.PERCENT and not (0 <= number <= 100):
        raise ValueError(_("%(v)s is not a percentage between 0 and 100") % {"v": raw})
    if abs(number) >= Decimal(10) ** 15:
        raise ValueError(_("%(v)s is too large") % {"v": raw})
    return number, ""


@dataclass
class CellError:
    indicator: str
    key: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        cell = f"{self.indicator}[{self.key}]" if self.key else self.indicator
        prefix = f"{self.where}, " if self.where else ""
        return f"{prefix}{cell}: {self.message}"


Cells = dict[tuple[int, str], tuple[Decimal | None, str]]


def clean_values(
    form: ReportForm,
    raw: Mapping[tuple[str, str], Any],
    *,
    where: Mapping[tuple[str, str], str] | None = None,
    items: list[FormItem] | None = None,
) -> tuple[Cells, list[CellError]]:
    """Parse raw values keyed by (indicator code, key) against the form's items."""
    items = form_items(form) if items is None else items
    known = {
        (it.indicator.code, k): it.indicator for it in items for k, _ in item_keys(it.indicator)
    }
    cells: Cells = {}
    errors: list[CellError] = []
    for (code, key), value in raw.items():
        indicator = known.get((code, key))
        loc = (where or {}).get((code, key), "")
        if indicator is None:
            errors.append(CellError(code, key, _("not an indicator of this form"), loc))
            continue
        try:
            cells[(indicator.pk, key)] = parse_value(indicator, value)
        except ValueError as exc:
            errors.append(CellError(code, key, str(exc), loc))
    return cells, errors


_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def check_rules(
    form: ReportForm,
    cells: Cells,
    *,
    complete: bool,
    items: list[FormItem] | None = None,
    rules_: list[ValidationRule] | None = None,
) -> list[CellError]:
    """Required values (when ``complete``) and rules between indicators: refusals."""
    errors: list[CellError] = []
    items = form_items(form) if items is None else items
    if rules_ is None:
        rules_ = list(form.rules.select_related("left", "right"))
    if complete:
        for it in items:
            if it.required and cells.get((it.indicator_id, ""), (None, ""))[0] is None:
                if (
                    it.indicator.value_type == VT.TEXT
                    and cells.get((it.indicator_id, ""), ("", ""))[1]
                ):
                    continue
                errors.append(CellError(it.indicator.code, "", _("a value is required")))
    for rule in rules_:
        a = cells.get((rule.left_id, ""), (None, ""))[0]
        b = cells.get((rule.right_id, ""), (None, ""))[0]
        if a is not None and b is not None and not _OPS[rule.op](a, b):
            msg = rule.message or _("%(l)s must be %(op)s %(r)s") % {
                "l": rule.left.name,
                "op": rule.get_op_display(),
                "r": rule.right.name,
            }
            errors.append(CellError(rule.left.code, "", f"{msg} ({a} / {b})"))
    # A disaggregated total must equal the sum of its categories when both are given.
    for it in items:
        for dim in it.indicator.dimensions.all():
            parts = [
                cells.get((it.indicator_id, k), (None, ""))[0] for k, _l in dim.category_keys()
            ]
            total = cells.get((it.indicator_id, ""), (None, ""))[0]
            complete = parts and all(p is not None for p in parts)
            if total is not None and complete and sum(parts) != total:
                errors.append(
                    CellError(
                        it.indicator.code,
                        "",
                        _("the total %(t)s differs from the sum by %(d)s (%(s)s)")
                        % {"t": total, "d": dim.name, "s": sum(parts)},
                    )
                )
    return errors


def find_outliers(
    form: ReportForm, cells: Cells, items: list[FormItem] | None = None
) -> list[dict[str, str]]:
    """Values outside an item's expected range: flagged for the reviewer, not refused."""
    flagged = []
    for it in form_items(form) if items is None else items:
        v = cells.get((it.indicator_id, ""), (None, ""))[0]
        if v is None:
            continue
        low, high = it.expected_min, it.expected_max
        if (low is not None and v < low) or (high is not None and v > high):
            flagged.append(
                {
                    "indicator": it.indicator.code,
                    "value": str(v),
                    "expected": f"{'' if low is None else low}–{'' if high is None else high}",
                }
            )
    return flagged


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
    from thidua.reporting.selectors import expected_units

    return expected_units(form=form, period=period).filter(pk=unit.pk).exists()


# ---------------------------------------------------------------- submission workflow


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
        from thidua.core.services import ConflictError

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


@transaction.atomic
def submissions_urge(
    *, user: Any, form: ReportForm, period: Period, units: Sequence[OrgUnit], message: str = ""
) -> int:
    """Notify the reporters of ``units`` that their report is missing; once per day."""
    today = timezone.localdate()
    url = reverse("reporting:fill", args=[period.pk])
    sent = 0
    for unit in units:
        require_supervisor(user, form, unit)
        holders = RoleAssignment.objects.filter(unit=unit).select_related("user")
        for ra in holders:
            if ROLE_RANK[Role(ra.role)] < ROLE_RANK[Role.REPORTER]:
                continue
            _note, created = Notification.objects.get_or_create(
                user=ra.user,
                dedupe_key=f"report-urge:{period.pk}:{unit.pk}:{today.isoformat()}",
                defaults={
                    "kind": "report",
                    "title": _("Report %(form)s %(period)s is due (%(deadline)s)")
                    % {
                        "form": form.name,
                        "period": period.label,
                        "deadline": f"{period.deadline:%d/%m/%Y}",
                    },
                    "body": message,
                    "url": f"{url}?unit={unit.pk}",
                },
            )
            sent += int(created)
    log_event(period, "urged", data={"units": [u.code for u in units], "notifications": sent})
    return sent


@dataclass
class HistoricRow:
    """One report of a bulk load of past figures (``submissions_bulk_load``)."""

    unit: OrgUnit
    values: Mapping[tuple[str, str], Any]
    status: str = S.APPROVED
    submitted_on: dt.date | None = None


@transaction.atomic
def submissions_bulk_load(
    *, user: Any, period: Period, rows: Sequence[HistoricRow], batch_size: int = 5000
) -> int:
    """Load many reports of one period at once (past years, migrations, benchmarks).

    Values are validated like any other input (all errors at once, nothing saved); the
    rows are bulk-inserted without per-row signals, one ``imported`` event is logged on
    the period, and the approved reports roll up together (``synthesis.apply_many``:
    one set-based statement per tree level) instead of one roll-up per report. Units
    that already have a report for the period are refused.
    """
    form = period.form
    require(user, Action.MANAGE, form.owner)
    errors: list[str] = []
    parsed: list[tuple[HistoricRow, Cells]] = []
    items = form_items(form)
    rules_ = list(form.rules.select_related("left", "right"))
    for row in rows:
        cells, errs = clean_values(form, row.values, items=items)
        errs = errs or check_rules(
            form, cells, complete=row.status != S.DRAFT, items=items, rules_=rules_
        )
        errors.extend(f"{row.unit.code}: {e}" for e in errs)
        parsed.append((row, cells))
    taken = set(
        Submission.objects.filter(period=period, unit__in=[r.unit for r in rows]).values_list(
            "unit__code", flat=True
        )
    )
    errors.extend(
        _("%(u)s: already has a report for this period") % {"u": c} for c in sorted(taken)
    )
    if errors:
        raise ValidationError(errors[:200])
    now = timezone.now()
    subs = []
    for row, cells in parsed:
        on = row.submitted_on if row.status != S.DRAFT else None
        subs.append(
            Submission(
                form=form,
                period=period,
                unit=row.unit,
                status=row.status,
                source=Submission.Source.EXCEL,
                first_submitted_on=on,
                submitted_at=now if on else None,
                decided_at=now if row.status in {S.APPROVED, S.RETURNED} else None,
                approved_at=now if row.status == S.APPROVED else None,
                decided_by=user if row.status == S.APPROVED else None,
                created_by=user,
                outliers=find_outliers(form, cells, items),
            )
        )
    Submission.objects.bulk_create(subs, batch_size=batch_size)
    if subs and subs[0].pk is None:  # backends without RETURNING on bulk insert
        ids = dict(Submission.objects.filter(period=period).values_list("unit_id", "pk"))
        for s in subs:
            s.pk = ids[s.unit_id]
    Value.objects.bulk_create(
        [
            Value(submission=s, indicator_id=i, key=k, number=n, text=t)
            for s, (_row, cells) in zip(subs, parsed, strict=True)
            for (i, k), (n, t) in cells.items()
            if n is not None or t
        ],
        batch_size=batch_size,
    )
    synthesis.apply_many(
        form_id=form.pk,
        period_id=period.pk,
        submission_ids=[s.pk for s in subs if s.status == S.APPROVED],
    )
    log_event(period, "imported", data={"reports": len(subs)})
    return len(subs)
