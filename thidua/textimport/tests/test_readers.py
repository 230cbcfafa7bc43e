"""Readers: any bytes give text or a clear ReadError naming the file, never a crash."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.textimport.readers import ReadError, read_pasted, read_upload

VI = "Kế hoạch số 92/KH-BCĐNQ ngày 22 tháng 10 năm 2023 của tỉnh Bắc Giang về việc tuyên truyền"
TH = "แผนงานที่ 92/KH-BCDNQ ของจังหวัดบั๊กซาง ลงวันที่ 22 ตุลาคม พ.ศ. 2566 เรื่องการโฆษณา"


def _cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters with combining tone marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def _docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.rows[r].cells[c].text = value
    d.add_paragraph("after the table")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (VI.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + VI.encode("utf-8"), "utf-8-sig"),
        (VI.encode("utf-16"), "utf-16"),
        (VI.encode("utf-16-le"), "utf-16-le"),
        (TH.encode("utf-16-be"), "utf-16-be"),
        (TH.encode("tis-620"), "tis-620"),
        (_cp1258(VI), "cp1258"),
    ],
)
def test_text_files_in_the_usual_encodings_are_decoded(data, encoding):
    result = read_upload(data, "plan.txt")
    assert result.encoding == encoding
    assert result.text in (VI, TH)


def test_mixed_scripts_survive_as_they_are():
    text = f"{VI}\n{TH}\nPlan 92 of Bac Giang, 2023."
    assert read_upload(text.encode(), "mixed.txt").text == text


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.txt", "holds no text"),
        (b"   \n\t ", "blank.txt", "holds no text"),
        (bytes(range(256)) * 4, "image.txt", "binary"),
        (b"%PDF-1.7 ...", "scan.txt", "not a plain-text"),
        (b"PK\x03\x04garbage", "broken.docx", "damaged"),
        (b"hello", "notes.docx", "not a Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc", "old Word"),
        (b"x", "sheet.xlsx", "only .txt and .docx"),
    ],
)
def test_bad_files_get_a_clear_message_naming_the_file(data, name, words):
    with pytest.raises(ReadError) as exc:
        read_upload(data, name)
    assert name in str(exc.value) and words in str(exc.value)


def test_a_file_over_the_limit_is_refused_before_reading(settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ReadError, match="the limit is"):
        read_upload(b"a" * 1001, "big.txt")
    with pytest.raises(ReadError, match="the limit is"):
        read_pasted("ế" * 600)


def test_a_text_too_long_to_extract_is_refused_with_advice(settings):
    settings.THIDUA_IMPORT_MAX_CHARS = 100
    with pytest.raises(ReadError, match="Split the text"):
        read_upload(b"a" * 101, "long.txt")


def test_a_docx_gives_paragraphs_and_tables_in_order():
    data = _docx(
        "Kế hoạch 92/KH-BCĐNQ", "Nhiệm vụ:", table=[["Đơn vị", "Việc"], ["Công an", "số liệu"]]
    )
    text = read_upload(data, "plan.docx").text
    assert text.split("\n") == [
        "Kế hoạch 92/KH-BCĐNQ",
        "Nhiệm vụ:",
        "Đơn vị\tViệc",
        "Công an\tsố liệu",
        "after the table",
    ]


def test_a_zip_that_is_not_a_docx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="not a Word"):
        read_upload(buf.getvalue(), "archive.docx")


def test_a_truncated_docx_is_refused():
    data = _docx(VI)
    with pytest.raises(ReadError, match=r"truncated\.docx"):
        read_upload(data[: len(data) // 2], "truncated.docx")


def test_a_docx_with_broken_xml_is_refused():
    src = zipfile.ZipFile(io.BytesIO(_docx(VI)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            out.writestr(info, body)
    with pytest.raises(ReadError, match="cannot be read as a Word file"):
        read_upload(buf.getvalue(), "xml.docx")


def test_an_empty_docx_says_it_holds_no_text():
    d = docx.Document()
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(ReadError, match="holds no text"):
        read_upload(buf.getvalue(), "empty.docx")


@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.docx", "a", "a.doc"]))
@settings(max_examples=400, deadline=None)
def test_any_bytes_give_text_or_a_read_error(data, name):
    try:
        result = read_upload(data, name)
    except ReadError as exc:
        assert str(exc)
    else:
        assert isinstance(result.text, str) and result.text.strip()


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_corrupting_a_real_docx_never_crashes(noise):
    data = bytearray(_docx(VI, TH))
    for i, b in enumerate(noise):
        data[(i * 7919) % len(data)] = b
    try:
        result = read_upload(bytes(data), "noisy.docx")
    except ReadError as exc:
        assert "noisy.docx" in str(exc)
    else:
        assert isinstance(result.text, str) and result.text.strip()


def _blank_once_cleaned(text: str) -> bool:
    """Nothing but white space, NULs and lone surrogates (which a paste drops)."""
    return all(c.isspace() or c == "\x00" or "\ud800" <= c <= "\udfff" for c in text)


@given(st.text(max_size=500))
@settings(max_examples=200, deadline=None)
def test_a_paste_is_refused_exactly_when_it_holds_no_text(text):
    if _blank_once_cleaned(text):
        with pytest.raises(ReadError, match="holds no text"):
            read_pasted(text)
    else:
        result = read_pasted(text)
        assert result.text.strip() and "\x00" not in result.text and "\r" not in result.text


def test_a_paste_of_white_space_nuls_and_lone_surrogates_holds_no_text():
    for text in ("", " \n\t\r\n", "\x00\x00", "\ud800 \udfff", "\u3000\u00a0"):
        with pytest.raises(ReadError, match="holds no text"):
            read_pasted(text)
    assert read_pasted("\x00 a\r\nb \ud800").text == " a\nb "
