"""The workflow action of a user's account: replacing one's API token
(``thidua.core.testing.WorkflowActionTests``).

The account page is always the signed-in user's own (``/accounts/me/``): there is no page
of someone else's account to be refused, so the other officer's test checks that their
page shows their own account only and that the service refuses them the owner's token.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from rest_framework.authtoken.models import Token

from thidua.accounts import services
from thidua.core.testing import WorkflowActionTests

pytestmark = pytest.mark.django_db


class TestRegenerateToken(WorkflowActionTests):
    action = "regenerate_token"
    granted = "bg.police"
    refused = ""  # whoever sees the page is its owner
    outsider = "hg.police"

    def make(self):
        account = self.user("bg.police")
        Token.objects.create(user=account)
        return account

    def page_url(self, obj) -> str:
        return "/accounts/me/"

    def perform(self, user, obj):
        services.token_regenerate(user=user, account=obj)

    def test_an_officer_of_another_unit_cannot_open_the_page_nor_act(self) -> None:
        account = self.make()
        key = Token.objects.get(user=account).key
        response = self.page(self.outsider, account)
        assert response.status_code == 200
        assert key not in response.content.decode()
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(self.user(self.outsider), account)
        assert Token.objects.get(user=account).key == key


def test_replacing_the_token_is_recorded_without_the_key(client_for, user_named):
    from thidua.core.changelog import history_for

    police = user_named("bg.police")
    client_for(police).post("/accounts/me/token/")
    token = Token.objects.get(user=police)
    events = list(history_for(police).values_list("event", flat=True))
    assert events[:1] == ["token_created"]
    assert not any(token.key in str(r.after or "") for r in history_for(police))
