"""Reads of accounts and of units through the user's reach, for the pages of every app."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from thidua.accounts.models import ROLE_RANK, ApiToken, Role, RoleAssignment, User
from thidua.accounts.permissions import rank_at
from thidua.accounts.scope import Action, reach, restrict
from thidua.orgunits.models import OrgUnit


def units_for_select(*, user: Any, action: str = Action.REPORT) -> QuerySet[OrgUnit]:
    """Units where the user may act, for form choices (historical ones included: Hà
    Giang's districts still close their old dossiers)."""
    return (
        OrgUnit.objects.filter(reach(user, action).unit_q()).select_related("kind").order_by("path")
    )


def roles_of(*, user: Any) -> QuerySet[RoleAssignment]:
    """The user's own roles with their units (their account page, ``/api/me/``)."""
    return RoleAssignment.objects.filter(user=user).select_related("unit")


def tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (never their secrets: only digests are kept)."""
    return ApiToken.objects.filter(user=user)


def token_of_owner(*, user: Any, pk: int) -> ApiToken:
    """One of the user's own tokens; someone else's is not found."""
    token = ApiToken.objects.select_related("user").filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


def _roles_in_reach(user: Any) -> QuerySet[RoleAssignment]:
    return restrict(RoleAssignment.objects.all(), user, Action.MANAGE)


def people_of(*, user: Any, query: str = "", active: bool | None = None) -> QuerySet[User]:
    """The accounts holding a role at a unit the user manages, with those roles (the
    ones in the user's reach only), by name."""
    in_reach = _roles_in_reach(user)
    qs = User.objects.filter(pk__in=in_reach.values("user_id"))
    for word in query.split():
        qs = qs.filter(
            Q(full_name__icontains=word) | Q(username__icontains=word) | Q(email__icontains=word)
        )
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=in_reach.select_related("unit").order_by("unit__path", "role"),
            to_attr="roles_in_reach",
        )
    ).order_by("full_name", "username")


def person_detail(*, user: Any, pk: int) -> User:
    """An account holding a role at a unit the user manages; else 404 (no hint it exists)."""
    person = people_of(user=user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def person_roles(*, person: User) -> QuerySet[RoleAssignment]:
    """Every role of the account (those outside the user's reach too: they explain why the
    account may not be managed), with units and who granted them."""
    return person.role_assignments.select_related("unit", "granted_by").order_by("unit__path")


def grantable_roles(*, user: Any, unit: OrgUnit | None = None) -> list[Role]:
    """The roles the user may grant at ``unit`` (at their best unit when none)."""
    if unit is not None:
        top = rank_at(user, unit)
    elif user.is_superuser:
        top = ROLE_RANK[Role.ADMIN]
    else:
        held = [ROLE_RANK[Role(r)] for r in user.role_assignments.values_list("role", flat=True)]
        top = max(held, default=-1) if not reach(user, Action.MANAGE).nothing else -1
    return [r for r in Role if ROLE_RANK[r] <= top]
