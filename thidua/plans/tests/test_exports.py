import datetime as dt
import io

from django.utils import translation
from docx import Document as Docx
from openpyxl import load_workbook

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


def test_the_word_report_follows_the_administrative_layout(s1, province_supervisor, unit):
    options = exports.ReportOptions(issuer=unit("H-BG-VP"), symbol="15/BC-VP", day=D(2024, 1, 5))
    doc = Docx(
        io.BytesIO(exports.plan_report_docx(user=province_supervisor, plan=s1, options=options))
    )
    header = doc.tables[0]
    left = header.cell(0, 0).text
    right = header.cell(0, 1).text
    assert "VĂN PHÒNG UBND TỈNH BẮC GIANG" in left and "Số: 15/BC-VP" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Bắc Giang, ngày 05 tháng 01 năm 2024" in right
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "92/KH-BCĐNQ" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Huyện Lục Ngạn" in cells


def test_the_place_and_date_line_pads_days_and_early_months():
    from thidua.plans.docx_layout import place_and_date

    assert place_and_date("Hà Tĩnh", D(2023, 2, 28)) == "Hà Tĩnh, ngày 28 tháng 02 năm 2023"
    assert place_and_date("Hà Tĩnh", D(2023, 11, 3)) == "Hà Tĩnh, ngày 03 tháng 11 năm 2023"
