"""Review pages, exports and API: scoped reads, manager-only writes, figures in the files."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from rest_framework.test import APIClient

from thidua.reviews.models import Review

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_outsider_is_refused_every_review_page(s4_review, client_for, outsider):
    c = client_for(outsider)
    for url in [
        "/reviews/",
        "/reviews/new/",
        f"/reviews/{s4_review.pk}/",
        f"/reviews/{s4_review.pk}/export.xlsx",
        f"/reviews/{s4_review.pk}/report.docx",
    ]:
        assert c.get(url).status_code == 403, url
    assert c.post(f"/reviews/{s4_review.pk}/finalise/").status_code == 403


def test_an_officer_of_another_province_gets_404(s4_review, client_for, user_named):
    c = client_for(user_named("ht.bcd35"))
    for url in [
        f"/reviews/{s4_review.pk}/",
        f"/reviews/{s4_review.pk}/export.xlsx",
        f"/reviews/{s4_review.pk}/report.docx",
    ]:
        assert c.get(url).status_code == 404, url
    assert s4_review.title not in c.get("/reviews/").content.decode()
    assert api_for(user_named("ht.bcd35")).get(f"/api/reviews/{s4_review.pk}/").status_code == 404


def test_the_list_shows_the_reviews_in_reach_with_few_queries(
    s4_review, s2_review, client_for, user_named, django_assert_max_num_queries
):
    c = client_for(user_named("hg.police"))
    with django_assert_max_num_queries(12):
        response = c.get("/reviews/")
    assert response.status_code == 200
    html = response.content.decode()
    assert s4_review.title in html and s2_review.title not in html


def test_the_detail_page_shows_the_figures_and_a_chart(s4_review, client_for, user_named):
    html = client_for(user_named("hg.police")).get(f"/reviews/{s4_review.pk}/").content.decode()
    assert "11,300" in html and "18,400" in html and "2,028" in html
    assert "<svg" in html and "no data" in html
    assert "901/QĐ-UBND" in html
    assert "freeze the figures" not in html  # already finalised: corrected as a new edition


def test_a_reporter_cannot_create_or_finalise(s2_review, client_for, user_named):
    reporter = user_named("ht.huongson")
    c = client_for(reporter)
    assert c.get("/reviews/new/").status_code == 403
    assert c.post(f"/reviews/{s2_review.pk}/finalise/").status_code in (403, 404)
    s2_review.refresh_from_db()
    assert s2_review.status == Review.Status.DRAFT
    api = api_for(reporter)
    body = {"title": "x", "start_year": 2018, "end_year": 2023, "unit": "P42-D-HS"}
    assert api.post("/api/reviews/", body, format="json").status_code in (400, 403)
    assert api.post(f"/api/reviews/{s2_review.pk}/finalise/").status_code in (403, 404)


def test_a_manager_creates_and_finalises_a_review_on_the_pages(sources, client_for, user_named):
    from thidua.documents.services import find_by_symbol

    c = client_for(user_named("ht.bcd35"))
    assert c.get("/reviews/new/").status_code == 200
    response = c.post(
        "/reviews/new/",
        {
            "kind": "preliminary",
            "title": "Sơ kết thử",
            "start_year": 2018,
            "end_year": 2023,
            "document": find_by_symbol("35-NQ/TW").pk,
            "unit": "P42-BCD35",
            "area": "P42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get(title="Sơ kết thử")
    assert (review.unit.code, review.area.code) == ("P42-BCD35", "P42")
    page = c.get(f"/reviews/{review.pk}/").content.decode()
    assert "7,671" in page
    c.post(f"/reviews/{review.pk}/finalise/", {"version": review.version})
    review.refresh_from_db()
    assert review.status == Review.Status.FINALISED
    assert review.snapshot["contests"]


def test_a_manager_cannot_open_a_review_for_a_unit_outside_reach(sources, client_for, user_named):
    from thidua.documents.services import find_by_symbol

    c = client_for(user_named("ht.bcd35"))
    response = c.post(
        "/reviews/new/",
        {
            "kind": "final",
            "title": "Not mine",
            "start_year": 2013,
            "end_year": 2023,
            "document": find_by_symbol("35-NQ/TW").pk,
            "unit": "H-HG-CA",
        },
    )
    assert response.status_code == 200
    assert not Review.objects.filter(title="Not mine").exists()


def test_the_excel_export_opens_and_holds_the_figures(s4_review, client_for, user_named):
    response = client_for(user_named("hg.police")).get(f"/reviews/{s4_review.pk}/export.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert {857, 299, 2028, 11300, 614, 18400} <= values
    assert "901/QĐ-UBND" in values


def test_the_word_report_opens_in_the_administrative_layout(s4_review, client_for, user_named):
    response = client_for(user_named("hg.police")).get(f"/reviews/{s4_review.pk}/report.docx")
    assert response.status_code == 200
    doc = read_docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells for _ in [0]
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Hà Giang, ngày 06 tháng 6 năm 2023" in cells
    assert "BÁO CÁO" in text
    for figure in ["857", "11.300", "18.400", "2.028", "–"]:
        assert figure in cells, figure
    assert "(–) chưa có số liệu" in text  # a dash in the table, said once under it
    assert "Nơi nhận:" in cells


def test_the_api_lists_reads_creates_and_finalises(sources, user_named, s4_review):
    from thidua.documents.services import find_by_symbol

    police = api_for(user_named("hg.police"))
    listed = police.get("/api/reviews/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [s4_review.pk]
    detail = police.get(f"/api/reviews/{s4_review.pk}/").json()
    assert detail["status"] == "finalised"
    row = next(
        r for r in detail["data"]["indicators"] if r["indicator"] == "antq-training-participants"
    )
    assert dict((y, v) for y, v in row["values"])[2023] == 18400

    manager = api_for(user_named("ht.bcd35"))
    created = manager.post(
        "/api/reviews/",
        {
            "kind": "preliminary",
            "title": "API review",
            "start_year": 2018,
            "end_year": 2023,
            "unit": "P42-BCD35",
            "area": "P42",
            "document": find_by_symbol("35-NQ/TW").pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    stale = manager.post(f"/api/reviews/{pk}/finalise/", {"version": 99}, format="json")
    assert stale.status_code == 409
    done = manager.post(f"/api/reviews/{pk}/finalise/", {"version": 1}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "finalised"
    assert done.json()["data"]["contests"]
    again = manager.post(f"/api/reviews/{pk}/finalise/", {}, format="json")
    assert again.status_code == 400


def test_the_api_refuses_an_outsider(s4_review, outsider):
    api = api_for(outsider)
    assert api.get("/api/reviews/").status_code == 403
    assert api.get(f"/api/reviews/{s4_review.pk}/").status_code == 403
    assert api.post(f"/api/reviews/{s4_review.pk}/finalise/").status_code == 403
