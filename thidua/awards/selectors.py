"""Reads of the awards app, always through the user's reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.accounts.scope import Action, can, reach, restrict, visible_units
from thidua.awards.eligibility import Verdict, eligibility_report, evaluate, history_for
from thidua.awards.models import (
    Award,
    AwardDecision,
    AwardType,
    GrantingAuthority,
    Nomination,
    NominationStep,
    Person,
)
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
) -> QuerySet[Award]:
    """The commendation registry by person, unit (its subtree), award, year and decision."""
    qs = Award.objects.restrict(user).select_related(
        "award_type", "person", "unit", "recipient_unit", "decision__document"
    )
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


def nomination_permissions(*, user: Any, nomination: Nomination) -> dict[str, bool]:
    s = Nomination.Status
    at = nomination.status
    return {
        "edit": at in {s.DRAFT, s.RETURNED} and can(user, Action.REPORT, nomination.proposing_unit),
        "forward": at == s.SUBMITTED and can(user, Action.APPROVE, nomination.current_unit),
        "return": at in {s.SUBMITTED, s.AT_AUTHORITY}
        and can(user, Action.APPROVE, nomination.current_unit),
        "decide": at == s.AT_AUTHORITY and can(user, Action.APPROVE, nomination.authority_unit),
    }


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
    qs = AwardDecision.objects.restrict(user).select_related("document", "authority_unit")
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
    return decision.awards.select_related("award_type", "person__unit", "unit").order_by(
        "award_type__order", "unit__name", "person__full_name", "id"
    )


def decidable_nominations(*, user: Any, authority_unit: OrgUnit) -> QuerySet[Nomination]:
    if not can(user, Action.APPROVE, authority_unit):
        return Nomination.objects.none()
    return nomination_list(user=user).filter(
        authority_unit=authority_unit, status=Nomination.Status.AT_AUTHORITY
    )


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


def visible_unit_ids(user: Any) -> QuerySet[OrgUnit]:
    return visible_units(user)
