"""Fixtures of the reviews tests: the demo data a review is assembled from."""

from __future__ import annotations

import pytest

from thidua.core.testing import loaded_once_per_module
from thidua.orgunits.models import OrgUnit
from thidua.reviews import demo

_sources_loaded = loaded_once_per_module(("plans", "reporting", "emulation", "awards"))


@pytest.fixture
def sources(db, _sources_loaded):
    """Plans, reports, emulation and awards demo data (loaded once per test module)."""


@pytest.fixture
def s4_review(sources, superuser):
    """S4's ten-year review, finalised by the demo loader."""
    return demo.load_s4(superuser)


@pytest.fixture
def s2_review(sources, superuser):
    """S2's five-year review, left as a draft by the demo loader."""
    return demo.load_s2(superuser)


@pytest.fixture
def hg_draft(sources, superuser):
    """A draft ten-year review of programme 09 over Hà Giang (live figures)."""
    from thidua.reporting.models import ReportForm
    from thidua.reviews import services

    return services.review_create(
        user=superuser,
        kind="final",
        title="Draft review of programme 09",
        start_year=2013,
        end_year=2023,
        unit=OrgUnit.objects.get(code="H-HG-CA"),
        area=OrgUnit.objects.get(code="H-HG"),
        document=demo._programme_09(),
        forms=ReportForm.objects.filter(code="hg-antq-annual"),
    )
