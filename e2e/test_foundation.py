"""The foundation as a person meets it: sign in, find a unit, switch language."""

import pytest

pytestmark = pytest.mark.browser


def test_an_officer_signs_in_and_sees_their_units_on_the_home_page(demo, page, login, screenshot):
    demo()
    login("bg.supervisor")
    assert page.get_by_role("heading", name="My units").is_visible()
    assert page.get_by_role("link", name="Tỉnh Bắc Giang").first.is_visible()
    screenshot("home-supervisor")


def test_an_officer_searches_the_unit_tree_by_a_thai_spelling(demo, page, login, screenshot):
    demo()
    login("admin")
    page.goto("/units/?q=บั๊กซาง")
    assert page.get_by_role("link", name="Tỉnh Bắc Giang").is_visible()
    screenshot("units-search")


def test_the_interface_switches_to_vietnamese_and_thai(demo, page, login):
    demo()
    login("bg.police")
    with page.expect_navigation():
        page.select_option("#lang-select", "vi")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Đơn vị của tôi").is_visible()
    with page.expect_navigation():
        page.select_option("#lang-select", "th")
    assert page.locator("html").get_attribute("lang") == "th"


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page(demo, page):
    demo()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "bg.police")
    page.fill("input[name=password]", "not-the-password")
    # The page posts back to its own address: wait for the answer, not the URL.
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").is_visible()
