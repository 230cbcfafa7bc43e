"""Turn what an officer gives us (pasted text, a .txt or a .docx file) into plain text.

Every failure is a :class:`ReadError` whose message says what is wrong and with which
file, so that the page, the command and the API can show it as it is; nothing here ever
lets a parser's own exception escape (uploads are untrusted input).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

# The extraction is linear (bench/bench_extract.py: 20,000 characters in 30–45 ms, so this
# limit in well under a second, within the request); beyond it an officer should split
# the text.
DEFAULT_MAX_CHARS = 200_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF"


class ReadError(ValueError):
    """Input that cannot be read as text; ``str(exc)`` is a message for the officer."""


@dataclass(frozen=True)
class ReadResult:
    """Text read from one source, with how it was decoded (for the summary line)."""

    text: str
    source_name: str
    encoding: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def max_chars() -> int:
    return int(getattr(settings, "THIDUA_IMPORT_MAX_CHARS", DEFAULT_MAX_CHARS))


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} B"


def _check_size(size: int, name: str) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise ReadError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": _human(size), "limit": _human(limit)}
        )


def _too_long(name: str) -> str:
    return _(
        "“%(name)s” has more than %(limit)s characters; the import reads at most "
        "%(limit)s. Split the text and import the parts."
    ) % {"name": name, "limit": f"{max_chars():,}"}


def _finish(text: str, name: str, encoding: str) -> ReadResult:
    # NFC: cp1258 and some editors write Vietnamese tone marks as combining characters.
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    if not text.strip():
        raise ReadError(_("“%(name)s” holds no text.") % {"name": name})
    limit = max_chars()
    if len(text) > limit:
        raise ReadError(
            _(
                "“%(name)s” has %(count)s characters; the import reads at most %(limit)s. "
                "Split the text and import the parts."
            )
            % {"name": name, "count": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    return ReadResult(text=text, source_name=name, encoding=encoding)


def read_pasted(text: str, *, name: str = "") -> ReadResult:
    """Text pasted into the form (already decoded by the browser)."""
    name = name or _("pasted text")
    _check_size(len(text.encode("utf-8", "surrogatepass")), name)
    # Lone surrogates cannot be stored in PostgreSQL text; they only come from broken
    # clipboards, so they are dropped rather than refused.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return _finish(text, name, "utf-8")


# --- plain text ---------------------------------------------------------------------------


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when a BOM-less byte string looks like UTF-16.

    Latin, Vietnamese and Thai text in UTF-16 has a very small set of high bytes (00 for
    ASCII, 01/1E for Vietnamese letters, 0E for Thai), all at the same parity.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    for enc, highs, lows in (
        ("utf-16-le", data[1::2], data[0::2]),
        ("utf-16-be", data[0::2], data[1::2]),
    ):
        common = Counter(highs)
        share = sum(c for b, c in common.items() if b in (0x00, 0x01, 0x0E, 0x1E, 0x20)) / len(
            highs
        )
        if (
            share > 0.9
            and common.get(0x00, 0) > len(highs) * 0.05
            and lows.count(0) < len(lows) / 4
        ):
            return enc
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 50)


def _thai_or_vietnamese(data: bytes) -> str:
    """Choose between TIS-620 (Thai) and cp1258 (Vietnamese) for 8-bit text.

    Both decode almost any byte, so the choice looks at where the high bytes sit: Thai
    words are runs of high bytes between spaces, while Vietnamese letters with marks sit
    inside Latin words, next to ASCII letters.
    """
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return "ascii"
    beside_latin = 0
    for i in high:
        prev = data[i - 1] if i > 0 else 32
        nxt = data[i + 1] if i + 1 < len(data) else 32
        if (65 <= prev <= 90 or 97 <= prev <= 122) or (65 <= nxt <= 90 or 97 <= nxt <= 122):
            beside_latin += 1
    return "cp1258" if beside_latin / len(high) > 0.3 else "tis-620"


def decode_text(data: bytes, name: str) -> ReadResult:
    """Decode a plain-text file: BOM, UTF-8, UTF-16, then TIS-620 or cp1258.

    No encoding takes more than 4 bytes a character, and the 8-bit ones take one: a file
    past those sizes is refused before it is decoded or scanned."""
    limit = max_chars()
    too_long = ReadError(_too_long(name))
    if len(data) > 4 * limit:
        raise too_long
    if data.startswith(b"\xef\xbb\xbf"):
        return _finish(data[3:].decode("utf-8", "replace"), name, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _finish(data.decode("utf-16", "replace"), name, "utf-16")
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC) or data.startswith(_PDF_MAGIC):
        raise ReadError(
            _("“%(name)s” is not a plain-text file (it looks like a Word, Excel or PDF file).")
            % {"name": name}
        )
    # UTF-16 first: Thai in UTF-16 is all bytes below 0x80 (0x0E and letters), which
    # would pass as valid but meaningless UTF-8; real UTF-8 text never holds NULs.
    guess = _utf16_guess(data)
    if guess:
        return _finish(data.decode(guess, "replace"), name, guess)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(data):
            return _finish(text, name, "utf-8")
    if _looks_binary(data):
        raise ReadError(
            _("“%(name)s” looks like a binary file, not text. Upload a .txt or .docx file.")
            % {"name": name}
        )
    if len(data) > limit:
        raise too_long
    encoding = _thai_or_vietnamese(data)
    return _finish(data.decode(encoding, "replace"), name, encoding)


# --- Word ---------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
# The document part's markup per character of text: a formatted plan runs 5 to 15 bytes
# of XML a character; past this many the part is refused before it is read.
_XML_BYTES_PER_CHAR = 32
_TABLE_DEPTH = 5  # nested tables deeper than this are not read (malicious nesting)


class _TooLong(Exception):
    pass


def _docx_lines(stream: object, limit: int) -> list[str]:
    """The body of ``word/document.xml``, read as a stream: each paragraph a line, each
    table row a line of its cells separated by tabs (a cell's paragraphs joined by
    spaces), a nested table's rows after the row that holds it. Stops (``_TooLong``) as
    soon as the lines hold more than ``limit`` characters: a long file costs no more than
    its first ``limit`` characters."""
    from lxml import etree

    lines: list[str] = []
    count = 0
    # Open containers, innermost last: ["tc", paragraphs] and ["tr", cells, pending].
    stack: list[list] = []
    textbox = 0

    def emit(texts: list[str]) -> None:
        """Lines of the body, or of the row of the table that holds this one."""
        outer_row = next((f for f in reversed(stack) if f[0] == "tr"), None)
        (outer_row[2] if outer_row is not None else lines).extend(texts)

    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    tables = 0
    for event, el in events:
        tag = el.tag
        if event == "start":
            if tag == _W + "txbxContent":
                textbox += 1
            elif tag == _W + "tbl":
                tables += 1
            elif tables <= _TABLE_DEPTH and tag == _W + "tr":
                stack.append(["tr", [], []])
            elif tables <= _TABLE_DEPTH and tag == _W + "tc":
                stack.append(["tc", []])
            continue
        if tag == _W + "txbxContent":
            textbox -= 1
        elif tag == _W + "p" and not textbox:
            parts = []
            for node in el.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
                if node.tag == _W + "t":
                    parts.append(node.text or "")
                else:
                    parts.append("\t" if node.tag == _W + "tab" else "\n")
            text = "".join(parts)
            # Every character of the output is in exactly one paragraph: counted here,
            # wherever the paragraph goes (a line, a cell, a nested table's row).
            count += len(text) + 1  # and its line break (one too many for the last line)
            if count > limit + 1:
                raise _TooLong
            if stack and stack[-1][0] == "tc":
                stack[-1][1].append(text)
            elif tables == 0:
                emit([text])
            el.clear()
        elif tag == _W + "tc" and tables <= _TABLE_DEPTH and stack and stack[-1][0] == "tc":
            paragraphs = stack.pop()[1]
            if stack and stack[-1][0] == "tr":
                stack[-1][1].append(" ".join(paragraphs).strip())
        elif tag == _W + "tr" and tables <= _TABLE_DEPTH and stack and stack[-1][0] == "tr":
            _, cells, pending = stack.pop()
            emit(["\t".join(cells), *pending])
            el.clear()
        elif tag == _W + "tbl":
            tables -= 1
            el.clear()
        if el.getparent() is not None and event == "end" and tag in (_W + "p", _W + "tbl"):
            # Drop what was read: memory stays that of one paragraph or table.
            while el.getprevious() is not None:
                del el.getparent()[0]
    return lines


def decode_docx(data: bytes, name: str) -> ReadResult:
    """Read a .docx file's paragraphs and tables, reading no more than the character
    limit allows (``thidua.core.uploads``: the archive's sizes are checked first)."""
    from thidua.core import uploads

    if data.startswith(_OLE_MAGIC):
        raise ReadError(
            _("“%(name)s” is an old Word (.doc) file; save it as .docx and upload it again.")
            % {"name": name}
        )
    if not data.startswith(_ZIP_MAGIC):
        raise ReadError(_("“%(name)s” is not a Word (.docx) file.") % {"name": name})
    limit = max_chars()
    too_long = _too_long(name)
    try:
        infos = uploads.members(data)
    except uploads.UploadRefused:
        raise ReadError(_("“%(name)s” is damaged and cannot be opened.") % {"name": name}) from None
    part = next((i for i in infos if i.filename == _DOCUMENT), None)
    if part is None:
        raise ReadError(
            _("“%(name)s” is a zip archive but not a Word (.docx) file.") % {"name": name}
        )
    if part.file_size > limit * _XML_BYTES_PER_CHAR:
        raise ReadError(
            _(
                "“%(name)s” unpacks to %(size)s of text and markup, more than a text of "
                "%(limit)s characters can hold. Split the text and import the parts."
            )
            % {"name": name, "size": _human(part.file_size), "limit": f"{limit:,}"}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as raw:
            stream = uploads.BoundedStream(raw, limit * _XML_BYTES_PER_CHAR, too_long)
            lines = _docx_lines(io.BufferedReader(stream), limit)
    except _TooLong:
        raise ReadError(too_long) from None
    except uploads.UploadRefused as exc:
        raise ReadError(str(exc)) from None
    except Exception as exc:
        raise ReadError(
            _("“%(name)s” is damaged and cannot be read as a Word file (%(why)s).")
            % {"name": name, "why": exc.__class__.__name__}
        ) from exc
    return _finish("\n".join(lines), name, "docx")


def read_upload(data: bytes, name: str) -> ReadResult:
    """Read an uploaded or local file by its extension (.docx or .txt; others refused)."""
    name = (name or _("uploaded file")).replace("\\", "/").rsplit("/", 1)[-1][:200]
    _check_size(len(data), name)
    lower = name.lower()
    if lower.endswith(".docx"):
        return decode_docx(data, name)
    if lower.endswith((".txt", ".text", ".md")) or "." not in lower:
        return decode_text(data, name)
    if lower.endswith(".doc"):
        return decode_docx(data, name)
    raise ReadError(_("“%(name)s”: only .txt and .docx files can be imported.") % {"name": name})


def read_uploaded_file(upload: object) -> ReadResult:
    """Read a Django ``UploadedFile`` without loading more than the limit into memory."""
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    _check_size(size, name or _("uploaded file"))
    data = upload.read(max_upload_bytes() + 1)  # type: ignore[attr-defined]
    return read_upload(data, name)
