"""Writes of the emulation app: movements, criteria, pledges, evaluations, contests.

Who may do each is decided by the rules of ``thidua.emulation.permissions``, asked inside
the transaction (``rules.require``). Scores computed from indicators read the approved
figures of ``thidua.reporting`` (``criterion_compute``) and follow them afterwards
(``evaluations_follow_figures``, connected in ``EmulationConfig.ready``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core.changelog import history_for, log_event
from thidua.core.figures import format_day
from thidua.core.notifications import Notice, notify
from thidua.core.services import bump_version, edit_locked, lock_for_update
from thidua.emulation.models import (
    ClassificationBand,
    Contest,
    ContestRound,
    Criterion,
    Entry,
    Evaluation,
    Movement,
    MovementContent,
    MovementGroup,
    Pledge,
    Prize,
    RoundTally,
    Score,
)
from thidua.emulation.permissions import rules
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Indicator, Period, ReportForm
from thidua.reporting.selectors import yearly_indicator_value

# ---- movements -------------------------------------------------------------------------


def movement_code(name: str) -> str:
    """A movement's short address made from its title, unique among movements: ASCII,
    accents dropped and đ read as d ("Toàn dân bảo vệ an ninh Tổ quốc" →
    ``toan-dan-bao-ve-an-ninh-to-quoc``), cut to fit, numbered when already taken."""
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:50].strip("-") or "phong-trao"
    code, n = base, 1
    while Movement.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def movement_create(
    *,
    user: Any,
    name: str,
    kind: str,
    owner_unit: OrgUnit,
    code: str = "",
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    launch_document: Any = None,
    basis_documents: Iterable[Any] = (),
    participant_units: Iterable[OrgUnit] = (),
    description: str = "",
    report_deadline: str = "",
    is_public: bool = True,
) -> Movement:
    """Create a movement; without a ``code`` it gets one made from its title."""
    rules.require("create_movement", user, owner_unit=owner_unit)
    movement = Movement(
        code=code.strip() or movement_code(name),
        name=name.strip(),
        kind=kind,
        owner_unit=owner_unit,
        starts_on=starts_on,
        ends_on=ends_on,
        launch_document=launch_document,
        description=description,
        report_deadline=report_deadline,
        is_public=is_public,
    )
    movement.full_clean()
    movement.save()
    movement.participant_units.set(list(participant_units))
    movement.basis_documents.set(list(basis_documents))
    return movement


_MOVEMENT_FIELDS = {
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "launch_document",
    "description",
    "report_deadline",
    "is_public",
}


@transaction.atomic
def movement_update(
    *, user: Any, movement: Movement, expected_version: int | None, **changes: Any
) -> Movement:
    rules.require("edit", user, movement)
    return edit_locked(
        movement, changes=changes, allowed=_MOVEMENT_FIELDS, expected_version=expected_version
    )


@transaction.atomic
def movement_integrate(*, user: Any, movement: Movement, other: Movement) -> Movement:
    """Record that ``movement`` is carried out together with ``other`` (S5: bodies may
    integrate it with their own movements). The user runs ``movement`` and sees ``other``."""
    rules.require("integrate", user, movement, other=other)
    if other.pk == movement.pk:
        raise ValidationError({"other": _("A movement cannot be integrated with itself.")})
    movement.integrated_with.add(other)
    log_event(movement, "integrated", message=str(other), data={"with": other.pk})
    return movement


def _upsert_row(model: Any, expected_version: int | None, **key: Any) -> Any:
    """The row with ``key``, locked and checked against ``expected_version`` when it exists
    (its version is bumped: an edit of an existing row is a new version), else a new row."""
    existing = model.objects.filter(**key).first()
    if existing is None:
        return model(**key)
    fresh = lock_for_update(existing, expected_version=expected_version)
    bump_version(fresh)
    return fresh


@transaction.atomic
def content_set(
    *,
    user: Any,
    movement: Movement,
    number: int,
    text: str,
    expected_version: int | None = None,
) -> MovementContent:
    rules.require("edit_structure", user, movement)
    content = _upsert_row(MovementContent, expected_version, movement=movement, number=number)
    content.text = text.strip()
    content.full_clean()
    content.save()
    return content


@transaction.atomic
def group_set(
    *,
    user: Any,
    movement: Movement,
    number: int,
    name: str,
    recipient_kind: str = "collective",
    expected_version: int | None = None,
) -> MovementGroup:
    rules.require("edit_structure", user, movement)
    group = _upsert_row(MovementGroup, expected_version, movement=movement, number=number)
    group.name, group.recipient_kind = name.strip(), recipient_kind
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def criterion_set(
    *,
    user: Any,
    group: MovementGroup,
    number: int,
    text: str,
    max_score: Decimal = Decimal("10"),
    weight: Decimal = Decimal("1"),
    method: str = Criterion.Method.MANUAL,
    indicator_code: str = "",
    indicator_target: Decimal | None = None,
    expected_version: int | None = None,
) -> Criterion:
    rules.require("edit_structure", user, group.movement)
    criterion = _upsert_row(Criterion, expected_version, group=group, number=number)
    criterion.text, criterion.max_score, criterion.weight = text.strip(), max_score, weight
    criterion.method, criterion.indicator_code = method, indicator_code.strip()
    criterion.indicator_target = indicator_target
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def band_set(
    *, user: Any, movement: Movement, name: str, min_percent: Decimal, is_outstanding: bool = False
) -> ClassificationBand:
    """Add or change a classification band; final evaluations are re-banded at once."""
    rules.require("edit_structure", user, movement)
    band = ClassificationBand.objects.filter(
        movement=movement, name=name
    ).first() or ClassificationBand(movement=movement, name=name)
    band.min_percent, band.is_outstanding = min_percent, is_outstanding
    band.full_clean()
    band.save()
    for evaluation in movement.evaluations.filter(status=Evaluation.Status.FINAL):
        _apply_band(evaluation)
    return band


# ---- pledges ---------------------------------------------------------------------------


@transaction.atomic
def pledge_register(
    *,
    user: Any,
    movement: Movement,
    group: MovementGroup,
    unit: OrgUnit,
    year: int,
    targets: str,
    expected_version: int | None = None,
) -> Pledge:
    """A unit registers for a movement with its targets (one pledge a year); registering
    again changes the pledge (``expected_version`` guards an edit against a concurrent one)."""
    rules.require("pledge", user, movement, unit=unit)
    if group.movement_id != movement.pk:
        raise ValidationError({"group": _("That subject group belongs to another movement.")})
    if not targets.strip():
        raise ValidationError({"targets": _("Write the targets the unit pledges.")})
    pledge = Pledge.objects.filter(movement=movement, unit=unit, year=year).first()
    if pledge is not None:
        pledge = lock_for_update(pledge, expected_version=expected_version)
    else:
        pledge = Pledge(movement=movement, unit=unit, year=year, registered_by=user)
    pledge.group, pledge.targets, pledge.status = group, targets.strip(), Pledge.Status.REGISTERED
    pledge.full_clean()
    if pledge.pk:
        bump_version(pledge)
    pledge.save()
    log_event(pledge, "pledged", data={"year": year})
    return pledge


# ---- evaluations -----------------------------------------------------------------------

COMPUTED = (Criterion.Method.INDICATOR, Criterion.Method.BOTH)


def criterion_compute(criterion: Criterion, unit: OrgUnit, year: int) -> Decimal | None:
    """The score a criterion computes from its indicator: min(value / target, 1) × max,
    from the approved figure of ``unit``'s subtree for ``year`` (the real-time synthesis
    of ``thidua.reporting``); None while no figure is approved."""
    if criterion.method not in COMPUTED or not criterion.indicator_code:
        return None
    value = yearly_indicator_value(unit, criterion.indicator_code, year)
    if value is None:
        return None
    if not criterion.indicator_target:
        return criterion.max_score if value > 0 else Decimal("0")
    ratio = min(Decimal(value) / criterion.indicator_target, Decimal("1"))
    return (ratio * criterion.max_score).quantize(Decimal("0.01"))


def default_reviewer(movement: Movement, unit: OrgUnit) -> OrgUnit:
    """The supervising unit: the unit's parent inside the owner's tree, else the owner
    (S5: ministries and provinces are reviewed by the Ministry of Public Security)."""
    if unit.is_within(movement.owner_unit) and unit.pk != movement.owner_unit_id and unit.parent_id:
        return unit.parent
    return movement.owner_unit


@transaction.atomic
def evaluation_open(
    *,
    user: Any,
    movement: Movement,
    group: MovementGroup,
    unit: OrgUnit,
    year: int,
    person: Any = None,
    reviewer_unit: OrgUnit | None = None,
) -> Evaluation:
    """Open a unit's (or one of its people's) evaluation for a year, with a score row per
    criterion of its group (computed ones filled from the approved figures)."""
    rules.require("open_evaluation", user, movement, unit=unit)
    if group.movement_id != movement.pk:
        raise ValidationError({"group": _("That subject group belongs to another movement.")})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"person": _("The person belongs to another unit.")})
    evaluation = Evaluation(
        movement=movement,
        group=group,
        unit=unit,
        year=year,
        person=person,
        reviewer_unit=reviewer_unit or default_reviewer(movement, unit),
    )
    evaluation.full_clean()
    evaluation.save()
    for criterion in group.criteria.all():
        Score.objects.create(
            evaluation=evaluation,
            criterion=criterion,
            computed_score=criterion_compute(criterion, unit, year),
        )
    return evaluation


def _check_score(criterion: Criterion, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value)
    if value < 0 or value > criterion.max_score:
        raise ValidationError(
            {
                "scores": _("Criterion %(n)s: %(value)s is outside 0–%(max)s.")
                % {"n": criterion_label(criterion), "value": value, "max": criterion.max_score}
            }
        )
    return value


def criterion_label(criterion: Criterion) -> str:
    """``2.3``: the criterion's number within its group's, as the pages show it."""
    return f"{criterion.group.number}.{criterion.number}"


def _weighted(scores: Iterable[Score], pick: Callable[[Score], Decimal | None]) -> Decimal:
    total = Decimal("0")
    for s in scores:
        value = pick(s)
        if value is not None:
            total += value * s.criterion.weight
    return total.quantize(Decimal("0.01"))


def _self_value(s: Score) -> Decimal | None:
    """What counts in the self-assessed total: the unit's own score, else the computed one."""
    return s.self_score if s.self_score is not None else s.computed_score


