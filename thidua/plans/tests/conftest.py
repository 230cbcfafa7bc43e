"""Fixtures of the plans tests: the S1 and S3 demo, loaded inside each test's transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.plans import demo
from thidua.plans.models import Plan, Task

# The demo's 2023 dates are history; tests that need "now" pass their own day.
DEC_15_2023 = dt.date(2023, 12, 15)


@pytest.fixture
def s1(db) -> Plan:
    return demo.load_s1()


@pytest.fixture
def s3(db) -> Plan:
    return demo.load_s3()


@pytest.fixture
def banners(s1) -> Task:
    return s1.tasks.get(title__startswith="Treo băng rôn")


@pytest.fixture
def police_task(s1) -> Task:
    return s1.tasks.get(title__startswith="Cung cấp thông tin")
