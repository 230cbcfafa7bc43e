"""Regression tests: a negative count is refused where it is typed, and can never be
subtracted from a synthesis (the probe saved -5 movement models and the province's
total fell by 5). Counts and amounts have a lowest value of 0 unless their indicator
says otherwise; an indicator may set a highest value too."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.reporting import services
from thidua.reporting.models import Indicator, Submission, SynthesisValue
from thidua.reporting.tests.test_workflow import GOOD


def _save(s4_2024, unit, user_named, values):
    return services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=unit("H-HG-D-DV-01"),
        values=values,
        submit=True,
    )


def test_a_negative_count_is_refused_naming_the_indicator_and_nothing_is_saved(
    s4_2024, unit, user_named
):
    before = list(SynthesisValue.objects.filter(period=s4_2024).values_list("total", flat=True))
    with pytest.raises(ValidationError) as exc:
        _save(s4_2024, unit, user_named, {**GOOD, ("antq-movement-models", ""): -5})
    errors = exc.value.message_dict
    name = Indicator.objects.get(code="antq-movement-models").name
    assert any("below the lowest value" in m and name in m for m in errors["antq-movement-models"])
    assert not Submission.objects.filter(period=s4_2024, unit=unit("H-HG-D-DV-01")).exists()
    after = list(SynthesisValue.objects.filter(period=s4_2024).values_list("total", flat=True))
    assert after == before


def test_an_indicator_without_a_lowest_value_takes_a_negative_figure(s4_2024, unit, user_named):
    Indicator.objects.filter(code="antq-movement-models").update(min_value=None)
    sub = _save(s4_2024, unit, user_named, {**GOOD, ("antq-movement-models", ""): -5})
    assert sub.status == "submitted"


def test_a_highest_value_is_refused_above_it(s4_2024, unit, user_named):
    Indicator.objects.filter(code="antq-training-classes").update(max_value=Decimal(5))
    with pytest.raises(ValidationError) as exc:
        _save(s4_2024, unit, user_named, GOOD)  # 9 classes
    assert "above the highest value" in str(exc.value)


def test_the_api_refuses_a_negative_count_in_its_error_shape_and_shows_the_bounds(
    s4_2024, unit, user_named
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user_named("hg.lungcu"))
    form = api.get(f"/api/reporting/forms/{s4_2024.form_id}/").json()
    bounds = {i["code"]: (i["min_value"], i["max_value"]) for i in form["indicators"]}
    assert bounds["antq-movement-models"] == ("0", None)
    values = [
        {"indicator": code, "value": -5 if code == "antq-movement-models" else n}
        for (code, _key), n in GOOD.items()
    ]
    resp = api.post(
        "/api/reporting/submissions/",
        {"form": s4_2024.form.code, "period": s4_2024.pk, "unit": "H-HG-D-DV-01", "values": values},
        format="json",
    )
    assert resp.status_code == 400, resp.content
    assert resp.json()["code"] == "invalid"
    assert "antq-movement-models" in resp.json()["errors"]
