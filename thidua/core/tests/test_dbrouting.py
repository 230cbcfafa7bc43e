"""The read-replica router: synthesis pages, exports and API reads go to the replica; a
user's reads stay on the primary right after their own write.

The test settings configure the alias ``replica`` as a test mirror of the default
database — a second connection to the same test database — and leave the router off;
these tests switch it on. Only committed rows (the base demo) can be read through the
second connection, as on a real replica, which shows only what the primary committed.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core import dbrouting
from thidua.core.dbrouting import ReplicaRouter, is_pinned, pin_to_primary
from thidua.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def _close_the_second_connection():
    """Closed after the module: on PostgreSQL an open connection would keep the test
    database from being dropped at the end of the run."""
    yield
    connections["replica"].close()


@pytest.fixture
def replica_on(settings):
    settings.THIDUA_REPLICA_ALIAS = "replica"
    settings.THIDUA_REPLICA_PIN_SECONDS = 10
    return settings


def _get(client, url):
    """The response, and how many queries went to the primary and to the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    return response, len(primary), len(replica)


def test_api_reads_go_to_the_replica_and_answer_from_it(replica_on, client_for, user_named):
    client = client_for(user_named("hg.police"))
    response, _primary, replica = _get(client, "/api/units/?q=ha+giang")
    assert response.status_code == 200
    assert replica > 0
    assert any(u["code"] == "H-HG" for u in response.json()["results"])


def test_the_session_and_the_cache_are_read_on_the_primary(replica_on, client_for, user_named):
    client = client_for(user_named("hg.police"))
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/api/units/?q=ha+giang").status_code == 200
    tables = " ".join(q["sql"] for q in replica.captured_queries)
    assert "orgunits_orgunit" in tables
    assert "django_session" not in tables and "thidua_cache" not in tables


def test_pages_that_are_not_syntheses_or_exports_read_the_primary(
    replica_on, client_for, user_named
):
    client = client_for(user_named("hg.police"))
    response, primary, replica = _get(client, reverse("orgunits:list"))
    assert response.status_code == 200
    assert primary > 0 and replica == 0


def test_after_a_write_the_users_reads_stay_on_the_primary(replica_on, client_for, user_named):
    police = user_named("hg.police")
    client = client_for(police)
    assert not is_pinned(police.pk)
    assert client.post(reverse("core:notifications-read")).status_code == 302
    assert is_pinned(police.pk)
    response, primary, replica = _get(client, "/api/units/?q=ha+giang")
    assert response.status_code == 200
    assert primary > 0 and replica == 0


def test_another_users_reads_are_not_pinned_by_that_write(replica_on, client_for, user_named):
    client_for(user_named("hg.police")).post(reverse("core:notifications-read"))
    other = client_for(user_named("hg.chair"))
    response, _primary, replica = _get(other, "/api/units/?q=ha+giang")
    assert response.status_code == 200 and replica > 0


def test_a_pin_that_has_run_out_sends_reads_back_to_the_replica(replica_on, client_for, user_named):
    police = user_named("hg.police")
    client = client_for(police)
    pin_to_primary(police.pk, seconds=10)
    assert _get(client, "/api/units/")[2] == 0
    # A pin is the time until which it holds; one whose time has passed holds no more.
    from django.core.cache import cache

    cache.set(f"replica-pin:{police.pk}", 0, timeout=10)
    assert not is_pinned(police.pk)
    assert _get(client, "/api/units/")[2] > 0


def test_no_pin_when_the_pin_time_is_zero(replica_on, client_for, user_named):
    replica_on.THIDUA_REPLICA_PIN_SECONDS = 0
    police = user_named("hg.police")
    client_for(police).post(reverse("core:notifications-read"))
    assert not is_pinned(police.pk)


def test_without_a_replica_nothing_is_routed_or_pinned(settings, client_for, user_named):
    settings.THIDUA_REPLICA_ALIAS = None
    police = user_named("hg.police")
    client = client_for(police)
    client.post(reverse("core:notifications-read"))
    assert not is_pinned(police.pk)
    response, primary, replica = _get(client, "/api/units/")
    assert response.status_code == 200 and primary > 0 and replica == 0


def test_synthesis_pages_and_exports_are_sent_to_the_replica(rf):
    """Which requests may read from the replica, by the route they resolved to."""
    from django.urls import resolve

    def request(method, path):
        req = getattr(rf, method)(path)
        req.resolver_match = resolve(path)
        return req

    replica_worthy = [
        ("get", "/reporting/periods/1/synthesis/"),
        ("get", "/reporting/periods/1/synthesis.xlsx"),
        ("get", "/reporting/periods/1/synthesis.docx"),
        ("get", "/reporting/periods/1/completeness/"),
        ("get", "/reporting/series/"),
        ("get", "/plans/1/export.xlsx"),
        ("get", "/awards/decisions/1/decision.docx"),
        ("get", "/api/reporting/synthesis/"),
        ("head", "/api/units/"),
    ]
    primary = [
        ("post", "/api/reporting/submissions/1/approve/"),
        ("get", "/reporting/reports/1/"),
        ("get", "/"),
        ("post", "/reporting/periods/1/synthesis/"),
    ]
    assert all(dbrouting.reads_from_replica(request(m, p)) for m, p in replica_worthy)
    assert not any(dbrouting.reads_from_replica(request(m, p)) for m, p in primary)


def test_the_replica_is_never_migrated_and_its_rows_relate_to_the_primarys(replica_on):
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "orgunits") is False
    assert router.allow_migrate("default", "orgunits") is None
    a = OrgUnit.objects.using("default").get(code="H-HG")
    b = OrgUnit.objects.using("replica").get(code="H-HG-CA")
    assert router.allow_relation(a, b) is True
