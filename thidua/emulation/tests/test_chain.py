"""The emulation chain, end to end: a commune's approved report → its movement score and
rank → a collective's eligibility for an award; then a correction after finalisation marks
the final result, and a returned report moves the score back.

Real objects only: S4's 2024 report form for Hà Giang's communes (where Lũng Cú's report
is still missing), a movement of the province's police for the communes of Đồng Văn built
through the services, with one criterion scored by hand and one computed from S4's
"movement models" indicator, and the award catalogue's provincial emulation flag
("co-tinh": the leader of its group, in an outstanding band, that exceeded its targets).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from thidua.awards import services as award_services
from thidua.awards.catalogue import ensure_catalogue
from thidua.awards.eligibility import eligibility_report
from thidua.core.models import ChangeRecord, Notification
from thidua.emulation import selectors, services
from thidua.emulation.models import Criterion, Evaluation, Movement
from thidua.orgunits.models import OrgUnit
from thidua.reporting import services as reporting
from thidua.reporting.models import FormItem, Period, Submission

pytestmark = pytest.mark.django_db

YEAR = 2024
LUNG_CU, SUNG_LA, PHO_BANG, LUNG_TAO = (f"H-HG-D-DV-0{i}" for i in range(1, 5))


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


@pytest.fixture
def period(db) -> Period:
    call_command("load_demo", only=["reporting"], verbosity=0)
    ensure_catalogue()
    return Period.objects.get(form__code="hg-antq-annual", year=YEAR)


@pytest.fixture
def people(user_named):
    return {name: user_named(name) for name in ("hg.police", "hg.dongvan", "hg.lungcu")}


@pytest.fixture
def movement(period, people) -> Movement:
    """The police's movement for Đồng Văn's communes: criterion 1.1 by hand (50 points),
    1.2 computed from the movement models reported (50 points at 20 models)."""
    police = people["hg.police"]
    m = services.movement_create(
        user=police,
        code="antq-xa-dong-van",
        name="Phong trào toàn dân bảo vệ ANTQ ở các xã huyện Đồng Văn (thử)",
        kind=Movement.Kind.REGULAR,
        owner_unit=_unit("H-HG-CA"),
        starts_on=dt.date(2024, 1, 1),
        participant_units=[_unit(c) for c in (LUNG_CU, SUNG_LA, PHO_BANG, LUNG_TAO)],
    )
    group = services.group_set(user=police, movement=m, number=1, name="Các xã")
    services.criterion_set(
        user=police, group=group, number=1, text="Tổ chức phong trào", max_score=Decimal(50)
    )
    services.criterion_set(
        user=police,
        group=group,
        number=2,
        text="Mô hình phong trào toàn dân bảo vệ ANTQ",
        max_score=Decimal(50),
        method=Criterion.Method.INDICATOR,
        indicator_code="antq-movement-models",
        indicator_target=Decimal(20),
    )
    for name, percent, outstanding in (
        ("Xuất sắc", 90, True),
        ("Tốt", 70, False),
        ("Hoàn thành", 0, False),
    ):
        services.band_set(
            user=police,
            movement=m,
            name=name,
            min_percent=Decimal(percent),
            is_outstanding=outstanding,
        )
    for code in (LUNG_CU, LUNG_TAO):  # both exceeded their targets in 2024
        award_services.unit_year_set(
            user=police, unit=_unit(code), year=YEAR, rating="excellent", exceeded_targets=True
        )
    return m


def _open(movement: Movement, code: str, user) -> Evaluation:
    return services.evaluation_open(
        user=user, movement=movement, group=movement.groups.get(), unit=_unit(code), year=YEAR
    )


def _by_hand(evaluation: Evaluation) -> int:
    return evaluation.group.criteria.get(number=1).pk


def _assess(evaluation: Evaluation, user, score: int, *, submit: bool) -> Evaluation:
    return services.evaluation_self_assess(
        user=user,
        evaluation=evaluation,
        expected_version=evaluation.version,
        scores={_by_hand(evaluation): (Decimal(score), "Kế hoạch, biên bản họp dân")},
        submit=submit,
    )


def _review_and_finalise(evaluation: Evaluation, police) -> Evaluation:
    e = services.evaluation_review(
        user=police, evaluation=evaluation, expected_version=evaluation.version, scores={}
    )
    return services.evaluation_finalise(user=police, evaluation=e, expected_version=e.version)


def _report(period: Period, user, models: int, draft: Submission | None = None) -> Submission:
    """Lũng Cú's report: every figure 1, ``models`` movement models; submitted. ``draft``:
    refill that draft (a correction) at the version it was loaded with."""
    items = FormItem.objects.filter(section__form=period.form).select_related("indicator")
    values = {(it.indicator.code, ""): 1 for it in items if it.indicator.value_type != "text"}
    values[("antq-movement-models", "")] = models
    return reporting.submission_save(
        user=user,
        form=period.form,
        period=period,
        unit=_unit(LUNG_CU),
        values=values,
        submit=True,
        submission=draft,
        expected_version=draft.version if draft is not None else None,
    )


def _order(movement: Movement, user) -> list[str]:
    """The group's ranking as the selector orders it: unit codes."""
    (group,) = selectors.ranking(user=user, movement=movement, year=YEAR)
    return [e.unit.code for e in group.rows]


