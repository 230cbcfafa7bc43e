from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import Notification
from thidua.reporting import services
from thidua.reporting.models import Submission, SynthesisValue
from thidua.reporting.permissions import rules
from thidua.reporting.synthesis import synthesis_check

GOOD = {
    ("antq-movement-models", ""): 12,
    ("antq-mass-mobilisation-models", ""): 4,
    ("antq-self-management-groups", ""): 30,
    ("antq-self-management-members", ""): 160,
    ("antq-training-classes", ""): 9,
    ("antq-training-participants", ""): 300,
}


def _total(period, unit, code):
    row = SynthesisValue.objects.filter(
        period=period, unit=unit, indicator__code=code, key=""
    ).first()
    return row.total if row else Decimal(0)


def test_a_commune_reports_and_the_province_approves_and_the_synthesis_moves(
    s4_2024, unit, user_named
):
    lungcu, hg = unit("H-HG-D-DV-01"), unit("H-HG")
    before = _total(s4_2024, hg, "antq-movement-models")
    sub = services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=lungcu,
        values=GOOD,
        submit=True,
    )
    assert sub.status == "submitted"
    assert _total(s4_2024, hg, "antq-movement-models") == before
    services.submission_approve(user=user_named("hg.police"), submission=sub)
    assert _total(s4_2024, hg, "antq-movement-models") == before + 12
    assert _total(s4_2024, unit("H-HG-D-DV"), "antq-movement-models") >= 12
    assert synthesis_check() == []


def test_members_fewer_than_groups_are_refused_and_nothing_is_saved(s4_2024, unit, user_named):
    bad = {**GOOD, ("antq-self-management-members", ""): 10}
    with pytest.raises(ValidationError) as exc:
        services.submission_save(
            user=user_named("hg.lungcu"),
            form=s4_2024.form,
            period=s4_2024,
            unit=unit("H-HG-D-DV-01"),
            values=bad,
        )
    assert "tổ tự quản" in str(exc.value)
    assert not Submission.objects.filter(period=s4_2024, unit=unit("H-HG-D-DV-01")).exists()


def test_a_figure_outside_the_expected_range_is_flagged_not_refused(s4_2024, unit, user_named):
    sub = services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=unit("H-HG-D-DV-01"),
        values={**GOOD, ("antq-movement-models", ""): 500},
        submit=True,
    )
    assert [o["indicator"] for o in sub.outliers] == ["antq-movement-models"]


def test_a_unit_cannot_approve_its_own_report_nor_can_a_sibling(s4_2024, unit, user_named):
    sub = services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=unit("H-HG-D-DV-01"),
        values=GOOD,
        submit=True,
    )
    lungcu = user_named("hg.lungcu")
    from thidua.accounts.models import RoleAssignment
    from thidua.accounts.scope import forget_cached_roles

    RoleAssignment.objects.create(user=lungcu, unit=unit("H-HG-D-DV-01"), role="approver")
    forget_cached_roles(lungcu)
    with pytest.raises(PermissionDenied):
        services.submission_approve(user=lungcu, submission=sub)
    with pytest.raises(PermissionDenied):
        services.submission_approve(user=user_named("ht.bcd35"), submission=sub)
    with pytest.raises(PermissionDenied):
        services.submission_save(
            user=user_named("hg.lungcu"),
            form=s4_2024.form,
            period=s4_2024,
            unit=unit("H-HG-D-DV-02"),
            values=GOOD,
        )


def test_an_approved_report_is_locked_and_a_correction_keeps_the_old_version(
    s4_2023, unit, user_named
):
    hg = unit("H-HG")
    sub = Submission.objects.get(period=s4_2023, unit=unit("H-HG-D-DV-01"), is_current=True)
    old_value = sub.values.get(indicator__code="antq-movement-models", key="").number
    with pytest.raises(ValidationError, match="approved and locked"):
        services.submission_save(
            user=user_named("hg.lungcu"),
            form=sub.form,
            period=s4_2023,
            unit=sub.unit,
            values=GOOD,
            submission=sub,
            expected_version=sub.version,
        )
    with pytest.raises(services.SubmissionExists):  # not a second report either
        services.submission_save(
            user=user_named("hg.lungcu"), form=sub.form, period=s4_2023, unit=sub.unit, values=GOOD
        )
    new = services.submission_correct(user=user_named("hg.lungcu"), submission=sub)
    assert _total(s4_2023, hg, "antq-movement-models") == 857  # the old one still counts
    new = services.submission_save(
        user=user_named("hg.lungcu"),
        form=sub.form,
        period=s4_2023,
        unit=sub.unit,
        values={**GOOD, ("antq-movement-models", ""): old_value + 5},
        submit=True,
        submission=new,
        expected_version=new.version,
    )
    assert new.number == 2
    services.submission_approve(user=user_named("hg.chair"), submission=new)
    sub.refresh_from_db()
    assert sub.status == "superseded" and not sub.is_current
    assert _total(s4_2023, hg, "antq-movement-models") == 862
    assert synthesis_check() == []


def test_returning_an_approved_report_takes_it_out_of_the_synthesis(s4_2023, unit, user_named):
    sub = Submission.objects.get(period=s4_2023, unit=unit("H-HG-D-DV-01"), is_current=True)
    v = sub.values.get(indicator__code="antq-movement-models", key="").number
    with pytest.raises(ValidationError):
        services.submission_return(user=user_named("hg.police"), submission=sub, reason=" ")
    services.submission_return(user=user_named("hg.police"), submission=sub, reason="Sai số liệu")
    assert _total(s4_2023, unit("H-HG"), "antq-movement-models") == 857 - v
    assert synthesis_check() == []


def test_a_receiving_ministry_approves_a_province_report_but_not_its_own(s5_form, unit, user_named):
    period = s5_form.periods.get(year=2026)
    pending = Submission.objects.filter(period=period, status="submitted")
    province = pending.filter(unit__code__startswith="P").first()
    bca_movement = user_named("bca.movement")
    assert rules.may("supervise", bca_movement, s5_form, unit=province.unit)
    assert not rules.may("supervise", bca_movement, s5_form, unit=unit("BCA"))
    assert rules.may("supervise", user_named("hdtdkt.secretary"), s5_form, unit=unit("BCA"))
    services.submission_approve(user=bca_movement, submission=province)


def test_urging_notifies_the_missing_units_reporters_once_a_day(s4_2024, unit, user_named):
    lungcu = unit("H-HG-D-DV-01")
    police = user_named("hg.police")
    sent = services.submissions_urge(user=police, form=s4_2024.form, period=s4_2024, units=[lungcu])
    again = services.submissions_urge(
        user=police, form=s4_2024.form, period=s4_2024, units=[lungcu]
    )
    assert (sent.created, again.created) == (1, 0)
    assert sent.units == [lungcu] and sent.without_officers == []
    assert Notification.objects.filter(user=user_named("hg.lungcu"), kind="report").count() == 1
    with pytest.raises(PermissionDenied):
        services.submissions_urge(
            user=user_named("hg.dongvan"),
            form=s4_2024.form,
            period=s4_2024,
            units=[unit("H-HG-D-MV-01")],
        )


def test_completeness_counts_expected_submitted_on_time_late_and_missing(s4_2024, unit, user_named):
    from thidua.reporting.selectors import completeness

    c = completeness(user=user_named("hg.police"), period=s4_2024, root=unit("H-HG"))
    assert c.expected == 44
    assert c.submitted + c.missing == 44
    assert c.on_time + c.late == c.submitted
    assert unit("H-HG-D-DV-01") in c.missing_units
