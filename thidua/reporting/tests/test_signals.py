"""The synthesis tells other apps which cells moved, inside the changing transaction."""

from __future__ import annotations

import pytest

from thidua.orgunits.models import OrgUnit
from thidua.reporting import services
from thidua.reporting.models import FormItem, Submission
from thidua.reporting.signals import synthesis_changed


@pytest.fixture
def received():
    changes = []

    def receiver(sender, change, **kw):
        changes.append(change)

    synthesis_changed.connect(receiver, dispatch_uid="test-received")
    yield changes
    synthesis_changed.disconnect(dispatch_uid="test-received")


def _submitted(period, unit_code, user):
    unit = OrgUnit.objects.get(code=unit_code)
    items = FormItem.objects.filter(section__form=period.form).select_related("indicator")
    values = {(it.indicator.code, ""): 1 for it in items if it.indicator.value_type != "text"}
    return services.submission_save(
        user=user, form=period.form, period=period, unit=unit, values=values, submit=True
    )


def test_an_approval_and_a_return_name_the_unit_its_ancestors_and_the_indicators(
    s4_2024, user_named, received
):
    sub = _submitted(s4_2024, "H-HG-D-DV-01", user_named("hg.lungcu"))
    assert received == []  # submitting moves no approved figure
    services.submission_approve(user=user_named("hg.police"), submission=sub)
    (change,) = received
    unit = OrgUnit.objects.get(code="H-HG-D-DV-01")
    chain = {unit.pk, *OrgUnit.objects.ancestors_of(unit).values_list("pk", flat=True)}
    assert change.period_id == s4_2024.pk and change.form_id == s4_2024.form_id
    assert change.unit_ids == chain
    assert change.indicator_ids == set(sub.values.values_list("indicator_id", flat=True))
    services.submission_return(
        user=user_named("hg.police"), submission=Submission.objects.get(pk=sub.pk), reason="sai"
    )
    assert len(received) == 2 and received[1].unit_ids == chain


def test_a_failing_receiver_rolls_the_approval_back(s4_2024, user_named):
    sub = _submitted(s4_2024, "H-HG-D-DV-01", user_named("hg.lungcu"))

    def broken(sender, change, **kw):
        raise RuntimeError("follower failed")

    synthesis_changed.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            services.submission_approve(user=user_named("hg.police"), submission=sub)
    finally:
        synthesis_changed.disconnect(dispatch_uid="test-broken")
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED
