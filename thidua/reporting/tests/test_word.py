"""The synthesis report in Word: the administrative layout, names not codes, totals and
breakdowns (docs/RULES.md §1, thidua.core.wordlayout)."""

from decimal import Decimal

from thidua.core.wordlayout import checks


def _report(client, period, unit) -> checks.Reading:
    r = client.get(f"/reporting/periods/{period.pk}/synthesis.docx?unit={unit.pk}")
    assert r.status_code == 200
    return checks.check(r.content)


def test_the_synthesis_report_is_issued_by_the_officers_body_in_the_decree_layout(
    s4_2023, user_named, client_for, unit
):
    reading = _report(client_for(user_named("hg.police")), s4_2023, unit("H-HG"))
    assert reading.left == ["BỘ CÔNG AN", "CÔNG AN TỈNH HÀ GIANG"]  # never "TỈNH HÀ GIANG"
    assert reading.number == "Số:       /BC-CAT"  # the body's abbreviation, not "H-HG"
    assert reading.date.startswith("Hà Giang, ngày ")
    assert "trên địa bàn tỉnh Hà Giang" in reading.summary
    assert reading.signer == ["GIÁM ĐỐC"] and "NGƯỜI TỔNG HỢP" not in reading.signer
    # The head of the body signs (the name recorded on it), not the officer who exported.
    assert reading.signer_name == "Phan Huy Ngọc" != str(user_named("hg.police"))
    assert reading.recipients == ["Ủy ban MTTQ Việt Nam tỉnh Hà Giang"]


def test_the_synthesis_report_shows_names_breakdowns_and_totals_that_add_up(
    s4_2023, user_named, client_for, unit
):
    reading = _report(client_for(user_named("hg.chair")), s4_2023, unit("H-HG"))
    assert reading.left == ["ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"]  # not a receiver: the place's
    assert reading.signer == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    totals, by_unit = reading.tables
    names = [row[1] for row in totals]
    assert "Lượt người tham gia các lớp" in names
    assert not any(cell.startswith("antq-") for row in totals + by_unit for cell in row)
    assert totals[names.index("Trong đó: Nam")][:3] == ["", "Trong đó: Nam", "lượt người"]
    assert "Trong đó: Nữ" in names
    header = by_unit[0]
    assert "Thành viên tổ tự quản (người)" in header
    members = header.index("Thành viên tổ tự quản (người)")
    last = by_unit[-1]
    assert last[1] == "Cộng"

    def figure(text: str) -> Decimal:
        return Decimal(text.replace(".", "").replace(",", "."))

    assert figure(last[members]) == sum(figure(row[members]) for row in by_unit[1:-1])
    assert last[members] == "11.300"  # the province's total (README, S4)


def test_an_outsider_gets_no_synthesis_report(s4_2023, outsider, client_for, unit):
    r = client_for(outsider).get(
        f"/reporting/periods/{s4_2023.pk}/synthesis.docx?unit={unit('H-HG').pk}"
    )
    assert r.status_code in (403, 404)
