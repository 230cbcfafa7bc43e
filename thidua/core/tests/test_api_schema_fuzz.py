"""The API answers what its OpenAPI schema says, on every operation (schemathesis).

The schema served at ``/api/schema/`` is loaded into schemathesis, which makes requests
valid by that schema for each operation and sends them to the Django app in process, as
a demo user with an API token. Each answer must be no server error, a documented status,
a documented content type and a body that matches the schema. Bounded: a few examples per
operation, derandomized (the same requests on every run), no deadline, no shrinking; each
request runs in a savepoint rolled back after it, so every one sees the demo as loaded and
writes (POST, PATCH, DELETE) are safe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as oa_checks

from thidua.accounts import services as accounts
from thidua.accounts.models import User
from thidua.core.testing import loaded_once_per_module
from thidua.wsgi import application

# Every scenario, so that list and detail answers have rows to show (and nulls to mind).
_demo = loaded_once_per_module(("plans", "reporting", "emulation", "awards", "reviews"))

CHECKS = [
    st_checks.not_a_server_error,
    oa_checks.status_code_conformance,
    oa_checks.content_type_conformance,
    oa_checks.response_schema_conformance,
]
EXAMPLES = 6  # per operation; and as many again with the id of a demo object (below)
# The demo's first objects exist for every model: random ids mostly answer 404, which
# checks only the error shape; id 1 reaches a real answer's body.
KNOWN_ID = 1


def _operation_labels() -> list[str]:
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    ]


@pytest.fixture(scope="module")
def api(_demo, django_db_blocker) -> Iterator[dict[str, Any]]:
    """The served schema, and an API token of the superuser (made inside the module's
    transaction, rolled back with it)."""
    with django_db_blocker.unblock():
        admin = User.objects.get(username="admin")
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(admin)
        served = client.get("/api/schema/", HTTP_ACCEPT="application/json")
        assert served.status_code == 200
        made = accounts.token_create(user=admin, account=admin, name="schema fuzz", days=30)
    schema = schemathesis.openapi.from_dict(served.json())
    operations = {op.label: op for op in (r.ok() for r in schema.get_all_operations())}
    # Django closes the connection at the end of each request it serves, which would end
    # the test's transaction: the test client turns that off for its own requests, and so
    # does this test for the ones schemathesis sends through the WSGI application.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        # The answers come as the server sends them to any client (compressed when the
        # client accepts it); schemathesis's WSGI transport does not decompress, so it
        # asks for them plain.
        headers = {"Authorization": f"Token {made.secret}", "Accept-Encoding": "identity"}
        yield {"operations": operations, "headers": headers}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_of_the_schema_is_fuzzed():
    """The parametrization below is the served schema's operations, no fewer."""
    assert len(_operation_labels()) > 90


@pytest.mark.parametrize("label", _operation_labels())
def test_the_api_answers_as_its_schema_says(label, api, db):
    operation = api["operations"][label]
    strategy = operation.as_strategy()
    if "{id}" in operation.path:
        strategy = st.one_of(strategy, operation.as_strategy(path_parameters={"id": KNOWN_ID}))

    @settings(
        max_examples=2 * EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the failure shows its curl
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def answers_as_documented(case: Any) -> None:
        with transaction.atomic():
            try:
                case.call_and_validate(app=application, headers=api["headers"], checks=CHECKS)
            finally:
                transaction.set_rollback(True)

    answers_as_documented()
