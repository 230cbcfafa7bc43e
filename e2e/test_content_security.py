"""The main pages load in Chromium with no Content-Security-Policy violation: no inline
script, handler or style is refused (the console says so when one is), and the header's
behaviour that once was inline script (the menu, the language select) still works."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# Records what the browser refused, before any script of the page runs.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


@pytest.fixture
def watched(page):
    console: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: console.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))

    def check(path: str) -> None:
        console.clear()
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
        refused = [m for m in console if "Content Security Policy" in m or "page error" in m]
        assert not violations and not refused, f"{path}: {violations} {refused}"

    return check


def test_the_main_pages_load_with_no_content_security_violation(demo, page, login, watched):
    demo("plans")
    watched("/accounts/login/")
    watched("/accounts/password/reset/")
    login("bg.supervisor")
    for path in (
        "/",
        "/plans/",
        "/units/",
        "/reporting/",
        "/accounts/me/",
        "/accounts/people/",
        "/accounts/people/new/",
        "/accounts/people/import/",
        "/api/docs/",
    ):
        watched(path)
    watched("/plans/")
    hrefs = page.eval_on_selector_all(
        "main a[href^='/plans/']", "els => els.map(e => e.getAttribute('href'))"
    )
    plans = [h for h in hrefs if re.fullmatch(r"/plans/\d+/", h)]
    assert plans, hrefs
    watched(plans[0])  # a plan's page: its progress bars, its history


def test_the_second_factor_page_draws_its_qr_code_with_no_violation(demo, page, login, watched):
    demo()
    login("ht.hdnd")
    watched("/accounts/me/two-factor/")
    page.click("button[type=submit]:has-text('Set up an authenticator app')")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure.qr svg").is_visible()
    assert not page.evaluate("window.__violations")


def test_the_menu_button_opens_the_navigation_on_a_phone(demo, page, login):
    demo()
    page.set_viewport_size({"width": 375, "height": 740})
    login("bg.police")
    toggle = page.locator(".nav-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#mainnav").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#mainnav").is_visible()


def test_redoc_renders_and_the_policy_only_keeps_it_from_fetching_from_outside(demo, page, login):
    """ReDoc draws its "powered by" logo from its makers' site: the policy refuses it,
    which is the no-CDN rule doing its work; everything else of the page is allowed."""
    demo()
    page.add_init_script(WATCH)
    login("bg.supervisor")
    page.goto("/api/redoc/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("thidua API").first.is_visible()
    violations = page.evaluate("window.__violations")
    assert all(v.startswith("img-src https://") for v in violations), violations
