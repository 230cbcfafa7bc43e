"""The optional second factor: a code from an authenticator app (TOTP, RFC 6238).

Who may enrol: approvers, managers and administrators (a role of approver or above at any
unit) and superusers; those who have enrolled are asked for a code after their password,
at every sign-in. An administrator may require it of a role (``SecondFactorRule``): a
holder who has not enrolled is signed in but sent to enrol before anything else
(``EnrolmentRequiredMiddleware``). Wrong codes count as failed sign-ins in the one
throttle (``thidua.accounts.throttle``), like wrong passwords.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from typing import Any

import pyotp
import segno
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.models import ROLE_RANK, Role, SecondFactorRule, TotpDevice

ISSUER = "thidua"
STEP_SECONDS = 30
# A code of the step before or after is accepted too: a phone's clock a little off.
DRIFT_STEPS = 1
# Session keys: the user who gave the right password and now owes a code, and the flag
# of a user who must enrol before using the site.
PENDING = "thidua_2fa_pending"
MUST_ENROL = "thidua_2fa_enrol"
PENDING_SECONDS = 5 * 60


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def qr_svg(device: TotpDevice) -> str:
    """The enrolment QR code as inline SVG, drawn on the server (no image service)."""
    return segno.make(provisioning_uri(device), error="m").svg_inline(
        scale=4, omitsize=True, title=_("QR code for your authenticator app")
    )


def grouped_secret(device: TotpDevice) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


def eligible(user: Any) -> bool:
    """Approvers and above (at any unit), and superusers, may use a second factor."""
    if user.is_superuser:
        return True
    ranks = (ROLE_RANK[Role(r)] for r in user.role_assignments.values_list("role", flat=True))
    return any(rank >= ROLE_RANK[Role.APPROVER] for rank in ranks)


def device_of(user: Any) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def enrolled(user: Any) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def required(user: Any) -> bool:
    """A role the user holds (at any unit) requires a second factor."""
    roles = SecondFactorRule.objects.values_list("role", flat=True)
    return user.role_assignments.filter(role__in=roles).exists()


def check_code(device: TotpDevice, code: str) -> bool:
    """True, once, for a current code: the step it belongs to is remembered, so that the
    same code (seen over a shoulder, replayed) is refused afterwards."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret)
    now = int(time.time()) // STEP_SECONDS
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step <= device.last_step or not hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            continue
        # Conditional update: two requests with one code cannot both pass.
        taken = TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
        if taken:
            device.last_step = step
            return True
    return False


def pending_user_id(request: HttpRequest) -> int | None:
    """The user who gave the right password in this session and owes a code, if the
    password was given within ``PENDING_SECONDS``."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return pending.get("user")


# Where a user who must enrol may still go: the enrolment page itself and signing out.
_ENROL_OPEN = ("accounts:two-factor", "accounts:logout", "set_language")


class EnrolmentRequiredMiddleware:
    """Sends a user whose role requires a second factor, and who has none yet, to enrol
    before any other page (and refuses them the API with a session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        session = getattr(request, "session", None)
        if session is None or not session.get(MUST_ENROL):
            return None
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _ENROL_OPEN:
            return None
        if request.path.startswith("/api/"):
            raise PermissionDenied(_("Set up your second factor on your account page first."))
        return redirect(reverse("accounts:two-factor"))
