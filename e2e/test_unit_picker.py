"""The unit picker in the browser: the supervisor issues a plan and assigns a task choosing
units by part of their name typed without accents, with the keyboard and the mouse, and
assigns a task to every district of the province chosen as one group."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_the_supervisor_creates_a_plan_and_a_task_choosing_units_by_name(
    demo, page, login, screenshot
):
    from thidua.plans.models import Plan

    demo()
    login("bg.supervisor")
    page.goto("/plans/new/")
    page.get_by_label("Title").fill("Kế hoạch tuyên truyền phòng, chống ma túy")
    issuers = page.get_by_label("Issuing units")
    issuers.fill("van phong ubnd")  # Văn phòng UBND tỉnh Bắc Giang, typed without accents
    option = page.get_by_role("option", name=re.compile("^Văn phòng UBND tỉnh Bắc Giang"))
    option.wait_for()
    assert page.locator("[data-status]").first.inner_text().endswith("found.")
    issuers.press("ArrowDown")
    issuers.press("Enter")  # Enter chooses the unit; it does not send the form
    chip = page.locator(".unit-chip", has_text="Văn phòng UBND tỉnh Bắc Giang")
    assert chip.is_visible()
    # A second one, then removed with its button.
    issuers.fill("so ngoai vu")
    page.get_by_role("option", name=re.compile("^Sở Ngoại vụ tỉnh Bắc Giang")).click()
    page.get_by_role("button", name="Remove Sở Ngoại vụ tỉnh Bắc Giang").click()
    assert page.locator(".unit-chip").count() == 1
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2025-06-30")
    screenshot("picker-plan-new")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/plans/*/")
    plan = Plan.objects.get(title="Kế hoạch tuyên truyền phòng, chống ma túy")
    assert [u.code for u in plan.issuing_units.all()] == ["H-BG-VP"]

    page.goto(f"/plans/{plan.pk}/tasks/new/")
    page.get_by_label("Title").fill("Treo băng rôn, khẩu hiệu")
    page.get_by_label("Deadline or window end").fill("2025-03-31")
    leads = page.get_by_label("Lead units")
    leads.fill("luc ngan")
    page.get_by_role("option", name=re.compile("^Huyện Lục Ngạn")).wait_for()
    leads.press("Enter")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/tasks/*/")
    assert page.locator("#assignments").get_by_text("Huyện Lục Ngạn").first.is_visible()
    task = plan.tasks.get()
    assert [a.unit.code for a in task.assignments.all()] == ["H-BG-D-LN"]


def test_the_supervisor_assigns_a_task_to_every_district_of_the_province_with_the_keyboard(
    demo, page, login, screenshot
):
    import datetime as dt

    from thidua.accounts.models import User
    from thidua.orgunits.models import OrgUnit
    from thidua.plans import services

    demo()
    supervisor = User.objects.get(username="bg.supervisor")
    plan = services.plan_create(
        user=supervisor,
        kind="plan",
        title="Kế hoạch kiểm tra công tác cải cách hành chính",
        issuing_units=[OrgUnit.objects.get(code="H-BG-VP")],
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    login("bg.supervisor")
    page.goto(f"/plans/{plan.pk}/tasks/new/")
    page.get_by_label("Title").fill("Tự kiểm tra và báo cáo kết quả")
    page.get_by_label("Deadline or window end").fill("31/03/2025")
    leads = page.get_by_label("Lead units")
    leads.fill("tinh bac giang")
    group = page.get_by_role(
        "option", name="Every district (until 30 Jun 2025) below Tỉnh Bắc Giang"
    )
    group.wait_for()
    assert "5 units" in group.inner_text()
    # Down the list with the arrow keys to the group, then Enter: one chip for the group.
    group_id = group.get_attribute("id")
    for _ in range(10):
        leads.press("ArrowDown")
        if leads.get_attribute("aria-activedescendant") == group_id:
            break
    assert leads.get_attribute("aria-activedescendant") == group_id
    assert group.get_attribute("aria-selected") == "true"
    screenshot("picker-group-options")
    leads.press("Enter")
    chip = page.locator(".unit-chip", has_text="below Tỉnh Bắc Giang")
    assert chip.count() == 1
    assert chip.inner_text().startswith("Every district (until 30 Jun 2025) below Tỉnh Bắc Giang")
    assert "(5 units)" in chip.inner_text()
    assert page.locator("[data-status]").first.inner_text().endswith("chosen.")
    page.get_by_role(
        "button", name="Remove Every district (until 30 Jun 2025) below Tỉnh Bắc Giang"
    ).wait_for()
    screenshot("picker-task-group")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/tasks/*/")
    task = plan.tasks.get()
    assert sorted(a.unit.code for a in task.assignments.all()) == [
        "H-BG-D-HH",
        "H-BG-D-LN",
        "H-BG-D-LNA",
        "H-BG-D-TP",
        "H-BG-D-YT",
    ]
    assert page.locator("#assignments").get_by_text("Huyện Lục Ngạn").first.is_visible()
