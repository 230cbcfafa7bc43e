"""Import S1's text in the browser: highlights and draft, confirm, land on the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _seed_s1() -> str | None:
    for parent in Path(__file__).resolve().parents:
        seeds = parent / "shared" / "seeds"
        if seeds.is_dir():
            found = sorted(seeds.glob("000_*.txt"))
            return found[0].read_text(encoding="utf-8") if found else None
    return None


def test_an_officer_pastes_s1_checks_the_draft_and_creates_the_plan(demo, page, login, screenshot):
    text = _seed_s1()
    if text is None:
        pytest.skip("shared/seeds not found above the repository")
    demo()
    login("bg.supervisor")
    page.goto("/import/")
    page.fill("textarea[name=text]", text)
    page.click("main button[type=submit]")
    page.wait_for_url("**/import/*/")
    assert page.locator(".import-text mark[title*='document: 92/KH-BCĐNQ']").count() >= 1
    assert page.locator(".import-text mark.x-unit").count() > 3
    assert page.input_value("#id-doc-symbol") == "92/KH-BCĐNQ"
    screenshot("textimport-s1-draft")
    page.click("button[value=confirm]")
    page.wait_for_url("**/done/")
    screenshot("textimport-s1-done")
    page.get_by_role("link", name="92/KH-BCĐNQ", exact=False).first.click()
    assert "/documents/" in page.url
    page.go_back()
    page.locator("ul.created a[href*='/plans/']").first.click()
    assert "/plans/" in page.url
    assert "92/KH-BCĐNQ" in page.content()