def _page_order(client, movement: Movement) -> list[str]:
    """The ranking as the movement's page shows it: commune names in the ranking table."""
    body = client.get(f"/emulation/movements/{movement.pk}/?year={YEAR}").content.decode()
    table = body.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"(Xã [^<]+)</a>", table)


def _flag(unit_code: str):
    (verdict,) = [
        v for v in eligibility_report(_unit(unit_code), YEAR) if v.award_type.code == "co-tinh"
    ]
    return verdict


def test_an_approved_report_moves_the_score_the_rank_and_the_eligibility_that_read_it(
    period, movement, people, client_for, django_capture_on_commit_callbacks
):
    police, dongvan, lungcu = people["hg.police"], people["hg.dongvan"], people["hg.lungcu"]
    # Lũng Táo (23 models) and Phố Bảng (13) reported 2024 already: their results are fixed.
    for code, score in ((LUNG_TAO, 40), (PHO_BANG, 45)):
        _review_and_finalise(
            _assess(_open(movement, code, dongvan), dongvan, score, submit=True), police
        )
    sung_la = _assess(_open(movement, SUNG_LA, dongvan), dongvan, 50, submit=False)
    # Lũng Cú has no approved report yet: its computed criterion has no score.
    lung_cu = _assess(_open(movement, LUNG_CU, lungcu), lungcu, 48, submit=False)
    computed = lung_cu.scores.get(criterion__number=2)
    assert computed.computed_score is None and lung_cu.self_total == Decimal("48.00")
    assert sung_la.self_total == Decimal("50.00")
    assert _order(movement, police) == [LUNG_TAO, PHO_BANG, SUNG_LA, LUNG_CU]
    page = client_for(police)
    assert _page_order(page, movement) == ["Xã Lũng Táo", "Xã Phố Bảng", "Xã Sủng Là", "Xã Lũng Cú"]
    before = _flag(LUNG_CU), _flag(LUNG_TAO)
    assert not before[0].eligible and "no final ranking recorded" in before[0].summary
    assert before[1].eligible and "ranked 1 of 2" in before[1].summary

    # The commune reports 30 models and the province approves: the score follows, in the
    # approving transaction.
    sub = _report(period, lungcu, models=30)
    reporting.submission_approve(user=police, submission=sub)
    lung_cu.refresh_from_db()
    assert lung_cu.scores.get(criterion__number=2).computed_score == Decimal("50.00")
    assert lung_cu.self_total == Decimal("98.00")
    event = ChangeRecord.objects.filter(
        content_type__model="evaluation", object_id=str(lung_cu.pk), event="figures changed"
    ).get()
    assert event.after == {"1.2": [None, "50.00"]} and event.message == "1.2: — → 50.00"
    assert _order(movement, police) == [LUNG_TAO, PHO_BANG, LUNG_CU, SUNG_LA]
    assert _page_order(page, movement) == ["Xã Lũng Táo", "Xã Phố Bảng", "Xã Lũng Cú", "Xã Sủng Là"]
    evaluation_page = page.get(f"/emulation/evaluations/{lung_cu.pk}/").content.decode()
    assert "50.00" in evaluation_page and "figures changed" in evaluation_page

    # Sent for review, reviewed and finalised: Lũng Cú leads the group, Lũng Táo is second.
    lung_cu = _assess(lung_cu, lungcu, 48, submit=True)
    lung_cu = _review_and_finalise(lung_cu, police)
    assert (lung_cu.final_total, lung_cu.rank, lung_cu.band.name) == (
        Decimal("98.00"),
        1,
        "Xuất sắc",
    )
    assert _order(movement, police) == [LUNG_CU, LUNG_TAO, PHO_BANG, SUNG_LA]
    assert _page_order(page, movement)[:2] == ["Xã Lũng Cú", "Xã Lũng Táo"]
    after = _flag(LUNG_CU), _flag(LUNG_TAO)
    assert after[0].eligible and not after[0].needs_judgement
    assert "ranked 1 of 3" in after[0].summary
    assert not after[1].eligible and "ranked 2 of 3" in after[1].summary
    unit_page = page.get(f"/awards/units/{_unit(LUNG_CU).pk}/?year={YEAR}").content.decode()
    assert "ranked 1 of 3" in unit_page

    # A correction approved after finalisation: 10 models. The final result is the
    # owner's: it stays, marked, and the owner's officers are told once it is committed.
    correction = reporting.submission_correct(
        user=lungcu, submission=Submission.objects.get(pk=sub.pk)
    )
    assert correction.status == Submission.Status.DRAFT
    correction = _report(period, lungcu, models=10, draft=correction)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.submission_approve(user=police, submission=correction)
    lung_cu.refresh_from_db()
    today = timezone.localdate()
    assert (lung_cu.status, lung_cu.final_total, lung_cu.rank) == ("final", Decimal("98.00"), 1)
    assert lung_cu.figures_changed_on == today
    assert lung_cu.scores.get(criterion__number=2).computed_score == Decimal("50.00")
    # The history: the old report left (no figure), then the correction came in (10 models).
    marked = ChangeRecord.objects.filter(
        object_id=str(lung_cu.pk), event="figures changed after finalisation"
    ).order_by("pk")
    assert [r.after for r in marked] == [{"1.2": ["50.00", None]}, {"1.2": ["50.00", "25.00"]}]
    key = f"emulation:figures-changed:{lung_cu.pk}:{today.isoformat()}"
    (notice,) = Notification.objects.filter(user=police, dedupe_key=key)
    assert notice.url == f"/emulation/evaluations/{lung_cu.pk}/" and notice.kind == "evaluation"
    day = today.strftime("%d/%m/%Y")
    evaluation_page = page.get(f"/emulation/evaluations/{lung_cu.pk}/").content.decode()
    assert f"The figures behind this result changed on {day}: reopen it to score again." in (
        evaluation_page
    )
    assert 'data-action="reopen"' in evaluation_page
    assert (
        f"figures changed on {day}"
        in page.get(f"/emulation/movements/{movement.pk}/").content.decode()
    )
    caveat = _flag(LUNG_CU)
    assert caveat.eligible and caveat.needs_judgement  # a yes only a person may confirm now
    assert f"changed on {day}, after it was finalised" in caveat.summary
    assert "ranked 1 of 3" in caveat.summary

    # The owner reopens it: scored again from today's figures (10 models → 25 points), the
    # mark goes, and the ranking of the finals closes up.
    lung_cu = services.evaluation_reopen(
        user=police, evaluation=lung_cu, expected_version=lung_cu.version, note="Số liệu đã sửa"
    )
    assert lung_cu.figures_changed_on is None and lung_cu.status == "draft"
    assert lung_cu.scores.get(criterion__number=2).computed_score == Decimal("25.00")
    assert lung_cu.self_total == Decimal("73.00")
    assert _order(movement, police)[:2] == [LUNG_TAO, PHO_BANG]
    assert "no final ranking recorded" in _flag(LUNG_CU).summary
    assert _flag(LUNG_TAO).eligible


