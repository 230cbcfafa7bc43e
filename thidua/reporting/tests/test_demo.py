from decimal import Decimal

from thidua.reporting import demo
from thidua.reporting.models import Submission, SynthesisValue
from thidua.reporting.synthesis import synthesis_check


def test_the_2023_synthesis_of_ha_giang_equals_the_seed_totals(s4_2023, unit):
    hg = unit("H-HG")
    rows = SynthesisValue.objects.filter(period=s4_2023, unit=hg, key="").select_related(
        "indicator"
    )
    got = {r.indicator.code: r.total for r in rows}
    assert got == {k: Decimal(v) for k, v in demo.S4_TOTALS_2023.items()}


def test_loading_the_demo_twice_changes_nothing(reporting_demo):
    before = Submission.objects.count()
    demo.load()
    assert Submission.objects.count() == before


def test_the_demo_synthesis_equals_a_full_recompute(reporting_demo):
    assert synthesis_check() == []


def test_s5_has_approved_late_and_missing_reports(s5_form, user_named):
    from thidua.reporting.selectors import completeness

    period = s5_form.periods.get(year=2025)
    c = completeness(
        user=user_named("vn.approver"), period=period, root=period.form.owner.parent.parent
    )
    assert c.approved > 0 and c.late > 0 and c.missing > 0
    assert c.expected == 42
