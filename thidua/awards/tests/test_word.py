"""The award decision in Word: the administrative layout (docs/RULES.md §1), "Điều 1."
and the signer in bold, the demo's invented numbers marked "minh họa"."""

import io

from docx import Document as read_docx

from thidua.awards.models import AwardDecision
from thidua.core.wordlayout import checks


def _decision(client, symbol: str) -> bytes:
    decision = AwardDecision.objects.get(document__symbol=symbol)
    response = client.get(f"/awards/decisions/{decision.pk}/decision.docx")
    assert response.status_code == 200
    return response.content


def test_the_chairs_decision_follows_the_decree_layout(s_demo, client_for, user_named):
    data = _decision(client_for(user_named("hg.chair")), "901/QĐ-UBND")
    reading = checks.check(data)
    assert reading.left == ["ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"]
    assert reading.number == "Số: 901/QĐ-UBND (minh họa)"  # the demo's number is invented
    assert reading.date == "Hà Giang, ngày 06 tháng 6 năm 2023"
    assert reading.kind == "QUYẾT ĐỊNH"
    assert reading.summary == "Về việc tặng Bằng khen cấp bộ, ngành, tỉnh"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG" in reading.paragraphs
    # The chair decides under their own power: the title alone, then the name.
    assert (reading.signer, reading.signer_name) == (["CHỦ TỊCH"], "Nguyễn Văn Sơn")
    assert reading.recipients == ["Như Điều 3"]
    (listing,) = reading.tables
    assert listing[0] == [
        "STT",
        "Họ và tên / Tập thể",
        "Chức vụ, đơn vị",
        "Hình thức",
        "Thành tích",
    ]
    assert {row[1] for row in listing[1:]} == {"Xã Lũng Cú", "Xã Pả Vi", "Huyện Quản Bạ"}
    doc = read_docx(io.BytesIO(data))
    articles = [p for p in doc.paragraphs if p.text.startswith("Điều ")]
    assert [p.text[:7] for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    for p in articles:
        assert p.runs[0].text.strip() in ("Điều 1.", "Điều 2.", "Điều 3.") and p.runs[0].bold
        assert not p.runs[1].bold
    signer_cell = doc.tables[-1].rows[0].cells[1]
    assert all(r.bold for p in signer_cell.paragraphs for r in p.runs if r.text.strip())


def test_the_police_directors_decision_is_signed_by_the_director(s_demo, client_for, user_named):
    reading = checks.check(_decision(client_for(user_named("hg.police")), "903/QĐ-CAT"))
    assert reading.left == ["BỘ CÔNG AN", "CÔNG AN TỈNH HÀ GIANG"]
    assert "GIÁM ĐỐC CÔNG AN TỈNH HÀ GIANG" in reading.paragraphs
    assert (reading.signer, reading.signer_name) == (["GIÁM ĐỐC"], "Phan Huy Ngọc")
    assert "Tặng Giấy khen cho 2 cá nhân" in reading.text


def test_the_decision_page_marks_an_invented_number(s_demo, client_for, user_named):
    decision = AwardDecision.objects.get(document__symbol="902/QĐ-MTTQ")
    response = client_for(user_named("hg.front")).get(f"/awards/decisions/{decision.pk}/")
    assert response.status_code == 200
    assert "illustrative number" in response.content.decode()
    listing = client_for(user_named("hg.front")).get("/awards/decisions/")
    assert listing.status_code == 200 and "illustrative number" in listing.content.decode()


def test_an_outsider_gets_no_decision_file(s_demo, client_for, outsider):
    decision = AwardDecision.objects.get(document__symbol="902/QĐ-MTTQ")
    response = client_for(outsider).get(f"/awards/decisions/{decision.pk}/decision.docx")
    assert response.status_code in (403, 404)


def test_a_decision_on_nominations_cites_the_law_in_force_the_proposer_and_the_cash(
    s_demo, user_named, unit
):
    import datetime as dt

    from thidua.awards import exports, selectors, services
    from thidua.awards.models import Award, AwardType, GrantingAuthority

    bk = AwardType.objects.get(code="bk-tinh")
    power = GrantingAuthority.objects.get(award_type=bk, unit_kind__code="people_committee")
    lungcu, chair = user_named("hg.lungcu"), user_named("hg.chair")
    person = services.person_create(user=lungcu, full_name="Người thử", unit=unit("H-HG-D-DV-01"))
    n = services.nomination_create(
        user=lungcu,
        proposing_unit=unit("H-HG-D-DV-01"),
        award_type=bk,
        year=2025,
        person=person,
        authority=power,
        achievements="Thành tích.",
    )
    n = services.nomination_submit(user=lungcu, nomination=n, expected_version=n.version)
    for _step in range(2):
        n = services.nomination_forward(user=chair, nomination=n, expected_version=n.version)
    decision = services.decision_create(
        user=chair,
        authority_unit=unit("H-HG-UBND"),
        symbol="77/QĐ-UBND",
        decided_on=dt.date(2026, 1, 5),
        authority_title="Chủ tịch UBND tỉnh Hà Giang",
        signer="Nguyễn Văn Sơn",
        nominations=[n],
    )
    Award.objects.filter(decision=decision).update(cash_multiple="1.5")
    awards = list(selectors.decision_awards(decision=decision))
    reading = checks.check(exports.decision_docx(decision, awards))
    text = reading.text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Nghị định số 152/2025/NĐ-CP" in text and "91/2017" not in text
    assert "Xét đề nghị của Chủ tịch Ủy ban nhân dân xã Lũng Cú." in text
    (listing,) = reading.tables
    assert listing[0][-1] == "Tiền thưởng (đồng)"
    # 1.5 × 2,340,000 = 3,510,000 đồng (a multiple of ten thousand already).
    assert listing[1][-1] == "3.510.000" and listing[-1][1:] == ["Cộng", "", "", "", "3.510.000"]
    assert "mức lương cơ sở 2.340.000 đồng, tổng cộng 3.510.000 đồng" in text
    assert reading.recipients == ["Như Điều 4"]


def test_the_base_salary_and_the_law_follow_the_date():
    import datetime as dt
    from decimal import Decimal

    from thidua.awards import legal

    assert legal.base_salary_on(dt.date(2023, 6, 30)) == Decimal("1490000")
    assert legal.base_salary_on(dt.date(2023, 7, 1)) == Decimal("1800000")
    # 0.3 × 1,490,000 = 447,000 → rounded up to tens of thousands.
    assert legal.cash_amount(Decimal("0.3"), dt.date(2023, 6, 6)) == Decimal("450000")
    assert legal.cash_amount(Decimal("0"), dt.date(2023, 6, 6)) is None
    assert "2003" in legal.legal_basis(dt.date(2023, 12, 31))[0]
    assert "98/2023" in legal.legal_basis(dt.date(2025, 6, 30))[1]
    assert "152/2025" in legal.legal_basis(dt.date(2025, 7, 1))[1]
