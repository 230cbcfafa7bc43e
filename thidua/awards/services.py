"""Writes of the awards app: catalogue, people and records, nominations, decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.models import (
    MOVEMENT_OCCASIONS,
    Award,
    AwardDecision,
    AwardType,
    GrantingAuthority,
    Initiative,
    Nomination,
    NominationStep,
    Occasion,
    Person,
    PersonYear,
    RecipientKind,
    UnitYear,
)
from thidua.awards.permissions import rules
from thidua.core.attachments import attachment_add
from thidua.core.changelog import log_event
from thidua.core.figures import format_day
from thidua.core.models import Attachment
from thidua.core.services import bump_version, edit_locked, lock_for_update
from thidua.documents.models import Document, DocumentType
from thidua.documents.services import document_create
from thidua.orgunits.models import OrgUnit

R = TypeVar("R", PersonYear, UnitYear)

# ---- catalogue (administrators) ----------------------------------------------------------


_TYPE_FIELDS = {
    "name",
    "name_en",
    "short",
    "category",
    "recipient_kind",
    "level",
    "cash_multiple",
    "rule_kind",
    "rule_params",
    "rule_text",
    "verified",
    "legal_basis",
    "order",
    "is_active",
}


@transaction.atomic
def award_type_update(
    *, user: Any, award_type: AwardType, expected_version: int | None, **changes: Any
) -> AwardType:
    """Edit an award type, including its rule and rule parameters (a change of law is data)."""
    rules.require("edit_catalogue", user)
    return edit_locked(
        award_type, changes=changes, allowed=_TYPE_FIELDS, expected_version=expected_version
    )


@transaction.atomic
def authority_add(
    *,
    user: Any,
    award_type: AwardType,
    title: str,
    unit: OrgUnit | None = None,
    unit_kind: Any = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    legal_basis: str = "",
) -> GrantingAuthority:
    rules.require("edit_catalogue", user)
    authority = GrantingAuthority(
        award_type=award_type,
        title=title.strip(),
        unit=unit,
        unit_kind=unit_kind,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
    )
    authority.full_clean()
    authority.save()
    return authority


@transaction.atomic
def authority_end(
    *, user: Any, authority: GrantingAuthority, last_day: dt.date
) -> GrantingAuthority:
    """Close a power (a level abolished, a law replaced); its past decisions stay valid."""
    rules.require("edit_catalogue", user)
    fresh = lock_for_update(authority, expected_version=None)
    fresh.valid_to = last_day
    fresh.full_clean()
    bump_version(fresh)
    fresh.save()
    return fresh


def authority_unit_for(authority: GrantingAuthority, candidate_unit: OrgUnit) -> OrgUnit | None:
    """The unit that exercises ``authority`` for a candidate of ``candidate_unit``.

    A unit-specific power is that unit; a power held by every unit of a kind is the
    nearest such unit going up from the candidate, looking at each ancestor and at its
    children (a commune chair is the commune itself; the provincial chair is the
    People's Committee beside the province's other bodies).
    """
    if authority.unit_id:
        return authority.unit
    chain = list(OrgUnit.objects.ancestors_of(candidate_unit, include_self=True))
    beside: dict[int, list[OrgUnit]] = {}
    for child in OrgUnit.objects.filter(
        parent__in=[u.pk for u in chain], kind_id=authority.unit_kind_id
    ).order_by("path"):
        beside.setdefault(child.parent_id, []).append(child)
    for u in reversed(chain):
        if u.kind_id == authority.unit_kind_id:
            return u
        # Not beside the candidate's own unit: a district officer has no commune chair.
        if u.pk != candidate_unit.pk and beside.get(u.pk):
            return beside[u.pk][0]
    return None


def authorities_valid(award_type: AwardType, on: dt.date) -> list[GrantingAuthority]:
    return list(
        award_type.authorities.filter(GrantingAuthority.valid_q(on)).select_related(
            "unit", "unit_kind"
        )
    )


# ---- people and their records -------------------------------------------------------------


@transaction.atomic
def person_create(*, user: Any, full_name: str, unit: OrgUnit, position: str = "") -> Person:
    rules.require("add_person", user, unit)
    person = Person(full_name=full_name.strip(), position=position.strip(), unit=unit)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(
    *,
    user: Any,
    person: Person,
    expected_version: int | None,
    full_name: str,
    position: str,
    unit: OrgUnit,
) -> Person:
    rules.require("edit_records", user, person, unit=unit)
    fresh = lock_for_update(person, expected_version=expected_version)
    fresh.full_name, fresh.position, fresh.unit = full_name.strip(), position.strip(), unit
    fresh.full_clean()
    bump_version(fresh)
    fresh.save()
    return fresh


def _year_record(model: type[R], expected_version: int | None, **key: Any) -> R:
    """The yearly record ``key`` names, locked and refused if it moved on from
    ``expected_version`` (a correction), or a new one (a first record)."""
    record = model._default_manager.filter(**key).first()
    if record is None:
        return model(**key)
    record = lock_for_update(record, expected_version=expected_version)
    bump_version(record)
    return record


@transaction.atomic
def person_year_set(
    *,
    user: Any,
    person: Person,
    year: int,
    rating: str,
    disciplined: bool = False,
    expected_version: int | None = None,
) -> PersonYear:
    """Record (or correct) a person's task rating for a year; ``expected_version`` guards a
    correction against a concurrent one."""
    rules.require("edit_records", user, person)
    record = _year_record(PersonYear, expected_version, person=person, year=year)
    record.rating, record.disciplined = rating, disciplined
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def initiative_add(
    *,
    user: Any,
    person: Person,
    year: int,
    title: str,
    level: str,
    kind: str = "initiative",
    applied: bool = True,
) -> Initiative:
    rules.require("edit_records", user, person)
    item = Initiative(
        person=person, year=year, title=title.strip(), level=level, kind=kind, applied=applied
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def unit_year_set(
    *,
    user: Any,
    unit: OrgUnit,
    year: int,
    rating: str,
    headcount: int | None = None,
    all_members_completed: bool = False,
    members_disciplined: int = 0,
    serious_breach: bool = False,
    exceeded_targets: bool = False,
    expected_version: int | None = None,
) -> UnitYear:
    """Record (or correct) a collective's yearly rating, headcount and breaches: by its
    supervisor; ``expected_version`` guards a correction against a concurrent one."""
    rules.require("edit_unit_records", user, unit)
    record = _year_record(UnitYear, expected_version, unit=unit, year=year)
    record.rating, record.headcount = rating, headcount
    record.all_members_completed = all_members_completed
    record.members_disciplined, record.serious_breach = members_disciplined, serious_breach
    record.exceeded_targets = exceeded_targets
    record.full_clean()
    record.save()
    return record


def _check_title_once(
    award_type: AwardType, year: int, person: Person | None, unit: OrgUnit | None
) -> None:
    if award_type.category == AwardType.Category.COMMENDATION:
        return
    clash = Award.objects.filter(award_type=award_type, year=year, person=person, unit=unit)
    if clash.exists():
        raise ValidationError(
            {
                "award_type": _("%(who)s already holds %(award)s for %(year)s.")
                % {"who": person or unit, "award": award_type, "year": year}
            }
        )


@transaction.atomic
def award_record_past(
    *,
    user: Any,
    award_type: AwardType,
    year: int,
    person: Person | None = None,
    unit: OrgUnit | None = None,
    decision_ref: str,
    granted_by: str = "",
) -> Award:
    """Register an award granted before thidua (from a paper decision), for the history the
    eligibility rules read. Needs the approver of the recipient's unit."""
    recipient_unit = person.unit if person else unit
    if recipient_unit is None:
        raise ValidationError(_("Name the person or the collective."))
    rules.require("record_title", user, recipient_unit)
    _check_title_once(award_type, year, person, unit)
    award = Award(
        award_type=award_type,
        year=year,
        person=person,
        unit=unit,
        recipient_unit=recipient_unit,
        decision_ref=decision_ref.strip(),
        granted_by=granted_by.strip(),
        cash_multiple=award_type.cash_multiple,
    )
    award.full_clean()
    award.save()
    log_event(award, "recorded", message=decision_ref)
    return award


