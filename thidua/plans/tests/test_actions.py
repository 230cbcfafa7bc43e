"""Every workflow action of plans and tasks: shown to who may take it, and accepted; hidden
from who may not, and refused; out of reach of another unit's officer
(``thidua.core.testing.WorkflowActionTests``).

The users are S1's (plan 92/KH-BCĐNQ of Bắc Giang): ``bg.supervisor`` manages the province,
so the plan's issuer (the steering committee) and its monitoring office; ``bg.police``
reports for the police, which lead one task and coordinate others, so sees the plan without
managing it; ``bg.luc-ngan`` reports for Lục Ngạn district, a lead unit of the banner task;
``bn.archive`` is a viewer at Bắc Ninh, which Bắc Giang merged into: sees everything, acts on
nothing; ``ht.stp`` is a Hà Tĩnh officer, for whom the plan does not exist (404).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from thidua.core.testing import WorkflowActionTests
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit
from thidua.plans import exports, services
from thidua.plans.models import Plan, ProgressUpdate, Task, TaskAssignment

# The demo data the actions reach, loaded once for the module before any test begins.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s1")]

D = dt.date


def _u(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _cancelled(task: Task) -> Task:
    task.cancelled_at = timezone.now()
    task.save()
    return task


class PlanPage(WorkflowActionTests):
    granted = "bg.supervisor"
    refused = "bg.police"
    outsider = "ht.stp"

    def make(self) -> Plan:
        return self.fixture("s1")

    def page_url(self, plan: Plan) -> str:
        return f"/plans/{plan.pk}/"


class TaskPage(WorkflowActionTests):
    """A task of S1 the police lead (and two bodies coordinate), done on 1 Dec 2023."""

    granted = "bg.supervisor"
    refused = "bg.police"
    outsider = "bg.foreign"  # Sở Ngoại vụ takes no part in the police task: a 404

    def make(self) -> Task:
        return self.fixture("police_task")

    def make_in_wrong_state(self) -> Task:
        return _cancelled(self.fixture("police_task"))

    def page_url(self, task: Task) -> str:
        return f"/plans/tasks/{task.pk}/"


# --- plans ------------------------------------------------------------------------------


class TestCreatePlan(WorkflowActionTests):
    action = "create_plan"
    granted = "bg.supervisor"
    refused = "bg.police"  # a reporter manages no unit
    outsider = "outsider"  # no role at all: the plans list itself is refused

    def make(self) -> None:
        return None

    def page_url(self, obj: None) -> str:
        return "/plans/"

    def perform(self, user, obj) -> Plan:  # type: ignore[no-untyped-def]
        return services.plan_create(
            user=user,
            kind=Plan.Kind.PLAN,
            title="Kế hoạch thử",
            issuing_units=[_u("H-BG-BCDNQ")],
            period_start=D(2026, 1, 1),
            period_end=D(2026, 12, 31),
        )


class TestEditPlan(PlanPage):
    action = "edit_plan"

    def perform(self, user, plan):  # type: ignore[no-untyped-def]
        return services.plan_update(
            user=user, plan=plan, expected_version=plan.version, title="Kế hoạch (sửa)"
        )


class TestAddGroup(PlanPage):
    action = "add_group"

    def perform(self, user, plan):  # type: ignore[no-untyped-def]
        return services.task_group_create(user=user, plan=plan, title="Nhóm mới")


class TestAddTask(PlanPage):
    action = "add_task"

    def perform(self, user, plan):  # type: ignore[no-untyped-def]
        return services.task_create(user=user, plan=plan, title="Nhiệm vụ mới")


class TestLinkDocument(PlanPage):
    action = "link_document"

    def perform(self, user, plan):  # type: ignore[no-untyped-def]
        document = Document.objects.get(symbol="23-CT/TW", year=2023)
        return services.plan_link_document(user=user, plan=plan, document=document)


class TestUnlinkDocument(PlanPage):
    action = "unlink_document"  # the plan's own text, 92/KH-BCĐNQ, is linked

    def perform(self, user, plan):  # type: ignore[no-untyped-def]
        document = plan.document_links.get().document
        assert services.plan_unlink_document(user=user, plan=plan, document=document)


class TestExportFollowUpReport(PlanPage):
    action = "export"

    def perform(self, user, plan):  # type: ignore[no-untyped-def]
        options = exports.ReportOptions(issuer=plan.monitoring_units.get())
        return exports.plan_report_docx(user=user, plan=plan, options=options)


# --- tasks ------------------------------------------------------------------------------


class TestEditTask(TaskPage):
    action = "edit_task"

    def perform(self, user, task):  # type: ignore[no-untyped-def]
        return services.task_update(
            user=user, task=task, expected_version=task.version, title="Nhiệm vụ (sửa)"
        )


class TestAssign(TaskPage):
    action = "assign"

    def perform(self, user, task):  # type: ignore[no-untyped-def]
        units = [_u("H-BG-SNGV")]
        return services.task_assign(user=user, task=task, units=units, role="coordinating")


class TestAssignBulk(TaskPage):
    action = "assign_bulk"

    def perform(self, user, task):  # type: ignore[no-untyped-def]
        return services.task_assign_bulk(
            user=user, task=task, under=_u("H-BG"), kinds=["district"], whole_subtree=False
        )


class TestCancel(TaskPage):
    action = "cancel"

    def perform(self, user, task):  # type: ignore[no-untyped-def]
        return services.task_cancel(user=user, task=task, reason="Không còn cần thiết")


# --- one unit's part of a task ----------------------------------------------------------


class BannerPart(WorkflowActionTests):
    """Lục Ngạn's part of the banner task: 40 %, overdue since 30 Dec 2023."""

    outsider = "ht.stp"

    def make(self) -> TaskAssignment:
        return self.fixture("banners").assignments.get(unit__code="H-BG-D-LN")

    def page_url(self, a: TaskAssignment) -> str:
        return f"/plans/tasks/{a.task_id}/"


