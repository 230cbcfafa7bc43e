"""S5's movement in the browser: the Ministry of Public Security reviews Hà Nội's
self-assessment, fixes the result and the ranking follows; then reopens it, saying why.
Every button is the one the rules offer (``data-action``), at 375 px wide."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_evaluation_is_reviewed_finalised_and_reopened_from_its_page(
    demo, page, login, screenshot
):
    demo("emulation")
    page.set_viewport_size({"width": 375, "height": 800})
    login("bca.movement")
    page.goto("/emulation/")
    page.click("a:has-text('Toàn dân bảo vệ an ninh Tổ quốc')")
    ranking = page.locator("h2#ranking ~ div.table-wrap").nth(1)  # the provinces' group
    ranking.locator("a", has_text=re.compile("Hà Nội")).click()
    assert "self-assessed" in page.inner_text("h1")
    assert page.locator("[data-action=self_assess]").count() == 0
    page.fill("textarea[name=note]", "Đã thẩm định hồ sơ.")
    page.click("[data-action=review] button[type=submit]")
    assert "reviewed" in page.inner_text("h1")
    page.click("[data-action=finalise] button")
    page.click("dialog[open] button[value=ok]")  # confirm
    expect(page.locator("h1")).to_contain_text("final")  # once the page has been sent
    assert "rank" in page.inner_text("main")
    screenshot("emulation-finalised")

    evaluation_url = page.url
    page.click("summary:has-text('Reopen for a correction')")
    page.fill("#reopen-note", "Bổ sung minh chứng tiêu chí 2.1")
    page.click("[data-action=reopen] button")
    assert "draft" in page.inner_text("h1")
    assert "reopened" in page.inner_text(".history")

    # The unit finds it back on its home page, to score again; it cannot review it.
    page.context.clear_cookies()
    login("hanoi.reporter")
    page.goto("/")
    page.click("a:has-text('Self-assess')")
    assert page.url == evaluation_url
    assert page.locator("[data-action=self_assess]").count() == 1
    assert page.locator("[data-action=review]").count() == 0
    screenshot("emulation-reopened")
