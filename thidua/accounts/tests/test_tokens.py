"""API tokens: stored hashed, shown once, listed without their secret, expiring, revoked
by their owner, all revoked by a change of password."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from thidua.accounts import services
from thidua.accounts.models import ApiToken
from thidua.accounts.tokens import digest_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(user_named):
    return user_named("bg.police")


def _api(secret: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


def _made_on_the_page(client_for, police, name="Statistics portal", days=90) -> str:
    response = client_for(police).post(
        reverse("accounts:token-create"), {"name": name, "days": days}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    return page.split('data-secret="1">Token ', 1)[1].split("<", 1)[0]


def test_a_token_authenticates_another_system_with_the_users_roles(client_for, police, unit):
    secret = _made_on_the_page(client_for, police)
    api = _api(secret)
    me = api.get("/api/me/").json()
    assert me["username"] == "bg.police"
    assert me["roles"][0]["unit_code"] == "H-BG-CA"
    assert api.get(f"/api/units/{unit('H-BG-SNGV').pk}/").status_code == 404
    assert api.get(f"/api/units/{unit('H-BG-CA').pk}/").status_code == 200


def test_a_token_is_stored_hashed_never_in_plain(client_for, police):
    secret = _made_on_the_page(client_for, police)
    token = ApiToken.objects.get(user=police)
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert len(secret) >= 40
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert not any(secret in str(v) for row in cursor.fetchall() for v in row)


def test_the_secret_is_shown_once_and_the_profile_lists_tokens_without_it(client_for, police):
    secret = _made_on_the_page(client_for, police, name="Statistics portal")
    page = client_for(police).get(reverse("accounts:profile")).content.decode()
    assert "Statistics portal" in page
    assert secret not in page
    token = ApiToken.objects.get(user=police)
    assert token.expires_at.date() == (token.created_at + dt.timedelta(days=90)).date()


def test_the_profile_shows_when_a_token_was_last_used(client_for, police):
    secret = _made_on_the_page(client_for, police)
    assert ApiToken.objects.get(user=police).last_used_at is None
    assert _api(secret).get("/api/me/").status_code == 200
    assert ApiToken.objects.get(user=police).last_used_at is not None


def test_an_expired_token_is_refused(police):
    made = services.token_create(user=police, account=police, name="Old", days=30)
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert _api(made.secret).get("/api/me/").status_code in (401, 403)


def test_a_revoked_token_is_refused_at_once(client_for, police):
    secret = _made_on_the_page(client_for, police)
    token = ApiToken.objects.get(user=police)
    response = client_for(police).post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert _api(secret).get("/api/me/").status_code in (401, 403)


def test_another_user_cannot_revoke_someone_elses_token(client_for, police, user_named):
    made = services.token_create(user=police, account=police, name="Portal", days=30)
    other = client_for(user_named("bg.foreign"))
    assert other.post(reverse("accounts:token-revoke", args=[made.token.pk])).status_code == 404
    made.token.refresh_from_db()
    assert made.token.revoked_at is None


def test_an_outsider_makes_no_token_for_anyone_else_and_an_anonymous_caller_none(police):
    from django.test import Client

    anonymous = Client()
    response = anonymous.post(reverse("accounts:token-create"), {"name": "x", "days": 30})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_a_password_change_revokes_every_token(client_for, police):
    police.set_password("old password 1234")
    police.save()
    first = services.token_create(user=police, account=police, name="One", days=30)
    second = services.token_create(user=police, account=police, name="Two", days=365)
    client = client_for(police)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "old password 1234",
            "new_password1": "a new and long pass 77",
            "new_password2": "a new and long pass 77",
        },
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=police, revoked_at__isnull=True).exists()
    for made in (first, second):
        assert _api(made.secret).get("/api/me/").status_code in (401, 403)


def test_a_hash_upgrade_at_sign_in_is_no_password_change(police):
    made = services.token_create(user=police, account=police, name="One", days=30)
    police.set_password("same password 1234")
    police.save()  # the change: made before it, the token is revoked…
    made = services.token_create(user=police, account=police, name="Two", days=30)
    police.check_password("same password 1234")  # …a check (which may re-hash) is not
    made.token.refresh_from_db()
    assert made.token.revoked_at is None


def test_a_lifetime_not_offered_is_refused(police):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.token_create(user=police, account=police, name="Forever", days=100_000)


def test_a_malformed_token_header_is_refused_not_a_server_error():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token a b")
    assert api.get("/api/me/").status_code in (401, 403)
    api.credentials(HTTP_AUTHORIZATION="Token ünïcode")
    assert api.get("/api/me/").status_code in (401, 403)


def test_token_events_are_recorded_without_the_secret(police):
    from thidua.core.changelog import history_for

    made = services.token_create(user=police, account=police, name="Portal", days=30)
    services.token_revoke(user=police, token=made.token)
    events = list(history_for(police).values_list("event", flat=True))
    assert "token created" in events and "token revoked" in events
    assert not any(made.secret in str(r.after or "") for r in history_for(police))
