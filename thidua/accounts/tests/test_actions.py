"""The account and onboarding actions, each checked with
``thidua.core.testing.WorkflowActionTests`` (granted: sees the button and the service
accepts; refused: no button and the service refuses; another unit's officer: the page is
out of reach; wrong state: refused).

The account page is always the signed-in user's own (``/accounts/me/``): there is no page
of someone else's account to be refused, so those tests check that the other officer's
page shows their own account only and that the service refuses them the owner's token.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.accounts import services
from thidua.accounts.models import ApiToken, Role, RoleAssignment
from thidua.core.testing import WorkflowActionTests

pytestmark = pytest.mark.django_db


class TestCreateToken(WorkflowActionTests):
    action = "create_token"
    granted = "bg.police"
    refused = ""  # whoever sees the page is its owner
    outsider = "hg.police"

    def make(self):
        return self.user("bg.police")

    def page_url(self, obj) -> str:
        return "/accounts/me/"

    def perform(self, user, obj):
        services.token_create(user=user, account=obj, name="Portal", days=30)

    def test_an_officer_of_another_unit_cannot_open_the_page_nor_act(self) -> None:
        account = self.make()
        response = self.page(self.outsider, account)
        assert response.status_code == 200
        assert "Trần Minh Đức" not in response.content.decode()
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(self.user(self.outsider), account)
        assert not ApiToken.objects.filter(user=account).exists()


class TestRevokeToken(WorkflowActionTests):
    action = "revoke_token"
    granted = "bg.police"
    refused = ""
    outsider = "hg.police"

    def make(self):
        police = self.user("bg.police")
        return services.token_create(user=police, account=police, name="Portal", days=30).token

    def make_in_wrong_state(self):
        token = self.make()
        services.token_revoke(user=token.user, token=token)
        return token

    def page_url(self, obj) -> str:
        return "/accounts/me/"

    def perform(self, user, obj):
        services.token_revoke(user=user, token=obj)

    def test_an_officer_of_another_unit_cannot_open_the_page_nor_act(self) -> None:
        token = self.make()
        response = self.page(self.outsider, token)
        assert response.status_code == 200
        assert "Portal" not in response.content.decode()
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(self.user(self.outsider), token)
        token.refresh_from_db()
        assert token.revoked_at is None


class TestEnrolSecondFactor(WorkflowActionTests):
    """The account page offers it to approvers and above; the granted one is an
    approver of Hà Tĩnh's People's Council; a reporter is refused."""

    action = "enrol_second_factor"
    granted = "ht.hdnd"
    refused = "bg.police"
    outsider = "hg.police"

    def make(self):
        return self.user("ht.hdnd")

    def page_url(self, obj) -> str:
        return "/accounts/me/"

    def perform(self, user, obj):
        services.second_factor_start(user=user, account=obj)

    def make_in_wrong_state(self):
        from django.utils import timezone

        from thidua.accounts.models import TotpDevice

        account = self.make()
        TotpDevice.objects.create(user=account, secret="A" * 32, confirmed_at=timezone.now())
        return account

    def test_a_refused_user_sees_no_action_and_the_service_refuses_it(self) -> None:
        reporter = self.user(self.refused)
        response = self.page(self.refused, reporter)
        assert response.status_code == 200
        assert not self._shows(response)
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(reporter, reporter)

    def test_an_officer_of_another_unit_cannot_open_the_page_nor_act(self) -> None:
        account = self.make()
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(self.user(self.outsider), account)


class _PersonPage(WorkflowActionTests):
    """A person's page: bg.supervisor (manager of Bắc Giang) manages bg.police (a
    reporter at Bắc Giang's police); ht.bcd35 (a manager in Hà Tĩnh) is beside it."""

    granted = "bg.supervisor"
    refused = "bg.luc-ngan"  # a reporter: sees no person's page at all (403)
    outsider = "ht.bcd35"

    def make(self):
        return self.user("bg.police")

    def page_url(self, obj) -> str:
        return f"/accounts/people/{obj.pk}/"

    def test_a_refused_user_sees_no_action_and_the_service_refuses_it(self) -> None:
        obj = self.make()
        response = self.page(self.refused, obj)
        assert response.status_code in (403, 404)
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(self.user(self.refused), obj)


class TestDeactivate(_PersonPage):
    action = "deactivate"

    def perform(self, user, obj):
        services.user_deactivate(user=user, account=obj)

    def make_in_wrong_state(self):
        account = self.make()
        account.is_active = False
        account.save()
        return account


class TestReactivate(_PersonPage):
    action = "reactivate"

    def make(self):
        account = self.user("bg.police")
        account.is_active = False
        account.save()
        return account

    def perform(self, user, obj):
        services.user_reactivate(user=user, account=obj)

    def make_in_wrong_state(self):
        return self.user("bg.police")


class TestInvite(_PersonPage):
    action = "invite"

    def perform(self, user, obj):
        services.invitation_send(user=user, account=obj)

    def make_in_wrong_state(self):
        account = self.make()
        account.email = ""
        account.save()
        return account


class TestEditAccount(_PersonPage):
    action = "edit_account"

    def perform(self, user, obj):
        services.user_update(user=user, account=obj, full_name="Trần Minh Đức", email=obj.email)


class TestGrantRole(_PersonPage):
    action = "grant_role"

    def perform(self, user, obj):
        from thidua.orgunits.models import OrgUnit

        services.role_grant(
            user=user, account=obj, unit=OrgUnit.objects.get(code="H-BG-CA"), role=Role.VIEWER
        )


class TestWithdrawRole(_PersonPage):
    action = "withdraw_role"

    def make(self):
        from thidua.orgunits.models import OrgUnit

        police = self.user("bg.police")
        RoleAssignment.objects.create(
            user=police, unit=OrgUnit.objects.get(code="H-BG-CA"), role=Role.VIEWER
        )
        return police

    def perform(self, user, obj):
        assignment = obj.role_assignments.order_by("-pk").first()
        services.role_withdraw(user=user, assignment=assignment)

    def make_in_wrong_state(self):
        return self.user("bg.police")  # one role only: the last is not withdrawn
