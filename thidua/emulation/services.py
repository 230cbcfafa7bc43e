"""Writes of the emulation app: movements, criteria, pledges, evaluations, contests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.accounts.scope import Action, can, require
from thidua.core.changelog import log_event
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
from thidua.orgunits.models import OrgUnit

# ---- movements -------------------------------------------------------------------------


@transaction.atomic
def movement_create(
    *,
    user: Any,
    code: str,
    name: str,
    kind: str,
    owner_unit: OrgUnit,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    launch_document: Any = None,
    basis_documents: Iterable[Any] = (),
    participant_units: Iterable[OrgUnit] = (),
    description: str = "",
    report_deadline: str = "",
    is_public: bool = True,
) -> Movement:
    require(user, Action.MANAGE, owner_unit)
    movement = Movement(
        code=code.strip(),
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
    require(user, Action.MANAGE, movement.owner_unit)
    return edit_locked(
        movement, changes=changes, allowed=_MOVEMENT_FIELDS, expected_version=expected_version
    )


@transaction.atomic
def movement_integrate(*, user: Any, movement: Movement, other: Movement) -> Movement:
    """Record that ``movement`` is carried out together with ``other`` (S5: bodies may
    integrate it with their own movements). The user runs ``movement`` and sees ``other``."""
    require(user, Action.MANAGE, movement.owner_unit)
    if other.pk == movement.pk:
        raise ValidationError("A movement cannot be integrated with itself.")
    if not Movement.objects.restrict(user).filter(pk=other.pk).exists():
        raise PermissionDenied("You cannot see the movement you are linking to.")
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
    require(user, Action.MANAGE, movement.owner_unit)
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
    require(user, Action.MANAGE, movement.owner_unit)
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
    require(user, Action.MANAGE, group.movement.owner_unit)
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
    require(user, Action.MANAGE, movement.owner_unit)
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


def _require_visible(user: Any, movement: Movement) -> None:
    if not Movement.objects.restrict(user).filter(pk=movement.pk).exists():
        raise PermissionDenied("You cannot see this movement.")


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
    require(user, Action.REPORT, unit)
    _require_visible(user, movement)
    if group.movement_id != movement.pk:
        raise ValidationError({"group": "That subject group belongs to another movement."})
    if not targets.strip():
        raise ValidationError({"targets": "Write the targets the unit pledges."})
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

# Where indicator values come from: ``(unit, indicator_code, year) -> Decimal | None``.
# The reporting app plugs its synthesis in here (see ``set_indicator_source``); until it
# does, criteria computed from indicators are scored by hand.
_indicator_source: Callable[[OrgUnit, str, int], Decimal | None] | None = None


def set_indicator_source(source: Callable[[OrgUnit, str, int], Decimal | None] | None) -> None:
    global _indicator_source
    _indicator_source = source


def criterion_compute(criterion: Criterion, unit: OrgUnit, year: int) -> Decimal | None:
    """The score a criterion computes from its indicator: min(value / target, 1) × max."""
    if criterion.method == Criterion.Method.MANUAL or _indicator_source is None:
        return None
    value = _indicator_source(unit, criterion.indicator_code, year)
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
    criterion of its group (computed ones filled from indicators)."""
    require(user, Action.REPORT, unit)
    _require_visible(user, movement)
    if group.movement_id != movement.pk:
        raise ValidationError({"group": "That subject group belongs to another movement."})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"person": "The person belongs to another unit."})
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
                "scores": f"Criterion {criterion.group.number}.{criterion.number}: "
                f"{value} is outside 0–{criterion.max_score}."
            }
        )
    return value


