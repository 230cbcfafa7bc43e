"""Every workflow action of the reporting app: a button that is shown is a button the
service accepts (``thidua.core.testing.WorkflowActionTests``), with the S4 demo users.

- ``hg.lungcu`` reports for Lũng Cú commune (``H-HG-D-DV-01``);
- ``hg.dongvan`` is a reporter of its district, Đồng Văn: sees its communes, decides nothing;
- ``hg.police`` approves for the whole province (and manages the issuing police, H-HG-CA);
- ``hg.front`` is at the Fatherland Front, a receiving unit: sees every report, fills none;
- ``bg.police`` is an officer of Bắc Giang, another province: reaches none of it.

Actions no page offers (opening a period, defining a form, a bulk load) are checked on
their services below the classes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from thidua.core.testing import WorkflowActionTests
from thidua.orgunits.models import OrgUnit
from thidua.reporting import excel, exports, services
from thidua.reporting.models import Period, Submission
from thidua.reporting.permissions import rules
from thidua.reporting.tests.test_workflow import GOOD

# The demo data the actions reach, loaded once for the module before any test begins.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reporting_demo")]

LUNG_CU = "H-HG-D-DV-01"


def _unit(code: str = LUNG_CU) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _lungcu_user() -> Any:
    from thidua.accounts.models import User

    return User.objects.get(username="hg.lungcu")


def draft(period: Period) -> Submission:
    return services.submission_save(
        user=_lungcu_user(), form=period.form, period=period, unit=_unit(), values=GOOD
    )


def submitted(period: Period) -> Submission:
    return services.submission_save(
        user=_lungcu_user(), form=period.form, period=period, unit=_unit(), values=GOOD, submit=True
    )


def approved(period: Period) -> Submission:
    """Lũng Cú's approved report of a past year (the demo's)."""
    return Submission.objects.get(period=period, unit=_unit(), is_current=True, status="approved")


class ReportPage:
    """The report's page; the action posts the version the page shows."""

    def page_url(self, obj: Submission) -> str:
        return f"/reporting/reports/{obj.pk}/"


class TestApprove(ReportPage, WorkflowActionTests):
    action = "approve"
    granted, refused, outsider = "hg.police", "hg.dongvan", "bg.police"

    def make(self) -> Submission:
        return submitted(self.fixture("s4_2024"))

    def perform(self, user: Any, obj: Submission) -> Any:
        return services.submission_approve(user=user, submission=obj, expected_version=obj.version)

    def make_in_wrong_state(self) -> Submission:
        return approved(self.fixture("s4_2023"))


class TestReturn(ReportPage, WorkflowActionTests):
    action = "return"
    granted, refused, outsider = "hg.police", "hg.lungcu", "bg.police"

    def make(self) -> Submission:
        return submitted(self.fixture("s4_2024"))

    def perform(self, user: Any, obj: Submission) -> Any:
        return services.submission_return(
            user=user, submission=obj, reason="Số lớp chưa khớp", expected_version=obj.version
        )

    def make_in_wrong_state(self) -> Submission:
        return draft(self.fixture("s4_2024"))


class TestSubmit(ReportPage, WorkflowActionTests):
    action = "submit"
    granted, refused, outsider = "hg.lungcu", "hg.front", "bg.police"

    def make(self) -> Submission:
        return draft(self.fixture("s4_2024"))

    def perform(self, user: Any, obj: Submission) -> Any:
        return services.submission_submit(user=user, submission=obj, expected_version=obj.version)

    def make_in_wrong_state(self) -> Submission:
        return submitted(self.fixture("s4_2024"))


class TestEdit(ReportPage, WorkflowActionTests):
    """ "Edit" on a report opens the fill page, which saves over the report it loaded."""

    action = "edit"
    granted, refused, outsider = "hg.lungcu", "hg.front", "bg.police"

    def make(self) -> Submission:
        return draft(self.fixture("s4_2024"))

    def perform(self, user: Any, obj: Submission) -> Any:
        return services.submission_save(
            user=user,
            form=obj.form,
            period=obj.period,
            unit=obj.unit,
            values={**GOOD, ("antq-movement-models", ""): 13},
            submission=obj,
            expected_version=obj.version,
        )

    def make_in_wrong_state(self) -> Submission:
        return submitted(self.fixture("s4_2024"))


class TestCorrect(ReportPage, WorkflowActionTests):
    action = "correct"
    granted, refused, outsider = "hg.lungcu", "hg.front", "bg.police"

    def make(self) -> Submission:
        return approved(self.fixture("s4_2023"))

    def perform(self, user: Any, obj: Submission) -> Any:
        return services.submission_correct(user=user, submission=obj, expected_version=obj.version)

    def make_in_wrong_state(self) -> Submission:
        return submitted(self.fixture("s4_2024"))


class FillPage:
    """Lũng Cú's fill page of a period; the object is the period."""

    granted, outsider = "hg.lungcu", "bg.police"
    # Only a reporter of the unit opens its fill page (others get 403): every user who
    # sees it may fill, unless the report's state forbids it (tested below).
    refused = ""

    def make(self) -> Period:
        return self.fixture("s4_2024")  # type: ignore[attr-defined]

    def page_url(self, obj: Period) -> str:
        return f"/reporting/periods/{obj.pk}/fill/?unit={_unit().pk}"

    def make_in_wrong_state(self) -> Period:
        return self.fixture("s4_2023")  # type: ignore[attr-defined]  # approved: locked

    @staticmethod
    def loaded(period: Period) -> Submission | None:
        return Submission.objects.filter(period=period, unit=_unit(), is_current=True).first()


