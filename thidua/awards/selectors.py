"""Reads of the awards app, always through the user's reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.accounts.scope import Action, can, reach, restrict
from thidua.awards.eligibility import Verdict, eligibility_report, evaluate, history_for
from thidua.awards.models import (
    Award,
    AwardDecision,
    AwardType,
    GrantingAuthority,
    Nomination,
    NominationStep,
    Person,
    PersonYear,
    UnitYear,
)
from thidua.core.converters import as_id
from thidua.emulation.models import Movement
from thidua.orgunits.models import OrgUnit


def award_type_list(*, include_inactive: bool = False) -> QuerySet[AwardType]:
    """The catalogue is reference data readable by every member."""
    qs = AwardType.objects.prefetch_related(
        Prefetch(
            "authorities", queryset=GrantingAuthority.objects.select_related("unit", "unit_kind")
        )
    )
    return qs if include_inactive else qs.filter(is_active=True)


def award_type_get(*, pk: int) -> AwardType:
    found = award_type_list(include_inactive=True).filter(pk=pk).first()
    if found is None:
        raise Http404("No such award type.")
    return found


def person_list(*, user: Any, query: str = "", unit: OrgUnit | None = None) -> QuerySet[Person]:
    qs = Person.objects.restrict(user).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__in=OrgUnit.objects.subtree_of(unit))
    if query:
        qs = qs.filter(full_name__icontains=query)
    return qs.order_by("full_name", "id")


def person_get(*, user: Any, pk: int) -> Person:
    person = Person.objects.restrict(user).select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    return person


def registry_search(
    *,
    user: Any,
    person: str = "",
    unit: OrgUnit | None = None,
    award_type: AwardType | None = None,
    year: int | None = None,
    decision: str = "",
    unit_id: int | None = None,
    award_code: str = "",
) -> QuerySet[Award]:
    """The commendation registry by person, unit (its subtree), award, year and decision.

    ``unit_id`` and ``award_code`` name the unit and the award type as the API does (an
    unknown one matches nothing)."""
    qs = Award.objects.restrict(user).select_related(
        "award_type", "person", "unit", "recipient_unit", "decision__document"
    )
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            return qs.none()
    if award_code:
        qs = qs.filter(award_type__code=award_code)
    if person:
        qs = qs.filter(person__full_name__icontains=person)
    if unit is not None:
        qs = qs.filter(recipient_unit__in=OrgUnit.objects.subtree_of(unit))
    if award_type is not None:
        qs = qs.filter(award_type=award_type)
    if year:
        qs = qs.filter(year=year)
    if decision:
        qs = qs.filter(
            Q(decision__document__symbol__icontains=decision) | Q(decision_ref__icontains=decision)
        )
    return qs.order_by("-year", "award_type__order", "id")


def awards_of_person(*, user: Any, person: Person) -> QuerySet[Award]:
    return registry_search(user=user).filter(person=person)


def awards_of_unit(*, user: Any, unit: OrgUnit) -> QuerySet[Award]:
    """Awards to the unit as a collective, then to its people."""
    return registry_search(user=user).filter(Q(unit=unit) | Q(person__unit=unit))


def unit_get(*, user: Any, pk: int) -> OrgUnit:
    found = restrict(OrgUnit.objects.select_related("kind", "parent"), user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such unit.")
    return found


def nomination_list(
    *, user: Any, status: str = "", year: int | None = None
) -> QuerySet[Nomination]:
    qs = Nomination.objects.restrict(user).select_related(
        "award_type", "person", "candidate_unit", "proposing_unit", "current_unit", "authority_unit"
    )
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-updated_at", "-id")


def nomination_inbox(*, user: Any) -> QuerySet[Nomination]:
    """Nominations waiting at a unit where the user reviews or decides."""
    r = reach(user, Action.APPROVE)
    return nomination_list(user=user).filter(
        r.unit_q("current_unit__"),
        status__in=[Nomination.Status.SUBMITTED, Nomination.Status.AT_AUTHORITY],
    )


def nomination_get(*, user: Any, pk: int) -> Nomination:
    found = (
        Nomination.objects.restrict(user)
        .select_related(
            "award_type",
            "person__unit",
            "candidate_unit",
            "proposing_unit",
            "current_unit",
            "authority_unit",
            "authority",
            "movement",
            "decision__document",
        )
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=NominationStep.objects.select_related("from_unit", "to_unit", "user"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such nomination.")
    return found


def nomination_verdict(*, nomination: Nomination) -> Verdict:
    """Eligibility with reasons, shown to every reviewer and to the granting authority."""
    candidate = nomination.person or nomination.candidate_unit
    return evaluate(
        nomination.award_type,
        history_for(candidate),
        nomination.year,
        grounds=nomination.grounds or (),
    )


def decision_list(*, user: Any, year: int | None = None) -> QuerySet[AwardDecision]:
    qs = AwardDecision.objects.restrict(user).select_related(
        "document", "document__signed_copy", "authority_unit"
    )
    if year:
        qs = qs.filter(decided_on__year=year)
    return qs.order_by("-decided_on", "-id")


def decision_get(*, user: Any, pk: int) -> AwardDecision:
    found = decision_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such decision.")
    return found


def decision_awards(*, decision: AwardDecision) -> QuerySet[Award]:
    """Every award of a decision (whoever sees the decision sees its whole list)."""
    return decision.awards.select_related(
        "award_type", "person__unit", "unit__parent", "nomination__proposing_unit"
    ).order_by("award_type__order", "unit__name", "person__full_name", "id")


def decidable_nominations(*, user: Any, authority_unit: OrgUnit | None) -> QuerySet[Nomination]:
    """Nominations waiting for ``authority_unit``, if the user approves there (else none)."""
    if authority_unit is None:
        return Nomination.objects.none()
    return nomination_list(user=user).filter(
        reach(user, Action.APPROVE).unit_q("authority_unit__"),
        authority_unit=authority_unit,
        status=Nomination.Status.AT_AUTHORITY,
    )


def nominations_by_ids(*, user: Any, ids: list[int]) -> list[Nomination]:
    """The nominations with these ids; 404 unless the user sees every one of them."""
    found = list(nomination_list(user=user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404("A nomination is not visible to you.")
    return found


def authority_units_of(*, user: Any) -> QuerySet[OrgUnit]:
    """Units where the user may decide: units holding a granting power in the user's reach.

    Units that no longer exist are kept: they close the dossiers they already hold.
    """
    today = timezone.localdate()
    powers = GrantingAuthority.objects.filter(GrantingAuthority.valid_q(today))
    unit_ids = {u for u in powers.values_list("unit_id", flat=True) if u}
    kind_ids = {k for k in powers.values_list("unit_kind_id", flat=True) if k}
    return (
        OrgUnit.objects.filter(reach(user, Action.APPROVE).unit_q())
        .filter(Q(pk__in=unit_ids) | Q(kind_id__in=kind_ids))
        .order_by("path")
    )


def candidate_eligibility(*, user: Any, candidate: Any, year: int) -> list[Verdict]:
    """Every fitting award type for a candidate the user may see, with reasons."""
    unit = candidate.unit if isinstance(candidate, Person) else candidate
    if not can(user, Action.VIEW, unit):
        raise Http404("No such candidate.")
    return eligibility_report(candidate, year)


def authority_unit_pick(*, user: Any, pk: str) -> OrgUnit | None:
    """The granting unit asked for (``pk``, from the page), else the user's first one."""
    units = authority_units_of(user=user)
    return units.filter(pk=as_id(pk)).first() if as_id(pk) is not None else units.first()


