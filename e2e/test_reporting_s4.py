"""S4 in a browser: a commune files its report, the province approves it, and the
province's synthesis moves by exactly the commune's figures at once."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _synthesis_figure(period, unit_code: str, indicator_code: str) -> Decimal:
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting.models import SynthesisValue

    row = SynthesisValue.objects.filter(
        period=period,
        unit=OrgUnit.objects.get(code=unit_code),
        indicator__code=indicator_code,
        key="",
    ).first()
    return row.total if row else Decimal(0)


def test_a_commune_files_and_the_province_approves_and_the_synthesis_moves(
    demo, browser, live_server, page, login, screenshot
):
    demo("reporting")
    from thidua.reporting.models import Period, Submission

    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    before = _synthesis_figure(period, "H-HG", "antq-movement-models")

    # Lũng Cú's reporter fills the missing 2024 report on screen and submits it.
    login("hg.lungcu")
    page.goto(f"/reporting/periods/{period.pk}/fill/")
    numeric = page.locator("form[method=post] input[inputmode=decimal]")
    for i in range(numeric.count()):
        numeric.nth(i).fill("7")
    # Participants (the 6th figure) are broken down by sex (7 + 7): the total must match.
    numeric.nth(5).fill("14")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state()
    screenshot("s4-commune-submitted")
    sub = Submission.objects.get(period=period, unit__code="H-HG-D-DV-01", is_current=True)
    assert sub.status == Submission.Status.SUBMITTED

    # The province's approver approves it in another session.
    ctx = browser.new_context(base_url=live_server.url, locale="en-US")
    province = ctx.new_page()
    from thidua.accounts.demo import DEMO_PASSWORD

    province.goto("/accounts/login/")
    province.fill("input[name=username]", "hg.police")
    province.fill("input[name=password]", DEMO_PASSWORD)
    province.click("button[type=submit]")
    province.wait_for_url(lambda url: "/accounts/login/" not in url)
    province.goto(f"/reporting/reports/{sub.pk}/")
    province.get_by_role("button", name="Approve").click()
    province.click("dialog[open] button[value=ok]")  # confirm: an approved report is locked
    expect(province.locator("[data-action=approve]")).to_have_count(0)  # the answer is in
    sub.refresh_from_db()
    assert sub.status == Submission.Status.APPROVED

    # The synthesis of the whole province moved by the commune's figure, at once.
    assert _synthesis_figure(period, "H-HG", "antq-movement-models") == before + 7
    province.goto(
        f"/reporting/periods/{period.pk}/synthesis/?unit=" + str(sub.unit.parent.parent_id)
    )
    assert province.get_by_role("heading").first.is_visible()
    # The page shows the province's new total, as the table and the synthesis row say.
    shown = f"{before + 7:,.0f}"
    cell = province.locator('td[data-code="antq-movement-models"]')
    assert cell.inner_text().split()[0] == shown
    shots = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    province.screenshot(path=str(shots / "s4-synthesis.png"), full_page=True)
    ctx.close()


def test_a_district_officer_picks_a_commune_whose_report_to_fill(demo, page, login, screenshot):
    """The fill page's unit is a GET form with the picker: the chosen commune's id is in
    the address, and the page opened again shows it as a chip."""
    demo("reporting")
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting.models import Period

    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    sung_la = OrgUnit.objects.get(code="H-HG-D-DV-02")
    login("hg.dongvan")
    page.goto(f"/reporting/periods/{period.pk}/fill/")
    picker = page.get_by_label("Unit", exact=True)
    picker.fill("sung la")  # Xã Sủng Là, typed without accents
    page.get_by_role("option", name="Xã Sủng Là").wait_for()
    picker.press("Enter")  # Enter chooses the unit; it does not send the form
    expect(page.locator(".unit-chip", has_text="Xã Sủng Là")).to_have_count(1)
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(f"**/fill/?unit={sung_la.pk}*")
    expect(page.locator("h1 + p")).to_contain_text("Xã Sủng Là")
    page.reload()
    chip = page.locator(".unit-chip", has_text="Xã Sủng Là")
    expect(chip).to_have_count(1)
    assert "Huyện Đồng Văn" in chip.inner_text()
    screenshot("s4-fill-unit-picked")
