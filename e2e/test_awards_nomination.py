"""A nomination walks from Lũng Cú commune to the provincial chair's decision (S4)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_commune_nomination_reaches_a_decision(demo, page, login, screenshot):
    demo("emulation", "awards")
    login("hg.lungcu")
    page.goto("/awards/nominations/new/")
    # Her one unit is chosen already, shown by name with its district and province.
    chip = page.locator(".unit-chip", has_text="Xã Lũng Cú")
    assert "Huyện Đồng Văn" in chip.inner_text()
    page.select_option("#id_award_type", label="Bằng khen cấp bộ, ngành, tỉnh")
    # Authorities are listed under their award, each named once.
    option = page.locator(
        '#id_authority optgroup[label="Bằng khen cấp bộ, ngành, tỉnh"] option',
        has_text="Chủ tịch UBND tỉnh",
    )
    page.select_option("#id_authority", value=option.get_attribute("value"))
    page.select_option("#id_person", label="Vừ Thị Dính (minh họa)")
    page.fill("#id_achievements", "Tích cực tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc.")
    page.click("button[type=submit]:has-text('Create the dossier')")
    page.click("button:has-text('Submit')")
    assert "Huyện Đồng Văn" in page.inner_text("main")
    nomination_url = page.url
    screenshot("awards-nomination-submitted")

    page.context.clear_cookies()
    login("hg.chair")
    page.goto(nomination_url)
    page.click("button:has-text('Approve and forward')")
    page.click("button:has-text('Approve and forward')")
    assert "with the granting authority" in page.inner_text("#nomination-status")
    # The authority sees eligibility with its reasons.
    assert "needs 2 consecutive CSTĐCS" in page.inner_text("main")
    page.click("a:has-text('Prepare a decision')")
    # The granting unit, chosen with the picker above the form, is the dossier's.
    expect(page.locator(".unit-chip", has_text="Ủy ban nhân dân tỉnh Hà Giang")).to_have_count(1)
    screenshot("awards-decision-form")
    page.fill("#id_authority_title", "Chủ tịch UBND tỉnh Hà Giang")
    page.fill("#id_symbol", "321/QĐ-UBND")
    page.fill("#id_decided_on", "2025-06-20")
    page.fill("#id_place", "Hà Giang")
    page.click("button:has-text('Issue the decision')")
    page.click("dialog[open] button[value=ok]")  # confirm: an issued decision cannot be changed
    # The decision's own page (the form's address, decisions/new/, matches no number).
    page.wait_for_url(re.compile(r"/awards/decisions/\d+/$"))
    text = page.inner_text("main")
    assert "321/QĐ-UBND" in text and "Vừ Thị Dính" in text
    screenshot("awards-decision")
