"""Signing a document as an officer does it: on the decision page, with a certificate file
or a token; recording a copy signed elsewhere; the copy of record, its marks in the
registry and the API; a signed document that can no longer change; who is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.awards.models import AwardDecision
from thidua.core.changelog import history_for
from thidua.documents import services as documents
from thidua.documents.models import Document
from thidua.signing import pades, testca
from thidua.signing.models import SignedCopy
from thidua.signing.tests.helpers import p12_upload, pdf_upload

pytestmark = pytest.mark.usefixtures("s_demo")
PASS = "mật-khẩu 1"


def _decision(symbol: str = "901/QĐ-UBND") -> AwardDecision:
    return AwardDecision.objects.select_related("document").get(document__symbol=symbol)


def _sign_url(document: Document) -> str:
    return reverse("signing:sign", args=[document.pk])


def _sign_with_file(client, document: Document, issued, **extra):
    data = {"method": "file", "certificate": p12_upload(issued, PASS), "passphrase": PASS}
    data.update(extra)
    return client.post(_sign_url(document), data)


@pytest.mark.usefixtures("soffice")
def test_the_chair_signs_the_decision_thidua_printed_and_it_becomes_the_file_of_record(
    client_for, user_named, chair
):
    decision = _decision()
    client = client_for(user_named("hg.chair"))
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert 'data-action="sign"' in page and "Not signed digitally yet." in page
    form = client.get(_sign_url(decision.document)).content.decode()
    assert 'name="pdf"' in form and "Leave empty to sign thidua" in form
    response = _sign_with_file(client, decision.document, chair, reason="Ban hành")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("awards:decision", args=[decision.pk])
    copy = SignedCopy.objects.get(document=decision.document)
    assert (copy.origin, copy.signer_name, copy.recorded_by.username) == (
        "here",
        "Nguyễn Văn Sơn",
        "hg.chair",
    )
    assert copy.certificate_serial == format(chair.cert.serial_number, "X")
    download = client.get(reverse("signing:signed-pdf", args=[decision.document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    pdf = b"".join(download.streaming_content)
    verdict = pades.verify_pdf(pdf)
    assert verdict.ok and verdict.sha256 == copy.sha256
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert "Download the signed PDF" in page and 'data-action="sign"' not in page
    assert "Nguyễn Văn Sơn" in page and copy.certificate_sha256 in page
    assert [r.event for r in history_for(decision.document)][:1] == ["signed"]


def test_a_document_written_elsewhere_is_signed_from_its_pdf(client_for, user_named, chair):
    document = _decision().document  # the decision, but signed from a PDF brought along
    client = client_for(user_named("hg.chair"))
    response = _sign_with_file(
        client, document, chair, pdf=pdf_upload(testca.pdf_with_text("Quyet dinh 901"))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SignedCopy.objects.get(document=document).origin == "here"


def test_a_wrong_passphrase_is_said_on_its_field_and_nothing_is_kept(client_for, user_named, chair):
    document = _decision().document
    response = client_for(user_named("hg.chair")).post(
        _sign_url(document),
        {
            "method": "file",
            "certificate": p12_upload(chair, PASS),
            "passphrase": "sai",
            "pdf": pdf_upload(testca.pdf_with_text("x")),
        },
    )
    assert response.status_code == 200
    assert "passphrase is right" in response.context["form"].errors["passphrase"][0]
    assert not SignedCopy.objects.filter(document=document).exists()


def test_another_persons_certificate_is_refused(client_for, user_named, ca):
    document = _decision().document  # to be signed by Nguyễn Văn Sơn
    deputy = ca.signer("Trần Đức Quý", "Ủy ban nhân dân tỉnh Hà Giang")
    response = _sign_with_file(
        client_for(user_named("hg.chair")),
        document,
        deputy,
        pdf=pdf_upload(testca.pdf_with_text("x")),
    )
    errors = response.context["form"].non_field_errors()
    assert "Trần Đức Quý" in errors[0] and "Nguyễn Văn Sơn" in errors[0]
    assert not SignedCopy.objects.filter(document=document).exists()


def test_a_certificate_in_capitals_without_accents_is_the_same_person(client_for, user_named, ca):
    document = _decision().document
    upper = ca.signer("NGUYEN VAN SON", "UBND TINH HA GIANG")
    response = _sign_with_file(
        client_for(user_named("hg.chair")),
        document,
        upper,
        pdf=pdf_upload(testca.pdf_with_text("x")),
    )
    assert response.status_code == 302


def test_a_token_in_the_configured_module_signs_with_its_pin(
    client_for, user_named, token, settings
):
    settings.THIDUA_PKCS11_MODULE = token.module
    document = _decision().document
    client = client_for(user_named("hg.chair"))
    form = client.get(_sign_url(document)).content.decode()
    assert f'value="{token.label}"' in form
    pdf = pdf_upload(testca.pdf_with_text("x"))
    wrong = client.post(
        _sign_url(document), {"method": "token", "token": token.label, "pin": "1", "pdf": pdf}
    )
    assert "PIN" in wrong.context["form"].errors["pin"][0]
    assert not SignedCopy.objects.filter(document=document).exists()
    pdf = pdf_upload(testca.pdf_with_text("x"))
    right = client.post(
        _sign_url(document),
        {"method": "token", "token": token.label, "pin": token.pin, "pdf": pdf},
    )
    assert right.status_code == 302
    assert SignedCopy.objects.get(document=document).signer_name == "Nguyễn Văn Sơn"


def _signed_elsewhere(issued, text: str = "Quyet dinh 903") -> bytes:
    return pades.sign_pdf(
        testca.pdf_with_text(text), pades.Pkcs12Credential(issued.pkcs12("p"), "p")
    )


def test_a_copy_signed_elsewhere_is_kept_only_once_it_verifies(client_for, user_named, ca):
    document = _decision("903/QĐ-CAT").document  # signed by the director, Phan Huy Ngọc
    director = ca.signer("Phan Huy Ngọc", "Công an tỉnh Hà Giang")
    client = client_for(user_named("hg.police"))
    url = reverse("signing:upload", args=[document.pk])
    signed = _signed_elsewhere(director)
    tampered = signed.replace(b"Quyet dinh 903", b"Quyet dinh 904")
    refusals = {
        "tampered": (tampered, "changed after it was signed"),
        "appended": (signed + b"\n% later\n", "added to the file after"),
        "untrusted": (
            _signed_elsewhere(testca.TestCA(name="Other Root").signer("Phan Huy Ngọc")),
            "trusted root",
        ),
        "unsigned": (testca.pdf_with_text("x"), "no digital signature"),
        "not a pdf": (b"GIF89a", "not a PDF"),
    }
    for case, (data, message) in refusals.items():
        response = client.post(url, {"file": pdf_upload(data)})
        assert response.status_code == 200, case
        errors = " ".join(response.context["upload_form"].errors["file"])
        assert message in errors, (case, errors)
        assert not SignedCopy.objects.filter(document=document).exists(), case
    response = client.post(url, {"file": pdf_upload(signed)})
    assert response.status_code == 302
    copy = SignedCopy.objects.get(document=document)
    assert (copy.origin, copy.signer_name, copy.recorded_by.username) == (
        "uploaded",
        "Phan Huy Ngọc",
        "hg.police",
    )


def test_a_signed_document_cannot_change_nor_be_signed_again(client_for, user_named, ca, chair):
    document = _decision().document
    client = client_for(user_named("hg.chair"))
    _sign_with_file(client, document, chair, pdf=pdf_upload(testca.pdf_with_text("x")))
    assert SignedCopy.objects.filter(document=document).exists()
    with pytest.raises(ValidationError) as refused:
        documents.document_update(
            user=user_named("hg.chair"),
            document=Document.objects.get(pk=document.pk),
            expected_version=None,
            title="Tiêu đề khác",
        )
    assert "register a new document that amends or replaces it" in str(refused.value)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'data-action="edit"' not in page and "signed digitally" in page
    edit = client.post(reverse("documents:edit", args=[document.pk]), {"title": "Khác"})
    assert edit.status_code in (400, 200)
    assert Document.objects.get(pk=document.pk).title == document.title
    again = client.get(_sign_url(document))
    assert again.status_code == 400
    response = client_for(user_named("hg.chair")).patch(
        f"/api/documents/{document.pk}/", {"title": "Khác"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "signed digitally" in response.json()["detail"]


def test_the_registry_and_the_api_mark_a_signed_decision(client_for, user_named, chair):
    decision = _decision()
    client = client_for(user_named("hg.chair"))
    api = client.get(f"/api/awards/decisions/{decision.pk}/").json()
    assert api["signed"] is False and api["signature"] is None
    _sign_with_file(client, decision.document, chair, pdf=pdf_upload(testca.pdf_with_text("x")))
    api = client.get(f"/api/awards/decisions/{decision.pk}/").json()
    assert api["signed"] is True
    assert api["signature"]["signer_name"] == "Nguyễn Văn Sơn"
    assert api["signature"]["certificate_issuer"] == "thidua Test Issuing CA"
    doc = client.get(f"/api/documents/{decision.document.pk}/").json()
    assert doc["signature"]["certificate_serial"] == format(chair.cert.serial_number, "X")
    listing = client.get(reverse("awards:decisions")).content.decode()
    row = next(line for line in listing.splitlines() if "901/QĐ-UBND" in line)
    assert "signed digitally" in row
    registry = client.get(reverse("documents:list"), {"q": "901/QĐ-UBND"}).content.decode()
    assert "signed digitally" in registry


def test_outsiders_cannot_sign_read_or_record_a_signed_copy(client_for, user_named, chair):
    decision = _decision()
    _sign_with_file(
        client_for(user_named("hg.chair")),
        decision.document,
        chair,
        pdf=pdf_upload(testca.pdf_with_text("x")),
    )
    other = _decision("902/QĐ-MTTQ").document
    urls = [
        reverse("signing:sign", args=[other.pk]),
        reverse("signing:upload", args=[other.pk]),
        reverse("signing:signed-pdf", args=[decision.document.pk]),
    ]
    for who in ("outsider", "moet.reporter", "ht.ubnd"):
        client = client_for(user_named(who))
        for url in urls:
            assert client.get(url).status_code in (403, 404), (who, url)
        assert client.post(urls[1], {"file": pdf_upload(b"%PDF-1.7")}).status_code in (403, 404)
    # A member of the front who reads its decision but does not approve there: refused.
    reader = client_for(user_named("hg.dongvan"))
    assert reader.get(reverse("signing:sign", args=[other.pk])).status_code in (403, 404)
    assert not SignedCopy.objects.filter(document=other).exists()


def test_the_verify_page_tells_a_good_copy_from_a_tampered_one(client_for, user_named, chair):
    decision = _decision()
    client = client_for(user_named("hg.chair"))
    _sign_with_file(client, decision.document, chair, pdf=pdf_upload(testca.pdf_with_text("Goc")))
    copy = SignedCopy.objects.get(document=decision.document)
    with copy.file.open("rb") as fh:
        signed = fh.read()
    reader = client_for(user_named("hg.dongvan"))  # any member may verify a file
    good = reader.post(reverse("signing:verify"), {"file": pdf_upload(signed)})
    assert good.context["verdict"].ok
    assert "The signature is valid" in good.content.decode()
    assert good.context["record"] is None  # hg.dongvan cannot read the decision itself
    own = client_for(user_named("hg.chair")).post(
        reverse("signing:verify"), {"file": pdf_upload(signed)}
    )
    assert own.context["record"] == copy
    bad = client_for(user_named("hg.dongvan")).post(
        reverse("signing:verify"), {"file": pdf_upload(signed.replace(b"Goc", b"Moi"))}
    )
    assert not bad.context["verdict"].ok
    assert "changed after it was signed" in bad.content.decode()
    assert client_for(user_named("outsider")).get(reverse("signing:verify")).status_code == 403
