"""PAdES signatures (ETSI EN 319 142) on thidua's PDF files, and their verification.

Signing goes through a ``Credential``: something that holds a key and its certificate and
opens a pyHanko signer for one signature. Two kinds exist — a PKCS#12 file brought by the
officer for this one signature (its passphrase is never stored), and a key on a PKCS#11
token the server can reach (an HSM, or a USB token on the signing machine; the PIN is
typed for each signature). A remote signing service (a CSC-style API, such as the
providers' "ký số từ xa") is a third ``Credential`` whose ``open`` returns a signer that
sends the digest to the service: nothing else changes.

Verification trusts only the roots configured in ``THIDUA_SIGNING_TRUST_ROOTS`` (the
national root CA in production, a test CA in the tests), never the roots a PDF carries.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

ACCEPTED_DIGESTS = frozenset({"sha256", "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512"})
SIGNATURE_FIELD = "Signature1"


T = TypeVar("T")


def _outside_event_loop(work: Callable[[], T]) -> T:
    """Run ``work`` (pyHanko's synchronous calls run an event loop of their own) here, or
    in a thread of its own when this thread already runs an event loop (an ASGI server, a
    browser driver), where a second loop may not start."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


class SigningError(Exception):
    """A signature could not be made; ``str()`` says why and what to do, ``field`` which
    input was wrong (the passphrase, the PIN), if one was."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Credential(Protocol):
    """Holds a signing key; ``open()`` yields a pyHanko ``Signer`` for one signature."""

    def open(self) -> contextlib.AbstractContextManager[Any]: ...


def _p12_message() -> str:
    return _(
        "The certificate file could not be opened: check that it is a .p12 or .pfx file "
        "and that the passphrase is right."
    )


@dataclass
class Pkcs12Credential:
    """A key and certificate in a PKCS#12 file (``.p12``/``.pfx``), with its passphrase."""

    data: bytes
    passphrase: str

    @contextlib.contextmanager
    def open(self) -> Iterator[Any]:
        from pyhanko.sign.signers import SimpleSigner

        try:
            signer = SimpleSigner.load_pkcs12_data(
                self.data, other_certs=(), passphrase=self.passphrase.encode()
            )
        except Exception as exc:  # wrong passphrase or not a PKCS#12 file
            raise SigningError(_p12_message(), field="passphrase") from exc
        if signer is None:
            raise SigningError(_p12_message(), field="passphrase")
        yield signer


@dataclass
class Pkcs11Credential:
    """A key on a PKCS#11 token (``module``: the token's library; ``label``: the token)."""

    module: str
    label: str
    pin: str
    key_label: str | None = None

    @contextlib.contextmanager
    def open(self) -> Iterator[Any]:
        from pkcs11 import PKCS11Error
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as hanko_pkcs11

        try:
            session = hanko_pkcs11.open_pkcs11_session(
                self.module, token_criteria=TokenCriteria(label=self.label), user_pin=self.pin
            )
        except PKCS11Error as exc:
            if _pin_problem(exc):
                raise SigningError(_token_message(exc), field="pin") from exc
            raise SigningError(
                _("The signing token “%(label)s” cannot be reached: check that it is plugged in.")
                % {"label": self.label},
                field="token",
            ) from exc
        except Exception as exc:  # module not loadable
            raise SigningError(
                _("The signing token “%(label)s” cannot be reached: check that it is plugged in.")
                % {"label": self.label}
            ) from exc
        try:
            yield hanko_pkcs11.PKCS11Signer(
                session,
                key_label=self.key_label or None,
                cert_label=self.key_label or None,
                key_id=None if self.key_label else b"\x01",
                cert_id=None if self.key_label else b"\x01",
                other_certs_to_pull=None,  # the chain, where the token holds it
            )
        finally:
            session.close()


def _pin_problem(exc: Exception) -> bool:
    return type(exc).__name__.startswith("Pin")


def _token_message(exc: Exception) -> str:
    if type(exc).__name__ in {"PinIncorrect", "PinInvalid", "PinLenRange"}:
        return _("The PIN is not right for this token. Type it again (tokens lock after a few).")
    if type(exc).__name__ == "PinLocked":
        return _("This token is locked after too many wrong PINs: ask its provider to unlock it.")
    return _(
        "The signing token refused to sign. Take it out, plug it in again and try once more; "
        "if it still refuses, ask its provider."
    )


def sign_pdf(
    pdf: bytes,
    credential: Credential,
    *,
    reason: str = "",
    location: str = "",
    timestamp_url: str | None = None,
) -> bytes:
    """``pdf`` with one PAdES signature (SHA-256; B-T when a timestamp server is set)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    url = timestamp_url if timestamp_url is not None else settings.THIDUA_TSA_URL
    with credential.open() as signer:
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        except Exception as exc:
            raise SigningError(_("This file is not a PDF that can be signed.")) from exc
        meta = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None,
            location=location or None,
        )
        try:
            out = _outside_event_loop(
                lambda: signers.sign_pdf(
                    writer,
                    meta,
                    signer=signer,
                    timestamper=HTTPTimeStamper(url) if url else None,
                )
            )
        except SigningError:
            raise
        except Exception as exc:
            if "timestamp" in type(exc).__name__.lower() or "Timestamp" in str(exc):
                raise SigningError(
                    _(
                        "The timestamp server did not answer: try again, or ask the "
                        "administrator to check the timestamp server."
                    )
                ) from exc
            if type(exc).__module__.startswith("pkcs11"):
                raise SigningError(_token_message(exc)) from exc
            raise SigningError(
                _("The signature could not be made: %(reason)s") % {"reason": exc}
            ) from exc
    return out.getvalue()


# ---- verification ---------------------------------------------------------------------


@dataclass
class Certificate:
    """What a page shows of a certificate: names, never raw encodings."""

    subject: str
    common_name: str
    organisation: str
    issuer: str
    serial: str
    sha256: str
    valid_from: dt.datetime
    valid_until: dt.datetime


@dataclass
class Verification:
    """The verdict on a PDF's signatures; ``ok`` only if every check passed."""

    problems: list[str] = field(default_factory=list)
    certificate: Certificate | None = None
    signed_at: dt.datetime | None = None
    timestamped_at: dt.datetime | None = None
    digest: str = ""
    signatures: int = 0
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.certificate is not None


def _name_part(name: Any, key: str) -> str:
    try:
        return str(name.native.get(key, "") or "")
    except Exception:
        return ""


def _describe(cert: Any) -> Certificate:
    return Certificate(
        subject=cert.subject.human_friendly,
        common_name=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        issuer=_name_part(cert.issuer, "common_name") or cert.issuer.human_friendly,
        serial=format(cert.serial_number, "X"),
        sha256=hashlib.sha256(cert.dump()).hexdigest().upper(),
        valid_from=cert.not_valid_before,
        valid_until=cert.not_valid_after,
    )


def trust_roots() -> list[Any]:
    """The configured roots (PEM or DER files), as certificate objects."""
    from pyhanko.keys import load_certs_from_pemder

    paths = [p for p in settings.THIDUA_SIGNING_TRUST_ROOTS if p]
    found = [str(Path(p)) for p in paths if Path(p).is_file()]
    return list(load_certs_from_pemder(found)) if found else []


def verify_pdf(data: bytes, *, roots: list[Any] | None = None) -> Verification:
    """Verify every signature of ``data``: intact, by a certificate that chains to a
    configured root, valid at signing time, SHA-256 or better, and — for the last one —
    covering the whole file (nothing added after signing)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    result = Verification(sha256=hashlib.sha256(data).hexdigest())
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:
        result.problems.append(_("This file is not a PDF, or it is damaged."))
        return result
    result.signatures = len(embedded)
    if not embedded:
        result.problems.append(_("This PDF carries no digital signature."))
        return result
    roots = trust_roots() if roots is None else roots
    if not roots:
        result.problems.append(
            _(
                "No trusted root certificate is configured on this server, so no signature "
                "can be trusted: ask the administrator to set SIGNING_TRUST_ROOTS."
            )
        )
    fetch = bool(settings.THIDUA_SIGNING_FETCH_REVOCATION)
    for index, signature in enumerate(embedded):
        context = ValidationContext(
            trust_roots=roots,
            allow_fetching=fetch,
            revocation_mode="hard-fail" if fetch else "soft-fail",
        )
        try:
            status = _outside_event_loop(
                lambda s=signature, c=context: validate_pdf_signature(s, c)
            )
        except Exception as exc:
            result.problems.append(_("A signature could not be read: %(reason)s") % {"reason": exc})
            continue
        last = index == len(embedded) - 1
        if last:
            result.certificate = _describe(status.signing_cert)
            result.signed_at = status.signer_reported_dt
            result.digest = status.md_algorithm
            if status.timestamp_validity is not None:
                result.timestamped_at = status.timestamp_validity.timestamp
        if not (status.intact and status.valid):
            result.problems.append(
                _(
                    "The document was changed after it was signed: its content no longer "
                    "matches the signature. Ask the signer for the original file."
                )
            )
            continue
        if status.md_algorithm not in ACCEPTED_DIGESTS:
            result.problems.append(
                _("The signature uses %(digest)s, which is no longer accepted: SHA-256 or better.")
                % {"digest": status.md_algorithm}
            )
        if roots and not status.trusted:
            result.problems.append(
                _(
                    "The signer's certificate (%(name)s, issued by %(issuer)s) does not chain "
                    "to a trusted root certificate, or was not valid when the document was "
                    "signed."
                )
                % {
                    "name": _name_part(status.signing_cert.subject, "common_name"),
                    "issuer": _name_part(status.signing_cert.issuer, "common_name"),
                }
            )
        if last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            result.problems.append(
                _(
                    "Something was added to the file after the last signature: only the "
                    "file exactly as signed is accepted."
                )
            )
    return result
