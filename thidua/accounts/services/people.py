"""Onboarding officers: a manager creates, edits, deactivates and reactivates the accounts
of their units' officers, grants and withdraws roles there, and sends sign-in links.

Who may do what is in ``thidua.accounts.permissions`` (rules ``create_account``,
``grant_role``, ``withdraw_role``, ``edit_account``, ``deactivate``, ``reactivate``,
``invite``), checked inside each transaction. Every grant and withdrawal is a write of a
``RoleAssignment`` (a ``TrackedModel``: in the change log) and an event on the account.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from thidua.accounts.models import ApiToken, Role, RoleAssignment, User
from thidua.accounts.permissions import rules
from thidua.accounts.scope import forget_cached_roles
from thidua.core.changelog import log_event
from thidua.orgunits.models import OrgUnit


def _clean_email(email: str, *, account: User | None = None) -> str:
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("Give the person's e-mail address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(email)s” is not an e-mail address.") % {"email": email}}
        ) from None
    taken = User.objects.filter(email__iexact=email)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise ValidationError(
            {"email": _("Another account already has the address %(email)s.") % {"email": email}}
        )
    return email


def _clean_name(full_name: str) -> str:
    name = " ".join((full_name or "").split())
    if not name:
        raise ValidationError({"full_name": _("Give the person's full name.")})
    return name


@transaction.atomic
def user_create(
    *,
    user: Any,
    full_name: str,
    email: str,
    unit: OrgUnit,
    role: str,
    username: str = "",
    position: str = "",
    language: str = "",
    invite: bool = True,
) -> User:
    """A new account holding ``role`` at ``unit``, with no password: the person chooses
    it through the sign-in link sent to ``email`` (when ``invite``). The user name is the
    e-mail address unless one is given."""
    rules.require("create_account", user, None, unit=unit, role=role)
    email = _clean_email(email)
    username = (username or email).strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The user name %(name)s is taken.") % {"name": username}}
        )
    account = User(
        username=username,
        full_name=_clean_name(full_name),
        email=email,
        position=" ".join((position or "").split()),
        language=language or settings.LANGUAGE_CODE,
    )
    account.set_unusable_password()
    account.full_clean()
    account.save()
    log_event(account, "account created", data={"by": getattr(user, "username", "")})
    _grant(user, account, unit, role)
    if invite:
        invitation_send(user=user, account=account)
    return account


@transaction.atomic
def user_update(
    *, user: Any, account: User, full_name: str, email: str, position: str = ""
) -> User:
    account = User.objects.select_for_update().get(pk=account.pk)
    rules.require("edit_account", user, account)
    before = {"full_name": account.full_name, "email": account.email, "position": account.position}
    account.full_name = _clean_name(full_name)
    account.email = _clean_email(email, account=account)
    account.position = " ".join((position or "").split())
    account.full_clean()
    account.save(update_fields=["full_name", "email", "position"])
    after = {"full_name": account.full_name, "email": account.email, "position": account.position}
    if after != before:
        log_event(account, "account updated", data={"before": before, "after": after})
    return account


@transaction.atomic
def user_deactivate(*, user: Any, account: User) -> User:
    """The account can no longer sign in, its sessions and API tokens stop working; its
    roles stay, so that reactivating gives them back."""
    account = User.objects.select_for_update().get(pk=account.pk)
    rules.require("deactivate", user, account)
    account.is_active = False
    account.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=account, revoked_at__isnull=True).update(revoked_at=timezone.now())
    log_event(account, "deactivated")
    return account


@transaction.atomic
def user_reactivate(*, user: Any, account: User) -> User:
    account = User.objects.select_for_update().get(pk=account.pk)
    rules.require("reactivate", user, account)
    account.is_active = True
    account.save(update_fields=["is_active"])
    log_event(account, "reactivated")
    return account


def _grant(user: Any, account: User, unit: OrgUnit, role: str) -> RoleAssignment:
    rules.require("grant_role", user, account, unit=unit, role=role)
    assignment = RoleAssignment(user=account, unit=unit, role=Role(role), granted_by=user)
    assignment.full_clean()
    assignment.save()
    log_event(account, "role granted", data={"unit": unit.name, "role": role})
    forget_cached_roles(account)
    return assignment


@transaction.atomic
def role_grant(*, user: Any, account: User, unit: OrgUnit, role: str) -> RoleAssignment:
    """``account`` holds ``role`` at ``unit`` from now on (and over its whole subtree)."""
    account = User.objects.select_for_update().get(pk=account.pk)
    return _grant(user, account, unit, role)


@transaction.atomic
def role_withdraw(*, user: Any, assignment: RoleAssignment) -> None:
    assignment = RoleAssignment.objects.select_related("user", "unit").get(pk=assignment.pk)
    User.objects.select_for_update().filter(pk=assignment.user_id).first()
    rules.require("withdraw_role", user, assignment)
    account = assignment.user
    data = {"unit": assignment.unit.name, "role": assignment.role}
    assignment.delete()
    log_event(account, "role withdrawn", data=data)
    forget_cached_roles(account)


def sign_in_link(account: User) -> str:
    """A one-time link to choose a password: it stops working once a password is set or
    after ``PASSWORD_RESET_TIMEOUT`` (Django's token generator)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def invitation_send(*, user: Any, account: User) -> None:
    """E-mail ``account`` a one-time link to choose a password, in their language."""
    rules.require("invite", user, account)
    roles = ", ".join(
        f"{a.get_role_display()} — {a.unit.name}"
        for a in account.role_assignments.select_related("unit")
    )
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    with translation.override(account.language or settings.LANGUAGE_CODE):
        subject = _("thidua: your account")
        body = "\n".join(
            [
                _("Hello %(name)s,") % {"name": account},
                "",
                _("%(manager)s opened a thidua account for you (user name: %(username)s).")
                % {"manager": user, "username": account.username},
                _("Your roles: %(roles)s.") % {"roles": roles},
                "",
                _("Choose your password here (the link works once, for %(days)d days):")
                % {"days": days},
                sign_in_link(account),
            ]
        )
    send_mail(subject, body, None, [account.email])
    log_event(account, "invited")
