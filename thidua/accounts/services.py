"""Writes to a user's own account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from thidua.accounts.permissions import rules
from thidua.core.changelog import log_event


@transaction.atomic
def token_regenerate(*, user: Any, account: Any) -> Token:
    """Replace ``account``'s API token (the old one stops working at once); the change is
    recorded in the account's history, without the key."""
    rules.require("regenerate_token", user, account)
    replaced = Token.objects.filter(user=account).delete()[0] > 0
    token = Token.objects.create(user=account)
    log_event(account, "token_replaced" if replaced else "token_created")
    return token
