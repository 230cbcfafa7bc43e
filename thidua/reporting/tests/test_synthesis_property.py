"""Incremental synthesis equals a full recompute under any order of approvals, returns
and corrections (hypothesis picks the order)."""

from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.reporting import services
from thidua.reporting.models import Indicator, Submission
from thidua.reporting.synthesis import synthesis_check

COMMUNES = ["H-HG-D-DV-01", "H-HG-D-DV-02", "H-HG-D-MV-01", "H-HG-D-TP-03"]

step = st.tuples(
    st.sampled_from(["approve", "return", "correct", "return_pending"]),
    st.sampled_from(COMMUNES),
    st.integers(min_value=0, max_value=40),
)


def _values(n: int) -> dict[tuple[str, str], int]:
    return {
        ("antq-movement-models", ""): n,
        ("antq-mass-mobilisation-models", ""): n % 7,
        ("antq-self-management-groups", ""): n,
        ("antq-self-management-members", ""): n * 3,
        ("antq-training-classes", ""): n % 5,
        ("antq-training-participants", ""): n * 2 + 5,
    }


RETURNABLE = {("return", "approved"), ("return_pending", "submitted")}


class Rollback(Exception):
    pass


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_incremental_synthesis_equals_recompute_in_any_order(steps, s4_2024, unit, user_named):
    reporter = user_named("admin")
    approver = user_named("hg.police")
    # min/max aggregation too, whose retraction needs the subtree recompute.
    Indicator.objects.filter(code="antq-mass-mobilisation-models").update(aggregation="max")
    Indicator.objects.filter(code="antq-training-classes").update(aggregation="min")
    try:
        with transaction.atomic():
            for action, code, n in steps:
                u = unit(code)
                cur = Submission.objects.filter(period=s4_2024, unit=u, is_current=True).first()
                values = _values(n)
                if action == "approve":
                    if cur is None or cur.status in {"draft", "returned"}:
                        cur = services.submission_save(
                            user=reporter,
                            form=s4_2024.form,
                            period=s4_2024,
                            unit=u,
                            values=values,
                            submit=True,
                            submission=cur,  # a refill of the report it read, if any
                        )
                    if cur.status == "submitted":
                        services.submission_approve(user=approver, submission=cur)
                elif cur is not None and (action, cur.status) in RETURNABLE:
                    services.submission_return(user=approver, submission=cur, reason="check")
                elif action == "correct" and cur is not None and cur.status == "approved":
                    new = services.submission_correct(user=reporter, submission=cur)
                    services.submission_save(
                        user=reporter,
                        form=s4_2024.form,
                        period=s4_2024,
                        unit=u,
                        values=values,
                        submit=True,
                        submission=new,
                    )
                    new.refresh_from_db()
                    services.submission_approve(user=approver, submission=new)
            assert synthesis_check() == []
            raise Rollback
    except Rollback:
        pass


def test_the_check_reports_and_repairs_a_tampered_cell(s4_2023, unit):
    from thidua.reporting.models import SynthesisValue

    row = SynthesisValue.objects.filter(period=s4_2023, unit=unit("H-HG"), key="").first()
    row.total += Decimal(1)
    row.save()
    diffs = synthesis_check()
    assert len(diffs) == 1 and diffs[0].cell[2] == unit("H-HG").pk
    synthesis_check(repair=True)
    assert synthesis_check() == []


def test_a_bulk_load_merges_into_the_synthesis_already_there(s4_form, unit, user_named):
    """``apply_many`` (bulk loads) adds to rows that one-by-one approvals created."""
    from thidua.reporting.models import SynthesisValue

    admin, approver = user_named("admin"), user_named("hg.police")
    Indicator.objects.filter(code="antq-training-classes").update(aggregation="max")
    period = services.period_open(user=admin, form=s4_form, year=2018)
    first = services.submission_save(
        user=admin,
        form=s4_form,
        period=period,
        unit=unit(COMMUNES[0]),
        values=_values(30),
        submit=True,
    )
    services.submission_approve(user=approver, submission=first)
    rows = [
        services.HistoricRow(unit(COMMUNES[1]), _values(10)),
        services.HistoricRow(unit(COMMUNES[2]), _values(12)),
        services.HistoricRow(unit(COMMUNES[3]), _values(40), status="submitted"),
    ]
    services.submissions_bulk_load(user=admin, period=period, rows=rows)

    def figure(code: str, attr: str = "total") -> Decimal:
        row = SynthesisValue.objects.get(
            period=period, unit=unit("H-HG"), indicator__code=code, key=""
        )
        return getattr(row, attr)

    assert figure("antq-movement-models") == 30 + 10 + 12  # the submitted one is not counted
    assert figure("antq-movement-models", "count") == 3
    assert figure("antq-training-classes", "max") == 2  # max(30 % 5, 10 % 5, 12 % 5)
    assert synthesis_check() == []


def test_the_check_names_every_kind_of_difference_and_repairs_them(s4_2023, unit):
    from thidua.reporting.models import SynthesisValue

    cells = SynthesisValue.objects.filter(period=s4_2023, key="")
    province = cells.filter(unit=unit("H-HG")).order_by("indicator_id")
    wrong_count, wrong_min, missing = province[0], province[1], province[2]
    SynthesisValue.objects.filter(pk=wrong_count.pk).update(count=wrong_count.count + 1)
    SynthesisValue.objects.filter(pk=wrong_min.pk).update(min=wrong_min.min - 1)
    SynthesisValue.objects.filter(pk=missing.pk).delete()
    # A unit with no approved report for the period, given figures it should not have.
    quiet = unit("H-HG-CA")
    assert not cells.filter(unit=quiet).exists()
    SynthesisValue.objects.create(
        form=s4_2023.form, period=s4_2023, unit=quiet, indicator=missing.indicator, total=5, count=1
    )
    found = {(d.cell[2], d.cell[3]): d for d in synthesis_check()}
    hg = unit("H-HG").pk
    assert set(found) == {
        (hg, wrong_count.indicator_id),
        (hg, wrong_min.indicator_id),
        (hg, missing.indicator_id),
        (quiet.pk, missing.indicator_id),
    }
    assert found[(hg, wrong_count.indicator_id)].stored[1] == wrong_count.count + 1
    assert found[(hg, wrong_count.indicator_id)].expected[1] == wrong_count.count
    assert found[(hg, wrong_min.indicator_id)].expected[2] == wrong_min.min
    assert found[(hg, missing.indicator_id)].stored is None
    assert found[(hg, missing.indicator_id)].expected[0] == missing.total
    assert found[(quiet.pk, missing.indicator_id)].expected is None
    synthesis_check(repair=True)
    assert synthesis_check() == []
    assert SynthesisValue.objects.get(pk=wrong_count.pk).count == wrong_count.count
