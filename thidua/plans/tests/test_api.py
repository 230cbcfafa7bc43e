from django.utils import timezone

from thidua.plans.models import Plan, TaskAssignment


def test_the_api_lists_plans_and_tasks_with_per_unit_status(s1, province_supervisor, client_for):
    client = client_for(province_supervisor)
    plans = client.get("/api/plans/").json()
    assert any(p["id"] == s1.pk for p in plans["results"])
    tasks = client.get(f"/api/tasks/?plan={s1.pk}").json()["results"]
    banners = next(t for t in tasks if t["title"].startswith("Treo"))
    status = {a["unit"]: a["status"] for a in banners["assignments"] if a["role"] == "lead"}
    assert status["H-BG-D-LN"] == "overdue" and status["H-BG-D-TP"] == "done"
    progress = client.get(f"/api/plans/{s1.pk}/progress/?status=overdue").json()
    assert [r["unit"] for r in progress["results"]] == ["H-BG-D-LN"]


def test_urge_is_an_explicit_endpoint(banners, province_supervisor, user_named, client_for):
    r = client_for(province_supervisor).post(
        f"/api/tasks/{banners.pk}/urge/",
        {"unit": "H-BG-D-LN", "message": "Khẩn trương"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json() == {"urged": True, "unit": "H-BG-D-LN", "notified": 1, "without_officers": []}
    r = client_for(user_named("bg.luc-ngan")).post(
        f"/api/tasks/{banners.pk}/urge/", {"unit": "H-BG-D-LN"}, content_type="application/json"
    )
    assert r.status_code == 403


def test_a_unit_posts_an_update_through_the_api_and_bad_input_is_400(
    banners, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    r = client.post(
        f"/api/tasks/{banners.pk}/updates/",
        {"unit": "H-BG-D-LN", "text": "Xong", "percent": 100},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    # 100 % completes Lục Ngạn's part of this one-off task, on the server's local day.
    mine = TaskAssignment.objects.get(task=banners, unit__code="H-BG-D-LN")
    assert (mine.percent, mine.completed_on) == (100, timezone.localdate())
    r = client.post(
        f"/api/tasks/{banners.pk}/updates/",
        {"unit": "H-BG-D-TP", "text": "x", "percent": 10},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/tasks/{banners.pk}/updates/",
        {"unit": "H-BG-D-LN", "text": "x", "percent": 101},
        content_type="application/json",
    )
    assert r.status_code == 400 and "percent" in r.json()["errors"]


def test_creating_and_editing_a_plan_detects_concurrent_edits(unit, user_named, client_for):
    client = client_for(user_named("ht.btg"))
    r = client.post(
        "/api/plans/",
        {
            "kind": "plan",
            "title": "KH 2026",
            "issuing_units": ["P42-BTGTU", "P42-HDND"],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk, version = r.json()["id"], r.json()["version"]
    r = client.patch(
        f"/api/plans/{pk}/",
        {"version": version, "title": "KH 2026 (sửa)"},
        content_type="application/json",
    )
    assert r.status_code == 200
    r = client.patch(
        f"/api/plans/{pk}/", {"version": version, "title": "again"}, content_type="application/json"
    )
    assert r.status_code == 409
    r = client.post(
        "/api/tasks/",
        {"plan": pk, "title": "Nhiệm vụ", "due_date": "2026-06-30", "lead_units": ["P42-HDND"]},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = client.post(
        f"/api/tasks/{r.json()['id']}/assign-bulk/",
        {"under": "P42-UBND", "kinds": ["department"]},
        content_type="application/json",
    )
    assert r.status_code == 200


def test_an_outsider_is_refused_on_every_endpoint(s1, banners, outsider, client_for):
    # Someone with no role anywhere is refused at the door by the API's IsMember (403),
    # on lists, objects and actions alike.
    client = client_for(outsider)
    for url in [
        "/api/plans/",
        "/api/tasks/",
        "/api/updates/",
        "/api/concerns/",
        f"/api/plans/{s1.pk}/",
        f"/api/tasks/{banners.pk}/",
        f"/api/plans/{s1.pk}/progress/",
        f"/api/tasks/{banners.pk}/updates/",
    ]:
        assert client.get(url).status_code == 403, url
    for url in [
        f"/api/tasks/{banners.pk}/urge/",
        f"/api/tasks/{banners.pk}/assign/",
        f"/api/tasks/{banners.pk}/cancel/",
    ]:
        assert client.post(url, {}, content_type="application/json").status_code == 403, url
    r = client.post(
        "/api/plans/",
        {
            "kind": "plan",
            "title": "x",
            "issuing_units": ["H-BG"],
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 403


def test_another_provinces_officer_gets_404_on_the_plans_endpoints(
    s1, banners, user_named, client_for
):
    client = client_for(user_named("ht.stp"))
    assert client.get("/api/plans/").json()["count"] == 0
    assert client.get(f"/api/tasks/{banners.pk}/").status_code == 404
    r = client.post(
        f"/api/tasks/{banners.pk}/urge/", {"unit": "H-BG-D-LN"}, content_type="application/json"
    )
    assert r.status_code == 404


def test_the_api_schema_builds(client_for, superuser):
    r = client_for(superuser).get("/api/schema/")
    assert r.status_code == 200 and b"/api/tasks/{id}/urge/" in r.content


def test_a_plan_or_group_out_of_reach_is_answered_as_one_that_does_not_exist(
    s1, s3, user_named, client_for
):
    """Naming another province's plan (or one of its task groups) in a new task or as a
    parent plan tells nothing of it: the answer is the one for an id that never existed."""
    client = client_for(user_named("ht.btg"))
    group = s1.groups.order_by("pk").first()
    missing = Plan.objects.order_by("-pk").first().pk + 1000

    def task_answer(plan_id: int, group_id: int | None = None) -> tuple[int, dict]:
        body = {"plan": plan_id, "title": "Nhiệm vụ thử"}
        if group_id is not None:
            body["group"] = group_id
        r = client.post("/api/tasks/", body, content_type="application/json")
        return r.status_code, r.json()

    unseen, absent = task_answer(s1.pk), task_answer(missing)
    assert unseen[0] == absent[0] == 400
    assert unseen[1]["errors"]["plan"] == [
        m.replace(str(missing), str(s1.pk)) for m in absent[1]["errors"]["plan"]
    ]
    status, answer = task_answer(s3.pk, group.pk)  # ht.btg's own plan, S1's group
    assert status == 400 and "does not exist" in answer["errors"]["group"][0]

    r = client.post(
        "/api/plans/",
        {
            "kind": "plan",
            "title": "KH con",
            "parent": s1.pk,
            "issuing_units": ["P42-BTGTU"],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "parent" in r.json()["errors"]
    assert not Plan.objects.filter(title="KH con").exists()
