import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from openpyxl import load_workbook

from thidua.reporting import excel, services
from thidua.reporting.models import Submission


def _template(period, unit):
    return load_workbook(
        io.BytesIO(excel.template_workbook(form=period.form, period=period, unit=unit))
    )


def _bytes(wb):
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _fill(ws, values):
    for row in ws.iter_rows(min_row=excel.FIRST_ROW):
        code, key_label = row[0].value, row[3].value
        if code in values and not key_label:
            row[4].value = values[code]


GOOD = {
    "antq-movement-models": 12,
    "antq-mass-mobilisation-models": 4,
    "antq-self-management-groups": 30,
    "antq-self-management-members": 160,
    "antq-training-classes": 9,
    "antq-training-participants": 300,
}


def _upload(period, unit, user, f):
    return services.submission_upload(user=user, period=period, unit=unit, file=f, submit=True)


def test_a_filled_template_round_trips_into_a_submitted_report(s4_2024, unit, user_named):
    lungcu = unit("H-HG-D-DV-01")
    wb = _template(s4_2024, lungcu)
    _fill(wb[excel.SHEET], GOOD)
    sub = _upload(s4_2024, lungcu, user_named("hg.lungcu"), _bytes(wb))
    assert sub.status == "submitted" and sub.source == "excel"
    again = load_workbook(
        io.BytesIO(
            excel.template_workbook(form=s4_2024.form, period=s4_2024, unit=lungcu, submission=sub)
        )
    )
    assert any(r[4].value == 160 for r in again[excel.SHEET].iter_rows(min_row=excel.FIRST_ROW))


def test_wrong_types_name_sheet_row_column_and_indicator_and_save_nothing(
    s4_2024, unit, user_named
):
    lungcu = unit("H-HG-D-DV-01")
    wb = _template(s4_2024, lungcu)
    _fill(wb[excel.SHEET], {**GOOD, "antq-training-classes": "nine", "antq-movement-models": 2.5})
    with pytest.raises(ValidationError) as exc:
        _upload(s4_2024, lungcu, user_named("hg.lungcu"), _bytes(wb))
    text = " ".join(exc.value.messages)
    assert "Sheet Report, row" in text and "column E" in text
    assert "antq-training-classes" in text and "antq-movement-models" in text
    assert not Submission.objects.filter(period=s4_2024, unit=lungcu).exists()


def test_extra_rows_are_refused(s4_2024, unit):
    lungcu = unit("H-HG-D-DV-01")
    wb = _template(s4_2024, lungcu)
    ws = wb[excel.SHEET]
    ws.cell(row=ws.max_row + 2, column=1, value="sneaky")
    with pytest.raises(ValidationError, match="extra row"):
        excel.read_template(form=s4_2024.form, period=s4_2024, unit=lungcu, file=_bytes(wb))


def test_another_forms_template_is_refused(s4_2024, s5_form, unit):
    p5 = s5_form.periods.get(year=2026)
    data = io.BytesIO(excel.template_workbook(form=s5_form, period=p5, unit=unit("P01")))
    with pytest.raises(ValidationError, match="antq-movement-national"):
        excel.read_template(form=s4_2024.form, period=s4_2024, unit=unit("H-HG-D-DV-01"), file=data)


def test_a_file_that_is_not_a_workbook_is_refused(s4_2024, unit):
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        excel.read_template(
            form=s4_2024.form,
            period=s4_2024,
            unit=unit("H-HG-D-DV-01"),
            file=io.BytesIO(b"%PDF-1.4 hello"),
        )


@override_settings(THIDUA_MAX_UPLOAD_BYTES=20 * 1024 * 1024)
def test_a_50_mb_file_is_refused_before_it_is_read(s4_2024, unit, tmp_path):
    big = tmp_path / "big.xlsx"
    with open(big, "wb") as f:
        f.seek(50 * 1024 * 1024 - 1)
        f.write(b"\0")
    with open(big, "rb") as f, pytest.raises(ValidationError, match=r"50\.0 MB"):
        excel.read_template(form=s4_2024.form, period=s4_2024, unit=unit("H-HG-D-DV-01"), file=f)


def test_the_upload_page_shows_the_errors_and_saves_nothing(s4_2024, unit, user_named, client_for):
    lungcu = unit("H-HG-D-DV-01")
    wb = _template(s4_2024, lungcu)
    _fill(wb[excel.SHEET], {**GOOD, "antq-self-management-members": "many"})
    f = _bytes(wb)
    f.name = "report.xlsx"
    c = client_for(user_named("hg.lungcu"))
    r = c.post(
        f"/reporting/periods/{s4_2024.pk}/upload", {"unit": lungcu.pk, "file": f}, follow=True
    )
    assert r.status_code == 200
    assert "antq-self-management-members" in r.content.decode()
    assert not Submission.objects.filter(period=s4_2024, unit=lungcu).exists()
