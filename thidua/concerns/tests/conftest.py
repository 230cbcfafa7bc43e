"""Fixtures of the concerns tests: scenario S3 (its plans, then its issues of public
concern), loaded inside each test's transaction."""

from __future__ import annotations

import pytest

from thidua.concerns import demo
from thidua.plans import demo as plans_demo
from thidua.plans.models import Plan


@pytest.fixture
def s3(db) -> Plan:
    programme = plans_demo.load_s3()
    demo.load()
    return programme
