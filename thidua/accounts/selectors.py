"""Reads of units through the user's reach, for the pages of every app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.authtoken.models import Token

from thidua.accounts.models import RoleAssignment
from thidua.accounts.scope import Action, reach
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


def token_of(*, user: Any) -> Token | None:
    """The user's own API token, if they made one."""
    return Token.objects.filter(user=user).first()
