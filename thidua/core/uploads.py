"""Reading the archives officers upload (.docx, .xlsx: both are zip files) with bounded
memory and time, whatever the file claims.

A zip can hold far more than it weighs: a 30 kB ``.docx`` unpacked to 10 MB of XML and
took 50 s of CPU and 224 MB before the text import refused it for its length, and the
limit then allowed 400 MB. The rules, in this one place:

- every member's unpacked size is read from the archive's directory before anything is
  unpacked, and an archive whose members, or whose parts a reader loads whole, unpack
  past the reader's cap is refused with a message that says so (``check_archive``);
- Python's ``zipfile`` never yields more than a member's declared size (a member that
  lies fails its checksum), so the declared sizes bound what is unpacked;
- a member that is read as a stream is read through ``BoundedStream``, which stops at a
  cap of its own, so a reader can stop at its limit instead of after the whole file.

Readers: ``thidua.textimport.readers`` (Word: only ``word/document.xml`` is read, as a
stream, and reading stops at the character limit), ``thidua.reporting.excel`` and
``thidua.accounts.services.people_import`` (workbooks, ``open_workbook``).
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from django.utils.translation import gettext as _

MB = 1024 * 1024
# A workbook: openpyxl (read-only) loads the shared strings, styles and workbook parts
# whole and streams the sheets; a report or a list of 5,000 people is well under 5 MB.
WORKBOOK_MAX_UNPACKED = 64 * MB
WORKBOOK_MAX_WHOLE_PART = 16 * MB


class UploadRefused(ValueError):
    """An upload that is not read; ``str(exc)`` is the message for the officer."""


def members(data: bytes) -> list[zipfile.ZipInfo]:
    """The archive's directory, or a refusal when ``data`` is not a readable zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadRefused(_("The file is damaged and cannot be opened.")) from exc


def check_archive(
    infos: list[zipfile.ZipInfo], *, total: int, whole: int, streamed: tuple[str, ...] = ()
) -> None:
    """Refuse an archive that unpacks past ``total`` bytes, or one of whose members not
    in ``streamed`` (name prefixes read as streams) unpacks past ``whole`` bytes."""
    unpacked = sum(i.file_size for i in infos)
    if unpacked > total:
        raise UploadRefused(
            _("The file unpacks to %(size)d MB, more than the %(limit)d MB thidua reads.")
            % {"size": unpacked // MB, "limit": total // MB}
        )
    for info in infos:
        if info.file_size > whole and not info.filename.startswith(streamed):
            raise UploadRefused(
                _("A part of the file (%(part)s) unpacks to more than %(limit)d MB.")
                % {"part": info.filename[:80], "limit": whole // MB}
            )


class BoundedStream(io.RawIOBase):
    """A readable stream that refuses to give more than ``limit`` bytes of ``raw``;
    ``consumed`` says how many it gave."""

    def __init__(self, raw: IO[bytes], limit: int, message: str) -> None:
        self.raw = raw
        self.limit = limit
        self.message = message
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.raw.read(min(len(buffer), 64 * 1024))
        self.consumed += len(chunk)
        if self.consumed > self.limit:
            raise UploadRefused(self.message)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def open_workbook(data: bytes) -> Any:
    """An .xlsx as an openpyxl read-only workbook (values as last computed), within the
    workbook caps; a refusal for a damaged file or a bomb."""
    from openpyxl import load_workbook

    not_a_workbook = _("This is not an Excel workbook (.xlsx) or it is damaged.")
    try:
        infos = members(data)
    except UploadRefused:
        raise UploadRefused(not_a_workbook) from None
    # Sheets are streamed (and every reader stops at its row limit); the rest is whole.
    check_archive(
        infos,
        total=WORKBOOK_MAX_UNPACKED,
        whole=WORKBOOK_MAX_WHOLE_PART,
        streamed=("xl/worksheets/",),
    )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UploadRefused(not_a_workbook) from exc
