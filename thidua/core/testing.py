"""Shared test cases: one workflow action, seen by a granted, a refused and an outside user.

In the spirit of NetBox's ``ViewTestCases``: every app tests each workflow action
(approve, return, urge, score, nominate, decide…) with the same three (or four) tests,
so that "a button that is shown is a button the service accepts" holds everywhere::

    class TestApproveSubmission(WorkflowActionTests):
        action = "approve"                  # the rule's name and the button's data-action
        granted = "hg.police"               # may do it: sees the button, the service accepts
        refused = "hg.lungcu"               # may see the page but not act: no button, refused
        outsider = "bg.police"              # another unit's officer: the page is a 404

        def make(self):                     # a fresh object in the state the action needs
            return submitted_report(self.fixture("s4_2024"))

        def page_url(self, obj):
            return f"/reporting/submissions/{obj.pk}/"

        def perform(self, user, obj):       # the service behind the button
            services.submission_approve(user=user, submission=obj)

        def make_in_wrong_state(self):      # optional: then a fourth test runs
            return approved_report(...)

The page must mark the action's button (or form) with ``data-action="<action>"``.
Fixtures are reached with ``self.fixture(name)``; the base demo is in the test database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction

from thidua.core.services import ConflictError

_module_atomics: list[Any] = []


def _module_rollback(outer: Any) -> None:
    _module_atomics.remove(outer)
    transaction.set_rollback(True)
    outer.__exit__(None, None, None)


def loaded_once_per_module(load: Callable[[], Any] | tuple[str, ...]) -> Any:
    """A module-scoped fixture that loads demo data once for a whole test module.

    ``load`` is a function (``plans.demo.load_s1``) or a tuple of ``load_demo`` loader
    names. The data is written inside a transaction held open for the module and rolled
    back after its last test; each test runs in a savepoint inside it (pytest-django's
    ``db``), so a test may change the data freely and the next one sees it as loaded.
    The fixture's value is what ``load`` returned: keep ids, not model instances, in it
    (a test changes its own copies), and give tests a function fixture that reads the
    object afresh. Every test module that asks for the fixture pays the load once,
    instead of once per test (about 0.5–3 s on PostgreSQL)."""

    @pytest.fixture(scope="module")
    def _loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
        with django_db_blocker.unblock():
            if len(connection.atomic_blocks) != len(_module_atomics):
                # Inside a test's own transaction (asked for with getfixturevalue): the
                # data would be rolled back with that test, and missing for the next ones.
                raise RuntimeError(
                    "A fixture loaded once per module must be set up before the test's "
                    "transaction: ask for it in the test's arguments or with "
                    "pytest.mark.usefixtures, not with getfixturevalue."
                )
            outer = transaction.atomic()
            outer.__enter__()
            _module_atomics.append(outer)
            try:
                if callable(load):
                    value = load()
                else:
                    call_command("load_demo", only=list(load), verbosity=0)
                    value = None
            except BaseException:
                _module_rollback(outer)
                raise
        yield value
        with django_db_blocker.unblock():
            _module_rollback(outer)

    return _loaded


def action_marker(action: str) -> str:
    return f'data-action="{action}"'


class WorkflowActionTests:
    action: str = ""
    granted: str = ""
    refused: str = ""
    outsider: str = ""
    # Status codes that count as "this page is out of your reach".
    out_of_reach = (403, 404)

    # --- to implement ---------------------------------------------------------------
    def make(self) -> Any:
        raise NotImplementedError

    def page_url(self, obj: Any) -> str:
        raise NotImplementedError

    def perform(self, user: Any, obj: Any) -> Any:
        raise NotImplementedError

    def make_in_wrong_state(self) -> Any:
        """Optional: an object on which the action is not possible now."""
        return None

    # --- plumbing --------------------------------------------------------------------
    @pytest.fixture(autouse=True)
    def _workflow_setup(self, request: Any, db: Any) -> None:
        self._request = request

    def fixture(self, name: str) -> Any:
        return self._request.getfixturevalue(name)

    def user(self, username: str) -> Any:
        return self.fixture("user_named")(username)

    def page(self, username: str, obj: Any) -> Any:
        return self.fixture("client_for")(self.user(username)).get(self.page_url(obj))

    def _shows(self, response: Any) -> bool:
        return action_marker(self.action) in response.content.decode()

    # --- the shared tests -------------------------------------------------------------
    def test_a_granted_user_sees_the_action_and_the_service_accepts_it(self) -> None:
        obj = self.make()
        response = self.page(self.granted, obj)
        assert response.status_code == 200, response.status_code
        assert self._shows(response), f"{self.granted} sees no {action_marker(self.action)}"
        with transaction.atomic():
            self.perform(self.user(self.granted), obj)

    def test_a_refused_user_sees_no_action_and_the_service_refuses_it(self) -> None:
        if not self.refused:
            pytest.skip("every user who may see this page may take this action")
        obj = self.make()
        response = self.page(self.refused, obj)
        assert response.status_code == 200, response.status_code
        assert not self._shows(response), f"{self.refused} is shown {self.action}"
        with pytest.raises(PermissionDenied), transaction.atomic():
            self.perform(self.user(self.refused), obj)

    def test_an_officer_of_another_unit_cannot_open_the_page_nor_act(self) -> None:
        obj = self.make()
        response = self.page(self.outsider, obj)
        assert response.status_code in self.out_of_reach, response.status_code
        with pytest.raises((PermissionDenied, ValidationError)), transaction.atomic():
            self.perform(self.user(self.outsider), obj)

    def test_in_a_state_that_forbids_it_the_action_is_hidden_and_refused(self) -> None:
        obj = self.make_in_wrong_state()
        if obj is None:
            pytest.skip("the action has no state that forbids it")
        response = self.page(self.granted, obj)
        assert response.status_code == 200, response.status_code
        assert not self._shows(response), f"{self.action} is shown in a state that forbids it"
        with pytest.raises((ValidationError, ConflictError)), transaction.atomic():
            self.perform(self.user(self.granted), obj)
