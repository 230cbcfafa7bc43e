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
                values = {
                    ("antq-movement-models", ""): n,
                    ("antq-mass-mobilisation-models", ""): n % 7,
                    ("antq-self-management-groups", ""): n,
                    ("antq-self-management-members", ""): n * 3,
                    ("antq-training-classes", ""): n % 5,
                    ("antq-training-participants", ""): n * 2 + 5,
                }
                if action == "approve":
                    if cur is None or cur.status in {"draft", "returned"}:
                        cur = services.submission_save(
                            user=reporter,
                            form=s4_2024.form,
                            period=s4_2024,
                            unit=u,
                            values=values,
                            submit=True,
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