def person_choices(*, user: Any) -> QuerySet[Person]:
    """People the user may nominate: those of the units they report for."""
    return Person.objects.restrict(user, Action.REPORT).select_related("unit")


def movement_choices(*, user: Any) -> QuerySet[Movement]:
    """Movements a commendation may be tied to: those the user sees."""
    return Movement.objects.restrict(user)


def movement_get(*, user: Any, pk: int | None) -> Movement | None:
    """The movement ``pk`` if the user sees it (None for no movement); 404 otherwise."""
    if not pk:
        return None
    found = movement_choices(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such movement.")
    return found


def person_records(*, person: Person) -> dict[str, Any]:
    """A person's yearly records and initiatives (``person`` from ``person_get``)."""
    return {"years": list(person.years.all()), "initiatives": list(person.initiatives.all())}


def person_year_get(*, person: Person, year: int) -> PersonYear:
    """One year's record of a person (``person`` from ``person_get``); 404 otherwise."""
    record = person.years.filter(year=year).first()
    if record is None:
        raise Http404("No record for that year.")
    return record


def person_year_rows(*, user: Any, person: Person) -> tuple[list[int], list[dict[str, Any]]]:
    """The years already recorded, and one row per year (newest first) with the year's
    record and the titles the person held that year."""
    records = list(person.years.all())
    titles = awards_of_person(user=user, person=person).filter(
        award_type__category=AwardType.Category.TITLE
    )
    by_year: dict[int, list[Award]] = {}
    for award in titles:
        by_year.setdefault(award.year, []).append(award)
    years = sorted({r.year for r in records} | set(by_year), reverse=True)
    rows = [
        {
            "year": y,
            "record": next((r for r in records if r.year == y), None),
            "titles": by_year.get(y, []),
        }
        for y in years
    ]
    return [r.year for r in records], rows


def unit_records(*, unit: OrgUnit) -> list[UnitYear]:
    """A collective's yearly records, newest first (``unit`` from ``unit_get``)."""
    return list(unit.award_years.all())
