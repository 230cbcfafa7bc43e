"""PAdES signing and verification on real key stores: a PKCS#12 file from a test CA, a
SoftHSM2 token (PKCS#11), a timestamp server over HTTP; and what verification refuses."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader

from thidua.signing import pades, testca

TEXT = "Quyet dinh so 901/QD-UBND"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return testca.pdf_with_text(TEXT)


def _p12(issued: testca.Issued, passphrase: str = "pw") -> pades.Pkcs12Credential:
    return pades.Pkcs12Credential(issued.pkcs12(passphrase), passphrase)


def test_a_pkcs12_signature_is_pades_with_sha256_and_verifies(pdf, chair):
    signed = pades.sign_pdf(pdf, _p12(chair), reason="Ban hành", location="Hà Giang")
    sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES, not adbe.pkcs7
    assert sig.sig_object["/Location"] == "Hà Giang"
    verdict = pades.verify_pdf(signed)
    assert verdict.ok, verdict.problems
    assert verdict.digest == "sha256"
    assert verdict.certificate.common_name == "Nguyễn Văn Sơn"
    assert verdict.certificate.organisation == "Ủy ban nhân dân tỉnh Hà Giang"
    assert verdict.certificate.issuer == "thidua Test Issuing CA"
    assert verdict.certificate.serial == format(chair.cert.serial_number, "X")
    assert verdict.timestamped_at is None
    assert abs(verdict.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_a_wrong_passphrase_is_refused_on_the_passphrase(pdf, chair):
    with pytest.raises(pades.SigningError) as refused:
        pades.sign_pdf(pdf, pades.Pkcs12Credential(chair.pkcs12("right"), "wrong"))
    assert refused.value.field == "passphrase"
    assert "passphrase" in str(refused.value)


def test_a_file_that_is_no_certificate_is_refused(pdf):
    with pytest.raises(pades.SigningError) as refused:
        pades.sign_pdf(pdf, pades.Pkcs12Credential(b"not a p12 file", "x"))
    assert refused.value.field == "passphrase"


def test_a_softhsm_token_signs_and_its_chain_comes_from_the_token(pdf, token):
    credential = pades.Pkcs11Credential(module=token.module, label=token.label, pin=token.pin)
    signed = pades.sign_pdf(pdf, credential)
    verdict = pades.verify_pdf(signed)
    assert verdict.ok, verdict.problems
    assert verdict.certificate.common_name == "Nguyễn Văn Sơn"


def test_a_wrong_pin_and_an_absent_token_are_refused_with_what_to_do(pdf, token):
    with pytest.raises(pades.SigningError) as wrong_pin:
        pades.sign_pdf(pdf, pades.Pkcs11Credential(token.module, token.label, "000000"))
    assert wrong_pin.value.field == "pin"
    assert "PIN" in str(wrong_pin.value)
    with pytest.raises(pades.SigningError) as absent:
        pades.sign_pdf(pdf, pades.Pkcs11Credential(token.module, "KHONG-CO", token.pin))
    assert absent.value.field == "token"
    assert "KHONG-CO" in str(absent.value)


def test_a_configured_timestamp_server_makes_the_signature_b_t(pdf, chair, tsa, settings):
    settings.THIDUA_TSA_URL = tsa
    signed = pades.sign_pdf(pdf, _p12(chair))
    verdict = pades.verify_pdf(signed)
    assert verdict.ok, verdict.problems
    assert verdict.timestamped_at is not None
    assert abs(verdict.timestamped_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_an_unreachable_timestamp_server_refuses_the_signature(pdf, chair, settings):
    settings.THIDUA_TSA_URL = "http://127.0.0.1:9/tsa"  # the discard port: nothing answers
    with pytest.raises(pades.SigningError) as refused:
        pades.sign_pdf(pdf, _p12(chair))
    assert "timestamp" in str(refused.value)


def test_a_changed_byte_in_the_signed_content_is_refused(pdf, chair):
    signed = bytearray(pades.sign_pdf(pdf, _p12(chair)))
    at = bytes(signed).index(TEXT.encode())
    signed[at] = ord("X")  # "Quyet" → "Xuyet": same length, so the file still parses
    verdict = pades.verify_pdf(bytes(signed))
    assert not verdict.ok
    assert any("changed after it was signed" in p for p in verdict.problems)


def test_anything_added_after_the_signature_is_refused(pdf, chair):
    signed = pades.sign_pdf(pdf, _p12(chair))
    verdict = pades.verify_pdf(signed + b"\n1 0 obj\n<< >>\nendobj\n")
    assert not verdict.ok
    assert any("added to the file after" in p for p in verdict.problems)


def test_a_certificate_from_another_authority_is_not_trusted(pdf, tmp_path):
    stranger = testca.TestCA(name="Unknown Root CA").signer("Nguyễn Văn Sơn")
    signed = pades.sign_pdf(pdf, _p12(stranger))
    verdict = pades.verify_pdf(signed)
    assert not verdict.ok
    assert any("trusted root" in p for p in verdict.problems)
    # The same file verifies once its authority is trusted: the roots decide, not the PDF.
    (tmp_path / "other.pem").write_bytes(stranger.chain[-1].public_bytes(
        testca.serialization.Encoding.PEM
    ))  # fmt: skip
    assert pades.verify_pdf(signed, roots=[load_cert_from_pemder(str(tmp_path / "other.pem"))]).ok


def test_a_certificate_expired_before_signing_is_not_trusted(pdf, ca):
    expired = ca.signer(
        "Nguyễn Văn Sơn", not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=30), days=10
    )
    verdict = pades.verify_pdf(pades.sign_pdf(pdf, _p12(expired)))
    assert not verdict.ok


def test_no_trusted_root_configured_means_nothing_is_trusted(pdf, chair, settings):
    settings.THIDUA_SIGNING_TRUST_ROOTS = []
    verdict = pades.verify_pdf(pades.sign_pdf(pdf, _p12(chair)))
    assert not verdict.ok
    assert any("SIGNING_TRUST_ROOTS" in p for p in verdict.problems)


def test_an_unsigned_pdf_and_a_file_that_is_no_pdf_are_told_apart(pdf):
    assert pades.verify_pdf(pdf).problems == ["This PDF carries no digital signature."]
    assert pades.verify_pdf(b"PK\x03\x04 a zip").problems == [
        "This file is not a PDF, or it is damaged."
    ]
