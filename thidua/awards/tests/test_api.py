"""The API walks the same workflow as the pages, with the same scope."""

import pytest

from thidua.awards.models import AwardType, GrantingAuthority, Nomination
from thidua.emulation.models import Evaluation

pytestmark = pytest.mark.django_db


def test_api_nominate_forward_and_decide(s_demo, client_for, user_named, unit):
    bk = AwardType.objects.get(code="bk-tinh")
    power = GrantingAuthority.objects.get(award_type=bk, unit_kind__code="people_committee")
    c = client_for(user_named("hg.lungcu"))
    person = c.post(
        "/api/awards/people/",
        {"full_name": "Người API", "unit": unit("H-HG-D-DV-01").pk},
        content_type="application/json",
    ).json()
    body = {
        "award_type": bk.pk,
        "year": 2025,
        "person": person["id"],
        "proposing_unit": unit("H-HG-D-DV-01").pk,
        "authority": power.pk,
        "achievements": "Thành tích",
        "occasion": "annual",
        "grounds": [],
    }
    n = c.post("/api/awards/nominations/", body, content_type="application/json").json()
    n = c.post(
        f"/api/awards/nominations/{n['id']}/submit/",
        {"version": n["version"]},
        content_type="application/json",
    ).json()
    assert n["status"] == "submitted"
    # The commune cannot forward its own dossier; a stale version is a conflict.
    assert (
        c.post(
            f"/api/awards/nominations/{n['id']}/forward/",
            {"version": n["version"]},
            content_type="application/json",
        ).status_code
        == 403
    )
    chair = client_for(user_named("hg.chair"))
    assert (
        chair.post(
            f"/api/awards/nominations/{n['id']}/forward/",
            {"version": 99},
            content_type="application/json",
        ).status_code
        == 409
    )
    for _ in range(2):
        n = chair.post(
            f"/api/awards/nominations/{n['id']}/forward/",
            {"version": n["version"]},
            content_type="application/json",
        ).json()
    assert n["status"] == "at_authority"
    eligibility = chair.get(f"/api/awards/nominations/{n['id']}/eligibility/").json()
    assert eligibility["eligible"] is False and eligibility["checks"]
    decision = {
        "authority_unit": unit("H-HG-UBND").pk,
        "authority_title": "Chủ tịch UBND tỉnh",
        "symbol": "55/QĐ-UBND",
        "decided_on": "2026-01-10",
        "nominations": [n["id"]],
    }
    front = client_for(user_named("hg.front"))
    assert front.post(
        "/api/awards/decide/", decision, content_type="application/json"
    ).status_code in (403, 404)
    chair = client_for(user_named("hg.chair"))
    response = chair.post("/api/awards/decide/", decision, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["symbol"] == "55/QĐ-UBND"
    assert Nomination.objects.get(pk=n["id"]).status == "decided"
    registry = chair.get("/api/awards/registry/?decision=55/QĐ-UBND").json()
    assert registry["count"] == 1


def test_api_evaluation_workflow_and_ranking(s_demo, client_for, user_named):
    e = Evaluation.objects.get(unit__code="P01", year=2025)
    bca = client_for(user_named("bca.movement"))
    r = bca.post(
        f"/api/emulation/evaluations/{e.pk}/review/",
        {"version": e.version, "scores": []},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    r = bca.post(
        f"/api/emulation/evaluations/{e.pk}/finalise/",
        {"version": r.json()["version"]},
        content_type="application/json",
    )
    assert r.json()["status"] == "final" and r.json()["rank"] == 2
    ranking = bca.get(f"/api/emulation/movements/{e.movement_id}/ranking/?year=2025").json()
    provinces = next(g for g in ranking["groups"] if g["group"] == 2)
    assert [row["rank"] for row in provinces["rows"]] == [1, 2, 3, 4]
    hanoi = client_for(user_named("hanoi.reporter"))
    assert (
        hanoi.post(
            f"/api/emulation/evaluations/{e.pk}/finalise/",
            {"version": 1},
            content_type="application/json",
        ).status_code
        == 403
    )
    counts = bca.get("/api/emulation/contests/").json()
    assert counts["count"] == 2
