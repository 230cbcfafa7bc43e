"""Word to PDF, as an office suite prints it: LibreOffice headless (Debian's
``libreoffice-writer-nogui``), one private profile per run so that runs do not wait on
each other, bounded in time. The PDF's fonts are checked to be embedded, so that a
printer or a recipient without Times New Roman sees the same page.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

PDF_MIME = "application/pdf"


class PdfError(Exception):
    """The PDF could not be made; ``str()`` says why and what to do, in the user's language."""


def soffice_path() -> str | None:
    return shutil.which(getattr(settings, "THIDUA_SOFFICE", "") or "soffice")


def docx_to_pdf(data: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF of a Word file, or ``PdfError`` (LibreOffice missing, failed or too slow)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfError(
            _(
                "This server cannot make PDF files (LibreOffice is not installed). Download "
                "the Word file instead, or ask the administrator to install "
                "libreoffice-writer-nogui."
            )
        )
    limit = timeout or getattr(settings, "THIDUA_PDF_TIMEOUT", 120)
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=limit, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(
                _("Making the PDF took longer than %(seconds)s seconds. Try again later.")
                % {"seconds": int(limit)}
            ) from exc
        out = work / "document.pdf"
        if not out.exists() or out.stat().st_size == 0:
            raise PdfError(
                _("LibreOffice could not turn this document into a PDF. Download the Word file.")
            )
        return out.read_bytes()


def fonts_not_embedded(pdf: bytes) -> list[str]:
    """Names of the fonts the PDF uses without carrying them (empty: all embedded)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    missing: set[str] = set()
    for page_no in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(page_no)[0].get_object()
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF itself
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont", "?")).lstrip("/"))
    return sorted(missing)
