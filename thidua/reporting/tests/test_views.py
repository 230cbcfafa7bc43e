import io

import pytest
from docx import Document
from openpyxl import load_workbook

from thidua.orgunits.models import OrgUnit
from thidua.reporting import services
from thidua.reporting.models import Submission, SynthesisValue


def _urls(period, sub):
    p = period.pk
    return [
        "/reporting/",
        f"/reporting/forms/{period.form_id}/",
        f"/reporting/periods/{p}/fill/",
        f"/reporting/periods/{p}/template.xlsx",
        f"/reporting/periods/{p}/completeness/",
        f"/reporting/periods/{p}/synthesis/",
        f"/reporting/periods/{p}/synthesis.xlsx",
        f"/reporting/periods/{p}/synthesis.docx",
        f"/reporting/reports/{sub.pk}/",
        f"/reporting/series/?form={period.form_id}",
    ]


def test_an_outsider_is_refused_on_every_page_and_endpoint(s4_2023, outsider, client_for, unit):
    sub = Submission.objects.filter(period=s4_2023).first()
    c = client_for(outsider)
    for url in _urls(s4_2023, sub):
        assert c.get(url).status_code in (403, 404), url
    for url in [
        f"/reporting/reports/{sub.pk}/approve",
        f"/reporting/reports/{sub.pk}/return",
        f"/reporting/periods/{s4_2023.pk}/urge",
    ]:
        assert c.post(url, {"reason": "x"}).status_code in (403, 404), url
    for url in [
        "/api/reporting/forms/",
        "/api/reporting/submissions/",
        f"/api/reporting/submissions/{sub.pk}/",
        f"/api/reporting/synthesis/?period={s4_2023.pk}&unit=H-HG",
        f"/api/reporting/completeness/?period={s4_2023.pk}&unit=H-HG",
    ]:
        # The API's IsMember refuses someone with no role at the door.
        assert c.get(url).status_code == 403, url
    r = c.post(f"/api/reporting/submissions/{sub.pk}/approve/", {}, content_type="application/json")
    assert r.status_code in (403, 404)


