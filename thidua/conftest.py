"""Shared test fixtures: the demo unit tree and named personas, loaded once per session.

The base demo (units with all 3,321 communes, users, documents) is loaded into the test
database once, when it is created; each test then runs in a transaction that is rolled
back, so tests see the same tree and may change it freely. Browser tests, which need
committed data and flush the database, live in ``e2e/`` and run in their own session.

Personas (docs/CONVENTIONS.md, "Tests"): a ministry admin, a province supervisor, a commune
reporter and an outsider, plus every demo user by name through ``user_named``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from thidua.accounts.models import User
from thidua.orgunits.models import OrgUnit

BASE_DEMO = ["units", "users", "documents"]

# Hypothesis's default 200 ms deadline per example and its "too slow" health check are
# wall-clock assertions: on a loaded two-core machine they fail tests that are correct.
# Tests never assert on time (bench/ measures it), so both are off for every property test.
settings.register_profile("thidua", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("thidua")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", only=BASE_DEMO, verbosity=0)


@pytest.fixture(autouse=True)
def english():
    """Messages raised outside a request (services, Excel errors) read in English in
    every test, whatever language an earlier test's request left active on the thread.

    Tests of other languages say so with ``translation.override``.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """The test client, asking for English pages so that assertions read in English.

    Vietnamese stays the product's default (tested in thidua/core/tests/test_i18n.py).
    """
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def unit(db) -> Callable[[str], OrgUnit]:
    """``unit("H-HG")`` → the demo unit with that code."""
    return lambda code: OrgUnit.objects.get(code=code)


@pytest.fixture
def user_named(db) -> Callable[[str], User]:
    """``user_named("bg.police")`` → the demo user with that username."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def ministry_admin(user_named) -> User:
    """Manager at the Ministry of Public Security (S5's movement owner)."""
    return user_named("bca.movement")


@pytest.fixture
def province_supervisor(user_named) -> User:
    """Manager at Bắc Giang province (S1's supervisor)."""
    return user_named("bg.supervisor")


@pytest.fixture
def commune_reporter(user_named) -> User:
    """Reporter at Lũng Cú commune, Đồng Văn district, Hà Giang (S4)."""
    return user_named("hg.lungcu")


@pytest.fixture
def outsider(user_named) -> User:
    """A signed-in user with no role anywhere."""
    return user_named("outsider")


@pytest.fixture
def superuser(user_named) -> User:
    return user_named("admin")


@pytest.fixture
def client_for(client) -> Callable[[User], object]:
    """``client_for(user)`` → the test client signed in as ``user``."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
