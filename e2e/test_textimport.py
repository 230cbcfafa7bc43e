"""Import S1's text in the browser: highlights and draft, confirm, land on the plan."""

from __future__ import annotations

import re
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
    from thidua.plans.models import Task

    demo()
    login("bg.supervisor")
    page.goto("/import/")
    page.fill("textarea[name=text]", text)
    page.click("main button[type=submit]")
    page.wait_for_url("**/import/*/")
    assert page.locator(".import-text mark[title*='document: 92/KH-BCĐNQ']").count() >= 1
    assert page.locator(".import-text mark.x-unit").count() > 3
    assert page.input_value("#id-doc-symbol") == "92/KH-BCĐNQ"
    # The draft's units are chips of the unit picker, by name; the first task gets one
    # more lead unit, typed without accents and chosen with the keyboard.
    issuers = page.locator('[data-name="doc-issuing_units"] .unit-chip')
    assert issuers.count() >= 1 and "H-BG" not in issuers.first.inner_text()
    assert page.locator("select[multiple]").count() == 0
    lead = page.get_by_label("Lead units").first
    lead_name = lead.get_attribute("name")
    lead.fill("luc ngan")
    page.get_by_role("option", name=re.compile("^Huyện Lục Ngạn")).wait_for()
    lead.press("ArrowDown")
    lead.press("Enter")
    chips = page.locator(f'[data-name="{lead_name}"] .unit-chip')
    assert chips.filter(has_text="Huyện Lục Ngạn").count() == 1
    screenshot("textimport-s1-draft")
    page.click("button[value=confirm]")
    page.wait_for_url("**/done/")
    from thidua.textimport.models import ImportSession

    session = ImportSession.objects.get(status="confirmed")
    gi, ti = (int(x) for x in re.match(r"plan-g(\d+)-t(\d+)-", lead_name).groups())
    title = session.draft["plan"]["groups"][gi]["tasks"][ti]["title"]
    plan_id = next(c["id"] for c in session.created if c["kind"] == "plan")
    task = Task.objects.get(plan_id=plan_id, title=title)
    assert task.assignments.filter(unit__code="H-BG-D-LN").exists()
    screenshot("textimport-s1-done")
    page.get_by_role("link", name="92/KH-BCĐNQ", exact=False).first.click()
    assert "/documents/" in page.url
    page.go_back()
    page.locator("ul.created a[href*='/plans/']").first.click()
    assert "/plans/" in page.url
    assert "92/KH-BCĐNQ" in page.content()
