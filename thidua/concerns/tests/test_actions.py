"""Every step of an issue of public concern: shown to who may take it, and accepted; hidden
from who may not, and refused; out of reach of another province's officer
(``thidua.core.testing.WorkflowActionTests``).

The issues are S3's (Hà Tĩnh), recorded by the Propaganda Department (``ht.btg`` manages
it); ``ht.hdnd`` and ``ht.ubnd`` are approvers of the standing committees, ``ht.stp`` a
reporter of the Department of Justice (under the People's Committee), the competent body of
several issues;
``vn.approver`` approves anywhere in the country but manages nothing; ``bn.archive`` is a
viewer only; ``bg.supervisor`` is a Bắc Giang officer, for whom the issues do not exist.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from thidua.accounts.models import User
from thidua.concerns import services
from thidua.concerns.models import ConcernIssue
from thidua.core.testing import WorkflowActionTests
from thidua.orgunits.models import OrgUnit

# The demo data the actions reach, loaded once for the module before any test begins.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3")]


def _u(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _later(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


class IssuePage(WorkflowActionTests):
    outsider = "bg.supervisor"
    state: dict = {}
    wrong_state: dict | None = None

    def _issue(self, **state) -> ConcernIssue:  # type: ignore[no-untyped-def]
        self.fixture("s3")
        return ConcernIssue.objects.filter(**state).order_by("pk").first()

    def make(self) -> ConcernIssue:
        return self._issue(**self.state)

    def make_in_wrong_state(self) -> ConcernIssue | None:
        return None if self.wrong_state is None else self._issue(**self.wrong_state)

    def page_url(self, issue: ConcernIssue) -> str:
        return f"/concerns/{issue.pk}/"


RECORDED = {"state": "recorded"}
ANSWERED = {"state": "answered"}
# Answer due in a few days, sent to the People's Committee's standing committee.
FORWARDED = {"state": "forwarded", "competent_unit__code": "P42-STP", "reopen_count": 0}


class TestRecord(WorkflowActionTests):
    action = "record"
    granted = "ht.btg"
    refused = "bn.archive"  # a viewer sees issues and records none
    outsider = "outsider"  # no role at all: the list itself is refused

    def make(self) -> None:
        return None

    def page_url(self, obj: None) -> str:
        return "/concerns/"

    def perform(self, user, obj):  # type: ignore[no-untyped-def]
        return services.concern_record(
            user=user,
            unit=_u("P42-BTGTU"),
            summary="Đường ngập sau mưa",
            category="infrastructure",
            raised_where="Tiếp xúc cử tri",
            raised_on=timezone.localdate(),
        )


class TestRefer(IssuePage):
    action = "refer"
    granted = "ht.btg"
    refused = "vn.approver"  # sees every issue, manages no recording unit
    state = RECORDED
    wrong_state = {"state": "referred"}

    def perform(self, user, issue):  # type: ignore[no-untyped-def]
        return services.concern_refer(user=user, issue=issue, standing_units=[_u("P42-HDND")])


class TestForward(IssuePage):
    """An issue recorded by the Department of Justice (``ht.stp`` reports for it but does
    not route issues) and sent to the People's Committee's standing committee."""

    action = "forward"
    granted = "ht.ubnd"
    refused = "ht.stp"

    def make(self) -> ConcernIssue:
        self.fixture("s3")
        issue = services.concern_record(
            user=_user("ht.stp"),
            unit=_u("P42-STP"),
            summary="Đề nghị niêm yết thủ tục chứng thực tại xã",
            category="administration",
            raised_where="Hội nghị báo cáo viên",
            raised_on=timezone.localdate(),
        )
        return services.concern_refer(
            user=_user("ht.bcd35"), issue=issue, standing_units=[_u("P42-UBND")]
        )

    def make_in_wrong_state(self) -> ConcernIssue:
        return self.perform(_user("ht.ubnd"), self.make())

    def perform(self, user, issue):  # type: ignore[no-untyped-def]
        return services.concern_forward(
            user=user, issue=issue, competent_unit=_u("P42-SXD"), answer_due=_later(15)
        )


class TestAnswer(IssuePage):
    action = "answer"
    granted = "ht.stp"
    refused = "ht.btg"  # recorded the issue, is not the competent body
    state = FORWARDED
    wrong_state = ANSWERED

    def perform(self, user, issue):  # type: ignore[no-untyped-def]
        return services.concern_answer(user=user, issue=issue, answer="Đã hướng dẫn tại xã.")


class TestClose(IssuePage):
    action = "close"
    granted = "ht.btg"
    refused = "ht.stp"  # answered it, does not close it
    state = ANSWERED
    wrong_state = FORWARDED

    def perform(self, user, issue):  # type: ignore[no-untyped-def]
        return services.concern_close(user=user, issue=issue, note="Đã trả lời cử tri.")


class TestReopen(IssuePage):
    action = "reopen"
    granted = "ht.btg"
    refused = "ht.stp"
    state = ANSWERED
    wrong_state = RECORDED  # never forwarded: nothing to reopen

    def perform(self, user, issue):  # type: ignore[no-untyped-def]
        return services.concern_reopen(
            user=user, issue=issue, reason="Cử tri phản ánh lại", answer_due=_later(10)
        )


class TestUrge(IssuePage):
    action = "urge"
    granted = "ht.btg"
    refused = "ht.stp"  # the body that owes the answer does not urge itself
    state = FORWARDED
    wrong_state = ANSWERED

    def perform(self, user, issue):  # type: ignore[no-untyped-def]
        return services.concern_urge(user=user, issue=issue, message="Đề nghị trả lời sớm.")


def test_the_new_issue_page_is_refused_to_who_records_for_no_unit(s3, user_named, client_for):
    assert client_for(user_named("bn.archive")).get("/concerns/new/").status_code == 403
    page = client_for(user_named("ht.btg")).get("/concerns/new/").content.decode()
    assert 'data-action="record"' in page
