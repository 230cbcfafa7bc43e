"""Scenario S1 in the browser: the supervisor follows plan 92/KH-BCĐNQ and urges the late
district; the district's officer posts an update with a percent."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _open_plan(page) -> None:
    page.goto("/plans/")
    page.get_by_role("link", name="Tuyên ngôn Quốc tế Nhân quyền").first.click()
    page.wait_for_url("**/plans/*/")


def test_the_supervisor_sees_progress_and_urges_the_late_unit(demo, page, login, screenshot):
    demo("plans")
    login("bg.supervisor")
    _open_plan(page)
    assert page.get_by_text("92/KH-BCĐNQ").first.is_visible()
    screenshot("s1-plan")
    page.get_by_role("link", name="Progress by unit").click()
    first = page.locator("#progress-rows tbody tr").first
    assert first.get_attribute("data-unit") == "H-BG-D-LN"
    assert first.get_attribute("data-status") == "overdue"
    first.get_by_role("button", name="Urge").click()
    page.fill("dialog[open] textarea", "Đề nghị cập nhật tiến độ trước thứ Sáu.")  # the note
    page.click("dialog[open] button[value=ok]")
    expect(page.get_by_text("1 unit urged.")).to_be_visible()
    row = page.locator('#progress-rows tr[data-unit="H-BG-D-LN"]')
    assert "1×" in row.inner_text()
    screenshot("s1-progress-urged")


def test_the_district_officer_posts_an_update_with_a_percent(demo, page, login, screenshot):
    demo("plans")
    login("bg.luc-ngan")
    assert page.get_by_text("Treo băng rôn").first.is_visible()  # overdue on the home page
    page.get_by_role("link", name="Treo băng rôn").first.click()
    assert page.get_by_text("Việt Nam bảo đảm quyền của người dân tộc thiểu số!").is_visible()
    page.get_by_label("Percent done").fill("100")
    page.get_by_label("What was done").fill("Đã treo băng rôn tại 29 xã, thị trấn.")
    page.get_by_role("button", name="Post update").click()
    page.wait_for_load_state()
    assert page.get_by_text("Progress recorded.").is_visible()
    row = page.locator('#assignments tr[data-unit="H-BG-D-LN"]')
    assert row.get_attribute("data-status") == "done"
    screenshot("s1-update-posted")
