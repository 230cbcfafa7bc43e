"""Which pages a browser keeps for working offline (``core.offline``): the user's own
home, the reports their units owe with the current figures, their tasks — never a page
of someone else's scope — and the checks the fill page applies while offline."""

from __future__ import annotations

import pytest

from thidua.core.offline import USER_HEADER, user_token
from thidua.reporting.attention import _fill_url
from thidua.reporting.models import Submission
from thidua.reporting.services import client_checks, form_items, validate_values


@pytest.fixture
def lungcu_fill(s4_2024, unit):
    return _fill_url(s4_2024, unit("H-HG-D-DV-01"))


def test_the_commune_keeps_its_home_and_the_report_it_owes(client_for, user_named, lungcu_fill):
    c = client_for(user_named("hg.lungcu"))
    body = c.get("/offline/pages.json").json()
    assert body["user"] == user_token(user_named("hg.lungcu"))
    assert body["pages"][0] == "/"
    assert lungcu_fill in body["pages"]
    for url in body["pages"]:
        r = c.get(url)
        assert r.status_code == 200, url
        assert r[USER_HEADER] == body["user"], url


def test_another_unit_does_not_keep_the_communes_report(client_for, user_named, lungcu_fill):
    for name in ("hg.dongvan", "outsider", "bg.supervisor"):
        pages = client_for(user_named(name)).get("/offline/pages.json").json()["pages"]
        assert lungcu_fill not in pages, name


def test_a_report_already_submitted_is_no_longer_kept(
    client_for, user_named, s4_2024, unit, lungcu_fill
):
    from thidua.reporting import services
    from thidua.reporting.tests.test_api import VALUES

    lungcu = user_named("hg.lungcu")
    services.submission_save(
        user=lungcu,
        form=s4_2024.form,
        period=s4_2024,
        unit=unit("H-HG-D-DV-01"),
        values={(v["indicator"], ""): v["value"] for v in VALUES},
        submit=True,
    )
    assert Submission.objects.get(period=s4_2024, unit__code="H-HG-D-DV-01").status == "submitted"
    assert lungcu_fill not in client_for(lungcu).get("/offline/pages.json").json()["pages"]


def test_the_fill_page_carries_the_report_it_was_loaded_with_and_its_checks(
    client_for, user_named, lungcu_fill, s4_2024
):
    page = client_for(user_named("hg.lungcu")).get(lungcu_fill).content.decode()
    assert 'data-offline="offline-report"' in page
    assert '<script id="offline-report" type="application/json">' in page
    items = form_items(s4_2024.form)
    checks = client_checks(s4_2024.form, items, list(s4_2024.form.rules.all()))
    # Every cell the server checks has its checks on the page, with the server's words.
    assert {f"{it.indicator.code}:" for it in items} <= set(checks["cells"])
    cell = next(iter(checks["cells"].values()))
    assert "{v}" in cell["messages"]["number"]
    _cells, errors = validate_values(s4_2024.form, {}, complete=True, items=items)
    required = {f"{e.indicator}:{e.key}" for e in errors}
    assert required == {c for c, spec in checks["cells"].items() if spec["required"]}
