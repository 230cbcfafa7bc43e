"""Every workflow action of the awards app: a button that is shown is one the service
accepts (``thidua.core.testing.WorkflowActionTests``).

The nominations are proposed by Lũng Cú commune (``hg.lungcu``) for the Fatherland Front's
certificate of merit, granted by the provincial Front (``hg.front``); their route climbs
Đồng Văn district (``hg.dongvan``, a reporter) and the province (``hg.chair``, an approver
there). Hà Tĩnh's ``ht.bcd35`` sees none of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards import services
from thidua.awards.models import AwardType, GrantingAuthority, Nomination, Person
from thidua.core.testing import WorkflowActionTests

# The demo data the actions reach, loaded once for the module before any test begins.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s_demo")]

COMMUNE = "H-HG-D-DV-01"


def front_nomination(admin, unit, status: str = Nomination.Status.DRAFT) -> Nomination:
    """A nomination from the commune for the Front's certificate, moved to ``status``."""
    award = AwardType.objects.get(code="bk-mttq")
    n = services.nomination_create(
        user=admin,
        proposing_unit=unit(COMMUNE),
        award_type=award,
        year=2025,
        person=services.person_create(
            user=admin, full_name="Người thử (minh họa)", unit=unit(COMMUNE)
        ),
        authority=GrantingAuthority.objects.get(award_type=award, unit_kind__code="front"),
        achievements="Tích cực xây dựng tổ tự quản (minh họa).",
    )
    assert n.authority_unit == unit("H-HG-MTTQ")
    if status != Nomination.Status.DRAFT:
        n = services.nomination_submit(user=admin, nomination=n, expected_version=n.version)
    while n.status == Nomination.Status.SUBMITTED and status == Nomination.Status.AT_AUTHORITY:
        n = services.nomination_forward(user=admin, nomination=n, expected_version=n.version)
    assert n.status == status
    return n


class _Awards(WorkflowActionTests):
    outsider = "ht.bcd35"

    def unit(self, code: str):
        return self.fixture("unit")(code)

    def demo(self) -> None:
        self.fixture("s_demo")

    def person(self, code: str = COMMUNE) -> Person:
        self.demo()
        return services.person_create(
            user=self.user("admin"), full_name="Người thử (minh họa)", unit=self.unit(code)
        )

    def nomination(self, status: str = Nomination.Status.DRAFT) -> Nomination:
        self.demo()
        return front_nomination(self.user("admin"), self.fixture("unit"), status)


class _NominationPage(_Awards):
    def page_url(self, obj: Nomination) -> str:
        return f"/awards/nominations/{obj.pk}/"


# ---- the proposer -------------------------------------------------------------------------


class _Proposer(_NominationPage):
    granted = "hg.lungcu"
    refused = "hg.front"  # sees it (it is the granting authority) but does not propose it

    def make(self) -> Nomination:
        return self.nomination(Nomination.Status.DRAFT)

    def make_in_wrong_state(self) -> Nomination:
        return self.nomination(Nomination.Status.SUBMITTED)


class TestSubmitNomination(_Proposer):
    action = "submit"

    def perform(self, user, obj):
        services.nomination_submit(user=user, nomination=obj, expected_version=obj.version)


class TestAttachToNomination(_Proposer):
    action = "attach"

    def perform(self, user, obj):
        upload = SimpleUploadedFile("thanh-tich.txt", b"bao cao thanh tich", "text/plain")
        services.nomination_attach(user=user, nomination=obj, upload=upload)


# ---- the units on the route ---------------------------------------------------------------


class _Reviewer(_NominationPage):
    granted = "hg.chair"  # an approver of the province, above the district that holds it
    refused = "hg.dongvan"  # the district's reporter: sees it, may not approve

    def make(self) -> Nomination:
        return self.nomination(Nomination.Status.SUBMITTED)

    def make_in_wrong_state(self) -> Nomination:
        return self.nomination(Nomination.Status.DRAFT)


