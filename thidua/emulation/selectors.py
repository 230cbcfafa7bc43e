"""Reads of the emulation app, always through the user's reach."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from thidua.documents.models import Document
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
from thidua.reporting.models import Indicator


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


def movements_for_api(*, user: Any) -> QuerySet[Movement]:
    return (
        Movement.objects.restrict(user)
        .prefetch_related("contents", "groups__criteria", "integrated_with")
        .order_by("-starts_on", "id")
    )


def pledges_for_api(
    *, user: Any, movement: int | None = None, year: int | None = None
) -> QuerySet[Pledge]:
    qs = Pledge.objects.restrict(user).order_by("id")
    if movement is not None:
        qs = qs.filter(movement_id=movement)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def evaluations_for_api(*, user: Any) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.restrict(user)
        .select_related("band", "movement__owner_unit", "unit", "reviewer_unit", "group")
        .prefetch_related("scores")
        .order_by("id")
    )


def contests_for_api(*, user: Any) -> QuerySet[Contest]:
    return (
        Contest.objects.restrict(user).prefetch_related("rounds", "prizes").order_by("-year", "id")
    )


def entries_for_api(*, user: Any, contest: int | None = None) -> QuerySet[Entry]:
    qs = (
        Entry.objects.restrict(user)
        .select_related("contest__unit")
        .prefetch_related("rounds", "contest__rounds", "contest__prizes")
        .order_by("contest_id", "id")
    )
    if contest is not None:
        qs = qs.filter(contest_id=contest)
    return qs


def tallies_for_api(*, user: Any, contest: int | None = None) -> QuerySet[RoundTally]:
    qs = RoundTally.objects.restrict(user).order_by("round_id", "id")
    if contest is not None:
        qs = qs.filter(round__contest_id=contest)
    return qs


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


def evaluations_of_pledges(*, user: Any, pledges: list[Pledge]) -> dict[int, Evaluation]:
    """The evaluation opened for each pledge's unit and year (by pledge id), among those
    the user may see: one query for a whole list of pledges."""
    if not pledges:
        return {}
    found = Evaluation.objects.restrict(user).filter(
        movement_id__in={p.movement_id for p in pledges},
        unit_id__in={p.unit_id for p in pledges},
        year__in={p.year for p in pledges},
        person__isnull=True,
    )
    by_key = {(e.movement_id, e.unit_id, e.year): e for e in found}
    return {p.pk: e for p in pledges if (e := by_key.get((p.movement_id, p.unit_id, p.year)))}


def pledge_get(*, user: Any, pk: int) -> Pledge:
    pledge = (
        Pledge.objects.restrict(user)
        .select_related("unit", "group", "movement__owner_unit")
        .filter(pk=pk)
        .first()
    )
    if pledge is None:
        raise Http404("No such pledge.")
    return pledge


def pledged(*, user: Any, movement: Movement) -> set[tuple[int, int]]:
    """(unit id, year) of the movement's pledges the user may see."""
    return set(
        Pledge.objects.restrict(user).filter(movement=movement).values_list("unit_id", "year")
    )


def movements_for_select(*, user: Any, exclude: Iterable[int] = ()) -> QuerySet[Movement]:
    return Movement.objects.restrict(user).exclude(pk__in=list(exclude)).order_by("name")


def documents_for_select(*, user: Any) -> QuerySet[Document]:
    """Documents a movement or contest may name (launched by, implements)."""
    return Document.objects.restrict(user).order_by("-issued_on", "-id")


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


def entry_get(*, user: Any, contest: Contest, pk: int) -> Entry:
    entry = entry_list(user=user, contest=contest).filter(pk=pk).first()
    if entry is None:
        raise Http404("No such entry.")
    return entry


def tally_list(*, user: Any, contest: Contest) -> QuerySet[RoundTally]:
    return (
        RoundTally.objects.restrict(user)
        .filter(round__contest=contest)
        .select_related("round", "unit")
    )


def tally_get(*, user: Any, contest: Contest, pk: int) -> RoundTally:
    tally = tally_list(user=user, contest=contest).filter(pk=pk).first()
    if tally is None:
        raise Http404("No such figure.")
    return tally


def later_rounds(*, contest: Contest) -> QuerySet[ContestRound]:
    """The rounds an entry can be selected into: all but the first (it enters that one)."""
    return contest.rounds.filter(order__gt=1)


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


def indicator_choices() -> list[tuple[str, str]]:
    """The reported indicators a criterion may be computed from, by name (their codes are
    the values a form sends): every indicator with a figure, text ones left out."""
    rows = (
        Indicator.objects.exclude(value_type=Indicator.ValueType.TEXT)
        .order_by("name")
        .values_list("code", "name")
    )
    return list(rows)


def indicator_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of the indicators with these codes (one query)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    return dict(Indicator.objects.filter(code__in=wanted).values_list("code", "name"))
