"""Demo signing: a test CA of the demo's own (never a real one), certificate files for
the officers who sign decisions in the tour, and one decision signed already.

Files go to ``settings.DEMO_SIGNING_DIR`` (``var/demo-signing``): ``root-ca.pem`` (the
root the demo trusts when ``SIGNING_TRUST_ROOTS`` is not set) and ``<name>.p12``
(passphrase ``thidua-demo``). Idempotent: an existing CA is kept.

Decision 903/QĐ-CAT is signed as offices do it today: its signer, the director, signs
the PDF on his own token (here: his certificate file) and the police office (login
``hg.police``) sends the signed file back to thidua, which verifies and keeps it.
Decision 901/QĐ-UBND is left for the tour: ``hg.chair`` signs it in thidua with
``hg.chair.p12``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from thidua.core.pdf import soffice_path

PASSPHRASE = "thidua-demo"
# file name: (name on the certificate, organisation)
CERTIFICATES = {
    "hg.chair": ("Nguyễn Văn Sơn", "Ủy ban nhân dân tỉnh Hà Giang"),
    "hg.front": ("Hoàng Seo Con", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Giang"),
    "phan-huy-ngoc": ("Phan Huy Ngọc", "Công an tỉnh Hà Giang"),
}
SIGNED_ALREADY = ("903/QĐ-CAT", "phan-huy-ngoc", "hg.police")


def load() -> None:
    from thidua.signing.testca import TestCA

    folder = Path(settings.DEMO_SIGNING_DIR)
    root = folder / "root-ca.pem"
    if not root.exists():
        folder.mkdir(parents=True, exist_ok=True)
        ca = TestCA(name="thidua Demo Root CA")
        for stem, (name, organisation) in CERTIFICATES.items():
            issued = ca.signer(name, organisation)
            (folder / f"{stem}.p12").write_bytes(issued.pkcs12(PASSPHRASE, name=stem))
        root.write_bytes(ca.root.cert_pem)
    _signed_elsewhere(folder, root)


def _signed_elsewhere(folder: Path, root: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.core.pdf import docx_to_pdf
    from thidua.documents.models import Document
    from thidua.signing import services
    from thidua.signing.pades import Pkcs12Credential, sign_pdf

    symbol, certificate, login = SIGNED_ALREADY
    document = Document.objects.filter(symbol=symbol).first()
    trusted = str(root) in settings.THIDUA_SIGNING_TRUST_ROOTS
    if document is None or hasattr(document, "signed_copy") or not trusted or not soffice_path():
        return  # no such decision, signed already, demo CA not trusted, or no LibreOffice
    office = get_user_model().objects.get(username=login)
    word = services.printed_word(user=office, document=document)
    assert word is not None
    signed = sign_pdf(
        docx_to_pdf(word),
        Pkcs12Credential((folder / f"{certificate}.p12").read_bytes(), PASSPHRASE),
        reason="Ban hành quyết định",
        location=document.place,
        timestamp_url="",
    )
    upload = SimpleUploadedFile("903-QD-CAT-da-ky.pdf", signed, "application/pdf")
    services.document_record_signed(user=office, document=document, upload=upload)
