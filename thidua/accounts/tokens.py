"""API tokens: how a secret is made, stored (its SHA-256 only) and checked.

Another system sends ``Authorization: Token <secret>``, the header DRF's own
``TokenAuthentication`` reads, so clients written for it keep working; the token lives in
``thidua.accounts.models.ApiToken``, hashed, with an expiry and a revocation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from thidua.accounts.models import ApiToken

KEYWORD = "Token"
# Writing "last used" on every call would make every API read a write: once a minute is
# precise enough for a person deciding which token to revoke.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def new_secret() -> str:
    """32 random bytes, URL-safe: 43 characters."""
    return secrets.token_urlsafe(32)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_for(secret: str) -> ApiToken | None:
    """The live token whose secret this is, with its user; None if unknown, expired,
    revoked, or its user is inactive."""
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    if token is None or not token.is_live() or not token.user.is_active:
        return None
    return token


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token <secret>`` → the token's user, acting with their roles."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as “Authorization: Token <secret>”."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeError:
            raise AuthenticationFailed(
                _("This API token is unknown, expired or revoked.")
            ) from None
        token = token_for(secret)
        if token is None:
            raise AuthenticationFailed(_("This API token is unknown, expired or revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token header."""

    target_class = "thidua.accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <secret>: made on the account page, shown once.",
        }
