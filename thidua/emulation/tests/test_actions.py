"""Every workflow action of the emulation app: a button that is shown is a button the
service accepts (``thidua.core.testing.WorkflowActionTests``), seen by a demo user who may
take it, one who sees the page but may not, and an officer of another unit.

Objects are the S5 and S2 demo's where they are in the state the action needs, else made
through the services. A movement or contest made here is unpublished where the page must
be out of another unit's reach (published ones are read by every member).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from types import SimpleNamespace
from typing import Any

import pytest

from thidua.core.testing import WorkflowActionTests
from thidua.emulation import services
from thidua.emulation.models import Contest, Evaluation, Movement, Pledge, RoundTally
from thidua.orgunits.models import OrgUnit

# The demo data the actions reach, loaded once for the module before any test begins.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s_demo")]

_serial = count(1)


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


class EmulationActionTests(WorkflowActionTests):
    """Shared makers of the emulation app's action tests."""

    def s5(self) -> Movement:
        self.fixture("s_demo")
        return Movement.objects.get(code="toan-dan-bao-ve-antq")

    def evaluation(self, code: str) -> Evaluation:
        self.s5()
        return Evaluation.objects.get(unit__code=code, year=2025, person__isnull=True)

    def private_movement(self) -> Movement:
        """An unpublished movement run by the Ministry of Public Security, with Hà Nội and
        Bắc Ninh taking part: read by them and the ministry, by no other unit."""
        bca = self.user("bca.movement")
        movement = services.movement_create(
            user=bca,
            code=f"thi-dua-rieng-{next(_serial)}",
            name="Phong trào thi đua chuyên đề (thử)",
            kind=Movement.Kind.REGULAR,
            owner_unit=_unit("BCA"),
            starts_on=dt.date(2026, 1, 1),
            participant_units=[_unit("P01"), _unit("P24")],
            is_public=False,
        )
        group = services.group_set(user=bca, movement=movement, number=1, name="Các tỉnh")
        services.criterion_set(user=bca, group=group, number=1, text="Tổ chức phong trào")
        return movement

    def contest(self) -> Contest:
        self.fixture("s_demo")
        return Contest.objects.get(year=2023)

    def private_contest(self) -> Contest:
        return services.contest_create(
            user=self.user("ht.bcd35"),
            name=f"Cuộc thi nội bộ {next(_serial)}",
            year=2026,
            unit=_unit("P42-BCD35"),
            rounds=[("district", "Vòng huyện"), ("province", "Vòng tỉnh")],
            prizes=["Giải Nhất"],
            is_public=False,
        )


# ---- movements -------------------------------------------------------------------------


class TestCreateMovement(EmulationActionTests):
    action = "create_movement"
    granted = "bca.movement"
    refused = "moet.reporter"
    outsider = "outsider"

    def make(self) -> OrgUnit:
        return _unit("BCA")

    def page_url(self, obj: Any) -> str:
        return "/emulation/"

    def perform(self, user: Any, obj: OrgUnit) -> None:
        services.movement_create(
            user=user,
            code=f"moi-{next(_serial)}",
            name="Phong trào mới",
            kind=Movement.Kind.REGULAR,
            owner_unit=obj,
            starts_on=dt.date(2026, 1, 1),
        )


class TestEditMovement(EmulationActionTests):
    action = "edit"
    granted = "bca.movement"
    refused = "hanoi.reporter"  # takes part: reads the movement, does not run it
    outsider = "ht.bcd35"

    def make(self) -> Movement:
        return self.private_movement()

    def page_url(self, obj: Movement) -> str:
        return f"/emulation/movements/{obj.pk}/"

    def perform(self, user: Any, obj: Movement) -> None:
        services.movement_update(
            user=user, movement=obj, expected_version=obj.version, name="Tên mới"
        )


class TestEditStructure(TestEditMovement):
    action = "edit_structure"

    def perform(self, user: Any, obj: Movement) -> None:
        services.content_set(user=user, movement=obj, number=1, text="Nội dung thi đua")


class TestIntegrate(EmulationActionTests):
    action = "integrate"
    granted = "bca.movement"
    refused = ""  # the structure page is its owner's managers' alone
    outsider = "ht.bcd35"

    def make(self) -> SimpleNamespace:
        return SimpleNamespace(movement=self.private_movement(), other=self.s5())

    def page_url(self, obj: SimpleNamespace) -> str:
        return f"/emulation/movements/{obj.movement.pk}/structure/"

    def perform(self, user: Any, obj: SimpleNamespace) -> None:
        services.movement_integrate(user=user, movement=obj.movement, other=obj.other)


# ---- pledges ---------------------------------------------------------------------------


class TestRegisterPledge(EmulationActionTests):
    action = "pledge"
    granted = "hanoi.reporter"
    refused = "bn.archive"  # a viewer at Bắc Ninh, which takes part: reads, reports nothing
    outsider = "ht.bcd35"

    def make(self) -> Movement:
        return self.private_movement()

    def page_url(self, obj: Movement) -> str:
        return f"/emulation/movements/{obj.pk}/"

    def perform(self, user: Any, obj: Movement) -> None:
        services.pledge_register(
            user=user,
            movement=obj,
            group=obj.groups.get(),
            unit=_unit("P01"),
            year=2026,
            targets="Xây dựng 5 mô hình tự quản",
        )


