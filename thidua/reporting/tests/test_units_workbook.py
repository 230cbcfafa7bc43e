"""A district downloads one workbook for its communes' reports and uploads it back."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from thidua.reporting import excel, services
from thidua.reporting.models import Submission
from thidua.reporting.tests.test_excel import GOOD, _bytes, _fill

COMMUNES = ["H-HG-D-DV-01", "H-HG-D-DV-02", "H-HG-D-DV-03", "H-HG-D-DV-04"]
OPEN = ["H-HG-D-DV-01", "H-HG-D-DV-02"]  # the demo's 2024 reports of -03 and -04 are approved


def _new_reports(period):
    return Submission.objects.filter(period=period, unit__code__in=OPEN)


def _workbook(client, period, district):
    r = client.get(f"/reporting/periods/{period.pk}/units.xlsx?unit={district.pk}")
    assert r.status_code == 200
    return load_workbook(io.BytesIO(r.content))


def test_a_district_gets_one_sheet_per_commune_still_to_report_named_after_it(
    s4_2024, unit, user_named, client_for
):
    wb = _workbook(client_for(user_named("hg.dongvan")), s4_2024, unit("H-HG-D-DV"))
    names = [unit(c).name[:31] for c in OPEN]
    assert sorted(t for t in wb.sheetnames if t != excel.META) == sorted(names)
    for code, title in zip(OPEN, names, strict=True):
        assert wb[title].column_dimensions["A"].hidden
        assert unit(code).name in wb[title]["B4"].value


def test_the_filled_workbook_saves_every_communes_report_at_once(
    s4_2024, unit, user_named, client_for
):
    district = unit("H-HG-D-DV")
    c = client_for(user_named("hg.dongvan"))
    wb = _workbook(c, s4_2024, district)
    for title in wb.sheetnames:
        if title != excel.META:
            _fill(wb[title], GOOD)
    f = _bytes(wb)
    f.name = "units.xlsx"
    r = c.post(
        f"/reporting/periods/{s4_2024.pk}/units-upload?unit={district.pk}",
        {"file": f, "submit": "1"},
    )
    assert r.status_code == 302, r.content.decode().split("units-upload-errors")[-1][:1500]
    subs = _new_reports(s4_2024)
    assert sorted(s.unit.code for s in subs) == OPEN
    assert {s.status for s in subs} == {"submitted"} and {s.source for s in subs} == {"excel"}


def test_one_bad_sheet_saves_no_report_and_every_problem_names_its_sheet(
    s4_2024, unit, user_named, client_for
):
    district = unit("H-HG-D-DV")
    wb = _workbook(client_for(user_named("hg.dongvan")), s4_2024, district)
    titles = [t for t in wb.sheetnames if t != excel.META]
    for title in titles:
        _fill(wb[title], GOOD)
    _fill(wb[titles[0]], {"antq-training-classes": "nine"})
    _fill(wb[titles[1]], {"antq-self-management-members": 1})
    with pytest.raises(ValidationError) as exc:
        services.submissions_upload_units(
            user=user_named("hg.dongvan"), period=s4_2024, unit=district, file=_bytes(wb)
        )
    messages = exc.value.messages
    assert len(messages) == 2
    assert messages[0].startswith(f"Sheet {titles[0]}, row ") and "is not a number" in messages[0]
    assert messages[1].startswith(f"Sheet {titles[1]}, row ") and "Số thành viên" in messages[1]
    assert not _new_reports(s4_2024).exists()


def test_the_upload_page_lists_the_problems_of_the_workbook(s4_2024, unit, user_named, client_for):
    district = unit("H-HG-D-DV")
    c = client_for(user_named("hg.dongvan"))
    wb = _workbook(c, s4_2024, district)
    title = next(t for t in wb.sheetnames if t != excel.META)
    _fill(wb[title], {**GOOD, "antq-training-classes": "nine"})
    f = _bytes(wb)
    f.name = "units.xlsx"
    r = c.post(f"/reporting/periods/{s4_2024.pk}/units-upload?unit={district.pk}", {"file": f})
    assert r.status_code == 200
    errors = r.content.decode().split('id="units-upload-errors"')[1].split("</div>")[0]
    assert f"Sheet {title}, row " in errors
    assert not _new_reports(s4_2024).exists()


def test_a_single_template_is_not_taken_for_a_districts_workbook(s4_2024, unit, user_named):
    lungcu = unit("H-HG-D-DV-01")
    data = io.BytesIO(excel.template_workbook(form=s4_2024.form, period=s4_2024, unit=lungcu))
    with pytest.raises(ValidationError, match="another period or unit"):
        services.submissions_upload_units(
            user=user_named("hg.dongvan"), period=s4_2024, unit=unit("H-HG-D-DV"), file=data
        )


def test_an_outsider_or_a_commune_cannot_get_or_send_a_districts_workbook(
    s4_2024, unit, user_named, outsider, client_for
):
    district = unit("H-HG-D-DV")
    wb = _workbook(client_for(user_named("hg.dongvan")), s4_2024, district)
    for who in (outsider, user_named("hg.lungcu")):
        c = client_for(who)
        url = f"/reporting/periods/{s4_2024.pk}/units.xlsx?unit={district.pk}"
        assert c.get(url).status_code in (403, 404)
        f = _bytes(wb)
        f.name = "units.xlsx"
        r = c.post(f"/reporting/periods/{s4_2024.pk}/units-upload?unit={district.pk}", {"file": f})
        assert r.status_code in (403, 404)
    assert not _new_reports(s4_2024).exists()


def test_a_report_submitted_since_the_download_is_told_by_its_sheet_and_nothing_saved(
    s4_2024, unit, user_named
):
    district, lungcu = unit("H-HG-D-DV"), unit("H-HG-D-DV-01")
    wb = load_workbook(
        io.BytesIO(
            excel.units_workbook(
                form=s4_2024.form,
                period=s4_2024,
                unit=district,
                reports=[(unit(c), None) for c in OPEN],
            )
        )
    )
    for title in wb.sheetnames:
        if title != excel.META:
            _fill(wb[title], GOOD)
    services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=lungcu,
        values={(code, ""): v for code, v in GOOD.items()},
        submit=True,
    )
    with pytest.raises(ValidationError) as exc:
        services.submissions_upload_units(
            user=user_named("hg.dongvan"), period=s4_2024, unit=district, file=_bytes(wb)
        )
    (message,) = exc.value.messages
    assert message.startswith(f"Sheet {lungcu.name[:31]}: ")
    assert Submission.objects.get(unit=lungcu, period=s4_2024).source == "screen"
    assert not Submission.objects.filter(period=s4_2024, unit__code="H-HG-D-DV-02").exists()


def test_no_workbook_when_every_commune_below_has_submitted(s4_2024, unit, user_named, client_for):
    for code in OPEN:
        services.submission_save(
            user=user_named("hg.dongvan"),
            form=s4_2024.form,
            period=s4_2024,
            unit=unit(code),
            values={(c, ""): v for c, v in GOOD.items()},
            submit=True,
        )
    c = client_for(user_named("hg.dongvan"))
    url = f"/reporting/periods/{s4_2024.pk}/units.xlsx?unit={unit('H-HG-D-DV').pk}"
    r = c.get(url, follow=True)
    assert r.status_code == 200 and "nothing left to fill" in r.content.decode()


def _post_as_job(c, period, district, wb, settings, capture, submit=True):
    settings.THIDUA_UPLOAD_JOB_UNITS = 0  # every workbook goes to the background here
    f = _bytes(wb)
    f.name = "units.xlsx"
    with capture(execute=True):
        r = c.post(
            f"/reporting/periods/{period.pk}/units-upload?unit={district.pk}",
            {"file": f, **({"submit": "1"} if submit else {})},
        )
    assert r.status_code == 302 and r["Location"].startswith("/jobs/"), r.content[:500]
    from thidua.core.models import Job

    return Job.objects.get(pk=int(r["Location"].strip("/").split("/")[1]))


def test_a_workbook_of_many_units_is_read_in_a_job_followed_on_its_page(
    s4_2024, unit, user_named, client_for, settings, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    district = unit("H-HG-D-DV")
    c = client_for(user_named("hg.dongvan"))
    wb = _workbook(c, s4_2024, district)
    for title in wb.sheetnames:
        if title != excel.META:
            _fill(wb[title], GOOD)
    job = _post_as_job(c, s4_2024, district, wb, settings, django_capture_on_commit_callbacks)
    assert job.status == "done", job.message
    assert job.message == "The workbook was read and 2 reports of Huyện Đồng Văn saved."
    assert sorted(s.unit.code for s in _new_reports(s4_2024)) == OPEN
    assert not default_storage.exists(job.params["path"])  # the upload is not kept
    page = c.get(f"/jobs/{job.pk}/").content.decode()
    assert "2 reports of Huyện Đồng Văn saved" in page and "Back to the report" in page
    assert client_for(user_named("outsider")).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_bad_sheet_read_in_a_job_saves_nothing_and_the_job_says_which(
    s4_2024, unit, user_named, client_for, settings, django_capture_on_commit_callbacks
):
    district = unit("H-HG-D-DV")
    c = client_for(user_named("hg.dongvan"))
    wb = _workbook(c, s4_2024, district)
    title = next(t for t in wb.sheetnames if t != excel.META)
    _fill(wb[title], {**GOOD, "antq-training-classes": "nine"})
    job = _post_as_job(c, s4_2024, district, wb, settings, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert f"Sheet {title}, row " in job.message and "is not a number" in job.message
    assert not _new_reports(s4_2024).exists()