# ---- nominations ----------------------------------------------------------------------


def nomination_route(proposing_unit: OrgUnit, authority_unit: OrgUnit) -> list[int]:
    """Unit ids a nomination passes through, ending with the authority.

    Up the proposer's ancestors to the first one that also contains the authority, then
    across to the authority (commune → district → province → provincial People's
    Committee). A proposer at or above the authority sends straight to it.
    """
    route: list[int] = []
    if authority_unit.is_within(proposing_unit):
        return [authority_unit.pk]
    for ancestor in reversed(list(OrgUnit.objects.ancestors_of(proposing_unit))):
        route.append(ancestor.pk)
        if authority_unit.is_within(ancestor):
            break
    if not route or route[-1] != authority_unit.pk:
        route.append(authority_unit.pk)
    return route


@transaction.atomic
def nomination_create(
    *,
    user: Any,
    proposing_unit: OrgUnit,
    award_type: AwardType,
    year: int,
    achievements: str,
    authority: GrantingAuthority,
    person: Person | None = None,
    candidate_unit: OrgUnit | None = None,
    occasion: str = Occasion.ANNUAL,
    movement: Any = None,
    grounds: Sequence[str] = (),
) -> Nomination:
    """A unit proposes someone within its reach; the dossier starts as a draft."""
    target = person.unit if person is not None else candidate_unit
    rules.require("nominate", user, proposing_unit=proposing_unit, candidate_unit=target)
    if target is None:
        raise ValidationError(_("Nominate either a person or a collective."))
    # A unit nominates only its own people and collectives (its subtree).
    if not target.is_within(proposing_unit):
        raise ValidationError(
            {
                "proposing_unit": _(
                    "%(target)s is not under %(unit)s: a unit proposes only its own people "
                    "and collectives."
                )
                % {"target": target, "unit": proposing_unit}
            }
        )
    if authority.award_type_id != award_type.pk:
        raise ValidationError(
            {
                "authority": _("%(authority)s does not grant %(award)s: choose another one.")
                % {"authority": authority.title, "award": award_type}
            }
        )
    today = timezone.localdate()
    if not GrantingAuthority.objects.filter(
        GrantingAuthority.valid_q(today), pk=authority.pk
    ).exists():
        raise ValidationError(
            {
                "authority": _("%(authority)s no longer holds this power.")
                % {"authority": authority.title}
            }
        )
    authority_unit = authority_unit_for(authority, target)
    if authority_unit is None:
        raise ValidationError(
            {
                "authority": _("There is no %(authority)s above %(target)s.")
                % {"authority": authority.title, "target": target}
            }
        )
    nomination = Nomination(
        award_type=award_type,
        year=year,
        person=person,
        candidate_unit=candidate_unit,
        proposing_unit=proposing_unit,
        authority=authority,
        authority_unit=authority_unit,
        current_unit=proposing_unit,
        route=nomination_route(proposing_unit, authority_unit),
        occasion=occasion,
        movement=movement,
        grounds=list(grounds),
        achievements=achievements.strip(),
        created_by=user,
    )
    nomination.full_clean()
    nomination.save()
    _step(nomination, "created", user=user, to_unit=proposing_unit)
    return nomination


