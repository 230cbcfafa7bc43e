"""Reviews in a browser: S4's finalised ten-year review with its chart, and S2's draft
five-year review finalised by Hà Tĩnh's steering committee 35."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_s4_review_shows_its_figures_and_s2_is_finalised_by_its_committee(
    demo, page, login, screenshot
):
    demo("plans", "reporting", "emulation", "awards", "reviews")
    from thidua.reviews.demo import S2_TITLE, S4_TITLE
    from thidua.reviews.models import Review

    s4 = Review.objects.get(title=S4_TITLE)
    login("hg.police")
    page.goto("/reviews/")
    page.get_by_role("link", name=S4_TITLE).click()
    page.wait_for_url(f"**/reviews/{s4.pk}/")
    assert page.locator("svg[role=img]").count() == 6
    body = (
        page.locator("main").inner_text()
        if page.locator("main").count()
        else page.inner_text("body")
    )
    assert "11,300" in body and "18,400" in body and "901/QĐ-UBND" in body
    screenshot("reviews-s4")

    s2 = Review.objects.get(title=S2_TITLE)
    page.context.clear_cookies()
    login("ht.bcd35")
    page.goto(f"/reviews/{s2.pk}/")
    assert "7,671" in page.inner_text("body")
    page.get_by_role("button", name="Finalise (freeze the figures)").click()
    page.click("dialog[open] button[value=ok]")  # confirm
    expect(page.locator("main")).to_contain_text("Figures frozen when the review was finalised")
    s2.refresh_from_db()
    assert s2.status == Review.Status.FINALISED
    screenshot("reviews-s2-finalised")