def weighted_maximum(group: MovementGroup) -> Decimal:
    return sum((c.max_score * c.weight for c in group.criteria.all()), Decimal("0"))


@transaction.atomic
def evaluation_self_assess(
    *,
    user: Any,
    evaluation: Evaluation,
    expected_version: int | None,
    scores: Mapping[int, tuple[Decimal | None, str]],
    submit: bool = False,
) -> Evaluation:
    """The unit scores itself per criterion with evidence; ``submit`` sends it to review.

    ``scores`` maps a criterion id to (score, evidence). Each changed Score row is saved,
    so the change log keeps every value it ever had.
    """
    rules.require("self_assess", user, evaluation)  # before the lock: no version hint to outsiders
    fresh = _locked(evaluation, expected_version)
    rules.require("self_assess", user, fresh)
    rows = {s.criterion_id: s for s in fresh.scores.select_related("criterion__group")}
    unknown = set(scores) - set(rows)
    if unknown:
        raise ValidationError(
            {
                "scores": _("These criteria are not in this evaluation: %(ids)s.")
                % {"ids": ", ".join(str(i) for i in sorted(unknown))}
            }
        )
    for cid, (value, evidence) in scores.items():
        row = rows[cid]
        row.self_score = _check_score(row.criterion, value)
        row.evidence = (evidence or "").strip()
        row.save()
    if submit:
        missing = [
            s.criterion for s in rows.values() if s.self_score is None and s.computed_score is None
        ]
        if missing:
            raise ValidationError(
                {
                    "scores": _(
                        "Score every criterion before sending it for review: %(criteria)s "
                        "(a criterion computed from a report counts once the report is "
                        "approved)."
                    )
                    % {"criteria": ", ".join(criterion_label(c) for c in missing)}
                }
            )
        fresh.status = Evaluation.Status.SELF_ASSESSED
    fresh.self_total = _weighted(rows.values(), _self_value)
    bump_version(fresh)
    fresh.save()
    if submit:
        log_event(fresh, "self_assessed", data={"total": fresh.self_total})
    return fresh