def _step(
    nomination: Nomination,
    action: str,
    *,
    user: Any,
    from_unit: OrgUnit | None = None,
    to_unit: OrgUnit | None = None,
    note: str = "",
) -> None:
    NominationStep.objects.create(
        nomination=nomination,
        action=action,
        from_unit=from_unit,
        to_unit=to_unit,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )
    log_event(
        nomination,
        action,
        message=note,
        data={"from": getattr(from_unit, "pk", None), "to": getattr(to_unit, "pk", None)},
    )


@transaction.atomic
def nomination_attach(*, user: Any, nomination: Nomination, upload: UploadedFile) -> Attachment:
    """Add a file to the dossier while the proposer still holds it."""
    rules.require("attach", user, nomination)
    att = attachment_add(user=user, parent=nomination, upload=upload)
    log_event(nomination, "attached", message=att.name, data={"attachment": att.pk})
    return att


def _move_to(nomination: Nomination, unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.get(pk=unit_id)
    nomination.current_unit = unit
    nomination.status = (
        Nomination.Status.AT_AUTHORITY
        if unit_id == nomination.authority_unit_id
        else Nomination.Status.SUBMITTED
    )
    return unit


def _lock(name: str, user: Any, nomination: Nomination, expected_version: int | None) -> Nomination:
    """Check rule ``name`` (who first: no version hint to whoever may not act), then lock
    the row and check it again on the fresh state."""
    rules.require(name, user, nomination)
    fresh = lock_for_update(nomination, expected_version=expected_version)
    rules.require(name, user, fresh)
    return fresh


@transaction.atomic
def nomination_submit(
    *, user: Any, nomination: Nomination, expected_version: int | None, note: str = ""
) -> Nomination:
    """The proposer sends the dossier to the first unit of its route."""
    fresh = _lock("submit", user, nomination, expected_version)
    if not fresh.achievements.strip():
        raise ValidationError({"achievements": _("Write the achievement report first.")})
    to_unit = _move_to(fresh, fresh.route[0])
    bump_version(fresh)
    fresh.save()
    _step(fresh, "submitted", user=user, from_unit=fresh.proposing_unit, to_unit=to_unit, note=note)
    return fresh


@transaction.atomic
def nomination_forward(
    *, user: Any, nomination: Nomination, expected_version: int | None, note: str = ""
) -> Nomination:
    """The reviewing unit that holds the dossier approves it and sends it one step up."""
    fresh = _lock("forward", user, nomination, expected_version)
    here = fresh.current_unit
    position = fresh.route.index(here.pk)
    to_unit = _move_to(fresh, fresh.route[position + 1])
    bump_version(fresh)
    fresh.save()
    _step(fresh, "forwarded", user=user, from_unit=here, to_unit=to_unit, note=note)
    return fresh


@transaction.atomic
def nomination_return(
    *, user: Any, nomination: Nomination, expected_version: int | None, note: str
) -> Nomination:
    """Send the dossier back to the proposer with what to fix (any unit on the route)."""
    fresh = _lock("return", user, nomination, expected_version)
    if not note.strip():
        raise ValidationError({"note": _("Say what the proposer must fix.")})
    here = fresh.current_unit
    fresh.current_unit, fresh.status = fresh.proposing_unit, Nomination.Status.RETURNED
    bump_version(fresh)
    fresh.save()
    _step(fresh, "returned", user=user, from_unit=here, to_unit=fresh.proposing_unit, note=note)
    return fresh


@transaction.atomic
def nomination_reject(
    *, user: Any, nomination: Nomination, expected_version: int | None, note: str
) -> Nomination:
    """Only the granting authority refuses an award."""
    fresh = _lock("reject", user, nomination, expected_version)
    fresh.status = Nomination.Status.REJECTED
    bump_version(fresh)
    fresh.save()
    _step(fresh, "rejected", user=user, from_unit=fresh.authority_unit, note=note)
    return fresh


# The steps of a nomination's route by the name of their rule (and of the page's button):
# each takes ``user``, ``nomination``, ``expected_version`` and ``note``.
NOMINATION_STEPS: dict[str, Callable[..., Nomination]] = {
    "submit": nomination_submit,
    "forward": nomination_forward,
    "return": nomination_return,
    "reject": nomination_reject,
}


# ---- decisions -------------------------------------------------------------------------


@dataclass
class Grant:
    """An award granted directly by the authority, without a nomination from below
    (certificates handed out at a review conference, as in S4)."""

    award_type: AwardType
    person: Person | None = None
    unit: OrgUnit | None = None
    citation: str = ""


def _document_for_decision(
    *,
    user: Any,
    authority_unit: OrgUnit,
    symbol: str,
    decided_on: dt.date,
    title: str,
    signer: str,
    place: str,
    illustrative: bool = False,
) -> Document:
    """The QĐ document of a decision, registered in the document registry."""
    doc_type = DocumentType.objects.filter(code="QĐ").first()
    return document_create(
        user=user,
        title=title,
        issuing_units=[authority_unit],
        symbol=symbol,
        doc_type=doc_type,
        issued_on=decided_on,
        signer=signer,
        place=place,
        illustrative=illustrative,
    )


def authority_decides(
    award_type: AwardType, unit: OrgUnit, on: dt.date, candidate_unit: OrgUnit
) -> GrantingAuthority | None:
    """The authority row under which ``unit`` may grant ``award_type`` on ``on`` (or None)."""
    for authority in authorities_valid(award_type, on):
        if authority_unit_for(authority, candidate_unit) == unit:
            return authority
    return None


@transaction.atomic
def decision_create(
    *,
    user: Any,
    authority_unit: OrgUnit,
    symbol: str,
    decided_on: dt.date,
    authority_title: str,
    signer: str = "",
    place: str = "",
    occasion: str = Occasion.ANNUAL,
    movement: Any = None,
    reason: str = "",
    nominations: Iterable[Nomination] = (),
    grants: Sequence[Grant] = (),
    year: int | None = None,
    illustrative: bool = False,
) -> AwardDecision:
    """Issue a decision granting awards in bulk: the nominations that reached this authority
    and any direct grants. Only an approver at the granting unit decides, and only for award
    types that unit may grant on ``decided_on``. ``illustrative``: the number is invented
    (demo data) and the decision's documents mark it "minh họa"."""
    rules.require("issue_decision", user, authority_unit)
    noms = list(
        Nomination.objects.select_for_update()
        .select_related("authority_unit")
        .filter(pk__in=[n.pk for n in nominations])
    )
    if not noms and not grants:
        raise ValidationError(_("A decision grants at least one award."))
    if movement is not None and occasion not in MOVEMENT_OCCASIONS:
        raise ValidationError(
            {
                "occasion": _(
                    "Commendation of a movement must be tied to a review (sơ kết / tổng kết) "
                    "or a holiday."
                )
            }
        )
    for n in noms:
        if n.authority_unit_id != authority_unit.pk:
            raise ValidationError(
                _("“%(n)s” waits for another granting authority (%(unit)s).")
                % {"n": n, "unit": n.authority_unit}
            )
        rules.require("decide", user, n)
        if n.movement_id and occasion not in MOVEMENT_OCCASIONS:
            raise ValidationError(
                {
                    "occasion": _(
                        "“%(n)s” commends a movement: tie the decision to a review or a holiday."
                    )
                    % {"n": n}
                }
            )
    items: list[tuple[AwardType, Person | None, OrgUnit | None, Nomination | None, str, int]] = []
    for n in noms:
        items.append((n.award_type, n.person, n.candidate_unit, n, "", n.year))
    for g in grants:
        if (g.person is None) == (g.unit is None):
            raise ValidationError(_("Each grant names a person or a collective."))
        items.append((g.award_type, g.person, g.unit, None, g.citation, year or decided_on.year))
    for award_type, person, unit, _n, _c, _y in items:
        target = person.unit if person else unit
        if authority_decides(award_type, authority_unit, decided_on, target) is None:
            raise PermissionDenied(
                _("%(unit)s may not grant %(award)s to %(who)s on %(day)s.")
                % {
                    "unit": authority_unit,
                    "award": award_type,
                    "who": person or unit,
                    "day": format_day(decided_on),
                }
            )
    kinds = sorted({str(t.name) for t, *_rest in items})
    title = f"Quyết định về việc tặng {', '.join(kinds)}"
    document = _document_for_decision(
        user=user,
        authority_unit=authority_unit,
        symbol=symbol,
        decided_on=decided_on,
        title=title,
        signer=signer,
        place=place,
        illustrative=illustrative,
    )
    decision = AwardDecision(
        document=document,
        authority_unit=authority_unit,
        authority_title=authority_title.strip(),
        signer=signer.strip(),
        decided_on=decided_on,
        occasion=occasion,
        movement=movement,
        reason=reason.strip(),
    )
    decision.full_clean()
    decision.save()
    for award_type, person, unit, nomination, citation, year_ in items:
        _check_title_once(award_type, year_, person, unit)
        award = Award(
            award_type=award_type,
            year=year_,
            person=person,
            unit=unit,
            recipient_unit=person.unit if person else unit,
            decision=decision,
            granted_by=authority_title.strip(),
            nomination=nomination,
            cash_multiple=award_type.cash_multiple,
            citation=citation,
        )
        award.full_clean()
        award.save()
        if nomination is not None:
            nomination.status, nomination.decision = Nomination.Status.DECIDED, decision
            bump_version(nomination)
            nomination.save()
            _step(nomination, "decided", user=user, from_unit=authority_unit, note=document.symbol)
    log_event(decision, "awarded", message=document.symbol, data={"awards": len(items)})
    return decision


def decision_total_cash(decision: AwardDecision, base_salary: Decimal | None = None) -> Decimal:
    """Sum of cash multiples (× base salary when given) of a decision's awards."""
    total = sum((a.cash_multiple for a in decision.awards.all()), Decimal("0"))
    return total * base_salary if base_salary is not None else total


def candidate_kind(person: Person | None) -> str:
    return RecipientKind.INDIVIDUAL if person is not None else RecipientKind.COLLECTIVE
