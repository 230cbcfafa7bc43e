"""Emulation criteria computed from reported indicators read the real-time synthesis."""

from decimal import Decimal

import pytest

from thidua.core.testing import loaded_once_per_module
from thidua.emulation.models import Criterion
from thidua.emulation.services import criterion_compute
from thidua.reporting.selectors import yearly_indicator_value

pytestmark = pytest.mark.django_db


_s4_loaded = loaded_once_per_module(("reporting", "emulation"))


@pytest.fixture
def s4(db, _s4_loaded):
    pass


def test_the_yearly_value_of_an_indicator_is_the_approved_synthesis(s4, unit):
    assert yearly_indicator_value(unit("H-HG"), "antq-movement-models", 2023) == Decimal(857)
    assert yearly_indicator_value(unit("H-HG"), "antq-movement-models", 2012) is None
    assert yearly_indicator_value(unit("H-HG"), "no-such-indicator", 2023) is None


def test_a_computed_criterion_scores_from_the_synthesis(s4, unit):
    criterion = Criterion.objects.filter(method=Criterion.Method.MANUAL).first()
    criterion.method = Criterion.Method.INDICATOR
    criterion.indicator_code = "antq-movement-models"
    criterion.indicator_target = Decimal(1000)
    # 857 of a target of 1,000 → 85.7 % of the criterion's maximum.
    expected = (Decimal(857) / Decimal(1000) * criterion.max_score).quantize(Decimal("0.01"))
    assert criterion_compute(criterion, unit("H-HG"), 2023) == expected
    criterion.indicator_target = Decimal(500)
    assert criterion_compute(criterion, unit("H-HG"), 2023) == criterion.max_score