def test_a_returned_report_moves_the_score_back(period, movement, people):
    police, lungcu = people["hg.police"], people["hg.lungcu"]
    lung_cu = _assess(_open(movement, LUNG_CU, lungcu), lungcu, 40, submit=False)
    sub = reporting.submission_approve(user=police, submission=_report(period, lungcu, models=15))
    lung_cu.refresh_from_db()
    assert lung_cu.scores.get(criterion__number=2).computed_score == Decimal("37.50")
    assert lung_cu.self_total == Decimal("77.50")
    reporting.submission_return(user=police, submission=sub, reason="Sai số mô hình")
    lung_cu.refresh_from_db()
    assert lung_cu.scores.get(criterion__number=2).computed_score is None
    assert lung_cu.self_total == Decimal("40.00")
    moves = ChangeRecord.objects.filter(
        object_id=str(lung_cu.pk), content_type__model="evaluation", event="figures changed"
    ).order_by("id")
    assert [m.after for m in moves] == [{"1.2": [None, "37.50"]}, {"1.2": ["37.50", None]}]


def test_a_correction_with_the_same_figures_leaves_a_final_result_unmarked(
    period, movement, people, django_capture_on_commit_callbacks
):
    police, lungcu = people["hg.police"], people["hg.lungcu"]
    sub = reporting.submission_approve(user=police, submission=_report(period, lungcu, models=30))
    lung_cu = _review_and_finalise(
        _assess(_open(movement, LUNG_CU, lungcu), lungcu, 48, submit=True), police
    )
    draft = reporting.submission_correct(user=lungcu, submission=Submission.objects.get(pk=sub.pk))
    with django_capture_on_commit_callbacks(execute=True):
        reporting.submission_approve(
            user=police, submission=_report(period, lungcu, models=30, draft=draft)
        )
    lung_cu.refresh_from_db()
    assert lung_cu.figures_changed_on is None
    assert not Notification.objects.filter(
        dedupe_key__startswith=f"emulation:figures-changed:{lung_cu.pk}:"
    ).exists()


