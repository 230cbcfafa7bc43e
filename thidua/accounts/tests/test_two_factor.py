"""The optional second factor: enrolment shows the secret once (QR as inline SVG), then
signing in asks for a code; a role an administrator marks requires it; wrong codes count
in the one throttle."""

from __future__ import annotations

import pyotp
import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from thidua.accounts import services
from thidua.accounts.models import Role, SecondFactorRule, TotpDevice

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def approver(user_named):
    """Approver at Hà Tĩnh's People's Council."""
    user = user_named("ht.hdnd")
    user.set_password(PASSWORD)
    user.save()
    return user


def _enrol(user) -> TotpDevice:
    device = services.second_factor_start(user=user, account=user)
    services.second_factor_confirm(user=user, account=user, code=pyotp.TOTP(device.secret).now())
    device.refresh_from_db()
    # The code just used is spent: the next sign-in needs a later one.
    return device


def _next_code(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).at((device.last_step + 1) * 30)


def _password(client, username=None, password=PASSWORD, address="127.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username or "ht.hdnd", "password": password},
        REMOTE_ADDR=address,
    )


def test_enrolment_shows_a_qr_code_drawn_on_the_server_and_the_secret_until_confirmed(
    client_for, approver
):
    client = client_for(approver)
    page = client.post(reverse("accounts:two-factor"), {"step": "start"})
    assert page.status_code == 200
    body = page.content.decode()
    assert '<svg viewBox="' in body and 'class="segno"' in body
    device = TotpDevice.objects.get(user=approver)
    grouped = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    assert grouped in body
    confirmed = client.post(
        reverse("accounts:two-factor"),
        {"step": "confirm", "code": pyotp.TOTP(device.secret).now()},
    )
    assert confirmed.status_code == 302
    after = client.get(reverse("accounts:two-factor")).content.decode()
    assert grouped not in after and "segno" not in after


def test_a_wrong_code_does_not_confirm_the_enrolment(client_for, approver):
    client = client_for(approver)
    client.post(reverse("accounts:two-factor"), {"step": "start"})
    response = client.post(reverse("accounts:two-factor"), {"step": "confirm", "code": "000000"})
    assert response.status_code == 200
    assert TotpDevice.objects.get(user=approver).confirmed_at is None


def test_once_enrolled_signing_in_asks_for_the_code_after_the_password(approver):
    device = _enrol(approver)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _password(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login-code")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:home")).status_code == 302  # not signed in yet
    signed = client.post(reverse("accounts:login-code"), {"code": _next_code(device)})
    assert signed.status_code == 302 and signed["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(approver.pk)


def test_a_code_is_accepted_once(approver):
    device = _enrol(approver)
    code = _next_code(device)
    first = Client()
    _password(first)
    assert first.post(reverse("accounts:login-code"), {"code": code}).status_code == 302
    second = Client()
    _password(second)
    refused = second.post(reverse("accounts:login-code"), {"code": code})
    assert refused.status_code == 200
    assert "_auth_user_id" not in second.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_codes_count_in_the_sign_in_throttle(approver):
    device = _enrol(approver)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _password(client, address="203.0.113.5")
    for _ in range(3):
        client.post(reverse("accounts:login-code"), {"code": "123456"}, REMOTE_ADDR="203.0.113.5")
    assert AccessAttempt.objects.get(username="ht.hdnd").failures_since_start == 3
    locked = client.post(
        reverse("accounts:login-code"), {"code": _next_code(device)}, REMOTE_ADDR="203.0.113.5"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_goes_back_to_sign_in(client):
    response = client.get(reverse("accounts:login-code"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_the_second_factor_is_offered_to_approvers_and_refused_to_reporters_and_outsiders(
    client_for, user_named
):
    assert client_for(user_named("ht.hdnd")).get(reverse("accounts:two-factor")).status_code == 200
    for username in ("bg.police", "outsider"):
        response = client_for(user_named(username)).get(reverse("accounts:two-factor"))
        assert response.status_code == 403, username
        response = client_for(user_named(username)).post(
            reverse("accounts:two-factor"), {"step": "start"}
        )
        assert response.status_code == 403, username
    assert not TotpDevice.objects.exists()


def test_a_role_that_requires_it_sends_its_holders_to_enrol_before_anything_else(approver):
    SecondFactorRule.objects.create(role=Role.APPROVER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _password(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two-factor")
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:two-factor")
    assert client.get("/api/me/").status_code == 403
    client.post(reverse("accounts:two-factor"), {"step": "start"})
    device = TotpDevice.objects.get(user=approver)
    client.post(
        reverse("accounts:two-factor"), {"step": "confirm", "code": pyotp.TOTP(device.secret).now()}
    )
    assert client.get(reverse("core:home")).status_code == 200
    # Required: it cannot be removed.
    refused = client.post(reverse("accounts:two-factor"), {"step": "remove"})
    assert refused.status_code == 200
    assert TotpDevice.objects.filter(user=approver, confirmed_at__isnull=False).exists()


def test_an_owner_removes_an_optional_second_factor(client_for, approver):
    _enrol(approver)
    client = client_for(approver)
    assert client.post(reverse("accounts:two-factor"), {"step": "remove"}).status_code == 302
    assert not TotpDevice.objects.filter(user=approver).exists()
