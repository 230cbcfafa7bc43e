"""Signing fixtures: a test CA made for the session, trusted in every test of this
package; a SoftHSM2 token (a real PKCS#11 module) holding an officer's key; a local
RFC 3161 timestamp server; a small PDF made without LibreOffice."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from thidua.core.pdf import soffice_path
from thidua.core.testing import loaded_once_per_module
from thidua.signing import testca

_demo = loaded_once_per_module(("emulation", "awards"))
CHAIR = ("Nguyễn Văn Sơn", "Ủy ban nhân dân tỉnh Hà Giang")


def _required(variable: str, what: str, install: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{what} is required ({variable}=1) but was not found: {install}")
    pytest.skip(f"{what} is not installed")


@pytest.fixture
def s_demo(db, _demo):
    """The awards demo (decisions 901/QĐ-UBND, 903/QĐ-CAT) on the base demo."""


@pytest.fixture(scope="session")
def ca(tmp_path_factory) -> testca.TestCA:
    authority = testca.TestCA()
    folder = tmp_path_factory.mktemp("ca")
    (folder / "root.pem").write_bytes(authority.root.cert_pem)
    authority.root_file = folder / "root.pem"  # type: ignore[attr-defined]
    return authority


@pytest.fixture(autouse=True)
def trusted(settings, ca) -> None:
    settings.THIDUA_SIGNING_TRUST_ROOTS = [str(ca.root_file)]
    settings.THIDUA_TSA_URL = ""
    settings.THIDUA_PKCS11_MODULE = ""


@pytest.fixture(scope="session")
def chair(ca) -> testca.Issued:
    """The certificate of the chair of Hà Giang's People's Committee (login hg.chair)."""
    return ca.signer(*CHAIR)


@pytest.fixture
def soffice() -> None:
    if soffice_path() is None:
        _required(
            "THIDUA_REQUIRE_SOFFICE", "LibreOffice", "apt-get install libreoffice-writer-nogui"
        )


@pytest.fixture(scope="session")
def token(tmp_path_factory, chair) -> testca.Token:
    if testca.softhsm_module() is None or shutil.which("softhsm2-util") is None:
        _required("THIDUA_REQUIRE_SOFTHSM", "SoftHSM2", "apt-get install softhsm2")
    return testca.softhsm_token(tmp_path_factory.mktemp("softhsm"), chair, label="UBND-HG")


@pytest.fixture(scope="session")
def tsa(ca) -> Iterator[str]:
    """A timestamp server on 127.0.0.1 (RFC 3161 over HTTP), its certificate from the CA."""
    from asn1crypto import keys, tsp, x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    issued = ca.time_stamping()
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(issued.cert_der),
        tsa_key=keys.PrivateKeyInfo.load(
            issued.key.private_bytes(
                testca.serialization.Encoding.DER,
                testca.serialization.PrivateFormat.PKCS8,
                testca.serialization.NoEncryption(),
            )
        ),
        certs_to_embed=[
            x509.Certificate.load(c.public_bytes(testca.serialization.Encoding.DER))
            for c in issued.chain
        ],
    )
    served: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            served.append(len(reply))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
