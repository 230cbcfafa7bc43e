"""Fixtures of the plans tests: the S1 and S3 demo, loaded once per test module
(``loaded_once_per_module``) and read afresh by each test."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.core.testing import loaded_once_per_module
from thidua.plans import demo
from thidua.plans.models import Plan, Task

# The demo's 2023 dates are history; tests that need "now" pass their own day.
DEC_15_2023 = dt.date(2023, 12, 15)


_s1_loaded = loaded_once_per_module(lambda: demo.load_s1().pk)
_s3_loaded = loaded_once_per_module(lambda: demo.load_s3().pk)
_s4_loaded = loaded_once_per_module(lambda: demo.load_s4().pk)


@pytest.fixture
def s1(db, _s1_loaded) -> Plan:
    return Plan.objects.get(pk=_s1_loaded)


@pytest.fixture
def s3(db, _s3_loaded) -> Plan:
    return Plan.objects.get(pk=_s3_loaded)


@pytest.fixture
def s4(db, _s4_loaded) -> Plan:
    return Plan.objects.get(pk=_s4_loaded)


@pytest.fixture
def banners(s1) -> Task:
    return s1.tasks.get(title__startswith="Treo băng rôn")


@pytest.fixture
def police_task(s1) -> Task:
    return s1.tasks.get(title__startswith="Cung cấp thông tin")