def _weighted(scores: Iterable[Score], pick: Callable[[Score], Decimal | None]) -> Decimal:
    total = Decimal("0")
    for s in scores:
        value = pick(s)
        if value is not None:
            total += value * s.criterion.weight
    return total.quantize(Decimal("0.01"))


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
    require(user, Action.REPORT, evaluation.unit)  # before the lock: no version hint to outsiders
    fresh = lock_for_update(evaluation, expected_version=expected_version)
    require(user, Action.REPORT, fresh.unit)
    if fresh.status not in {Evaluation.Status.DRAFT, Evaluation.Status.SELF_ASSESSED}:
        raise ValidationError(
            f"An evaluation that is {fresh.get_status_display()} cannot be self-assessed."
        )
    rows = {s.criterion_id: s for s in fresh.scores.select_related("criterion__group")}
    unknown = set(scores) - set(rows)
    if unknown:
        raise ValidationError({"scores": f"Unknown criteria: {sorted(unknown)}"})
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
                    "scores": "Score every criterion before submitting: "
                    + ", ".join(f"{c.group.number}.{c.number}" for c in missing)
                }
            )
        fresh.status = Evaluation.Status.SELF_ASSESSED
    fresh.self_total = _weighted(
        rows.values(), lambda s: s.self_score if s.self_score is not None else s.computed_score
    )
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
    require(user, Action.APPROVE, evaluation.reviewer_unit)
    fresh = lock_for_update(evaluation, expected_version=expected_version)
    require(user, Action.APPROVE, fresh.reviewer_unit)
    if fresh.status not in {Evaluation.Status.SELF_ASSESSED, Evaluation.Status.REVIEWED}:
        raise ValidationError(
            f"An evaluation that is {fresh.get_status_display()} cannot be reviewed."
        )
    rows = {s.criterion_id: s for s in fresh.scores.select_related("criterion__group")}
    for cid, (value, review_note) in scores.items():
        if cid not in rows:
            raise ValidationError({"scores": f"Unknown criterion {cid}"})
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
    require(user, Action.MANAGE, evaluation.movement.owner_unit)
    fresh = lock_for_update(evaluation, expected_version=expected_version)
    if fresh.status != Evaluation.Status.REVIEWED:
        raise ValidationError("Only a reviewed evaluation can be finalised.")
    rows = list(fresh.scores.select_related("criterion"))
    fresh.final_total = _weighted(rows, lambda s: s.effective)
    fresh.status = Evaluation.Status.FINAL
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
    """Send an evaluation back to the unit (a correction): the old scores stay in the log."""
    fresh = lock_for_update(evaluation, expected_version=expected_version)
    if not (
        can(user, Action.APPROVE, fresh.reviewer_unit)
        or can(user, Action.MANAGE, fresh.movement.owner_unit)
    ):
        raise PermissionDenied(
            "Only the reviewer or the movement's owner may reopen an evaluation."
        )
    if not note.strip():
        raise ValidationError({"note": "Say why it is reopened."})
    was_final = fresh.status == Evaluation.Status.FINAL
    fresh.status, fresh.final_total, fresh.rank, fresh.band = (
        Evaluation.Status.DRAFT,
        None,
        None,
        None,
    )
    bump_version(fresh)
    fresh.save()
    if was_final:
        ranking_recompute(movement=fresh.movement, group=fresh.group, year=fresh.year)
    log_event(fresh, "reopened", message=note)
    return fresh


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
) -> Contest:
    """A contest with its rounds ((level, name) in order) and prizes (best first)."""
    require(user, Action.MANAGE, unit)
    contest = Contest(
        name=name.strip(),
        year=year,
        unit=unit,
        organiser=organiser.strip(),
        topic=topic.strip(),
        movement=movement,
        basis_document=basis_document,
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
    require(user, Action.REPORT, unit)
    if not Contest.objects.restrict(user).filter(pk=contest.pk).exists() and not unit.is_within(
        contest.unit
    ):
        raise PermissionDenied("This contest is not run in your area.")
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
    require(user, Action.APPROVE, entry.contest.unit)
    if round.contest_id != entry.contest_id:
        raise ValidationError("That round belongs to another contest.")
    earlier = entry.contest.rounds.filter(order=round.order - 1).first()
    if earlier is not None and not entry.rounds.filter(pk=earlier.pk).exists():
        raise ValidationError(f"“{entry}” was not selected in {earlier}.")
    entry.rounds.add(round)
    log_event(entry, "selected", message=str(round))
    return entry


@transaction.atomic
def entry_award_prize(
    *, user: Any, entry: Entry, prize: Prize | None, expected_version: int | None = None
) -> Entry:
    require(user, Action.APPROVE, entry.contest.unit)
    if prize is not None and prize.contest_id != entry.contest_id:
        raise ValidationError("That prize belongs to another contest.")
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
    """Report how many entries a unit had in a round, for entries not registered one by one."""
    require(user, Action.REPORT, unit)
    if not unit.is_within(round.contest.unit) and not can(user, Action.MANAGE, round.contest.unit):
        raise PermissionDenied("This contest is not run in your area.")
    if entries < 0:
        raise ValidationError({"entries": "A count cannot be negative."})
    tally = _upsert_row(RoundTally, expected_version, round=round, unit=unit)
    tally.entries, tally.note = entries, note.strip()
    tally.full_clean()
    tally.save()
    return tally
