"""Fixtures of the reporting tests: the S4/S5 demo reporting data, loaded once per test
module (``loaded_once_per_module``); each test changes it in its own savepoint."""

from __future__ import annotations

import pytest

from thidua.core.testing import loaded_once_per_module
from thidua.reporting import demo
from thidua.reporting.models import Period, ReportForm

_reporting_loaded = loaded_once_per_module(demo.load)


@pytest.fixture
def reporting_demo(db, _reporting_loaded) -> None:
    pass


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
