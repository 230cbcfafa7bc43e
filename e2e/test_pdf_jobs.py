"""A PDF in a browser: the review's "Report (PDF)" button starts a job, the job's page
reaches "done" and hands out the PDF.

The live server runs the test settings' immediate task backend: the job runs as soon as
the button's request commits, so the page opens on a finished job (the polling of a job
still running is not walked here). Skipped without LibreOffice, unless
THIDUA_REQUIRE_SOFFICE=1 (CI), where it is an error.
"""

import os
import shutil

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_pdf_button_makes_a_pdf_the_officer_downloads(
    demo, page, login, screenshot, settings, tmp_path
):
    if shutil.which("soffice") is None:
        if os.environ.get("THIDUA_REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice is required (THIDUA_REQUIRE_SOFFICE=1) but was not found.")
        pytest.skip("LibreOffice is not installed: no PDF to make")
    settings.MEDIA_ROOT = tmp_path / "media"
    demo("plans", "reporting", "emulation", "awards", "reviews")
    from thidua.reviews.demo import S4_TITLE
    from thidua.reviews.models import Review

    s4 = Review.objects.get(title=S4_TITLE)
    login("hg.police")
    page.goto(f"/reviews/{s4.pk}/")
    page.get_by_role("button", name="Report (PDF)").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.locator(".job[data-status=done]")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    screenshot("pdf-job-done")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    download = info.value
    assert download.suggested_filename == f"{S4_TITLE} {s4.start_year}-{s4.end_year}.pdf"
    target = tmp_path / "report.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
