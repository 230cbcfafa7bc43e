"""Nominations from a commune to a decision; who may nominate, forward and decide."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Docx
from openpyxl import load_workbook

from thidua.awards import selectors, services
from thidua.awards.models import Award, AwardType, GrantingAuthority, Nomination, Occasion, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def bk(s_demo):
    return AwardType.objects.get(code="bk-tinh")


@pytest.fixture
def chair_power(bk):
    return GrantingAuthority.objects.get(award_type=bk, unit_kind__code="people_committee")


def _new(user, unit, person, bk, chair_power):
    return services.nomination_create(
        user=user,
        proposing_unit=unit,
        award_type=bk,
        year=2025,
        person=person,
        authority=chair_power,
        achievements="Thành tích.",
    )


def test_a_commune_nominates_its_own_person_and_the_route_climbs_to_the_provincial_chair(
    s_demo, user_named, unit, bk, chair_power
):
    lungcu = user_named("hg.lungcu")
    person = services.person_create(user=lungcu, full_name="Người thử", unit=unit("H-HG-D-DV-01"))
    n = _new(lungcu, unit("H-HG-D-DV-01"), person, bk, chair_power)
    assert n.authority_unit == unit("H-HG-UBND")
    assert n.route == [unit(c).pk for c in ("H-HG-D-DV", "H-HG", "H-HG-UBND")]
    n = services.nomination_submit(user=lungcu, nomination=n, expected_version=n.version)
    assert n.current_unit == unit("H-HG-D-DV") and n.status == Nomination.Status.SUBMITTED
    chair = user_named("hg.chair")
    n = services.nomination_forward(user=chair, nomination=n, expected_version=n.version)
    n = services.nomination_forward(user=chair, nomination=n, expected_version=n.version)
    assert n.status == Nomination.Status.AT_AUTHORITY
    decision = services.decision_create(
        user=chair,
        authority_unit=unit("H-HG-UBND"),
        symbol="77/QĐ-UBND",
        decided_on=dt.date(2026, 1, 5),
        authority_title="Chủ tịch UBND tỉnh",
        nominations=[n],
    )
    n.refresh_from_db()
    assert n.status == Nomination.Status.DECIDED and n.decision == decision
    assert decision.document.doc_type.code == "QĐ"
    assert Award.objects.get(nomination=n).person == person
    assert [s.action for s in n.steps.all()] == [
        "created",
        "submitted",
        "forwarded",
        "forwarded",
        "decided",
    ]


def test_a_unit_cannot_nominate_outside_its_reach(s_demo, user_named, unit, bk, chair_power):
    lungcu = user_named("hg.lungcu")
    officer = Person.objects.get(full_name__startswith="Lý Văn Thành")  # provincial police
    with pytest.raises(PermissionDenied):
        _new(lungcu, unit("H-HG-D-DV-01"), officer, bk, chair_power)
    with pytest.raises(PermissionDenied):
        _new(lungcu, unit("H-HG-D-DV"), officer, bk, chair_power)


def test_a_reporter_cannot_forward_and_only_the_granting_authority_decides(
    s_demo, user_named, unit, bk
):
    waiting = Nomination.objects.get(status=Nomination.Status.AT_AUTHORITY)
    at_district = Nomination.objects.get(status=Nomination.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.nomination_forward(
            user=user_named("hg.dongvan"), nomination=at_district, expected_version=None
        )
    for name in ("hg.front", "hg.lungcu", "bca.movement", "outsider"):
        with pytest.raises(PermissionDenied):
            services.decision_create(
                user=user_named(name),
                authority_unit=unit("H-HG-UBND"),
                symbol="1/QĐ-UBND",
                decided_on=dt.date(2026, 1, 5),
                authority_title="x",
                nominations=[waiting],
            )
    # The Front's chair holds no power to grant the provincial Bằng khen.
    with pytest.raises((PermissionDenied, ValidationError)):
        services.decision_create(
            user=user_named("hg.front"),
            authority_unit=unit("H-HG-MTTQ"),
            symbol="2/QĐ-MTTQ",
            decided_on=dt.date(2026, 1, 5),
            authority_title="x",
            nominations=[waiting],
        )


def test_district_powers_lapsed_on_1_july_2025(s_demo, unit):
    ldtt = AwardType.objects.get(code="ldtt")
    district = GrantingAuthority.objects.get(award_type=ldtt, unit_kind__code="district")
    assert district.valid_to == dt.date(2025, 6, 30)
    assert (
        services.authority_decides(ldtt, unit("H-HG-D-DV"), dt.date(2025, 6, 1), unit("H-HG-D-DV"))
        is not None
    )
    assert (
        services.authority_decides(ldtt, unit("H-HG-D-DV"), dt.date(2025, 7, 1), unit("H-HG-D-DV"))
        is None
    )


def test_commendation_of_a_movement_is_tied_to_a_review_or_a_holiday(
    s_demo, user_named, unit, bk, chair_power
):
    from thidua.emulation.models import Movement

    movement = Movement.objects.get(code="toan-dan-bao-ve-antq")
    person = Person.objects.get(full_name__startswith="Lý Văn Thành")
    with pytest.raises(ValidationError):
        services.nomination_create(
            user=user_named("hg.police"),
            proposing_unit=unit("H-HG-CA"),
            award_type=bk,
            year=2024,
            person=person,
            authority=chair_power,
            achievements="x",
            movement=movement,
            occasion=Occasion.ANNUAL,
        )
    n = services.nomination_create(
        user=user_named("hg.police"),
        proposing_unit=unit("H-HG-CA"),
        award_type=bk,
        year=2024,
        person=person,
        authority=chair_power,
        achievements="x",
        movement=movement,
        occasion=Occasion.REVIEW,
    )
    assert n.occasion == Occasion.REVIEW


def test_the_authority_sees_eligibility_with_reasons(s_demo):
    waiting = Nomination.objects.get(status=Nomination.Status.AT_AUTHORITY)
    verdict = selectors.nomination_verdict(nomination=waiting)
    assert verdict.eligible
    assert "needs 2 consecutive CSTĐCS up to 2025; has 2024 and 2025" in verdict.summary


def test_demo_history_shows_eligible_and_not_eligible_people_and_collectives(
    s_demo, unit, superuser
):
    def verdicts(candidate):
        return {
            v.award_type.code: v
            for v in selectors.candidate_eligibility(user=superuser, candidate=candidate, year=2025)
        }

    dung = verdicts(Person.objects.get(full_name__startswith="Hoàng Thị Dung"))
    assert dung["cstd-tinh"].eligible
    thanh = verdicts(Person.objects.get(full_name__startswith="Lý Văn Thành"))
    assert thanh["bk-tinh"].eligible and not thanh["cstd-tinh"].eligible
    assert not verdicts(Person.objects.get(full_name__startswith="Vàng Thị Mỷ"))["ldtt"].eligible
    assert verdicts(Person.objects.get(full_name__startswith="Nguyễn Đức Hạnh"))["bk-ttg"].eligible
    lungcu = verdicts(unit("H-HG-D-DV-01"))
    assert lungcu["ttldxs"].eligible, lungcu["ttldxs"].summary
    sungla = verdicts(unit("H-HG-D-DV-02"))
    assert not sungla["ttldtt"].eligible
    assert "has 2 of 5 (40%)" in sungla["ttldtt"].summary
    hatinh = verdicts(unit("P42"))
    assert hatinh["co-cp"].eligible, hatinh["co-cp"].summary


def test_s4_certificates_come_from_three_issuers(s_demo, unit):
    by_issuer = {
        a.decision.authority_unit.code
        for a in Award.objects.filter(decision__decided_on=dt.date(2023, 6, 6))
    }
    assert by_issuer == {"H-HG-UBND", "H-HG-MTTQ", "H-HG-CA"}
    front = Award.objects.filter(decision__authority_unit__code="H-HG-MTTQ")
    assert front.filter(person__isnull=False).exists() and front.filter(unit__isnull=False).exists()
    assert not Award.objects.filter(
        decision__authority_unit__code="H-HG-UBND", person__isnull=False
    ).exists()


def test_registry_search_by_person_unit_award_year_and_decision(
    s_demo, superuser, user_named, unit
):
    assert selectors.registry_search(user=superuser, decision="903/QĐ-CAT").count() == 2
    assert (
        selectors.registry_search(
            user=superuser, award_type=AwardType.objects.get(code="bk-mttq"), year=2023
        ).count()
        == 3
    )
    assert selectors.registry_search(user=superuser, person="Giàng Mí Sử").count() == 5
    assert selectors.registry_search(user=superuser, unit=unit("H-HG-D-DV")).exists()
    # A commune officer sees only its commune's awards.
    seen = selectors.registry_search(user=user_named("hg.lungcu"))
    assert {a.recipient_unit.code for a in seen} == {"H-HG-D-DV-01"}
    assert not selectors.registry_search(user=user_named("outsider")).exists()


def test_exports_open_and_list_the_decisions_awards(s_demo, client_for, user_named):
    from thidua.awards.models import AwardDecision

    decision = AwardDecision.objects.get(document__symbol="902/QĐ-MTTQ")
    c = client_for(user_named("hg.front"))
    response = c.get(f"/awards/decisions/{decision.pk}/list.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    names = [row[1] for row in rows if isinstance(row[0], int)]  # the numbered rows
    assert rows[-1][1] == "Total"
    assert len(names) == 3 and any("Hầu Thị Súa" in n for n in names)
    assert "902/QĐ-MTTQ" in ws["A1"].value
    response = c.get(f"/awards/decisions/{decision.pk}/decision.docx")
    assert response.status_code == 200
    doc = Docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells
    )
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 902/QĐ-MTTQ",
        "Hà Giang, ngày 06 tháng 6 năm 2023",
        "QUYẾT ĐỊNH",
        "Hầu Thị Súa",
    ):
        assert part in text


def test_only_an_administrator_edits_the_catalogue(s_demo, user_named, superuser):
    bk = AwardType.objects.get(code="cstd-tinh")
    with pytest.raises(PermissionDenied):
        services.award_type_update(
            user=user_named("hdtdkt.secretary"),
            award_type=bk,
            expected_version=bk.version,
            rule_params={"title": "cstdcs", "years": 2},
        )
    updated = services.award_type_update(
        user=superuser,
        award_type=bk,
        expected_version=bk.version,
        rule_params={"title": "cstdcs", "years": 2},
    )
    assert updated.rule_params["years"] == 2
    with pytest.raises(ValidationError):
        services.award_type_update(
            user=superuser,
            award_type=updated,
            expected_version=updated.version,
            rule_kind="no-such-rule",
        )


def test_the_nomination_timeline_names_each_move_in_the_readers_language(
    s_demo, client_for, user_named, unit, bk, chair_power
):
    lungcu = user_named("hg.lungcu")
    person = services.person_create(user=lungcu, full_name="Người thử", unit=unit("H-HG-D-DV-01"))
    n = _new(lungcu, unit("H-HG-D-DV-01"), person, bk, chair_power)
    services.nomination_submit(user=lungcu, nomination=n, expected_version=n.version)
    response = client_for(lungcu).get(f"/awards/nominations/{n.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    page = response.content.decode()
    assert "— đã tạo" in page and "— đã gửi: Xã Lũng Cú → Huyện Đồng Văn" in page
    assert "— created" not in page and "— submitted" not in page


def test_the_granting_authorities_are_listed_under_their_award_each_named_once(
    s_demo, client_for, user_named
):
    import re

    from thidua.awards.models import GrantingAuthority

    page = client_for(user_named("hg.lungcu")).get("/awards/nominations/new/")
    assert page.status_code == 200
    body = page.content.decode()
    select = body[body.index('id="id_authority"') :]
    select = select[: select.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert len(groups) >= 2
    for award, options in groups:
        for label in re.findall(r"<option[^>]*>([^<]+)</option>", options):
            assert award not in label, (award, label)
            assert GrantingAuthority.objects.filter(award_type__name=award, title=label).exists()