@transaction.atomic
def evaluation_review(
    *,
    user: Any,
    evaluation: Evaluation,
    expected_version: int | None,
    scores: Mapping[int, tuple[Decimal | None, str]],
    note: str = "",
) -> Evaluation:
    """The supervising unit sets its score per criterion (empty keeps the self-assessment)."""
    rules.require("review", user, evaluation)
    fresh = _locked(evaluation, expected_version)
    rules.require("review", user, fresh)
    rows = {s.criterion_id: s for s in fresh.scores.select_related("criterion__group")}
    for cid, (value, review_note) in scores.items():
        if cid not in rows:
            raise ValidationError(
                {"scores": _("Criterion %(id)s is not in this evaluation.") % {"id": cid}}
            )
        row = rows[cid]
        row.reviewed_score = _check_score(row.criterion, value)
        row.review_note = (review_note or "").strip()
        row.save()
    fresh.review_total = _weighted(rows.values(), lambda s: s.effective)
    fresh.review_note = note.strip()
    fresh.status = Evaluation.Status.REVIEWED
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "reviewed", message=note, data={"total": fresh.review_total})
    return fresh


def _apply_band(evaluation: Evaluation) -> None:
    maximum = weighted_maximum(evaluation.group)
    total = evaluation.final_total or Decimal("0")
    percent = (
        (Decimal("100") * total / maximum).quantize(Decimal("0.01")) if maximum else Decimal("0")
    )
    band = (
        evaluation.movement.bands.filter(min_percent__lte=percent).order_by("-min_percent").first()
    )
    if evaluation.percent != percent or evaluation.band_id != (band.pk if band else None):
        evaluation.percent, evaluation.band = percent, band
        evaluation.save(update_fields=["percent", "band", "updated_at"])


