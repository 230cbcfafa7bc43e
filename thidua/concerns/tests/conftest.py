"""Fixtures of the concerns tests: scenario S3 (its plans, then its issues of public
concern), loaded once per test module and read afresh by each test."""

from __future__ import annotations

import pytest

from thidua.concerns import demo
from thidua.core.testing import loaded_once_per_module
from thidua.plans import demo as plans_demo
from thidua.plans.models import Plan


def _load_s3() -> int:
    programme = plans_demo.load_s3()
    demo.load()
    return programme.pk


_s3_loaded = loaded_once_per_module(_load_s3)


@pytest.fixture
def s3(db, _s3_loaded) -> Plan:
    return Plan.objects.get(pk=_s3_loaded)