class TestForwardNomination(_Reviewer):
    action = "forward"

    def perform(self, user, obj):
        services.nomination_forward(user=user, nomination=obj, expected_version=obj.version)


class TestReturnNomination(_Reviewer):
    action = "return"

    def perform(self, user, obj):
        services.nomination_return(
            user=user, nomination=obj, expected_version=obj.version, note="Bổ sung hồ sơ."
        )


# ---- the granting authority ---------------------------------------------------------------


class _Authority(_NominationPage):
    granted = "hg.front"
    refused = "hg.lungcu"  # the proposer follows its dossier but does not decide

    def make(self) -> Nomination:
        return self.nomination(Nomination.Status.AT_AUTHORITY)

    def make_in_wrong_state(self) -> Nomination:
        return self.nomination(Nomination.Status.SUBMITTED)


class TestRejectNomination(_Authority):
    action = "reject"

    def perform(self, user, obj):
        services.nomination_reject(
            user=user, nomination=obj, expected_version=obj.version, note="Chưa đủ tiêu chuẩn."
        )


class TestDecideNomination(_Authority):
    action = "decide"

    def perform(self, user, obj):
        services.decision_create(
            user=user,
            authority_unit=obj.authority_unit,
            symbol="99/QĐ-MTTQ",
            decided_on=dt.date.today(),
            authority_title="Chủ tịch Ủy ban MTTQ tỉnh",
            nominations=[obj],
        )


# ---- pages without an object yet ----------------------------------------------------------


class TestNominate(_Awards):
    """The button is on the nominations list, which a person without any role may not open."""

    action = "nominate"
    granted = "hg.lungcu"
    refused = "bn.archive"  # a viewer: reads, proposes nothing
    outsider = "outsider"

    def make(self) -> Person:
        return self.person()

    def page_url(self, obj: Person) -> str:
        return "/awards/nominations/"

    def perform(self, user, obj):
        award = AwardType.objects.get(code="bk-mttq")
        services.nomination_create(
            user=user,
            proposing_unit=obj.unit,
            award_type=award,
            year=2025,
            person=obj,
            authority=GrantingAuthority.objects.get(award_type=award, unit_kind__code="front"),
            achievements="Thành tích (minh họa).",
        )


class TestIssueDecision(_Awards):
    action = "issue_decision"
    granted = "hg.front"
    refused = "hg.lungcu"  # holds no granting power
    outsider = "outsider"

    def make(self):
        self.demo()
        return self.unit("H-HG-MTTQ")

    def page_url(self, obj) -> str:
        return "/awards/decisions/"

    def perform(self, user, obj):
        services.decision_create(
            user=user,
            authority_unit=obj,
            symbol="98/QĐ-MTTQ",
            decided_on=dt.date.today(),
            authority_title="Chủ tịch Ủy ban MTTQ tỉnh",
            grants=[
                services.Grant(
                    AwardType.objects.get(code="bk-mttq"), unit=self.unit("H-HG-D-DV-02")
                )
            ],
        )


class TestEditCatalogue(_Awards):
    action = "edit_catalogue"
    granted = "admin"
    refused = "hdtdkt.secretary"  # runs the council, does not write the law
    outsider = "outsider"

    def make(self) -> AwardType:
        self.demo()
        return AwardType.objects.get(code="bk-tinh")

    def page_url(self, obj: AwardType) -> str:
        return f"/awards/types/{obj.pk}/"

    def perform(self, user, obj):
        services.award_type_update(
            user=user, award_type=obj, expected_version=obj.version, legal_basis="Điều 39 (thử)"
        )


# ---- records ------------------------------------------------------------------------------


class TestEditPersonRecords(_Awards):
    """An officer of the Bắc Giang police; ``bn.archive`` reads Bắc Giang's records."""

    action = "edit_records"
    granted = "bg.police"
    refused = "bn.archive"

    def make(self) -> Person:
        return self.person("H-BG-CA")

    def page_url(self, obj: Person) -> str:
        return f"/awards/people/{obj.pk}/"

    def perform(self, user, obj):
        services.person_year_set(user=user, person=obj, year=2024, rating="excellent")


