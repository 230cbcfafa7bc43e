"""Entry checks shared by every app, and the rules of a user's own account.

A *member* is a signed-in user holding a role. Object-level reach is decided by
``thidua.accounts.scope``; ``member_required`` and ``IsMember`` only keep people without
any role (outsiders) off the pages and endpoints that list the system's data, so that
they are refused (403) rather than shown empty shells.

``rules`` (``thidua.core.permissions``) holds what a user may do to an account: its own
user makes and revokes its API tokens and sets up its second factor; a manager creates
the accounts of their units' officers and grants them roles (the onboarding rules below).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from thidua.accounts import twofactor
from thidua.accounts.models import ROLE_RANK, Role
from thidua.accounts.scope import MIN_ROLE, Action, can, has_any_role, reach, refusal
from thidua.core.permissions import Refusal, Rules, denied, not_now

# The action each role opens (``scope.MIN_ROLE`` read the other way).
ACTION_OF_ROLE = {role: action for action, role in MIN_ROLE.items()}

rules = Rules()


# ------------------------------------------------------------------ the user's own account


def _owner(user: Any, account: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.pk == getattr(account, "pk", 0)


@rules.rule("create_token", group="account")
def _create_token(user: Any, account: Any) -> Refusal | None:
    """An API token acts with its user's roles: only that user, signed in, makes one."""
    if not _owner(user, account):
        return denied(_("Only the owner of an account makes its API tokens."))
    return None


@rules.rule("revoke_token")
def _revoke_token(user: Any, token: Any) -> Refusal | None:
    if not _owner(user, getattr(token, "user", None)):
        return denied(_("Only the owner of an API token revokes it."))
    if token.revoked_at is not None:
        return not_now(_("This API token is already revoked."))
    return None


@rules.rule("enrol_second_factor", group="account")
def _enrol_second_factor(user: Any, account: Any) -> Refusal | None:
    if not _owner(user, account):
        return denied(_("Only the owner of an account sets up its second factor."))
    if not twofactor.eligible(account):
        return denied(_("A second factor is offered to approvers, managers and administrators."))
    if twofactor.enrolled(account):
        return not_now(_("Your authenticator app is already set up."))
    return None


@rules.rule("remove_second_factor", group="account")
def _remove_second_factor(user: Any, account: Any) -> Refusal | None:
    if not _owner(user, account):
        return denied(_("Only the owner of an account removes its second factor."))
    if not twofactor.enrolled(account):
        return not_now(_("No authenticator app is set up."))
    if twofactor.required(account):
        return not_now(_("One of your roles requires a second factor: it cannot be removed."))
    return None


# ------------------------------------------------------------------ onboarding officers
#
# A manager reaches the units of their subtree (``scope``). There they create accounts,
# grant and withdraw roles no higher than the highest role they hold at that unit or
# above it, and manage the accounts all of whose roles they could have granted: never an
# account that also holds a role beside or above their subtree, or a higher role.


def rank_at(user: Any, unit: Any) -> int:
    """The rank of the highest role ``user`` holds at ``unit`` or above it (-1: none);
    a superuser's is the administrator's."""
    ranks = [ROLE_RANK[r] for r in Role if can(user, ACTION_OF_ROLE[r], unit)]
    return max(ranks, default=-1)


def manages_someone(user: Any) -> bool:
    return not reach(user, Action.MANAGE).nothing


def _grantable(user: Any, unit: Any, role: str) -> Refusal | None:
    if not can(user, Action.MANAGE, unit):
        return denied(refusal(Action.MANAGE, str(unit)))
    if ROLE_RANK[Role(role)] > rank_at(user, unit):
        return denied(
            _(
                "You may not grant or withdraw the role of %(role)s at %(unit)s: it is higher "
                "than your own there."
            )
            % {"role": Role(role).label, "unit": unit}
        )
    return None


def account_manageable(user: Any, account: Any) -> Refusal | None:
    """Why ``user`` may not manage ``account`` (edit, deactivate, invite), if so."""
    if getattr(user, "is_superuser", False):
        return None
    if not manages_someone(user):
        return denied(_("Only a manager of a unit manages its officers' accounts."))
    if account.is_superuser:
        return denied(_("Only a superuser manages a superuser's account."))
    if account.pk == user.pk:
        return denied(_("Your own account is managed by a manager above you."))
    held = list(account.role_assignments.select_related("unit"))
    if not held:
        return denied(_("This account holds no role in your units."))
    for assignment in held:
        if _grantable(user, assignment.unit, assignment.role) is not None:
            return denied(
                _(
                    "%(person)s also holds the role of %(role)s at %(unit)s, outside what you "
                    "manage: ask a manager of that unit."
                )
                % {
                    "person": account,
                    "role": assignment.get_role_display(),
                    "unit": assignment.unit,
                }
            )
    return None


@rules.rule("create_account")
def _create_account(
    user: Any, _obj: Any = None, *, unit: Any = None, role: str = ""
) -> Refusal | None:
    if not manages_someone(user):
        return denied(_("Only a manager of a unit creates accounts for its officers."))
    if unit is not None and role:
        return _grantable(user, unit, role)
    return None


@rules.rule("grant_role", group="person")
def _grant_role(user: Any, account: Any, *, unit: Any = None, role: str = "") -> Refusal | None:
    if not manages_someone(user):
        return denied(_("Only a manager of a unit grants roles there."))
    if account.is_superuser and not user.is_superuser:
        return denied(_("Only a superuser manages a superuser's account."))
    if unit is not None and role:
        refused = _grantable(user, unit, role)
        if refused:
            return refused
        if account.role_assignments.filter(unit=unit, role=role).exists():
            return not_now(
                _("%(person)s already holds the role of %(role)s at %(unit)s.")
                % {"person": account, "role": Role(role).label, "unit": unit}
            )
    return None


@rules.rule("withdraw_role")
def _withdraw_role(user: Any, assignment: Any) -> Refusal | None:
    if assignment.user_id == user.pk and not user.is_superuser:
        return denied(_("Your own roles are withdrawn by a manager above you."))
    refused = _grantable(user, assignment.unit, assignment.role)
    if refused:
        return refused
    if assignment.user.role_assignments.count() <= 1:
        return not_now(
            _("This is the last role of %(person)s: deactivate the account instead.")
            % {"person": assignment.user}
        )
    return None


@rules.rule("edit_account", group="person")
def _edit_account(user: Any, account: Any) -> Refusal | None:
    return account_manageable(user, account)


@rules.rule("deactivate", group="person")
def _deactivate(user: Any, account: Any) -> Refusal | None:
    refused = account_manageable(user, account)
    if refused:
        return refused
    if not account.is_active:
        return not_now(_("This account is already deactivated."))
    return None


@rules.rule("reactivate", group="person")
def _reactivate(user: Any, account: Any) -> Refusal | None:
    refused = account_manageable(user, account)
    if refused:
        return refused
    if account.is_active:
        return not_now(_("This account is active."))
    return None


@rules.rule("invite", group="person")
def _invite(user: Any, account: Any) -> Refusal | None:
    refused = account_manageable(user, account)
    if refused:
        return refused
    if not account.is_active:
        return not_now(_("Reactivate the account before sending it a sign-in link."))
    if not account.email:
        return not_now(_("Add the person's e-mail address first."), field="email")
    return None


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``login_required`` plus: the user must hold a role somewhere (else 403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_any_role(request.user):
            raise PermissionDenied(_("You hold no role at any unit."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


class IsMember(BasePermission):
    """API default: authenticated and holding a role (superusers included)."""

    message = "You hold no role at any unit."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and has_any_role(request.user))
