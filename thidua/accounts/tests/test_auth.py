"""Sign-in, throttling of failures, password change, API tokens."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from thidua.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def police(user_named):
    user = user_named("bg.police")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_an_officer_signs_in_and_lands_on_the_home_page(client, police):
    response = _login(client, "bg.police", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home")).content.decode()
    assert "Công an tỉnh Bắc Giang" in home


def test_a_wrong_password_is_refused_and_recorded(client, police):
    response = _login(client, "bg.police", "wrong")
    assert response.status_code == 200
    assert LoginFailure.objects.filter(username="bg.police").count() == 1


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_username_even_for_the_right_password(client, police):
    for _ in range(3):
        _login(client, "bg.police", "wrong")
    response = _login(client, "bg.police", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_success_clears_the_failures_of_the_username(client, police):
    _login(client, "bg.police", "wrong")
    _login(client, "bg.police", "wrong")
    assert _login(client, "bg.police", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="bg.police").exists()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from thidua import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_officer_changes_their_password(client, police):
    _login(client, "bg.police", PASSWORD)
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


def test_sign_out_needs_a_post(client, police):
    _login(client, "bg.police", PASSWORD)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_forms_are_csrf_protected(police):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:login"), {"username": "bg.police", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_a_token_authenticates_another_system_with_the_users_roles(
    client, client_for, police, unit
):
    c = client_for(police)
    c.post(reverse("accounts:token-regenerate"))
    token = Token.objects.get(user=police)
    c.logout()
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    me = api.get("/api/me/").json()
    assert me["username"] == "bg.police"
    assert me["roles"][0]["unit_code"] == "H-BG-CA"
    assert api.get(f"/api/units/{unit('H-BG-SNGV').pk}/").status_code == 404
    assert api.get(f"/api/units/{unit('H-BG-CA').pk}/").status_code == 200


def test_regenerating_a_token_invalidates_the_old_one(client_for, police):
    c = client_for(police)
    c.post(reverse("accounts:token-regenerate"))
    old = Token.objects.get(user=police).key
    c.post(reverse("accounts:token-regenerate"))
    assert Token.objects.get(user=police).key != old
