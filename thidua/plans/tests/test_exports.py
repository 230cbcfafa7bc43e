import datetime as dt
import io

from django.utils import translation
from openpyxl import load_workbook

from thidua.core.wordlayout import checks
from thidua.plans import exports

D = dt.date


def test_the_excel_export_has_one_row_per_task_and_lead_unit(s1, province_supervisor):
    data = exports.plan_tasks_xlsx(user=province_supervisor, plan=s1, today=D(2026, 11, 22))
    ws = load_workbook(io.BytesIO(data)).active
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(rows) == 4 + 5  # four single-lead tasks, the banners task for five districts
    luc_ngan = next(r for r in rows if r[3] == "Huyện Lục Ngạn")
    assert luc_ngan[7] == "overdue"
    assert luc_ngan[9] == 40
    assert "92/KH-BCĐNQ" in ws["A1"].value


def test_the_excel_export_speaks_the_interface_language(s1, province_supervisor):
    with translation.override("vi"):
        data = exports.plan_tasks_xlsx(user=province_supervisor, plan=s1, today=D(2026, 11, 22))
    ws = load_workbook(io.BytesIO(data)).active
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    luc_ngan = next(r for r in rows if r[3] == "Huyện Lục Ngạn")
    assert luc_ngan[7] == "quá hạn"


def test_a_unit_officer_exports_only_what_they_see(s1, user_named):
    data = exports.plan_tasks_xlsx(user=user_named("bg.luc-ngan"), plan=s1, today=D(2026, 11, 22))
    ws = load_workbook(io.BytesIO(data)).active
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert {r[2][:13] for r in rows} == {"Treo băng rôn"}


def _report(user, plan, **options):
    options.setdefault("day", D(2024, 1, 5))
    return exports.plan_report_docx(user=user, plan=plan, options=exports.ReportOptions(**options))


def test_the_word_report_follows_the_administrative_layout(s1, province_supervisor, unit):
    data = _report(province_supervisor, s1, issuer=unit("H-BG-VP"), symbol="15/BC-VP")
    reading = checks.check(data)  # A4, margins, fonts, lines, number, date, signer, tables
    assert reading.left == ["ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "VĂN PHÒNG"]
    assert reading.number == "Số: 15/BC-VP"
    assert reading.date == "Bắc Giang, ngày 05 tháng 01 năm 2024"
    assert reading.kind == "BÁO CÁO" and "92/KH-BCĐNQ" in reading.summary
    assert reading.signer == ["CHÁNH VĂN PHÒNG"]
    assert reading.signer_name == str(province_supervisor)
    assert [p for p in reading.paragraphs if p[:3] in ("I. ", "II.", "III", "IV.")] == [
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ THEO NHÓM NHIỆM VỤ",
        "III. CHI TIẾT THEO CƠ QUAN, ĐƠN VỊ (QUÁ HẠN TRƯỚC)",
        "IV. ĐỀ NGHỊ",
    ]
    groups, detail = reading.tables
    assert groups[-1][:5] == ["Cộng", "9", "8", "0", "1"]  # the groups' figures add up
    assert any("Huyện Lục Ngạn" in row for row in detail)


def test_a_bare_number_takes_the_issuers_abbreviation_and_its_collective_signs(
    s1, province_supervisor, unit
):
    reading = checks.check(_report(province_supervisor, s1, issuer=unit("H-BG-BCDNQ"), symbol="7"))
    assert reading.left == ["BAN CHỈ ĐẠO NGHỊ QUYẾT (BCĐNQ) TỈNH BẮC GIANG"]
    assert reading.number == "Số: 07/BC-BCĐNQ"
    assert reading.signer == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    blank = checks.check(_report(province_supervisor, s1, issuer=unit("H-BG-BCDNQ")))
    assert blank.number == "Số:       /BC-BCĐNQ"  # room to write the number in
    deputy = checks.check(
        _report(
            province_supervisor,
            s1,
            issuer=unit("H-BG-BCDNQ"),
            signer_title="Phó Trưởng ban",
            signer_name="Lê Văn A",
        )
    )
    assert deputy.signer == ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert deputy.signer_name == "Lê Văn A"
