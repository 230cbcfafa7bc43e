"""Fixtures of the reporting tests: the S4/S5 demo reporting data, loaded per test
(bulk inserts: a fraction of a second) inside the test's rolled-back transaction."""

from __future__ import annotations

import pytest

from thidua.reporting import demo
from thidua.reporting.models import Period, ReportForm


@pytest.fixture
def reporting_demo(db) -> None:
    demo.load()


@pytest.fixture
def s4_form(reporting_demo) -> ReportForm:
    return ReportForm.objects.get(code="hg-antq-annual")


@pytest.fixture
def s5_form(reporting_demo) -> ReportForm:
    return ReportForm.objects.get(code="antq-movement-national")


@pytest.fixture
def s4_2024(s4_form) -> Period:
    return Period.objects.get(form=s4_form, year=2024)


@pytest.fixture
def s4_2023(s4_form) -> Period:
    return Period.objects.get(form=s4_form, year=2023)