def test_a_sibling_commune_cannot_see_another_communes_report(
    s4_2023, user_named, client_for, unit
):
    other = Submission.objects.get(period=s4_2023, unit=unit("H-HG-D-DV-02"))
    c = client_for(user_named("hg.lungcu"))
    assert c.get(f"/reporting/reports/{other.pk}/").status_code == 404
    assert c.get(f"/api/reporting/submissions/{other.pk}/").status_code == 404
    r = c.get(f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={unit('H-HG').pk}")
    assert r.status_code == 404
    mine = Submission.objects.get(period=s4_2023, unit=unit("H-HG-D-DV-01"))
    assert c.get(f"/reporting/reports/{mine.pk}/").status_code == 200


def test_the_province_sees_every_page(s4_2023, user_named, client_for, unit):
    sub = Submission.objects.filter(period=s4_2023).first()
    c = client_for(user_named("hg.police"))
    for url in _urls(s4_2023, sub):
        if "fill" in url or "template" in url:
            continue  # the province does not report on this form itself
        assert c.get(url).status_code == 200, url


def test_the_synthesis_page_shows_the_seed_totals(s4_2023, user_named, client_for, unit):
    c = client_for(user_named("hg.chair"))
    r = c.get(f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={unit('H-HG').pk}")
    body = r.content.decode()
    for figure in ("857", "299", "2028", "11300", "614", "18400"):
        assert figure in body.replace(".", "").replace(",", "")


def test_a_commune_fills_on_screen_and_the_province_approves(s4_2024, user_named, client_for, unit):
    lungcu = unit("H-HG-D-DV-01")
    c = client_for(user_named("hg.lungcu"))
    data = {
        "unit": lungcu.pk,
        "action": "submit",
        "v:antq-movement-models:": "3",
        "v:antq-mass-mobilisation-models:": "1",
        "v:antq-self-management-groups:": "4",
        "v:antq-self-management-members:": "25",
        "v:antq-training-classes:": "2",
        "v:antq-training-participants:": "60",
        "v:antq-training-participants:sex=f": "30",
        "v:antq-training-participants:sex=m": "30",
    }
    r = c.post(f"/reporting/periods/{s4_2024.pk}/fill/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    sub = Submission.objects.get(period=s4_2024, unit=lungcu, is_current=True)
    assert sub.status == "submitted"
    p = client_for(user_named("hg.police"))
    r = p.post(f"/reporting/reports/{sub.pk}/approve", {"version": sub.version})
    sub.refresh_from_db()
    assert sub.status == "approved"


def test_list_pages_keep_a_fixed_number_of_queries(
    s4_2024, user_named, client_for, unit, django_assert_max_num_queries
):
    # Each page must answer 200 and show its data: a 403 or a 500 also runs few queries.
    c = client_for(user_named("hg.police"))
    province = unit("H-HG")
    c.get("/reporting/")
    with django_assert_max_num_queries(30):
        r = c.get("/reporting/")
    assert r.status_code == 200
    body = r.content.decode()
    assert s4_2024.form.name in body
    waiting = Submission.objects.filter(period=s4_2024, status="submitted", is_current=True)
    assert waiting.exists()
    for sub in waiting.select_related("unit"):
        assert sub.unit.name in body  # under "Waiting for your approval"
    with django_assert_max_num_queries(30):
        r = c.get(f"/reporting/periods/{s4_2024.pk}/completeness/?unit={province.pk}")
    assert r.status_code == 200
    body = r.content.decode()
    communes = OrgUnit.objects.filter(code__regex=r"^H-HG-D-[A-Z]+-\d\d$")
    assert f"<strong>{communes.count()}</strong> expected" in body
    for commune in communes:
        assert commune.name in body
    assert 'data-action="urge"' in body  # the rule asked for every missing unit, in the count
    with django_assert_max_num_queries(30):
        r = c.get(f"/reporting/periods/{s4_2024.pk}/synthesis/?unit={province.pk}")
    assert r.status_code == 200
    body = r.content.decode()
    models_total = SynthesisValue.objects.get(
        period=s4_2024, unit=province, indicator__code="antq-movement-models", key=""
    ).total
    assert models_total > 0 and f"{int(models_total):,}" in body
    for district in province.children.filter(code__startswith="H-HG-D-"):
        assert district.name in body


@pytest.mark.parametrize("username", ["vn.approver", "hdtdkt.secretary", "bca.movement"])
def test_s5_receivers_see_the_national_completeness(
    s5_form, username, user_named, client_for, unit
):
    period = s5_form.periods.get(year=2025)
    c = client_for(user_named(username))
    r = c.get(f"/reporting/periods/{period.pk}/completeness/")
    assert r.status_code == 200
    assert "Hà Nội" in r.content.decode()


def test_a_unit_that_does_not_report_on_the_form_is_told_so_not_a_500(
    s4_2024, user_named, client_for, unit
):
    """hg.police may report for the provincial police, which does not report on S4."""
    c = client_for(user_named("hg.police"))
    police = unit("H-HG-CA")
    r = c.get(f"/reporting/periods/{s4_2024.pk}/fill/?unit={police.pk}")
    assert r.status_code == 200
    body = r.content.decode()
    assert "does not report on this form" in body
    assert 'data-action="fill"' not in body and 'data-action="download_template"' not in body
    r = c.get(f"/reporting/periods/{s4_2024.pk}/template.xlsx?unit={police.pk}", follow=True)
    assert r.status_code == 200 and "does not report on this form" in r.content.decode()


def test_the_synthesis_by_unit_and_its_files_are_headed_by_indicator_names(
    s4_2023, user_named, client_for, unit
):
    c = client_for(user_named("hg.chair"))
    root = unit("H-HG").pk
    r = c.get(f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={root}")
    assert r.status_code == 200
    by_unit = r.content.decode().split('sticky-head by-unit"')[1].split("</thead>")[0]
    assert "Thành viên tổ tự quản</a>" in by_unit
    assert ">antq-" not in by_unit  # codes only as data, never as text
    r = c.get(f"/reporting/periods/{s4_2023.pk}/synthesis.xlsx?unit={root}")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    texts = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "Thành viên tổ tự quản" in texts and not any(t.startswith("antq-") for t in texts)
    r = c.get(f"/reporting/periods/{s4_2023.pk}/synthesis.docx?unit={root}")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    cells = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert "Thành viên tổ tự quản" in cells and not any(t.startswith("antq-") for t in cells)


def test_the_approval_list_names_the_form_not_its_code(s4_2024, user_named, client_for, unit):
    lungcu = unit("H-HG-D-DV-01")
    values = {
        ("antq-movement-models", ""): 3,
        ("antq-mass-mobilisation-models", ""): 1,
        ("antq-self-management-groups", ""): 4,
        ("antq-self-management-members", ""): 25,
        ("antq-training-classes", ""): 2,
        ("antq-training-participants", ""): 60,
    }
    services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=lungcu,
        values=values,
        submit=True,
    )
    r = client_for(user_named("hg.police")).get("/reporting/")
    assert r.status_code == 200
    awaiting = r.content.decode().split("Waiting for your approval")[1].split("</table>")[0]
    assert lungcu.name in awaiting
    assert s4_2024.form.name in awaiting and s4_2024.form.code not in awaiting
