"""The one way a page hands out a file: its name kept as the officer reads it.

A file name such as ``902/QĐ-MTTQ`` is not ASCII, and an HTTP header is: Django would
send it MIME-encoded (RFC 2047), which no browser reads in ``Content-Disposition``, so
the browser fell back to the last part of the address (``list.xlsx``). The header is
written per RFC 6266: ``filename*=UTF-8''…`` (RFC 5987, percent-encoded UTF-8), which
every current browser prefers, and an ASCII ``filename="…"`` (accents dropped, Đ as D)
for the others.
"""

from __future__ import annotations

import re
import unicodedata
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

# Characters no file system keeps in a name (and the separators of a path), control
# characters included: each becomes a hyphen ("902/QĐ-MTTQ" → "902-QĐ-MTTQ").
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
# RFC 5987 attr-char, besides letters and digits (which ``quote`` always keeps).
_ATTR_CHARS = "!#$&+-.^_`|~"
MAX_NAME = 150


def file_name(name: str, *, fallback: str = "file") -> str:
    """``name`` made fit to save: one line, no path separator nor character a file system
    refuses, at most ``MAX_NAME`` characters before the extension, never empty."""
    name = unicodedata.normalize("NFC", name or "")
    name = _SPACES.sub(" ", _NOT_IN_NAMES.sub("-", name)).strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext.isalnum() or len(ext) > 8:
        stem, ext = name, ""
    stem = stem[:MAX_NAME].strip(" .-") or fallback
    return f"{stem}.{ext}" if ext else stem


def ascii_name(name: str) -> str:
    """The ASCII fallback of a file name: accents dropped, Đ as D, the rest as hyphens."""
    plain = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"[^A-Za-z0-9 ._()+,=@#&!~-]+", "-", plain)
    return re.sub(r"-{2,}", "-", plain).strip(" -") or "file"


def content_disposition(name: str, *, attachment: bool = True) -> str:
    """The ``Content-Disposition`` header of a file called ``name`` (RFC 6266)."""
    name = file_name(name)
    kind = "attachment" if attachment else "inline"
    fallback = ascii_name(name)
    if fallback == name:
        return f'{kind}; filename="{name}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe=_ATTR_CHARS)}"


def download(data: bytes, *, name: str, content_type: str) -> HttpResponse:
    """A file made on the spot (an export), to be saved as ``name``."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    return response


# Types a browser runs or renders with scripts: an uploaded file of these is served as
# plain bytes, so that even a browser that ignores "attachment" never runs it on our origin.
ACTIVE_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-shockwave-flash",
)


def file_download(handle: IO[bytes], *, name: str) -> FileResponse:
    """A stored file (an attachment), streamed, to be saved as ``name``, never of a type
    a browser would run (``ACTIVE_TYPES``)."""
    response = FileResponse(handle, as_attachment=True, filename=file_name(name))
    response["Content-Disposition"] = content_disposition(name)
    if response["Content-Type"].split(";")[0].strip().lower() in ACTIVE_TYPES:
        response["Content-Type"] = "application/octet-stream"
    return response