def ranking_recompute(*, movement: Movement, group: MovementGroup, year: int) -> list[Evaluation]:
    """Rank the final evaluations of a group and year by final score (ties share a rank:
    1, 2, 2, 4). Ranks are stored so that lists and award rules read them directly."""
    finals = list(
        Evaluation.objects.filter(
            movement=movement, group=group, year=year, status=Evaluation.Status.FINAL
        ).order_by("-final_total", "unit__path")
    )
    previous: Decimal | None = None
    rank = 0
    for position, e in enumerate(finals, start=1):
        if e.final_total != previous:
            rank, previous = position, e.final_total
        if e.rank != rank:
            e.rank = rank
            e.save(update_fields=["rank", "updated_at"])
    return finals


@transaction.atomic
def evaluation_finalise(
    *, user: Any, evaluation: Evaluation, expected_version: int | None
) -> Evaluation:
    """The movement's owner fixes the result: final score, band, and the group's ranking."""
    rules.require("finalise", user, evaluation)
    fresh = _locked(evaluation, expected_version)
    rules.require("finalise", user, fresh)
    rows = list(fresh.scores.select_related("criterion"))
    fresh.final_total = _weighted(rows, lambda s: s.effective)
    fresh.status = Evaluation.Status.FINAL
    fresh.figures_changed_on = None
    bump_version(fresh)
    fresh.save()
    _apply_band(fresh)
    ranking_recompute(movement=fresh.movement, group=fresh.group, year=fresh.year)
    fresh.refresh_from_db()
    log_event(
        fresh,
        "finalised",
        data={
            "total": fresh.final_total,
            "rank": fresh.rank,
            "band": fresh.band.name if fresh.band else None,
        },
    )
    return fresh


