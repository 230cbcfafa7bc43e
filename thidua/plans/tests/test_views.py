import datetime as dt
import html

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.orgunits.models import OrgUnit
from thidua.plans import services
from thidua.plans.models import Plan, Task


def _urls(plan, task, assignment):
    return [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/progress/",
        f"/plans/{plan.pk}/export.xlsx",
        f"/plans/tasks/{task.pk}/",
    ]


def test_the_supervisor_sees_the_plan_its_progress_and_can_urge(
    s1, banners, province_supervisor, client_for
):
    client = client_for(province_supervisor)
    page = client.get(f"/plans/{s1.pk}/").content.decode()
    assert "92/KH-BCĐNQ" in page and "Treo băng rôn" in page
    progress = client.get(f"/plans/{s1.pk}/progress/").content.decode()
    # Overdue first: Lục Ngạn's row comes before every done row.
    assert progress.index('data-unit="H-BG-D-LN"') < progress.index('data-unit="H-BG-D-TP"')
    late = banners.assignments.get(unit__code="H-BG-D-LN")
    r = client.post(f"/plans/tasks/{banners.pk}/units/{late.pk}/urge/")
    assert r.status_code == 302
    late.refresh_from_db()
    assert late.urge_count == 1
    assert client.get(f"/plans/{s1.pk}/report/").status_code == 200
    r = client.post(
        f"/plans/{s1.pk}/report/", {"issuer": s1.monitoring_units.get().pk, "symbol": "1/BC-VP"}
    )
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_follow_up_report_names_its_issuer_with_the_picker(
    s1, province_supervisor, client_for, unit
):
    client = client_for(province_supervisor)
    url = f"/plans/{s1.pk}/report/"
    page = client.get(url)
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert "data-unit-picker" in body and '<select name="issuer"' not in body
    # Which units may issue it is said beside the field.
    assert (
        "One of the plan's issuing or monitoring units: Ban Chỉ đạo Nghị quyết (BCĐNQ) tỉnh "
        "Bắc Giang, Văn phòng UBND tỉnh Bắc Giang." in body
    )
    r = client.post(url, {"issuer": "van phong ubnd tinh bac giang", "symbol": "2/BC-VP"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    refused = client.post(url, {"issuer": unit("H-BG-CA").pk, "symbol": "3/BC-VP"})
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    assert refused.context["form"].errors["issuer"] == [
        "Công an tỉnh Bắc Giang is neither an issuing nor a monitoring unit of this plan. "
        "Choose one of them: Ban Chỉ đạo Nghị quyết (BCĐNQ) tỉnh Bắc Giang, Văn phòng UBND "
        "tỉnh Bắc Giang."
    ]
    # A plan with one issuer and no follower: it is chosen already.
    s1.monitoring_units.clear()
    body = client.get(url).content.decode()
    assert f'type="hidden" name="issuer" value="{unit("H-BG-BCDNQ").pk}"' in body


def test_an_outsider_is_refused_the_follow_up_report(s1, outsider, client_for, unit):
    client = client_for(outsider)
    assert client.get(f"/plans/{s1.pk}/report/").status_code == 403
    r = client.post(f"/plans/{s1.pk}/report/", {"issuer": unit("H-BG-VP").pk})
    assert r.status_code == 403


def test_progress_filters_by_subtree_and_status(s1, province_supervisor, client_for):
    client = client_for(province_supervisor)
    page = client.get(f"/plans/{s1.pk}/progress/?status=overdue").content.decode()
    assert page.count('data-status="overdue"') == 1 and 'data-status="done"' not in page
    page = client.get(f"/plans/{s1.pk}/progress/?under=H-BG-D-LN").content.decode()
    assert 'data-unit="H-BG-D-LN"' in page and 'data-unit="H-BG-D-TP"' not in page
    r = client.get(f"/plans/{s1.pk}/progress/?under=NOPE")
    assert r.status_code == 200
    assert "No unit is called “NOPE”" in r.content.decode()


def test_an_outsider_is_refused_on_every_page(s1, banners, outsider, client_for):
    client = client_for(outsider)
    late = banners.assignments.get(unit__code="H-BG-D-LN")
    # Someone with no role at all is refused at the door (403); an officer outside the
    # plan's units gets 404, with no hint that the plan exists.
    for url in _urls(s1, banners, late):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/plans/tasks/{banners.pk}/units/{late.pk}/urge/").status_code == 403
    assert client.post(f"/plans/tasks/{banners.pk}/progress/", {"percent": 1}).status_code == 403
    assert client.get("/plans/new/").status_code == 403
    assert client.get("/plans/").status_code == 403


def test_a_sibling_department_cannot_reach_another_departments_task(
    s1, police_task, user_named, client_for
):
    # Sở Ngoại vụ neither leads nor coordinates the police task.
    foreign = client_for(user_named("bg.foreign"))
    assert foreign.get(f"/plans/tasks/{police_task.pk}/").status_code == 404
    assert foreign.get(f"/api/tasks/{police_task.pk}/").status_code == 404


def test_a_sibling_district_cannot_see_or_report_on_another_districts_part(
    s1, banners, police_task, user_named, client_for
):
    luc_ngan = client_for(user_named("bg.luc-ngan"))
    assert luc_ngan.get(f"/plans/tasks/{police_task.pk}/").status_code == 404
    r = luc_ngan.get(f"/plans/tasks/{banners.pk}/")
    assert r.status_code == 200 and "Report progress" in r.content.decode()
    # The progress form offers Lục Ngạn's own part only, not the other districts'.
    offered = r.context["progress_form"].fields["assignment"].queryset
    assert [a.unit.code for a in offered] == ["H-BG-D-LN"]
    tp = banners.assignments.get(unit__code="H-BG-D-TP")
    r = luc_ngan.post(
        f"/plans/tasks/{banners.pk}/progress/", {"assignment": tp.pk, "percent": 10, "text": "x"}
    )
    assert r.status_code == 400
    tp.refresh_from_db()
    assert tp.percent == 100


def test_a_unit_officer_posts_an_update_with_a_percent(banners, user_named, client_for):
    client = client_for(user_named("bg.luc-ngan"))
    mine = banners.assignments.get(unit__code="H-BG-D-LN")
    r = client.post(
        f"/plans/tasks/{banners.pk}/progress/",
        {"assignment": mine.pk, "percent": 75, "text": "Đã treo tại 20 xã"},
    )
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.percent == 75


def test_bad_progress_input_gets_a_clear_message(banners, user_named, client_for):
    client = client_for(user_named("bg.luc-ngan"))
    mine = banners.assignments.get(unit__code="H-BG-D-LN")
    r = client.post(
        f"/plans/tasks/{banners.pk}/progress/", {"assignment": mine.pk, "percent": 150, "text": ""}
    )
    assert r.status_code == 400
    assert "100" in r.content.decode()


def test_the_home_page_lists_overdue_tasks_and_late_units(
    s1, user_named, province_supervisor, client_for
):
    page = client_for(user_named("bg.luc-ngan")).get("/").content.decode()
    assert "Treo băng rôn" in page
    page = client_for(province_supervisor).get("/").content.decode()
    assert "Tuyên ngôn Quốc tế Nhân quyền" in page


def test_list_pages_have_a_bounded_number_of_queries(
    s1, s3, superuser, province_supervisor, client_for, django_assert_max_num_queries
):
    # Each page must answer 200 and show its data: a 403 or a 500 also runs few queries.
    client = client_for(superuser)
    with django_assert_max_num_queries(14):
        r = client.get("/plans/")
    assert r.status_code == 200
    assert f'href="/plans/{s1.pk}/"' in r.content.decode()
    assert f'href="/plans/{s3.pk}/"' in r.content.decode()
    with django_assert_max_num_queries(16):
        r = client.get(f"/plans/{s1.pk}/progress/")
    assert r.status_code == 200
    assert 'data-unit="H-BG-D-LN"' in r.content.decode()
    assert 'data-unit="H-BG-D-TP"' in r.content.decode()
    with django_assert_max_num_queries(20):
        r = client.get(f"/plans/{s1.pk}/")
    assert r.status_code == 200
    assert "92/KH-BCĐNQ" in r.content.decode() and "Treo băng rôn" in r.content.decode()
    with django_assert_max_num_queries(12):
        r = client.get("/api/tasks/")
    assert r.status_code == 200 and r.json()["count"] == Task.objects.count()
    supervisor = client_for(province_supervisor)
    with django_assert_max_num_queries(12):
        r = supervisor.get("/plans/tasks/mine/")
    assert r.status_code == 200
    # Lục Ngạn's overdue banners are open work under Bắc Giang.
    assert "Treo băng rôn" in r.content.decode() and "Huyện Lục Ngạn" in r.content.decode()


def test_urging_a_unit_without_an_officer_says_so_on_the_page(s1, province_supervisor, client_for):
    # Yên Thế district has no officer in thidua: nobody can be notified there.
    task = services.task_create(
        user=province_supervisor,
        plan=s1,
        title="Báo cáo kết quả tuyên truyền",
        due_date=dt.date(2023, 12, 20),
        lead_units=[OrgUnit.objects.get(code="H-BG-D-YT")],
    )
    part = task.assignments.get()
    client = client_for(province_supervisor)
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert 'data-action="urge"' in page
    r = client.post(f"/plans/tasks/{task.pk}/units/{part.pk}/urge/", follow=True)
    assert r.status_code == 200
    assert "1 unit urged; 1 has no officer to notify: Huyện Yên Thế." in r.content.decode()
    part.refresh_from_db()
    assert part.urge_count == 1  # recorded all the same
    r = client.post(f"/plans/tasks/{task.pk}/units/{part.pk}/urge/", follow=True)
    assert "Huyện Yên Thế was already urged today." in r.content.decode()


def test_the_progress_page_offers_urge_only_for_lead_units_with_work_left(
    s1, province_supervisor, client_for
):
    page = client_for(province_supervisor).get(f"/plans/{s1.pk}/progress/").content.decode()
    rows = page.split("<tr ")
    late = next(r for r in rows if 'data-unit="H-BG-D-LN"' in r)
    done = next(r for r in rows if 'data-unit="H-BG-D-TP"' in r)
    assert 'data-action="urge"' in late and 'data-action="urge"' not in done


def test_the_actions_of_every_row_cost_no_query_per_row(
    unit, client_for, django_assert_max_num_queries
):
    # A manager of Bắc Ninh assigns a task to every commune of the province: the progress
    # and task pages evaluate "urge" for each of them without a query per row.
    boss = User.objects.create_user("bn.manager-test", password="x")
    RoleAssignment.objects.create(user=boss, unit=unit("P24"), role=Role.MANAGER)
    plan = services.plan_create(
        user=boss,
        kind=Plan.Kind.PLAN,
        title="Kế hoạch thử",
        issuing_units=[unit("P24")],
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    task = services.task_create(
        user=boss, plan=plan, title="Báo cáo", due_date=dt.date(2026, 1, 31)
    )
    parts = services.task_assign_bulk(user=boss, task=task, under=unit("P24"), kinds=["commune"])
    assert len(parts) > 30
    client = client_for(boss)
    with django_assert_max_num_queries(12):
        r = client.get(f"/plans/{plan.pk}/progress/")
    assert r.content.decode().count('data-action="urge"') == len(parts)
    with django_assert_max_num_queries(24):
        r = client.get(f"/plans/tasks/{task.pk}/")
    assert r.content.decode().count('data-action="urge"') == len(parts)


def test_on_a_phone_the_progress_tables_read_as_cards_each_figure_with_its_name(
    s1, client_for, province_supervisor
):
    """At 390 px the tables stack (app.css ``.table-stack``): every cell that is not the
    row's name or a wide cell carries its column's name, in the page's language."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.table = [], None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "table":
                self.table = {"classes": attrs.get("class", "").split(), "cells": []}
                self.tables.append(self.table)
            elif tag == "td" and self.table is not None and "colspan" not in attrs:
                self.table["cells"].append(attrs)

    client = client_for(province_supervisor)
    response = client.get(f"/plans/{s1.pk}/progress/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    parser = Cells()
    parser.feed(response.content.decode())
    assert len(parser.tables) == 3
    for table in parser.tables:
        assert "table-stack" in table["classes"]
        assert table["cells"]
        for cell in table["cells"]:
            kind = set(cell.get("class", "").split())
            assert "data-label" in cell or kind & {"stack-title", "stack-wide"}, cell
    labels = {c["data-label"] for t in parser.tables for c in t["cells"] if "data-label" in c}
    assert {"Thời hạn", "quá hạn", "hoàn thành"} <= labels, labels


def test_a_task_is_assigned_to_every_district_of_the_province_chosen_as_one_group(
    s1, province_supervisor, client_for, unit
):
    client = client_for(province_supervisor)
    group = f"below:{unit('H-BG').pk}:district"
    r = client.post(
        f"/plans/{s1.pk}/tasks/new/",
        {
            "title": "Tự kiểm tra công tác tuyên truyền",
            "due_date": "15/12/2023",
            "lead_units": group,
        },
    )
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    task = s1.tasks.get(title="Tự kiểm tra công tác tuyên truyền")
    assert sorted(a.unit.code for a in task.assignments.all()) == [
        "H-BG-D-HH",
        "H-BG-D-LN",
        "H-BG-D-LNA",
        "H-BG-D-TP",
        "H-BG-D-YT",
    ]
    # The bulk form beside it still assigns by kind below a unit.
    r = client.post(
        f"/plans/tasks/{task.pk}/assign-bulk/",
        {"under": unit("H-BG").pk, "kinds": ["department"], "whole_subtree": "on", "role": "lead"},
    )
    assert r.status_code == 302
    assert task.assignments.filter(unit__kind__code="department").count() == 4
