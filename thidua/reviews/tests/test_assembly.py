"""A review assembles the synthesis, the tasks, the registry and the documents as they are."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards.models import Award, AwardType
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import Plan, Task, TaskAssignment
from thidua.reporting.demo import S4_TOTALS_2023
from thidua.reporting.models import Period, Submission, SynthesisValue
from thidua.reviews import services
from thidua.reviews.assembly import assemble
from thidua.reviews.models import Review

pytestmark = pytest.mark.django_db

SEED_2023 = {
    "antq-movement-models": 857,
    "antq-mass-mobilisation-models": 299,
    "antq-self-management-groups": 2028,
    "antq-self-management-members": 11300,
    "antq-training-classes": 614,
    "antq-training-participants": 18400,
}


def test_the_s4_review_shows_the_seed_totals_for_2023_at_ha_giang(hg_draft, superuser):
    data = assemble(user=superuser, review=hg_draft)
    got = {row["indicator"]: dict(row["values"])[2023] for row in data["indicators"]}
    assert got == SEED_2023 == S4_TOTALS_2023


def test_the_indicator_values_are_the_synthesis_values_not_a_recompute(hg_draft, superuser):
    data = assemble(user=superuser, review=hg_draft)
    area = OrgUnit.objects.get(code="H-HG")
    for row in data["indicators"]:
        for year, value in row["values"]:
            cell = SynthesisValue.objects.filter(
                form__code=row["form"],
                period__year=year,
                unit=area,
                indicator__code=row["indicator"],
                key="",
            ).first()
            assert value == (int(cell.total) if cell and cell.count else None)


def test_years_without_reports_show_no_data_and_change_runs_from_first_to_last(hg_draft, superuser):
    data = assemble(user=superuser, review=hg_draft)
    row = next(r for r in data["indicators"] if r["indicator"] == "antq-movement-models")
    values = dict(row["values"])
    assert [values[y] for y in range(2013, 2019)] == [None] * 6
    assert row["first"][0] == 2019 and row["last"] == [2023, 857]
    assert row["change"] == 857 - values[2019]
    assert row["years_with_data"] == 5


def test_only_the_chosen_indicators_are_assembled(hg_draft, superuser):
    from thidua.reporting.models import Indicator

    hg_draft.indicators.set(Indicator.objects.filter(code="antq-training-classes"))
    data = assemble(user=superuser, review=hg_draft)
    assert [r["indicator"] for r in data["indicators"]] == ["antq-training-classes"]


def _plan_with_tasks(area: OrgUnit, other: OrgUnit) -> Plan:
    plan = Plan.objects.create(
        title="Test programme", period_start=dt.date(2019, 1, 1), period_end=dt.date(2023, 12, 31)
    )
    plan.issuing_units.set([area])
    child = Plan.objects.create(
        title="Annual plan 2022",
        parent=plan,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
    )
    child.issuing_units.set([area])
    unit = OrgUnit.objects.get(code="H-HG-D-DV-01")
    rows = [
        # plan, due, completed, cancelled, unit
        (plan, dt.date(2020, 6, 30), dt.date(2020, 6, 1), False, unit),  # done on time
        (plan, dt.date(2020, 6, 30), dt.date(2020, 8, 1), False, unit),  # done late
        (child, dt.date(2022, 3, 31), None, False, unit),  # overdue
        (child, dt.date(2022, 5, 31), None, True, unit),  # cancelled
        (plan, dt.date(2023, 3, 31), dt.date(2023, 3, 1), False, other),  # outside the area
        (plan, dt.date(2012, 3, 31), dt.date(2012, 3, 1), False, unit),  # before the span
    ]
    for i, (p, due, done, cancelled, u) in enumerate(rows):
        task = Task.objects.create(plan=p, title=f"Task {i}", due_date=due)
        TaskAssignment.objects.create(
            task=task,
            unit=u,
            due_date=due,
            completed_on=done,
            cancelled_at=dt.datetime(2022, 4, 1, tzinfo=dt.UTC) if cancelled else None,
        )
    return plan


def test_task_results_count_lead_assignments_by_status_per_year(hg_draft, superuser):
    area = OrgUnit.objects.get(code="H-HG")
    plan = _plan_with_tasks(area, OrgUnit.objects.get(code="P42"))
    hg_draft.plan = plan
    hg_draft.save()
    tasks = assemble(user=superuser, review=hg_draft, today=dt.date(2024, 1, 1))["tasks"]
    assert [p["title"] for p in tasks["plans"]] == ["Test programme", "Annual plan 2022"]
    by_year = {r["year"]: r for r in tasks["per_year"]}
    assert (by_year[2020]["done"], by_year[2020]["done_late"]) == (1, 1)
    assert (by_year[2022]["overdue"], by_year[2022]["cancelled"]) == (1, 1)
    assert by_year[2023]["total"] == 0  # P42's task is outside Hà Giang
    assert tasks["totals"]["total"] == 4
    assert tasks["totals"]["tasks"] == 4


def test_awards_are_counted_in_the_span_and_the_subtree_only(hg_draft, superuser):
    before = assemble(user=superuser, review=hg_draft)["awards"]
    in_area = OrgUnit.objects.get(code="H-HG-D-DV-01")
    bk = AwardType.objects.get(code="bk-tinh")
    Award.objects.create(award_type=bk, year=2024, unit=in_area, recipient_unit=in_area)
    outside = OrgUnit.objects.get(code="P42")
    Award.objects.create(award_type=bk, year=2023, unit=outside, recipient_unit=outside)
    Award.objects.create(award_type=bk, year=2012, unit=in_area, recipient_unit=in_area)
    after = assemble(user=superuser, review=hg_draft)["awards"]
    assert after["total"] == before["total"]
    Award.objects.create(award_type=bk, year=2016, unit=in_area, recipient_unit=in_area)
    again = assemble(user=superuser, review=hg_draft)["awards"]
    assert again["total"] == before["total"] + 1
    row = next(t for t in again["by_type"] if t["code"] == "bk-tinh")
    assert row["counts"][2016 - 2013] == 1
    area = OrgUnit.objects.get(code="H-HG")
    expected = Award.objects.filter(
        year__range=(2013, 2023), recipient_unit__in=OrgUnit.objects.subtree_of(area)
    ).count()
    assert again["total"] == expected


def test_the_s4_review_lists_the_three_decisions_of_6_june_2023(s4_review):
    occasion = s4_review.snapshot["awards"]["occasion"]
    assert {o["decision"] for o in occasion} == {"901/QĐ-UBND", "902/QĐ-MTTQ", "903/QĐ-CAT"}
    assert len(occasion) == 8
    assert {o["date"] for o in occasion} == {"2023-06-06"}


def test_documents_implementing_the_subject_in_the_span_are_listed(hg_draft, superuser):
    docs = assemble(user=superuser, review=hg_draft)["documents"]
    titles = [d["title"] for d in docs]
    assert any("Kế hoạch hành động số 55" in t for t in titles)
    assert all(d["relation"] == "implements" for d in docs)


def test_the_s2_review_shows_the_essay_contest_counts(s2_review, superuser):
    data = assemble(user=superuser, review=s2_review)
    contests = {c["year"]: c for c in data["contests"]}
    assert set(contests) == {2022, 2023}
    rounds = {r["name"]: r["entries"] for r in contests[2023]["rounds"]}
    assert rounds["Vòng chung khảo cấp tỉnh"] == 7671
    assert rounds["Vòng Trung ương"] == 66
    prizes = {p["name"]: p["count"] for p in contests[2022]["prizes"]}
    assert prizes == {"Giải A": 1, "Giải Khuyến khích": 1}


def test_a_finalised_review_does_not_move_when_a_later_report_is_approved(sources, superuser, unit):
    from thidua.reporting import services as reporting_services

    review = services.review_create(
        user=superuser,
        kind="preliminary",
        title="Five years",
        start_year=2020,
        end_year=2024,
        unit=unit("H-HG-CA"),
        area=unit("H-HG"),
        forms=__import__("thidua.reporting.models", fromlist=["x"]).ReportForm.objects.filter(
            code="hg-antq-annual"
        ),
        document=__import__("thidua.reviews.demo", fromlist=["x"])._programme_09(),
    )
    review = services.review_finalise(user=superuser, review=review, expected_version=1)
    frozen = review.snapshot
    waiting = Submission.objects.filter(
        period=Period.objects.get(form__code="hg-antq-annual", year=2024),
        status=Submission.Status.SUBMITTED,
        is_current=True,
    ).first()
    reporting_services.submission_approve(user=superuser, submission=waiting)
    live = assemble(user=superuser, review=review)
    assert live["indicators"] != frozen["indicators"]
    review.refresh_from_db()
    assert review.snapshot == frozen
    from thidua.reviews.selectors import review_data

    assert review_data(user=superuser, review=review) == frozen


def test_a_finalised_review_is_locked_and_a_correction_is_a_new_edition(s4_review, superuser):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_finalise(user=superuser, review=s4_review, expected_version=None)
    with pytest.raises(ValidationError):
        services.review_update(
            user=superuser, review=s4_review, expected_version=None, title="Changed"
        )
    new = services.review_revise(
        user=superuser, review=s4_review, expected_version=s4_review.version
    )
    s4_review.refresh_from_db()
    assert (new.number, new.status, new.previous_id) == (2, Review.Status.DRAFT, s4_review.pk)
    assert s4_review.status == Review.Status.FINALISED and not s4_review.is_current
    assert s4_review.snapshot
    assert set(new.decisions.all()) == set(s4_review.decisions.all())


def test_a_review_needs_a_subject_and_an_ordered_span(sources, superuser, unit):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_create(
            user=superuser,
            kind="final",
            title="x",
            start_year=2020,
            end_year=2023,
            unit=unit("P42"),
        )
    with pytest.raises(ValidationError):
        services.review_create(
            user=superuser,
            kind="final",
            title="x",
            start_year=2023,
            end_year=2020,
            unit=unit("P42"),
            plan=Plan.objects.first(),
        )


def test_the_demo_loader_is_idempotent(s4_review, s2_review):
    from thidua.reviews import demo

    demo.load()
    demo.load()
    assert Review.objects.count() == 2