class TestChangePledge(EmulationActionTests):
    action = "pledge"
    granted = "hanoi.reporter"
    refused = "bca.movement"  # the movement's owner reads the pledge, does not change it
    outsider = "ht.bcd35"

    def make(self) -> Pledge:
        return Pledge.objects.get(movement=self.s5(), unit__code="P01", year=2025)

    def page_url(self, obj: Pledge) -> str:
        return f"/emulation/pledges/{obj.pk}/"

    def perform(self, user: Any, obj: Pledge) -> None:
        services.pledge_register(
            user=user,
            movement=obj.movement,
            group=obj.group,
            unit=obj.unit,
            year=obj.year,
            targets="Mục tiêu mới",
            expected_version=obj.version,
        )


class TestOpenEvaluation(EmulationActionTests):
    action = "open_evaluation"
    granted = "hanoi.reporter"
    refused = "bca.movement"  # the owner sees the pledge; the unit opens its own evaluation
    outsider = "ht.bcd35"

    def make(self) -> Pledge:
        movement = self.private_movement()
        return services.pledge_register(
            user=self.user("hanoi.reporter"),
            movement=movement,
            group=movement.groups.get(),
            unit=_unit("P01"),
            year=2026,
            targets="Mục tiêu 2026",
        )

    def page_url(self, obj: Pledge) -> str:
        return f"/emulation/movements/{obj.movement_id}/?year={obj.year}"

    def perform(self, user: Any, obj: Pledge) -> None:
        services.evaluation_open(
            user=user, movement=obj.movement, group=obj.group, unit=obj.unit, year=obj.year
        )


# ---- evaluations -----------------------------------------------------------------------


class EvaluationActionTests(EmulationActionTests):
    def page_url(self, obj: Evaluation) -> str:
        return f"/emulation/evaluations/{obj.pk}/"

    def finalised(self, code: str) -> Evaluation:
        """The unit's 2025 evaluation carried to final through the services."""
        e = self.evaluation(code)
        bca = self.user("bca.movement")
        if e.status == Evaluation.Status.DRAFT:
            scores = {c.pk: (Decimal("20"), "Kế hoạch") for c in e.group.criteria.all()}
            e = services.evaluation_self_assess(
                user=self.user("moet.reporter"),
                evaluation=e,
                expected_version=e.version,
                scores=scores,
                submit=True,
            )
        e = services.evaluation_review(
            user=bca, evaluation=e, expected_version=e.version, scores={}
        )
        return services.evaluation_finalise(user=bca, evaluation=e, expected_version=e.version)


class TestSelfAssess(EvaluationActionTests):
    action = "self_assess"
    granted = "moet.reporter"
    refused = "bca.movement"  # its reviewer
    outsider = "hanoi.reporter"

    def make(self) -> Evaluation:
        return self.evaluation("BGDDT")  # a draft

    def perform(self, user: Any, obj: Evaluation) -> None:
        scores = {c.pk: (Decimal("20"), "Kế hoạch số 12") for c in obj.group.criteria.all()}
        services.evaluation_self_assess(
            user=user, evaluation=obj, expected_version=obj.version, scores=scores
        )

    def make_in_wrong_state(self) -> Evaluation:
        return self.finalised("BGDDT")


class TestReview(EvaluationActionTests):
    action = "review"
    granted = "bca.movement"
    refused = "hanoi.reporter"  # the evaluated unit
    outsider = "moet.reporter"

    def make(self) -> Evaluation:
        return self.evaluation("P01")  # self-assessed, waiting for review

    def perform(self, user: Any, obj: Evaluation) -> None:
        services.evaluation_review(
            user=user, evaluation=obj, expected_version=obj.version, scores={}
        )

    def make_in_wrong_state(self) -> Evaluation:
        return self.evaluation("BGDDT")  # still a draft with the unit


class TestFinalise(EvaluationActionTests):
    action = "finalise"
    granted = "bca.movement"
    refused = "vn.approver"  # may review anything, fixes no movement's result
    outsider = "hanoi.reporter"

    def make(self) -> Evaluation:
        return self.evaluation("VNPT")  # reviewed

    def perform(self, user: Any, obj: Evaluation) -> None:
        services.evaluation_finalise(user=user, evaluation=obj, expected_version=obj.version)

    def make_in_wrong_state(self) -> Evaluation:
        return self.evaluation("P01")  # not reviewed yet


class TestReopen(EvaluationActionTests):
    action = "reopen"
    granted = "bca.movement"
    refused = "hanoi.reporter"
    outsider = "moet.reporter"

    def make(self) -> Evaluation:
        return self.evaluation("P01")

    def perform(self, user: Any, obj: Evaluation) -> None:
        services.evaluation_reopen(
            user=user, evaluation=obj, expected_version=obj.version, note="Thiếu minh chứng"
        )

    def make_in_wrong_state(self) -> Evaluation:
        return self.evaluation("BGDDT")