@transaction.atomic
def evaluation_reopen(
    *, user: Any, evaluation: Evaluation, expected_version: int | None, note: str
) -> Evaluation:
    """Send an evaluation back to the unit (a correction): the old scores stay in the log.

    Scores computed from indicators are computed again from today's approved figures, and
    a final result's mark that its figures changed is cleared: it is scored again."""
    rules.require("reopen", user, evaluation)
    fresh = _locked(evaluation, expected_version)
    rules.require("reopen", user, fresh)
    if not note.strip():
        raise ValidationError({"note": _("Say why it is reopened.")})
    was_final = fresh.status == Evaluation.Status.FINAL
    fresh.status, fresh.final_total, fresh.rank, fresh.band = (
        Evaluation.Status.DRAFT,
        None,
        None,
        None,
    )
    fresh.percent, fresh.figures_changed_on = None, None
    rows = list(fresh.scores.select_related("criterion__group"))
    moved = _compute_again(fresh, rows)
    bump_version(fresh)
    fresh.save()
    if was_final:
        ranking_recompute(movement=fresh.movement, group=fresh.group, year=fresh.year)
    log_event(fresh, "reopened", message=note)
    if moved:
        _log_moved(fresh, moved)
    return fresh


def _locked(evaluation: Evaluation, expected_version: int | None) -> Evaluation:
    """The evaluation re-read locked (``lock_for_update``), with what the rules read."""
    fresh = lock_for_update(evaluation, expected_version=expected_version)
    # Set once when the evaluation is opened: the caller's loaded ones stand for them.
    fresh.movement, fresh.unit = evaluation.movement, evaluation.unit
    fresh.reviewer_unit, fresh.group = evaluation.reviewer_unit, evaluation.group
    return fresh


# ---- following the approved figures ----------------------------------------------------

Moved = dict[str, list[Decimal | None]]  # criterion label → [before, after]


def _compute_again(evaluation: Evaluation, rows: list[Score]) -> Moved:
    """Compute the evaluation's computed criteria again from the approved figures; save
    the score rows that moved (the change log keeps each value) and the totals that
    read them (``evaluation`` is saved by the caller). Returns what moved."""
    moved: Moved = {}
    for s in rows:
        if s.criterion.method not in COMPUTED:
            continue
        now = criterion_compute(s.criterion, evaluation.unit, evaluation.year)
        if now != s.computed_score:
            moved[criterion_label(s.criterion)] = [s.computed_score, now]
            s.computed_score = now
            s.save()
    if moved:
        if evaluation.self_total is not None:
            evaluation.self_total = _weighted(rows, _self_value)
        if evaluation.review_total is not None:
            evaluation.review_total = _weighted(rows, lambda s: s.effective)
    return moved


def _moved_text(moved: Moved) -> str:
    """``2.1: 12.50 → 15.00; 2.2: — → 20.00``: the same in every language."""
    return "; ".join(
        f"{label}: {'—' if b is None else b} → {'—' if a is None else a}"
        for label, (b, a) in sorted(moved.items())
    )


def _log_moved(evaluation: Evaluation, moved: Moved, event: str = "figures changed") -> None:
    log_event(evaluation, event, message=_moved_text(moved), data=moved)


def _owner_told(evaluation_id: int, day: dt.date) -> None:
    """Tell the officers of the movement's owner that a final result's figures moved.

    Run once the change is committed (``transaction.on_commit``), and only if the mark
    still stands: figures that moved and came back in one transaction (a correction
    approved with the same values) tell nobody."""
    e = (
        Evaluation.objects.filter(pk=evaluation_id, figures_changed_on=day)
        .select_related("movement__owner_unit", "unit", "person")
        .first()
    )
    if e is None:
        return
    context = {
        "subject": e.subject_name,
        "movement": e.movement.name,
        "year": e.year,
        "day": format_day(day),
    }
    notify(
        [
            Notice(
                unit=e.movement.owner_unit,
                kind="evaluation",
                key=f"emulation:figures-changed:{e.pk}:{day.isoformat()}",
                url=reverse("emulation:evaluation", args=[e.pk]),
                title=lambda: (
                    _(
                        "The figures behind the final result of %(subject)s in “%(movement)s” "
                        "%(year)s changed"
                    )
                    % context
                ),
                body=lambda: (
                    _(
                        "Approved report figures that a computed criterion reads changed on "
                        "%(day)s, after the result was finalised. Its score, band and rank stay "
                        "as finalised: reopen the evaluation to score it again."
                    )
                    % context
                ),
            )
        ]
    )


