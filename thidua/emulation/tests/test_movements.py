"""S5's movement: contents, criteria, the evaluation workflow, rankings; S2's contest counts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import ChangeRecord
from thidua.emulation import selectors, services
from thidua.emulation.models import Contest, Evaluation, Movement, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement(s_demo):
    return Movement.objects.get(code="toan-dan-bao-ve-antq")


def test_s5_has_six_contents_and_five_groups_with_4_4_4_2_2_criteria(movement):
    assert movement.contents.count() == 6
    assert [g.criteria.count() for g in movement.groups.order_by("number")] == [4, 4, 4, 2, 2]
    assert movement.groups.get(number=5).recipient_kind == "individual"
    assert movement.launch_document is not None and "44-KL/TW" in movement.launch_document.title


def test_ranking_within_each_group_orders_final_scores(movement, superuser):
    groups = {
        g.group.number: g for g in selectors.ranking(user=superuser, movement=movement, year=2025)
    }
    provinces = [(e.unit.code, e.rank) for e in groups[2].rows]
    assert provinces[:3] == [("P42", 1), ("P24", 2), ("P08", 3)]
    assert provinces[3] == ("P01", None)  # still waiting for review
    assert Evaluation.objects.get(unit__code="P42", year=2025).band.name == "Xuất sắc"


def test_ties_share_a_rank(movement, superuser):
    bqp = Evaluation.objects.get(unit__code="BQP", year=2025)
    Evaluation.objects.filter(unit__code="BYT", year=2025).update(final_total=bqp.final_total)
    services.ranking_recompute(movement=movement, group=bqp.group, year=2025)
    ranks = dict(
        Evaluation.objects.filter(group=bqp.group, status="final").values_list("unit__code", "rank")
    )
    assert ranks == {"BQP": 1, "BYT": 1, "BTC": 3}


def test_self_assessment_review_and_final_with_every_score_in_the_change_log(movement, user_named):
    moet = user_named("moet.reporter")
    e = Evaluation.objects.get(unit__code="BGDDT", year=2025)
    crit = list(e.group.criteria.order_by("number"))
    e = services.evaluation_self_assess(
        user=moet,
        evaluation=e,
        expected_version=e.version,
        submit=True,
        scores={c.pk: (Decimal("20"), "Kế hoạch số ...") for c in crit},
    )
    assert e.status == Evaluation.Status.SELF_ASSESSED and e.self_total == Decimal("80.00")
    with pytest.raises(PermissionDenied):  # a reporter does not review
        services.evaluation_review(user=moet, evaluation=e, expected_version=e.version, scores={})
    bca = user_named("bca.movement")
    e = services.evaluation_review(
        user=bca,
        evaluation=e,
        expected_version=e.version,
        scores={crit[0].pk: (Decimal("15"), "Thiếu minh chứng")},
    )
    e = services.evaluation_finalise(user=bca, evaluation=e, expected_version=e.version)
    assert e.final_total == Decimal("75.00") and e.rank == 3 and e.band.name == "Tốt"
    score = Score.objects.get(evaluation=e, criterion=crit[0])
    changes = ChangeRecord.objects.filter(object_id=str(score.pk), content_type__model="score")
    reviewed = {Decimal(v) for r in changes if (v := (r.after or {}).get("reviewed_score"))}
    assessed = {Decimal(v) for r in changes if (v := (r.after or {}).get("self_score"))}
    assert reviewed == {Decimal("15")} and assessed == {Decimal("20")}


def test_a_score_above_the_maximum_is_refused_and_a_stale_version_is_a_conflict(
    movement, user_named
):
    from thidua.core.services import ConflictError

    moet = user_named("moet.reporter")
    e = Evaluation.objects.get(unit__code="BGDDT", year=2025)
    c = e.group.criteria.first()
    with pytest.raises(ValidationError):
        services.evaluation_self_assess(
            user=moet, evaluation=e, expected_version=e.version, scores={c.pk: (Decimal("26"), "")}
        )
    with pytest.raises(ConflictError):
        services.evaluation_self_assess(
            user=moet, evaluation=e, expected_version=e.version + 5, scores={}
        )


def test_a_sibling_unit_cannot_self_assess_another_units_evaluation(movement, user_named):
    e = Evaluation.objects.get(unit__code="BGDDT", year=2025)
    with pytest.raises(PermissionDenied):
        services.evaluation_self_assess(
            user=user_named("hanoi.reporter"), evaluation=e, expected_version=e.version, scores={}
        )
    assert (
        not selectors.evaluation_list(user=user_named("hanoi.reporter"))
        .filter(unit__code="BGDDT")
        .exists()
    )


def test_a_unit_pledges_only_for_itself(movement, user_named, unit):
    group = movement.groups.get(number=2)
    p = services.pledge_register(
        user=user_named("hanoi.reporter"),
        movement=movement,
        group=group,
        unit=unit("P01"),
        year=2026,
        targets="Mục tiêu",
    )
    assert p.unit.code == "P01"
    with pytest.raises(PermissionDenied):
        services.pledge_register(
            user=user_named("hanoi.reporter"),
            movement=movement,
            group=group,
            unit=unit("P42"),
            year=2026,
            targets="Mục tiêu",
        )


def test_a_movement_can_be_integrated_with_another(movement, user_named, unit):
    bca = user_named("bca.movement")
    import datetime as dt

    other = services.movement_create(
        user=bca,
        code="vi-an-ninh-to-quoc",
        name="Vì an ninh Tổ quốc",
        kind="thematic",
        owner_unit=unit("BCA"),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
    )
    services.movement_integrate(user=bca, movement=other, other=movement)
    assert movement in other.integrated_with.all()
    with pytest.raises(ValidationError):
        services.movement_create(
            user=bca,
            code="x",
            name="x",
            kind="thematic",
            owner_unit=unit("BCA"),
            starts_on=dt.date(2025, 1, 1),
        )


def test_s2_contest_counts_per_round_and_unit(s_demo, user_named):
    contest = Contest.objects.get(year=2023)
    counts = {
        rc.round.level: rc
        for rc in selectors.contest_counts(user=user_named("ht.bcd35"), contest=contest)
    }
    assert counts["province"].total == 7671
    assert counts["central"].total == 66
    assert counts["district"].registered == 3
    # Hương Sơn sees its own entry, not the province's figures.
    own = {
        rc.round.level: rc
        for rc in selectors.contest_counts(user=user_named("ht.huongson"), contest=contest)
    }
    assert own["central"].total == 1
    winners = selectors.prize_winners(
        user=user_named("ht.bcd35"), contest=Contest.objects.get(year=2022)
    )
    assert set(winners) == {"Giải A", "Giải Khuyến khích"}