class TestFill(FillPage, WorkflowActionTests):
    action = "fill"

    def perform(self, user: Any, obj: Period) -> Any:
        current = self.loaded(obj)
        return services.submission_save(
            user=user,
            form=obj.form,
            period=obj,
            unit=_unit(),
            values=GOOD,
            submission=current,
            expected_version=current.version if current else None,
        )


class TestUpload(FillPage, WorkflowActionTests):
    action = "upload"

    def perform(self, user: Any, obj: Period) -> Any:
        wb = load_workbook(
            io.BytesIO(excel.template_workbook(form=obj.form, period=obj, unit=_unit()))
        )
        by_code = {code: v for (code, key), v in GOOD.items() if not key}
        for row in wb[excel.SHEET].iter_rows(min_row=excel.FIRST_ROW):
            if row[0].value in by_code and not row[3].value:
                row[4].value = by_code[row[0].value]
        f = io.BytesIO()
        wb.save(f)
        current = self.loaded(obj)
        return services.submission_upload(
            user=user,
            period=obj,
            unit=_unit(),
            file=f,
            submission=current,
            expected_version=current.version if current else None,
        )


class TestDownloadTemplate(FillPage, WorkflowActionTests):
    """The template is offered in every state (pre-filled with the current figures)."""

    action = "download_template"

    def perform(self, user: Any, obj: Period) -> Any:
        return exports.template_file(user=user, period=obj, unit=_unit())

    def make_in_wrong_state(self) -> None:
        return None


@dataclass
class Missing:
    """The missing units under Đồng Văn district for a period."""

    period: Period
    root: OrgUnit
    units: list[OrgUnit] = field(default_factory=list)


class TestUrge(WorkflowActionTests):
    action = "urge"
    granted, refused, outsider = "hg.police", "hg.dongvan", "bg.police"

    def _missing(self, period: Period) -> Missing:
        from thidua.reporting.selectors import completeness

        root = _unit("H-HG-D-DV")
        comp = completeness(user=self.user("admin"), period=period, root=root)
        return Missing(period, root, comp.missing_units)

    def make(self) -> Missing:
        return self._missing(self.fixture("s4_2024"))

    def page_url(self, obj: Missing) -> str:
        return f"/reporting/periods/{obj.period.pk}/completeness/?unit={obj.root.pk}"

    def perform(self, user: Any, obj: Missing) -> Any:
        return services.submissions_urge(
            user=user, form=obj.period.form, period=obj.period, units=obj.units
        )

    def make_in_wrong_state(self) -> Missing:
        missing = self._missing(self.fixture("s4_2023"))  # every commune reported
        assert missing.units == []
        return missing


class TestExportSynthesis(WorkflowActionTests):
    """Whoever sees a synthesis may export it: there is no refused user."""

    action = "export_synthesis"
    granted, outsider = "hg.police", "bg.police"

    def make(self) -> Period:
        return self.fixture("s4_2023")

    def page_url(self, obj: Period) -> str:
        return f"/reporting/periods/{obj.pk}/synthesis/?unit={_unit('H-HG').pk}"

    def perform(self, user: Any, obj: Period) -> Any:
        return exports.synthesis_file(
            user=user, period=obj, unit=_unit("H-HG"), kind="docx", day=obj.end
        )


# ---------------------------------------------------------------- actions without a page


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("hg.police", True), ("hg.chair", False), ("hg.lungcu", False), ("bg.police", False)],
)
def test_only_a_manager_of_the_issuing_unit_opens_periods_and_bulk_loads(
    s4_form, username, allowed, user_named
):
    """hg.police manages the issuing police (H-HG-CA); hg.chair approves the province's
    reports but does not issue the form."""
    user = user_named(username)
    period = Period.objects.get(form=s4_form, year=2024)
    assert rules.may("open_period", user, s4_form) is allowed
    assert rules.may("bulk_load", user, period) is allowed
    if allowed:
        assert services.period_open(user=user, form=s4_form, year=2030).year == 2030
        assert services.submissions_bulk_load(user=user, period=period, rows=[]) == 0
    else:
        with pytest.raises(PermissionDenied):
            services.period_open(user=user, form=s4_form, year=2030)
        with pytest.raises(PermissionDenied):
            services.submissions_bulk_load(user=user, period=period, rows=[])
    assert not Period.objects.filter(form=s4_form, year=2030).exists() or allowed


@pytest.mark.parametrize(
    ("username", "allowed"), [("hg.police", True), ("hg.dongvan", False), ("bg.police", False)]
)
def test_only_a_manager_of_a_unit_defines_a_form_it_issues(username, allowed, user_named):
    user, owner = user_named(username), _unit("H-HG-CA")
    assert rules.may("define_form", user, owner) is allowed

    def define() -> Any:
        return services.report_form_create(
            user=user, code="hg-test", name="Thử", owner=owner, sections=[]
        )

    if allowed:
        assert define().owner == owner
    else:
        with pytest.raises(PermissionDenied):
            define()


def test_the_rules_table_names_every_action_of_the_app():
    assert set(rules.group("submission")) == {"edit", "submit", "approve", "return", "correct"}
    assert set(rules.group("fill")) == {"fill", "upload", "download_template"}
    assert set(rules.names) >= {
        "urge",
        "export_synthesis",
        "bulk_load",
        "open_period",
        "define_form",
        "report_for_unit",
        "supervise",
        "view_unit_data",
    }