def test_figures_nobody_reads_cost_one_query(period, movement, people, django_assert_num_queries):
    """Another commune's figures, another year, or a form nobody computes from: the
    follow-up is one indexed query and nothing else."""
    lung_tao = _unit(LUNG_TAO)
    ids = frozenset(
        {lung_tao.pk, *OrgUnit.objects.ancestors_of(lung_tao).values_list("pk", flat=True)}
    )
    indicators = frozenset(
        FormItem.objects.filter(section__form=period.form).values_list("indicator_id", flat=True)
    )
    _open(movement, LUNG_CU, people["hg.lungcu"])
    with django_assert_num_queries(1):
        done = services.evaluations_follow_figures(
            period_id=period.pk, unit_ids=ids, indicator_ids=indicators
        )
    assert done.rescored == [] and done.marked == []
    other_year = Period.objects.get(form=period.form, year=2023)
    lung_cu = frozenset({_unit(LUNG_CU).pk})
    with django_assert_num_queries(1):
        services.evaluations_follow_figures(
            period_id=other_year.pk, unit_ids=lung_cu, indicator_ids=indicators
        )


def test_a_failing_follow_up_rolls_the_approval_back(period, movement, people, monkeypatch):
    police, lungcu = people["hg.police"], people["hg.lungcu"]
    _open(movement, LUNG_CU, lungcu)
    sub = _report(period, lungcu, models=30)

    def broken(*args, **kwargs):
        raise RuntimeError("score store unavailable")

    monkeypatch.setattr(services, "criterion_compute", broken)
    with pytest.raises(RuntimeError):
        reporting.submission_approve(user=police, submission=sub)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED


def test_a_bulk_load_of_approved_reports_rescores_the_evaluations_it_reaches(
    period, movement, people
):
    police, lungcu = people["hg.police"], people["hg.lungcu"]
    lung_cu = _open(movement, LUNG_CU, lungcu)
    items = FormItem.objects.filter(section__form=period.form).select_related("indicator")
    values = {(it.indicator.code, ""): 1 for it in items if it.indicator.value_type != "text"}
    values[("antq-movement-models", "")] = 8
    reporting.submissions_bulk_load(
        user=police, period=period, rows=[reporting.HistoricRow(_unit(LUNG_CU), values)]
    )
    assert lung_cu.scores.get(criterion__number=2).computed_score == Decimal("20.00")


def test_in_the_s5_demo_hanoi_s_approved_report_moves_its_computed_criterion_and_total(
    db, user_named
):
    """The tour's chain: Hà Nội has self-assessed but not yet reported 2025; its models
    criterion (3 of the provinces' group, computed from "antq-models-built", target 100)
    has no computed score until vn.approver approves hanoi.reporter's report; then the
    approved figure is computed, and it is what the review counts."""
    call_command("load_demo", only=["reporting", "emulation"], verbosity=0)
    hanoi = _unit("P01")
    period = Period.objects.get(form__code="antq-movement-national", year=2025)
    evaluation = Evaluation.objects.get(
        movement__code="toan-dan-bao-ve-antq", unit=hanoi, year=2025, person__isnull=True
    )
    models_row = evaluation.scores.get(criterion__indicator_code="antq-models-built")
    assert models_row.criterion.group.number == 2 and models_row.criterion.number == 3
    assert models_row.computed_score is None
    assert models_row.effective == models_row.self_score == Decimal(22)

    items = FormItem.objects.filter(section__form=period.form).select_related("indicator")
    values = {
        (it.indicator.code, ""): ("có" if it.indicator.value_type == "yesno" else 1)
        for it in items
        if it.indicator.value_type != "text"
    }
    values[("antq-models-built", "")] = 60
    sub = reporting.submission_save(
        user=user_named("hanoi.reporter"),
        form=period.form,
        period=period,
        unit=hanoi,
        values=values,
        submit=True,
    )
    reporting.submission_approve(user=user_named("vn.approver"), submission=sub)

    evaluation.refresh_from_db()
    models_row.refresh_from_db()
    # 60 of 100 models: 60 % of the criterion's 25 points, which now counts instead of 22.
    assert models_row.computed_score == Decimal("15.00")
    assert models_row.effective == Decimal("15.00")
    assert ChangeRecord.objects.filter(
        object_id=str(evaluation.pk), event="figures changed"
    ).exists()
    reviewed = services.evaluation_review(
        user=user_named("bca.movement"),
        evaluation=evaluation,
        expected_version=evaluation.version,
        scores={},
    )
    assert reviewed.review_total == reviewed.self_total - Decimal(7)
