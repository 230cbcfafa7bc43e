from thidua.reporting.api.serializers import SubmissionSerializer
from thidua.reporting.models import Submission

VALUES = [
    {"indicator": "antq-movement-models", "value": 3},
    {"indicator": "antq-mass-mobilisation-models", "value": 1},
    {"indicator": "antq-self-management-groups", "value": 4},
    {"indicator": "antq-self-management-members", "value": 20},
    {"indicator": "antq-training-classes", "value": 2},
    {"indicator": "antq-training-participants", "value": 50},
]


def test_a_retried_upload_with_the_same_idempotency_key_counts_once(
    s4_2024, user_named, client_for
):
    c = client_for(user_named("hg.lungcu"))
    body = {"period": s4_2024.pk, "unit": "H-HG-D-DV-01", "values": VALUES, "submit": True}
    r1 = c.post(
        "/api/reporting/submissions/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    r2 = c.post(
        "/api/reporting/submissions/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert r1.json()["id"] == r2.json()["id"]
    assert Submission.objects.filter(period=s4_2024, unit__code="H-HG-D-DV-01").count() == 1


def test_bad_values_through_the_api_name_the_indicator(s4_2024, user_named, client_for):
    c = client_for(user_named("hg.lungcu"))
    body = {
        "period": s4_2024.pk,
        "unit": "H-HG-D-DV-01",
        "values": [{"indicator": "antq-training-classes", "value": "x"}],
    }
    r = c.post("/api/reporting/submissions/", body, content_type="application/json")
    assert r.status_code == 400
    assert "antq-training-classes" in str(r.json())


def test_approve_and_return_are_explicit_endpoints_scoped_like_the_ui(
    s4_2024, user_named, client_for
):
    c = client_for(user_named("hg.lungcu"))
    body = {"period": s4_2024.pk, "unit": "H-HG-D-DV-01", "values": VALUES, "submit": True}
    sid = c.post("/api/reporting/submissions/", body, content_type="application/json").json()["id"]
    assert (
        c.post(
            f"/api/reporting/submissions/{sid}/approve/", {}, content_type="application/json"
        ).status_code
        == 403
    )
    p = client_for(user_named("hg.police"))
    r = p.post(f"/api/reporting/submissions/{sid}/approve/", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = p.post(
        f"/api/reporting/submissions/{sid}/return/",
        {"reason": "recheck"},
        content_type="application/json",
    )
    assert r.json()["status"] == "returned"


def test_synthesis_and_completeness_endpoints(s4_2023, user_named, client_for):
    c = client_for(user_named("hg.police"))
    r = c.get(f"/api/reporting/synthesis/?period={s4_2023.pk}&unit=H-HG")
    assert r.json()["totals"]["antq-training-participants"].startswith("18400")
    r = c.get(f"/api/reporting/completeness/?period={s4_2023.pk}&unit=H-HG")
    assert r.json()["expected"] == 44 and r.json()["missing"] == 0
    r = c.get("/api/reporting/forms/")
    assert {f["code"] for f in r.json()["results"]} >= {"hg-antq-annual"}


def test_the_list_of_reports_keeps_a_fixed_number_of_queries(
    s4_2023, user_named, client_for, django_assert_max_num_queries
):
    c = client_for(user_named("hg.police"))
    url = f"/api/reporting/submissions/?period={s4_2023.pk}"
    c.get(url)
    with django_assert_max_num_queries(15):
        r = c.get(url)
    rows = r.json()["results"]
    assert len(rows) == 44 and all(len(row["values"]) == 8 for row in rows)


def test_a_report_answered_alone_reads_its_figures_in_a_fixed_number_of_queries(
    s4_2023, django_assert_max_num_queries
):
    # The answer of a create, submit or approve: one report, its figures not prefetched.
    report = Submission.objects.filter(period=s4_2023, status="approved").first()
    report = Submission.objects.get(pk=report.pk)
    with django_assert_max_num_queries(4):  # form, unit, figures, their indicators
        data = SubmissionSerializer(report).data
    assert len(data["values"]) == 8
