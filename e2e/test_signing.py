"""S4, in Vietnamese: the chair of Hà Giang signs decision 901/QĐ-UBND digitally with his
certificate file; the registry marks it; the signed PDF downloads and verifies; a changed
copy is refused on the verification page. Needs LibreOffice (thidua prints the decision)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from thidua.core.pdf import soffice_path
from thidua.signing import pades, testca

pytestmark = pytest.mark.browser
PASSPHRASE = "mật khẩu 901"


@pytest.fixture
def browser_locale() -> str:
    return "vi-VN"


@pytest.fixture
def chair_file(tmp_path, settings) -> str:
    """The chair's certificate file from a test CA that the server trusts."""
    if soffice_path() is None:
        if os.environ.get("THIDUA_REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice is required (THIDUA_REQUIRE_SOFFICE=1) but was not found")
        pytest.skip("LibreOffice is not installed")
    ca = testca.TestCA()
    (tmp_path / "root.pem").write_bytes(ca.root.cert_pem)
    settings.THIDUA_SIGNING_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.THIDUA_TSA_URL = ""
    settings.THIDUA_PKCS11_MODULE = ""
    path = tmp_path / "nguyen-van-son.p12"
    path.write_bytes(
        ca.signer("Nguyễn Văn Sơn", "Ủy ban nhân dân tỉnh Hà Giang").pkcs12(PASSPHRASE)
    )
    return str(path)


def test_the_chair_signs_a_decision_and_a_changed_copy_is_refused(
    demo, page, login, screenshot, chair_file, tmp_path
):
    from thidua.awards.models import AwardDecision

    demo("emulation", "awards")
    decision = AwardDecision.objects.get(document__symbol="901/QĐ-UBND")
    login("hg.chair")
    page.goto(f"/awards/decisions/{decision.pk}/")
    expect(page.locator("#signature")).to_contain_text("Chưa ký số.")
    page.click("#signature a:has-text('Ký số')")
    expect(page.locator("main")).to_contain_text("Nguyễn Văn Sơn")  # who is to sign
    page.set_input_files("#id_certificate", chair_file)
    page.fill("#id_passphrase", "sai mật khẩu")
    page.click("form[data-action=sign] button[type=submit]")
    expect(page.locator(".field-error")).to_contain_text("mật khẩu")
    # A refused form keeps nothing of the secret: the file and passphrase are asked again.
    page.set_input_files("#id_certificate", chair_file)
    page.fill("#id_passphrase", PASSPHRASE)
    screenshot("signing-form-vi")
    page.click("form[data-action=sign] button[type=submit]")
    page.wait_for_url(f"**/awards/decisions/{decision.pk}/")
    panel = page.locator("#signature")
    expect(panel).to_contain_text("đã ký số")
    expect(panel).to_contain_text("Nguyễn Văn Sơn — Ủy ban nhân dân tỉnh Hà Giang")
    screenshot("signing-decision-signed-vi")
    with page.expect_download() as download:
        panel.locator("a:has-text('Tải tệp PDF đã ký số')").click()
    signed = tmp_path / "signed.pdf"
    download.value.save_as(signed)
    assert download.value.suggested_filename == "901-QĐ-UBND (đã ký số).pdf"
    assert pades.verify_pdf(signed.read_bytes()).ok

    page.goto("/awards/decisions/")
    expect(page.locator("tr", has_text="901/QĐ-UBND")).to_contain_text("đã ký số")

    # The verification page: the signed file passes, a changed copy is refused.
    page.goto("/documents/")
    page.click("a:has-text('Kiểm tra chữ ký số')")
    page.set_input_files("#id_file", str(signed))
    page.click("form[data-action=verify] button[type=submit]")
    expect(page.locator("main")).to_contain_text("Chữ ký hợp lệ")
    expect(page.locator("main")).to_contain_text("bản ký số lưu chính thức")
    changed = tmp_path / "changed.pdf"
    data = bytearray(signed.read_bytes())
    data[len(data) // 3] ^= 0x01  # one bit inside the signed bytes
    changed.write_bytes(bytes(data))
    page.set_input_files("#id_file", str(changed))
    page.click("form[data-action=verify] button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text("không đạt kiểm tra")
    screenshot("signing-verify-refused-vi")
