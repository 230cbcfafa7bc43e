"""Shared test fixtures: the demo unit tree and named personas, loaded once per session.

The base demo (units with all 3,321 communes, users, documents) is loaded into the test
database once, when it is created; each test then runs in a transaction that is rolled
back, so tests see the same tree and may change it freely. Browser tests, which need
committed data and flush the database, live in ``e2e/`` and run in their own session.

Personas (DESIGN.md "Tests"): a ministry admin, a province supervisor, a commune
reporter and an outsider, plus every demo user by name through ``user_named``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command

from thidua.accounts.models import User
from thidua.orgunits.models import OrgUnit

BASE_DEMO = ["units", "users", "documents"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001
    with django_db_blocker.unblock():
        call_command("load_demo", only=BASE_DEMO, verbosity=0)


@pytest.fixture
def unit(db) -> Callable[[str], OrgUnit]:  # noqa: ANN001
    """``unit("H-HG")`` → the demo unit with that code."""
    return lambda code: OrgUnit.objects.get(code=code)


@pytest.fixture
def user_named(db) -> Callable[[str], User]:  # noqa: ANN001
    """``user_named("bg.police")`` → the demo user with that username."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def ministry_admin(user_named) -> User:  # noqa: ANN001
    """Manager at the Ministry of Public Security (S5's movement owner)."""
    return user_named("bca.movement")


@pytest.fixture
def province_supervisor(user_named) -> User:  # noqa: ANN001
    """Manager at Bắc Giang province (S1's supervisor)."""
    return user_named("bg.supervisor")


@pytest.fixture
def commune_reporter(user_named) -> User:  # noqa: ANN001
    """Reporter at Lũng Cú commune, Đồng Văn district, Hà Giang (S4)."""
    return user_named("hg.lungcu")


@pytest.fixture
def outsider(user_named) -> User:  # noqa: ANN001
    """A signed-in user with no role anywhere."""
    return user_named("outsider")


@pytest.fixture
def superuser(user_named) -> User:  # noqa: ANN001
    return user_named("admin")


@pytest.fixture
def client_for(client) -> Callable[[User], object]:  # noqa: ANN001
    """``client_for(user)`` → the test client signed in as ``user``."""

    def _login(user: User):  # noqa: ANN202
        client.force_login(user)
        return client

    return _login
