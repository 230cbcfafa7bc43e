"""The review report in Word: the administrative layout (docs/RULES.md §1), sections
numbered without gaps, year tables that fit a portrait page."""

import pytest

from thidua.core.wordlayout import checks

pytestmark = pytest.mark.django_db


def _report(client, review) -> checks.Reading:
    response = client.get(f"/reviews/{review.pk}/report.docx")
    assert response.status_code == 200
    return checks.check(response.content)  # every table: header repeated, no word cut


def _sections(reading: checks.Reading) -> list[str]:
    return [
        p.split(".")[0]
        for p in reading.paragraphs
        if p.split(".")[0] in {"I", "II", "III", "IV", "V", "VI"}
    ]


def test_the_ten_year_review_reads_as_the_police_report_it_is(s4_review, client_for, user_named):
    reading = _report(client_for(user_named("hg.police")), s4_review)
    assert reading.left == ["BỘ CÔNG AN", "CÔNG AN TỈNH HÀ GIANG"]
    assert reading.number == "Số:       /BC-CAT"
    assert reading.date == "Hà Giang, ngày 06 tháng 6 năm 2023"
    assert reading.summary.startswith("Tổng kết 10 năm (2013 - 2023) thực hiện Chương trình")
    assert (reading.signer, reading.signer_name) == (["GIÁM ĐỐC"], "Phan Huy Ngọc")
    assert reading.recipients == ["Bộ Công an", "Ủy ban nhân dân tỉnh Hà Giang"]
    assert _sections(reading) == ["I", "II", "III", "IV"]  # no contest: no gap either
    indicators = reading.tables[0]
    # Eleven years down the page, the six indicators across: it fits a portrait page.
    assert [row[0] for row in indicators[1:]] == [*map(str, range(2013, 2024)), "Tăng/giảm"]
    assert "Thành viên tổ tự quản (người)" in indicators[0]
    members = indicators[0].index("Thành viên tổ tự quản (người)")
    assert indicators[-2][members] == "11.300" and indicators[1][members] == "–"
    assert all(round(w) == 210 for w, _h in reading.sections)  # portrait throughout
    awards = reading.tables[1]
    assert awards[0][0] == "Năm" and awards[-1][0] == "Cộng"
    occasion = reading.tables[2]
    assert any("901/QĐ-UBND (minh họa)" in row[1] for row in occasion[1:])


def test_the_five_year_review_of_a_party_body_numbers_its_contest_section(
    s2_review, client_for, user_named
):
    reading = _report(client_for(user_named("ht.bcd35")), s2_review)
    assert reading.left == ["TỈNH ỦY HÀ TĨNH", "BAN CHỈ ĐẠO 35", "*"]
    assert reading.right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert reading.number == "Số       -BC/BCĐ35"
    assert reading.signer == ["T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    assert reading.signer_name == ""  # no head recorded: a space to write the name
    assert "Nghị quyết số 35-NQ/TW" in reading.summary
    assert _sections(reading) == ["I", "II", "III", "IV", "V"]
    assert "IV. CUỘC THI" in reading.paragraphs