@dataclass
class FiguresFollowed:
    """What ``evaluations_follow_figures`` did."""

    rescored: list[Evaluation] = field(default_factory=list)  # not final: scores moved
    marked: list[Evaluation] = field(default_factory=list)  # final: now marked
    unmarked: list[Evaluation] = field(default_factory=list)  # final: figures back again


def _reading(*, period_id: int, indicator_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(evaluation id, unit id) of the evaluations with a criterion computed from one of
    the indicators, for the year of ``period_id`` if that period is yearly (criteria read
    yearly figures only). One query, through the index on computed criteria's codes."""
    year = Period.objects.filter(
        pk=period_id, form__periodicity=ReportForm.Periodicity.YEAR
    ).values("year")[:1]
    groups = (
        Criterion.objects.exclude(method=Criterion.Method.MANUAL)
        .filter(indicator_code__in=Indicator.objects.filter(pk__in=indicator_ids).values("code"))
        .values("group_id")
    )
    return list(
        Evaluation.objects.filter(group_id__in=Subquery(groups), year=Subquery(year))
        .order_by()
        .values_list("pk", "unit_id")
    )


def evaluations_follow_figures(
    *, period_id: int, unit_ids: Container[int], indicator_ids: Iterable[int]
) -> FiguresFollowed:
    """Bring the evaluations that read changed figures up to date (``unit_ids``: the units
    whose subtree figures of ``indicator_ids`` moved in period ``period_id``).

    Runs inside the transaction that changed the figures (the receiver of
    ``reporting.signals.synthesis_changed``): a failure here rolls the approval back, and
    the scores never lag behind the figures. An evaluation still in progress gets its
    computed scores and totals again (so the ranking page orders it anew), each change
    logged as "figures changed" with before → after per criterion. A final one is the
    owner's fixed result: it is left as it is and marked (``figures_changed_on``, an event,
    and a notice to the owner's officers) when a figure its final score used now differs,
    and unmarked when the figures come back to what it was fixed on.

    Cheap when nothing reads the changed figures: one indexed query (``_reading``).
    """
    done = FiguresFollowed()
    # ``unit_ids`` may hold a whole country after a bulk load: membership in Python.
    ids = [
        pk
        for pk, unit_id in _reading(period_id=period_id, indicator_ids=indicator_ids)
        if unit_id in unit_ids
    ]
    if not ids:
        return done
    with transaction.atomic():
        _follow(ids, done)
    return done


def _follow(ids: list[int], done: FiguresFollowed) -> None:
    evaluations = list(
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("unit", "movement__owner_unit", "group")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    rows: dict[int, list[Score]] = defaultdict(list)
    for s in Score.objects.filter(evaluation_id__in=ids).select_related("criterion__group"):
        rows[s.evaluation_id].append(s)
    today = timezone.localdate()
    for e in evaluations:
        if e.status != Evaluation.Status.FINAL:
            moved = _compute_again(e, rows[e.pk])
            if moved:
                bump_version(e)
                e.save()
                _log_moved(e, moved)
                done.rescored.append(e)
            continue
        _follow_final(e, rows[e.pk], today, done)


MARKED = "figures changed after finalisation"


def _follow_final(e: Evaluation, rows: list[Score], today: dt.date, done: FiguresFollowed) -> None:
    """Mark a final evaluation whose figures moved, or unmark it when they are back."""
    # What the final score used: a computed score the reviewer did not override.
    differs: Moved = {}
    for s in rows:
        if s.criterion.method not in COMPUTED or s.reviewed_score is not None:
            continue
        now = criterion_compute(s.criterion, e.unit, e.year)
        if now != s.computed_score:
            differs[criterion_label(s.criterion)] = [s.computed_score, now]
    if differs and e.figures_changed_on is None:
        e.figures_changed_on = today
        e.save(update_fields=["figures_changed_on", "updated_at"])
        _log_moved(e, differs, MARKED)
        transaction.on_commit(functools.partial(_owner_told, e.pk, today), robust=True)
        done.marked.append(e)
    elif differs:
        # Marked already; the figures moved again (a correction is the old report leaving,
        # then the new one arriving): the history says where they stand now.
        last = history_for(e).filter(event=MARKED).order_by("-pk").values_list("after", flat=True)
        as_logged = {
            k: [None if v is None else str(v) for v in pair] for k, pair in differs.items()
        }
        if last.first() != as_logged:
            _log_moved(e, differs, MARKED)
    elif e.figures_changed_on is not None:
        e.figures_changed_on = None
        e.save(update_fields=["figures_changed_on", "updated_at"])
        log_event(e, "figures as finalised again")
        done.unmarked.append(e)


# ---- contests --------------------------------------------------------------------------


@transaction.atomic
def contest_create(
    *,
    user: Any,
    name: str,
    year: int,
    unit: OrgUnit,
    organiser: str = "",
    topic: str = "",
    movement: Movement | None = None,
    basis_document: Any = None,
    rounds: Iterable[tuple[str, str]] = (),
    prizes: Iterable[str] = (),
    is_public: bool = True,
) -> Contest:
    """A contest with its rounds ((level, name) in order) and prizes (best first); a
    published one is read by every member, its entries and figures stay scoped."""
    rules.require("create_contest", user, unit=unit)
    contest = Contest(
        name=name.strip(),
        year=year,
        unit=unit,
        organiser=organiser.strip(),
        topic=topic.strip(),
        movement=movement,
        basis_document=basis_document,
        is_public=is_public,
    )
    contest.full_clean()
    contest.save()
    for order, (level, round_name) in enumerate(rounds, start=1):
        ContestRound.objects.create(contest=contest, order=order, level=level, name=round_name)
    for rank, prize_name in enumerate(prizes, start=1):
        Prize.objects.create(contest=contest, name=prize_name, rank=rank)
    return contest


@transaction.atomic
def entry_register(*, user: Any, contest: Contest, title: str, author: str, unit: OrgUnit) -> Entry:
    """Register an entry from a unit; it enters the contest's first round."""
    rules.require("register_entry", user, contest, unit=unit)
    entry = Entry(contest=contest, title=title.strip(), author=author.strip(), unit=unit)
    entry.full_clean()
    entry.save()
    first = contest.rounds.order_by("order").first()
    if first is not None:
        entry.rounds.add(first)
    return entry


@transaction.atomic
def entry_select(*, user: Any, entry: Entry, round: ContestRound) -> Entry:
    """Select an entry into a later round; it must have passed the round before."""
    rules.require("select", user, entry.contest)
    if round.contest_id != entry.contest_id:
        raise ValidationError({"round": _("That round belongs to another contest.")})
    earlier = entry.contest.rounds.filter(order=round.order - 1).first()
    if earlier is not None and not entry.rounds.filter(pk=earlier.pk).exists():
        raise ValidationError(
            _("“%(entry)s” was not selected in %(round)s: select it there first.")
            % {"entry": entry, "round": earlier}
        )
    entry.rounds.add(round)
    log_event(entry, "selected", message=str(round))
    return entry


@transaction.atomic
def entry_award_prize(
    *, user: Any, entry: Entry, prize: Prize | None, expected_version: int | None = None
) -> Entry:
    rules.require("award_prize", user, entry.contest)
    if prize is not None and prize.contest_id != entry.contest_id:
        raise ValidationError({"prize": _("That prize belongs to another contest.")})
    fresh = lock_for_update(entry, expected_version=expected_version)
    fresh.prize = prize
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "prize", message=str(prize or "-"))
    return fresh


@transaction.atomic
def tally_report(
    *,
    user: Any,
    round: ContestRound,
    unit: OrgUnit,
    entries: int,
    note: str = "",
    expected_version: int | None = None,
) -> RoundTally:
    """Report how many entries a unit had in a round, for entries not registered one by one
    (reporting again for the same round and unit corrects the figure)."""
    rules.require("report_tally", user, round.contest, unit=unit)
    if entries < 0:
        raise ValidationError({"entries": _("A count cannot be negative.")})
    tally = _upsert_row(RoundTally, expected_version, round=round, unit=unit)
    tally.entries, tally.note = entries, note.strip()
    tally.full_clean()
    tally.save()
    return tally
