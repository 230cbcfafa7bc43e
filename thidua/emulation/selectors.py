"""Reads of the emulation app, always through the user's reach."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from thidua.accounts.scope import Action, can
from thidua.emulation.models import (
    Contest,
    ContestRound,
    Criterion,
    Entry,
    Evaluation,
    Movement,
    MovementGroup,
    Pledge,
    RoundTally,
    Score,
)
from thidua.orgunits.models import OrgUnit


def movement_list(*, user: Any, query: str = "", kind: str = "") -> QuerySet[Movement]:
    qs = Movement.objects.restrict(user).select_related("owner_unit", "launch_document")
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.annotate(pledge_count=Count("pledges", distinct=True)).order_by("-starts_on", "name")


def movement_get(*, user: Any, pk: int) -> Movement:
    movement = (
        Movement.objects.restrict(user)
        .select_related("owner_unit", "launch_document")
        .prefetch_related(
            "contents",
            "bands",
            "integrated_with",
            "basis_documents",
            "participant_units",
            Prefetch("groups", queryset=MovementGroup.objects.prefetch_related("criteria")),
        )
        .filter(pk=pk)
        .first()
    )
    if movement is None:
        raise Http404("No such movement.")
    return movement


def movement_years(*, movement: Movement) -> list[int]:
    years = set(movement.evaluations.values_list("year", flat=True)) | set(
        movement.pledges.values_list("year", flat=True)
    )
    return sorted(years, reverse=True)


def pledge_list(
    *, user: Any, movement: Movement | None = None, year: int | None = None
) -> QuerySet[Pledge]:
    qs = Pledge.objects.restrict(user).select_related("unit", "group", "movement")
    if movement is not None:
        qs = qs.filter(movement=movement)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("group__number", "unit__name")


def evaluation_list(
    *, user: Any, movement: Movement | None = None, year: int | None = None, status: str = ""
) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.restrict(user).select_related(
        "unit", "group", "band", "person", "reviewer_unit", "movement"
    )
    if movement is not None:
        qs = qs.filter(movement=movement)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("group__number", "rank", "unit__name")


def evaluation_get(*, user: Any, pk: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.restrict(user)
        .select_related("movement__owner_unit", "group", "unit", "reviewer_unit", "band", "person")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404("No such evaluation.")
    return evaluation


@dataclass
class GroupRanking:
    group: MovementGroup
    rows: list[Evaluation] = field(default_factory=list)


def ranking(*, user: Any, movement: Movement, year: int) -> list[GroupRanking]:
    """The evaluations of a year per subject group, final ones in rank order, then the
    ones still in progress. Only evaluations the user may see are listed."""
    groups = {g.pk: GroupRanking(g) for g in movement.groups.all()}
    for e in evaluation_list(user=user, movement=movement, year=year):
        groups[e.group_id].rows.append(e)
    for g in groups.values():
        g.rows.sort(
            key=lambda e: (e.rank is None, e.rank or 0, -(e.review_total or e.self_total or 0))
        )
    return list(groups.values())


def evaluation_permissions(*, user: Any, evaluation: Evaluation) -> dict[str, bool]:
    s = Evaluation.Status
    return {
        "self_assess": evaluation.status in {s.DRAFT, s.SELF_ASSESSED}
        and can(user, Action.REPORT, evaluation.unit),
        "review": evaluation.status in {s.SELF_ASSESSED, s.REVIEWED}
        and can(user, Action.APPROVE, evaluation.reviewer_unit),
        "finalise": evaluation.status == s.REVIEWED
        and can(user, Action.MANAGE, evaluation.movement.owner_unit),
    }


def criteria_of(*, movement: Movement) -> QuerySet[Criterion]:
    return Criterion.objects.filter(group__movement=movement).select_related("group")


# ---- contests ------------------------------------------------------------------------


def contest_list(*, user: Any) -> QuerySet[Contest]:
    return (
        Contest.objects.restrict(user)
        .select_related("unit", "movement")
        .annotate(entry_count=Count("entries", distinct=True))
        .order_by("-year", "name")
    )


def contest_get(*, user: Any, pk: int) -> Contest:
    contest = (
        Contest.objects.restrict(user)
        .select_related("unit", "movement", "basis_document")
        .prefetch_related("rounds", "prizes")
        .filter(pk=pk)
        .first()
    )
    if contest is None:
        raise Http404("No such contest.")
    return contest


def entry_list(
    *, user: Any, contest: Contest, round: ContestRound | None = None
) -> QuerySet[Entry]:
    qs = Entry.objects.restrict(user).filter(contest=contest).select_related("unit", "prize")
    if round is not None:
        qs = qs.filter(rounds=round)
    return qs.prefetch_related("rounds").order_by("prize__rank", "title")


@dataclass
class UnitCount:
    unit: OrgUnit
    registered: int = 0
    reported: int | None = None

    @property
    def figure(self) -> int:
        """The count to show: a reported figure covers entries not registered one by one."""
        return self.reported if self.reported is not None else self.registered


@dataclass
class RoundCount:
    round: ContestRound
    units: list[UnitCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Sum over units, leaving out units inside a unit that reported a figure for its
        whole area (Hà Tĩnh's 7,671 already include its districts' entries)."""
        covering = [u.unit.path for u in self.units if u.reported is not None]
        return sum(
            u.figure
            for u in self.units
            if not any(u.unit.path != p and u.unit.path.startswith(p) for p in covering)
        )

    @property
    def registered(self) -> int:
        return sum(u.registered for u in self.units)


def contest_counts(*, user: Any, contest: Contest) -> list[RoundCount]:
    """Entries per round and per unit: registered entries and reported figures side by side.

    Two queries, whatever the number of rounds and units.
    """
    rounds = list(contest.rounds.all())
    per: dict[int, dict[int, UnitCount]] = {r.pk: {} for r in rounds}
    units: dict[int, OrgUnit] = {}
    registered = (
        Entry.objects.restrict(user)
        .filter(contest=contest)
        .values("rounds", "unit")
        .annotate(n=Count("id"))
    )
    tallies = list(
        RoundTally.objects.restrict(user).filter(round__contest=contest).select_related("unit")
    )
    unit_ids = {r["unit"] for r in registered if r["rounds"]} | {t.unit_id for t in tallies}
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=unit_ids)}
    for row in registered:
        if row["rounds"] is None:
            continue
        uc = per[row["rounds"]].setdefault(row["unit"], UnitCount(units[row["unit"]]))
        uc.registered += row["n"]
    for t in tallies:
        uc = per[t.round_id].setdefault(t.unit_id, UnitCount(t.unit))
        uc.reported = t.entries
    result = []
    for r in rounds:
        rows = sorted(per[r.pk].values(), key=lambda u: u.unit.path)
        result.append(RoundCount(r, rows))
    return result


def prize_winners(*, user: Any, contest: Contest) -> dict[str, list[Entry]]:
    winners: dict[str, list[Entry]] = defaultdict(list)
    for e in entry_list(user=user, contest=contest).filter(prize__isnull=False):
        winners[e.prize.name].append(e)
    return dict(winners)