class TestReopenFinal(TestReopen):
    """A final result is reopened by the movement's owner (the ranking follows)."""

    refused = ""  # nobody but the reviewer's approvers and the owner's managers reads BQP's
    outsider = "hanoi.reporter"

    def make(self) -> Evaluation:
        return self.evaluation("BQP")


# ---- contests --------------------------------------------------------------------------


class TestCreateContest(EmulationActionTests):
    action = "create_contest"
    granted = "ht.bcd35"
    refused = "ht.huongson"
    outsider = "outsider"

    def make(self) -> OrgUnit:
        return _unit("P42-BCD35")

    def page_url(self, obj: Any) -> str:
        return "/emulation/contests/"

    def perform(self, user: Any, obj: OrgUnit) -> None:
        services.contest_create(user=user, name="Cuộc thi tìm hiểu", year=2026, unit=obj)


class TestRecord(EmulationActionTests):
    """The page that records entries: any unit's reporters may send entries to a published
    contest, so the one refused is a viewer, and the outsider holds no role."""

    action = "record"
    granted = "ht.huongson"
    refused = "bn.archive"
    outsider = "outsider"

    def make(self) -> Contest:
        return self.contest()

    def page_url(self, obj: Contest) -> str:
        return f"/emulation/contests/{obj.pk}/"

    def perform(self, user: Any, obj: Contest) -> None:
        services.entry_register(
            user=user, contest=obj, title="Bài dự thi", author="Tác giả", unit=_unit("P42-D-HS")
        )


class TestRegisterEntry(TestRecord):
    """The form on the record page; an unpublished contest, read only in its area."""

    action = "register_entry"
    granted = "ht.bcd35"
    refused = ""  # whoever may open the page sends entries from the units they report for
    outsider = "hanoi.reporter"

    def make(self) -> Contest:
        return self.private_contest()

    def page_url(self, obj: Contest) -> str:
        return f"/emulation/contests/{obj.pk}/record/"


class TestSelectEntry(EmulationActionTests):
    action = "select"
    granted = "ht.bcd35"
    refused = "ht.huongson"  # sends entries, does not judge them
    outsider = "outsider"  # the contest is published: every member reads it

    def make(self) -> Any:
        contest = self.contest()
        return services.entry_register(
            user=self.user("ht.bcd35"),
            contest=contest,
            title="Bài mới",
            author="Tác giả",
            unit=_unit("P42-D-CL"),
        )

    def page_url(self, obj: Any) -> str:
        return f"/emulation/contests/{obj.contest_id}/record/"

    def perform(self, user: Any, obj: Any) -> None:
        services.entry_select(user=user, entry=obj, round=obj.contest.rounds.get(order=2))


class TestAwardPrize(EmulationActionTests):
    action = "award_prize"
    granted = "ht.bcd35"
    refused = "ht.huongson"  # reads its own entry
    outsider = "hanoi.reporter"

    def make(self) -> Any:
        return self.contest().entries.get(unit__code="P42-D-HS")

    def page_url(self, obj: Any) -> str:
        return f"/emulation/contests/{obj.contest_id}/entries/{obj.pk}/"

    def perform(self, user: Any, obj: Any) -> None:
        services.entry_award_prize(
            user=user,
            entry=obj,
            prize=obj.contest.prizes.get(name="Giải B"),
            expected_version=obj.version,
        )


class TestReportTally(EmulationActionTests):
    action = "report_tally"
    granted = "ht.bcd35"
    refused = "ht.huongson"  # Hương Sơn is not inside the steering committee that runs it
    outsider = "outsider"  # the contest is published: every member reads it

    def make(self) -> Contest:
        return self.contest()

    def page_url(self, obj: Contest) -> str:
        return f"/emulation/contests/{obj.pk}/record/"

    def perform(self, user: Any, obj: Contest) -> None:
        services.tally_report(
            user=user, round=obj.rounds.get(level="district"), unit=_unit("P42-D-HS"), entries=5
        )


class TestCorrectTally(EmulationActionTests):
    """The page of one figure: Hương Sơn reads its figure but may not correct it (the
    service refuses: the contest is not run in its area), so the page offers no form."""

    action = "report_tally"
    granted = "ht.bcd35"
    refused = "ht.huongson"
    outsider = "hanoi.reporter"

    def make(self) -> RoundTally:
        contest = self.contest()
        return services.tally_report(
            user=self.user("ht.bcd35"),
            round=contest.rounds.get(level="district"),
            unit=_unit("P42-D-HS"),
            entries=120,
        )

    def page_url(self, obj: RoundTally) -> str:
        return f"/emulation/contests/{obj.round.contest_id}/figures/{obj.pk}/"

    def perform(self, user: Any, obj: RoundTally) -> None:
        services.tally_report(
            user=user, round=obj.round, unit=obj.unit, entries=130, expected_version=obj.version
        )