class TestRecordPastTitle(_Awards):
    action = "record_title"
    granted = "hg.police"  # an approver of the province
    refused = "hg.lungcu"  # keeps the commune's records, does not vouch for titles

    def make(self) -> Person:
        return self.person()

    def page_url(self, obj: Person) -> str:
        return f"/awards/people/{obj.pk}/records/"

    def perform(self, user, obj):
        services.award_record_past(
            user=user,
            award_type=AwardType.objects.get(code="ldtt"),
            year=2020,
            person=obj,
            decision_ref="Số 12/QĐ-UBND ngày 20/12/2020",
        )


class TestEditUnitRecords(_Awards):
    """A collective is rated by the unit above it, not by itself."""

    action = "edit_unit_records"
    granted = "hg.dongvan"
    refused = "hg.lungcu"

    def make(self):
        self.demo()
        return self.unit(COMMUNE)

    def page_url(self, obj) -> str:
        return f"/awards/units/{obj.pk}/"

    def perform(self, user, obj):
        services.unit_year_set(user=user, unit=obj, year=2024, rating="excellent", headcount=4)


# ---- the pages agree with the rules -------------------------------------------------------


def test_a_viewer_is_refused_the_nomination_form_and_a_powerless_officer_the_decision_form(
    s_demo, client_for, user_named
):
    assert client_for(user_named("bn.archive")).get("/awards/nominations/new/").status_code == 403
    assert client_for(user_named("hg.lungcu")).get("/awards/decisions/new/").status_code == 403
    assert client_for(user_named("hg.lungcu")).get("/awards/nominations/new/").status_code == 200
    assert client_for(user_named("hg.front")).get("/awards/decisions/new/").status_code == 200


def test_the_supervisor_records_and_corrects_a_collectives_year_on_its_page(
    s_demo, client_for, user_named, unit
):
    commune = unit(COMMUNE)
    c = client_for(user_named("hg.dongvan"))
    url = f"/awards/units/{commune.pk}/"
    data = {"year": 2024, "rating": "good", "headcount": 4, "members_disciplined": 0}
    assert c.post(url, data).status_code == 302
    record = commune.award_years.get(year=2024)
    assert record.rating == "good"
    taken = c.post(url, data)
    assert taken.status_code == 200 and taken.context["record_form"].errors["year"]
    form = c.get(f"{url}?record=2024").context["record_form"]
    assert form.initial["version"] == record.version
    fixed = {**data, "rating": "excellent", "version": record.version}
    assert c.post(f"{url}?record=2024", fixed).status_code == 302
    stale = c.post(f"{url}?record=2024", {**fixed, "rating": "completed"})
    assert "Someone else changed this while you were editing it" in stale.content.decode()
    assert commune.award_years.get(year=2024).rating == "excellent"
    assert client_for(user_named("hg.lungcu")).post(url, data).status_code == 403
    assert client_for(user_named("ht.bcd35")).post(url, data).status_code == 404
    assert client_for(user_named("outsider")).post(url, data).status_code == 403


def test_a_refused_step_says_why_on_the_nomination_page(s_demo, client_for, user_named, unit):
    n = front_nomination(user_named("admin"), unit)
    response = client_for(user_named("hg.front")).post(
        f"/awards/nominations/{n.pk}/submit/", {"version": n.version}, follow=True
    )
    assert "which proposes it, prepares this dossier" in response.content.decode()
    n.refresh_from_db()
    assert n.status == Nomination.Status.DRAFT


def test_a_unit_cannot_hand_a_dossier_to_someone_elses_reviewer(s_demo, user_named):
    n = Nomination.objects.get(status=Nomination.Status.SUBMITTED)  # at Đồng Văn district
    with pytest.raises(PermissionDenied, match="which holds the dossier now"):
        services.nomination_forward(
            user=user_named("hg.front"), nomination=n, expected_version=n.version
        )
