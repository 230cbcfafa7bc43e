"""A certificate authority made on the spot, for the tests and the demo: never for
production, where certificates come from a licensed provider under the national root CA.

It makes a root, an issuing CA under it (as real chains have), signing certificates for
named officers (key usage: digital signature and non-repudiation, as PAdES requires), a
time-stamping certificate, PKCS#12 files, and loads a key and its certificate onto a
PKCS#11 token (Debian's SoftHSM2, a real token module).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def _name(common: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


@dataclass
class Issued:
    """A certificate with its private key (PEM and DER at hand)."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: list[x509.Certificate] = field(default_factory=list)

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def pkcs12(self, passphrase: str, *, name: str = "") -> bytes:
        """The key, its certificate and the chain in one PKCS#12 file, as a provider ships."""
        return pkcs12.serialize_key_and_certificates(
            (name or "thidua").encode(),
            self.key,
            self.cert,
            self.chain or None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )


class TestCA:
    """A root CA and an issuing CA under it."""

    def __init__(self, *, name: str = "thidua Test Root CA", now: dt.datetime | None = None):
        self.now = now or dt.datetime.now(dt.UTC)
        key = _key()
        subject = _name(name)
        self.root = Issued(
            self._build(subject, subject, key.public_key(), key, ca=True, years=20), key
        )
        sub_key = _key()
        self.issuing = Issued(
            self._build(
                _name(name.replace("Root", "Issuing")),
                subject,
                sub_key.public_key(),
                key,
                ca=True,
                years=10,
            ),
            sub_key,
            [self.root.cert],
        )

    def _build(
        self,
        subject: x509.Name,
        issuer: x509.Name,
        public_key: rsa.RSAPublicKey,
        signing_key: rsa.RSAPrivateKey,
        *,
        ca: bool,
        years: int = 2,
        days: int | None = None,
        not_before: dt.datetime | None = None,
        extended: list[x509.ObjectIdentifier] | None = None,
    ) -> x509.Certificate:
        start = not_before or (self.now - dt.timedelta(days=1))
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=days if days is not None else 365 * years))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
                critical=False,
            )
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=not ca and not extended,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
        )
        if extended:
            builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=True)
        return builder.sign(signing_key, hashes.SHA256())

    def signer(
        self,
        common_name: str,
        organisation: str = "",
        *,
        days: int = 730,
        not_before: dt.datetime | None = None,
    ) -> Issued:
        """A signing certificate for an officer (or a body's seal)."""
        key = _key()
        cert = self._build(
            _name(common_name, organisation),
            self.issuing.cert.subject,
            key.public_key(),
            self.issuing.key,
            ca=False,
            days=days,
            not_before=not_before,
        )
        return Issued(cert, key, [self.issuing.cert, self.root.cert])

    def time_stamping(self) -> Issued:
        key = _key()
        cert = self._build(
            _name("thidua Test TSA"),
            self.issuing.cert.subject,
            key.public_key(),
            self.issuing.key,
            ca=False,
            extended=[ExtendedKeyUsageOID.TIME_STAMPING],
        )
        return Issued(cert, key, [self.issuing.cert, self.root.cert])


# ---- a PKCS#11 token (SoftHSM2) -------------------------------------------------------


SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


def softhsm_module() -> str | None:
    """The SoftHSM2 PKCS#11 module, where Debian's ``softhsm2`` package put it."""
    found = os.environ.get("SOFTHSM2_MODULE")
    if found and Path(found).exists():
        return found
    return next((m for m in SOFTHSM_MODULES if Path(m).exists()), None)


@dataclass
class Token:
    module: str
    label: str
    pin: str
    key_label: str
    config: Path


def softhsm_token(
    directory: Path, issued: Issued, *, label: str = "thidua-test", pin: str = "123456"
) -> Token:
    """A fresh SoftHSM2 token in ``directory`` holding ``issued``'s key and certificate.

    Sets ``SOFTHSM2_CONF`` for this process (the module reads it when loaded), so call it
    before the module is first opened.
    """
    module = softhsm_module()
    util = shutil.which("softhsm2-util")
    if module is None or util is None:
        raise RuntimeError("SoftHSM2 is not installed: apt-get install softhsm2")
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    config = directory / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(config)}
    os.environ["SOFTHSM2_CONF"] = str(config)
    run = {"env": env, "check": True, "capture_output": True}
    subprocess.run(
        [util, "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", pin + "0"],
        **run,  # type: ignore[arg-type]
    )
    with tempfile.NamedTemporaryFile(suffix=".pem", dir=directory, delete=False) as fh:
        fh.write(issued.key_pem)
    try:
        command = [util, "--import", fh.name, "--token", label, "--label", "signing"]
        subprocess.run(
            [*command, "--id", "01", "--pin", pin],
            **run,  # type: ignore[arg-type]
        )
    finally:
        Path(fh.name).unlink()
    _store_certificate(module, label, pin, issued)
    return Token(module=module, label=label, pin=pin, key_label="signing", config=config)


def _store_certificate(module: str, label: str, pin: str, issued: Issued) -> None:
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(module)
    token = lib.get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        # The signer's certificate beside its key (same id), then the chain, as tokens
        # from a provider hold it.
        certs = [("signing", b"\x01", issued.cert)] + [
            (f"ca-{n}", bytes([0x10 + n]), c) for n, c in enumerate(issued.chain)
        ]
        for cert_label, cert_id, cert in certs:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: cert_label,
                    Attribute.ID: cert_id,
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )


# ---- a PDF without an office suite ----------------------------------------------------


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF (A4, Helvetica) written by hand, with a correct cross-reference."""
    content = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
