"""Fixtures of the tests that run real processes (test_serving.py, test_backup.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from thidua.core.tests.processes import Site, site_template


@pytest.fixture(scope="session")
def served_template(tmp_path_factory) -> Iterator[Site]:
    """A migrated database with the base demo and the reports of S4 and S5, built once
    per test session (about half a minute); each module serves a copy of it."""
    template = site_template(tmp_path_factory.mktemp("site-template"))
    yield template
    template.drop()
