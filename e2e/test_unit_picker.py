"""The unit picker in the browser: the supervisor issues a plan and assigns a task choosing
units by part of their name typed without accents, with the keyboard and the mouse."""

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
    option = page.get_by_role("option", name="Văn phòng UBND tỉnh Bắc Giang")
    option.wait_for()
    assert page.locator("[data-status]").first.inner_text().endswith("found.")
    issuers.press("ArrowDown")
    issuers.press("Enter")  # Enter chooses the unit; it does not send the form
    chip = page.locator(".unit-chip", has_text="Văn phòng UBND tỉnh Bắc Giang")
    assert chip.is_visible()
    # A second one, then removed with its button.
    issuers.fill("so ngoai vu")
    page.get_by_role("option", name="Sở Ngoại vụ tỉnh Bắc Giang").click()
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
    page.get_by_role("option", name="Huyện Lục Ngạn").wait_for()
    leads.press("Enter")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/tasks/*/")
    assert page.locator("#assignments").get_by_text("Huyện Lục Ngạn").first.is_visible()
    task = plan.tasks.get()
    assert [a.unit.code for a in task.assignments.all()] == ["H-BG-D-LN"]
