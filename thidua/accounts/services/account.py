"""Writes to a user's own account: API tokens and the second factor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import tokens, twofactor
from thidua.accounts.models import ApiToken, TotpDevice
from thidua.accounts.permissions import rules
from thidua.core.changelog import log_event


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: the only time the secret exists in the clear."""

    token: ApiToken
    secret: str


@transaction.atomic
def token_create(*, user: Any, account: Any, name: str, days: int) -> NewToken:
    """A new API token for ``account``, valid ``days`` days (one of ``API_TOKEN_DAYS``);
    its secret is returned once and only its digest is stored. Recorded in the account's
    history by name, without the secret."""
    rules.require("create_token", user, account)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Name the token after the system that will use it.")})
    if days not in settings.API_TOKEN_DAYS:
        raise ValidationError({"days": _("Choose one of the lifetimes offered.")})
    secret = tokens.new_secret()
    now = timezone.now()
    token = ApiToken(
        user=account,
        name=name[:100],
        digest=tokens.digest_of(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    token.full_clean(exclude=["digest"])
    token.save()
    log_event(account, "token created", data={"name": token.name, "expires": token.expires_at})
    return NewToken(token, secret)


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """The token stops working at once."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    rules.require("revoke_token", user, token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_event(token.user, "token revoked", data={"name": token.name})
    return token


@transaction.atomic
def second_factor_start(*, user: Any, account: Any) -> TotpDevice:
    """An unconfirmed authenticator for ``account`` (a new secret each time it is asked
    for, until a code confirms one)."""
    rules.require("enrol_second_factor", user, account)
    device, _created = TotpDevice.objects.update_or_create(
        user=account, defaults={"secret": twofactor.new_secret(), "last_step": 0}
    )
    return device


@transaction.atomic
def second_factor_confirm(*, user: Any, account: Any, code: str) -> TotpDevice:
    """The code the app shows proves it holds the secret: from now on sign-in asks for it."""
    rules.require("enrol_second_factor", user, account)
    device = TotpDevice.objects.select_for_update().filter(user=account).first()
    if device is None:
        raise ValidationError(_("Start again: no authenticator is being set up."))
    if not twofactor.check_code(device, code):
        raise ValidationError(
            {"code": _("This code is not the one your app shows now: check the app's clock.")}
        )
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    log_event(account, "second factor added")
    return device


@transaction.atomic
def second_factor_remove(*, user: Any, account: Any) -> None:
    rules.require("remove_second_factor", user, account)
    TotpDevice.objects.filter(user=account).delete()
    log_event(account, "second factor removed")
