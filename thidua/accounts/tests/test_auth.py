"""Sign-in, the one throttle of every login path, password change, sign-out.

The throttle's regression tests are named after what they prevent (issue 13, point 5):
the admin login unthrottled, a named user locked out by someone else, a proxy's address
counted as everyone's.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


@pytest.fixture
def police(user_named):
    user = user_named("bg.police")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def superuser_with_password(user_named):
    admin = user_named("admin")
    admin.set_password(PASSWORD)
    admin.save()
    return admin


def _login(client, username, password, *, address="127.0.0.1", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_officer_signs_in_and_lands_on_the_home_page(client, police):
    response = _login(client, "bg.police", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home")).content.decode()
    assert "Công an tỉnh Bắc Giang" in home


def test_a_wrong_password_is_refused_and_counted_in_the_shared_throttle(client, police):
    response = _login(client, "bg.police", "wrong")
    assert response.status_code == 200
    assert not _signed_in(client)
    attempt = AccessAttempt.objects.get(username="bg.police")
    assert attempt.failures_since_start == 1 and attempt.ip_address == "127.0.0.1"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_pair_even_for_the_right_password(client, police):
    for _ in range(3):
        _login(client, "bg.police", "wrong", address=ATTACKER)
    response = _login(client, "bg.police", PASSWORD, address=ATTACKER)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not _signed_in(client)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_success_clears_the_failures_of_its_own_pair(client, police):
    _login(client, "bg.police", "wrong")
    _login(client, "bg.police", "wrong")
    assert _login(client, "bg.police", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="bg.police").exists()


def test_admin_login_is_throttled(police, superuser_with_password):
    """30 wrong passwords on /admin/login/, then the right one: not signed in."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(30):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
        )
        _login(client, "admin", "wrong", address=ATTACKER)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert not _signed_in(client)
    # The admin's login is the one sign-in page, whose throttle holds for the right password.
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert _login(client, "admin", PASSWORD, address=ATTACKER).status_code == 429
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_page_sends_to_the_one_sign_in_page_and_back(superuser_with_password):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("accounts:login")
    assert parse_qs(target.query) == {"next": ["/admin/accounts/user/"]}
    signed = client.post(
        response["Location"],
        {"username": "admin", "password": PASSWORD, "next": "/admin/accounts/user/"},
    )
    assert signed.status_code == 302 and signed["Location"] == "/admin/accounts/user/"
    assert client.get("/admin/accounts/user/").status_code == 200


def test_an_attacker_from_one_ip_cannot_lock_the_named_user_out_from_another_ip(police):
    attacker, officer = Client(), Client()
    for _ in range(40):
        _login(attacker, "bg.police", "wrong", address=ATTACKER)
    assert _login(attacker, "bg.police", PASSWORD, address=ATTACKER).status_code == 429
    response = _login(officer, "bg.police", PASSWORD, address=OFFICE)
    assert response.status_code == 302
    assert _signed_in(officer)


@override_settings(THIDUA_LOGIN_ADDRESS_FAILURE_LIMIT=12)
def test_spraying_many_user_names_from_one_address_is_slowed_too(client, police):
    for n in range(12):
        _login(client, f"guess{n}", "wrong", address=ATTACKER)
    assert _login(client, "bg.police", PASSWORD, address=ATTACKER).status_code == 429
    # Another address is not concerned.
    assert _login(Client(), "bg.police", PASSWORD, address=OFFICE).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, THIDUA_LOGIN_ADDRESS_FAILURE_LIMIT=6)
def test_signing_in_to_ones_own_account_does_not_wipe_the_address_count(client, police):
    for n in range(5):
        _login(client, f"guess{n}", "wrong", address=ATTACKER)
    assert _login(client, "bg.police", PASSWORD, address=ATTACKER).status_code == 302
    client.post(reverse("accounts:logout"))
    _login(client, "guess9", "wrong", address=ATTACKER)
    assert _login(client, "bg.police", PASSWORD, address=ATTACKER).status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_a_proxys_address_is_not_everyones_address_when_proxies_are_configured(police):
    """Behind one proxy every request comes from the proxy's address: the client's is the
    one the proxy appended to X-Forwarded-For, and what the client wrote there is ignored."""
    proxy = "10.0.0.2"
    attacker, officer = Client(), Client()
    for n in range(20):
        attacker.post(
            reverse("accounts:login"),
            {"username": "bg.police", "password": "wrong"},
            REMOTE_ADDR=proxy,
            # A forged address at the left, then the one the proxy saw.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    response = officer.post(
        reverse("accounts:login"),
        {"username": "bg.police", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert response.status_code == 302
    assert _signed_in(officer)


def test_without_configured_proxies_a_forwarded_header_is_not_believed(client, police):
    for n in range(3):
        client.post(
            reverse("accounts:login"),
            {"username": "bg.police", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_the_throttle_is_kept_in_the_database_shared_by_every_worker():
    from django.conf import settings

    assert settings.AXES_HANDLER == "thidua.accounts.throttle.SignInThrottle"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    from axes.handlers.database import AxesDatabaseHandler

    from thidua.accounts.throttle import SignInThrottle

    assert issubclass(SignInThrottle, AxesDatabaseHandler)


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from thidua import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_officer_changes_their_password(client_for, police):
    client = client_for(police)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer pass 42",
            "new_password2": "a much longer pass 42",
        },
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.check_password("a much longer pass 42")


def test_sign_out_needs_a_post(client_for, police):
    client = client_for(police)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_forms_are_csrf_protected(police):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:login"), {"username": "bg.police", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_non_superuser_staff_cannot_reach_the_django_admin(client_for, user_named):
    staff = user_named("bg.supervisor")
    staff.is_staff = True
    staff.save()
    client = client_for(staff)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/accounts/roleassignment/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/")


def test_a_superuser_reaches_the_django_admin(client_for, superuser):
    assert client_for(superuser).get("/admin/accounts/user/").status_code == 200
