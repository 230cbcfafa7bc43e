"""Entry checks shared by every app, and the rules of a user's own account.

A *member* is a signed-in user holding a role. Object-level reach is decided by
``thidua.accounts.scope``; ``member_required`` and ``IsMember`` only keep people without
any role (outsiders) off the pages and endpoints that list the system's data, so that
they are refused (403) rather than shown empty shells.

``rules`` (``thidua.core.permissions``) holds what a user may do to an account: only the
account's own user replaces its API token.
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

from thidua.accounts.scope import has_any_role
from thidua.core.permissions import Refusal, Rules, denied

rules = Rules()


@rules.rule("regenerate_token", group="account")
def _regenerate_token(user: Any, account: Any) -> Refusal | None:
    """An API token acts with its user's roles: only that user, signed in, replaces it."""
    if not getattr(user, "is_authenticated", False) or user.pk != getattr(account, "pk", None):
        return denied(_("Only the owner of an account replaces its API token."))
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
