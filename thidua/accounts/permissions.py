"""Entry checks shared by every app: a *member* is a signed-in user holding a role.

Object-level reach is decided by ``thidua.accounts.scope``; these checks only keep
people without any role (outsiders) off the pages and endpoints that list the
system's data, so that they are refused (403) rather than shown empty shells.
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