class TestReportProgress(BannerPart):
    action = "report_progress"
    granted = "bg.luc-ngan"
    # A viewer above the district sees the task and reports for nobody. (The police, a
    # coordinating unit, may report on their own part, never on Lục Ngạn's: test_services.)
    refused = "bn.archive"

    def make_in_wrong_state(self) -> TaskAssignment:
        return _cancelled(self.fixture("banners")).assignments.get(unit__code="H-BG-D-LN")

    def perform(self, user, a):  # type: ignore[no-untyped-def]
        return services.progress_update_create(
            user=user, assignment=a, text="Đã treo tại 20 xã", percent=80
        )


class TestUrge(BannerPart):
    action = "urge"
    granted = "bg.supervisor"
    refused = "bg.police"

    def make_in_wrong_state(self) -> TaskAssignment:
        # The police task: its lead finished on 1 Dec 2023 and coordinating units are not
        # urged, so its page offers no urge at all.
        return self.fixture("police_task").assignments.get(unit__code="H-BG-CA")

    def perform(self, user, a):  # type: ignore[no-untyped-def]
        return services.task_urge(user=user, assignment=a, message="Khẩn trương")


class TestUrgeFromTheProgressPage(TestUrge):
    def page_url(self, a: TaskAssignment) -> str:
        return f"/plans/{a.task.plan_id}/progress/"

    def make_in_wrong_state(self) -> None:  # the progress page lists every task's parts
        return None


# --- progress updates -------------------------------------------------------------------


class TestEditUpdate(WorkflowActionTests):
    action = "edit_update"
    granted = "bg.luc-ngan"
    refused = "bg.police"  # coordinates the banner task: sees the update, may not edit it
    outsider = "ht.stp"

    def make(self) -> ProgressUpdate:
        return ProgressUpdate.objects.get(
            assignment__task=self.fixture("banners"), assignment__unit__code="H-BG-D-LN"
        )

    def page_url(self, update: ProgressUpdate) -> str:
        return f"/plans/tasks/{update.assignment.task_id}/"

    def perform(self, user, update):  # type: ignore[no-untyped-def]
        return services.progress_update_edit(
            user=user, update=update, expected_version=update.version, text="Đã in 40 băng rôn"
        )


class TestTheEditPagesFollowTheSameRules:
    """The pages behind the links: who is not shown the link is refused the page."""

    def test_a_refused_user_gets_403_on_the_form_pages(
        self, s1, police_task, client_for, user_named
    ):
        police = client_for(user_named("bg.police"))
        update = police_task.assignments.get(unit__code="H-BG-CA").updates.first()
        for url in [
            "/plans/new/",
            f"/plans/{s1.pk}/edit/",
            f"/plans/{s1.pk}/tasks/new/",
            f"/plans/{s1.pk}/report/",
            f"/plans/tasks/{police_task.pk}/edit/",
        ]:
            assert police.get(url).status_code == 403, url
        # …while the police may correct their own update on the task they lead.
        assert police.get(f"/plans/updates/{update.pk}/edit/").status_code == 200

    def test_the_edit_page_of_a_cancelled_task_sends_back_with_the_reason(
        self, police_task, client_for, province_supervisor
    ):
        _cancelled(police_task)
        r = client_for(province_supervisor).get(f"/plans/tasks/{police_task.pk}/edit/", follow=True)
        assert r.redirect_chain[-1][0] == f"/plans/tasks/{police_task.pk}/"
        assert "This task is cancelled; it can no longer be edited." in r.content.decode()
