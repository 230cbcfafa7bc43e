"""Regression tests: an upload that unpacks or decodes to far more than it weighs cannot
exhaust the server's memory or time (``thidua.core.uploads``).

The probe's case: a 30 kB .docx that unpacked to 10 MB of XML took 50 s of CPU and
224 MB before it was refused for its length. Memory is measured with ``tracemalloc`` (a
count of bytes, the same on a busy machine); time is bounded by what is read, which is
what these tests pin: a bomb is refused from the archive's directory before anything is
unpacked, and a long text is read only up to the character limit.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from openpyxl import Workbook

from thidua.core import uploads
from thidua.textimport.readers import ReadError, read_upload

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MB = 1024 * 1024


def _peak(fn: Callable[[], Any]) -> tuple[Any, int]:
    """``fn()``'s result (or the exception it raised) and the peak of memory it took."""
    tracemalloc.start()
    try:
        try:
            result: Any = fn()
        except Exception as exc:  # the refusal is the result under test
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _docx_with(document_xml: bytes) -> bytes:
    """A real .docx whose body is replaced by ``document_xml``."""
    base = io.BytesIO()
    docx.Document().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = document_xml if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item.filename, data)
    return out.getvalue()


def _body(paragraph: bytes, times: int) -> bytes:
    return b"<w:document %s><w:body>%s</w:body></w:document>" % (W.encode(), paragraph * times)


def test_a_docx_that_unpacks_to_10_mb_is_refused_from_its_directory(settings):
    settings.THIDUA_IMPORT_MAX_CHARS = 200_000
    bomb = _docx_with(_body(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", 10 * MB // 34))
    assert len(bomb) < 100 * 1024  # it weighs little
    result, peak = _peak(lambda: read_upload(bomb, "bom.docx"))
    assert isinstance(result, ReadError)
    assert "bom.docx" in str(result) and "Split the text" in str(result)
    assert peak < 2 * MB  # nothing was unpacked


def test_a_docx_under_the_size_cap_is_read_only_up_to_the_character_limit(settings):
    settings.THIDUA_IMPORT_MAX_CHARS = 200_000
    # 5 MB of XML holding 1.2 M characters of text: within the size cap (32 bytes a
    # character), six times the character limit.
    paragraph = b"<w:p><w:r><w:t>" + b"x" * 399 + b"</w:t></w:r></w:p>"
    data = _docx_with(_body(paragraph, 3000))
    result, peak = _peak(lambda: read_upload(data, "long.docx"))
    assert isinstance(result, ReadError)
    assert "more than 200,000 characters" in str(result)
    # Streamed and stopped at the limit: far less than the 1.2 M characters it holds
    # (a parse of the whole part took ten times its size).
    assert peak < 3 * MB


def test_a_docx_with_an_entity_bomb_expands_nothing(settings):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10)
            for i in range(8)
        )
        + b"]>"
    )
    xml = laughs + _body(b"<w:p><w:r><w:t>&i;</w:t></w:r></w:p>", 1)
    result, peak = _peak(lambda: read_upload(_docx_with(xml), "laughs.docx"))
    # Refused as holding no text or as damaged: never 10^9 characters.
    assert isinstance(result, ReadError) and "laughs.docx" in str(result)
    assert peak < 5 * MB


def test_a_real_docx_still_reads_its_paragraphs_and_tables_in_order():
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "1"
    inner = table.rows[0].cells[1].add_table(rows=1, cols=1)
    inner.rows[0].cells[0].text = "lồng"
    table.rows[0].cells[1].paragraphs[0].text = "Rà soát"
    d.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    d.save(buf)
    lines = read_upload(buf.getvalue(), "plan.docx").text.split("\n")
    assert lines == ["KẾ HOẠCH", "1\tRà soát", "lồng", "Nơi nhận:"]


def _xlsx_with(part: str, data: bytes) -> bytes:
    base = io.BytesIO()
    Workbook().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        dst.writestr(part, data)
    return out.getvalue()


def test_a_workbook_whose_shared_strings_unpack_past_the_cap_is_refused_unread():
    bomb = _xlsx_with("xl/sharedStrings.xml", b" " * (uploads.WORKBOOK_MAX_WHOLE_PART + 1))
    result, peak = _peak(lambda: uploads.open_workbook(bomb))
    assert isinstance(result, uploads.UploadRefused)
    assert "xl/sharedStrings.xml" in str(result)
    assert peak < 2 * MB


def test_a_workbook_that_unpacks_past_64_mb_is_refused_by_the_people_import():
    from django.core.exceptions import ValidationError

    from thidua.accounts.services.people_import import _rows

    bomb = _xlsx_with("xl/worksheets/sheet9.xml", b" " * (uploads.WORKBOOK_MAX_UNPACKED + 1))
    with pytest.raises(ValidationError, match="unpacks to 64 MB"):
        _rows(bomb)


def test_an_8_bit_text_longer_than_the_limit_is_refused_before_it_is_scanned(settings):
    settings.THIDUA_IMPORT_MAX_CHARS = 1000
    data = "แผนงานประจำปี ".encode("tis-620") * 300  # 4,200 bytes of 8-bit Thai
    with pytest.raises(ReadError, match="more than 1,000 characters"):
        read_upload(data, "long.txt")
    utf8 = ("Kế hoạch " * 500).encode("utf-8")  # 5,500 bytes: past 4 bytes a character
    with pytest.raises(ReadError, match="more than 1,000 characters"):
        read_upload(utf8, "thai.txt")


def test_text_inside_nested_tables_counts_towards_the_limit_as_it_is_read(settings):
    settings.THIDUA_IMPORT_MAX_CHARS = 20_000
    cell = b"<w:tc><w:p><w:r><w:t>" + b"y" * 99 + b"</w:t></w:r></w:p></w:tc>"
    inner = b"<w:tbl>" + (b"<w:tr>" + cell + b"</w:tr>") * 400 + b"</w:tbl>"  # 40,000
    outer = b"<w:tbl><w:tr><w:tc><w:p/>" + inner + b"</w:tc></w:tr></w:tbl>"
    with pytest.raises(ReadError, match="more than 20,000 characters"):
        read_upload(_docx_with(_body(outer, 1)), "nested.docx")


def test_tables_nested_past_five_deep_keep_the_outer_cells_whole():
    def nest(depth: int) -> bytes:
        inner = b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>" if depth == 0 else nest(depth - 1)
        return b"<w:tbl><w:tr><w:tc>" + inner + b"</w:tc></w:tr></w:tbl>"

    outer = (
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>first</w:t></w:r></w:p>"
        + nest(8)
        + b"<w:p><w:r><w:t>after</w:t></w:r></w:p></w:tc>"
        + b"<w:tc><w:p><w:r><w:t>second</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    lines = read_upload(_docx_with(_body(outer, 1)), "nested.docx").text.split("\n")
    # The outer row keeps its two cells, the text of its first one whole.
    assert lines[0].split("\t") == ["first after", "second"]
