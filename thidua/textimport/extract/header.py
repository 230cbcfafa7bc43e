"""The header of an administrative document in the Decree 30/2020 layout, read from its
first lines: the issuer block, "Số: 15/KH-UBND", the place-and-date line under the motto,
the kind in capitals ("KẾ HOẠCH") and the title on the lines after it, and the period the
title names ("năm 2025", "giai đoạn 2025 - 2026").

A text that does not open with this layout (a news report) has no header: ``read_header``
answers ``None`` and the import falls back to what it finds in the running text. Each
rule is written for a shape of the layout, never for a given document.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

# The layout's header holds within its first lines; a text whose kind line comes later is
# not in the layout.
HEADER_LINES = 25

_NATIONAL = re.compile(
    r"C[ỘO]NG\s+H[ÒO]A\s+X[ÃA]\s+H[ỘO]I|SOCIALIST\s+REPUBLIC\s+OF\s+VIET\s*NAM|"
    r"สาธารณรัฐสังคมนิยมเวียดนาม",
    re.IGNORECASE,
)
_MOTTO = re.compile(
    r"Đ[ộo]c\s+l[ậa]p\s*[-–—]\s*T[ựu]\s+do|Independence\s*[-–—]\s*Freedom|เอกราช\s*[-–—]",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"^\s*(?:Số|No|Number|เลขที่|ที่)\s*[:.]?\s*[:.]?\s*(?P<symbol>[0-9][^\s,;]*)",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    r"^\s*(?:(?P<place>[^\d,]{2,60}),\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
    r"\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
# The kinds of administrative documents (Decree 30, Appendix III), in capitals.
KINDS = {
    "KẾ HOẠCH": "KH",
    "CHƯƠNG TRÌNH": "CTr",
    "QUYẾT ĐỊNH": "QĐ",
    "BÁO CÁO": "BC",
    "HƯỚNG DẪN": "HD",
    "THÔNG BÁO": "TB",
    "CHỈ THỊ": "CT",
    "NGHỊ QUYẾT": "NQ",
    "ĐỀ ÁN": "ĐA",
    "PHƯƠNG ÁN": "PA",
    "TỜ TRÌNH": "TTr",
    "KẾT LUẬN": "KL",
    # The same kinds as English and Thai translations title them.
    "PLAN": "KH",
    "ACTION PLAN": "KH",
    "IMPLEMENTATION PLAN": "KH",
    "PROGRAMME": "CTr",
    "PROGRAM": "CTr",
    "DECISION": "QĐ",
    "REPORT": "BC",
    "GUIDANCE": "HD",
    "GUIDELINES": "HD",
    "NOTICE": "TB",
    "DIRECTIVE": "CT",
    "RESOLUTION": "NQ",
    "แผน": "KH",
    "แผนงาน": "KH",
    "แผนการ": "KH",
    "แผนปฏิบัติการ": "KH",
    "แผนดำเนินการ": "KH",
    "โครงการ": "CTr",
    "คำสั่ง": "CT",
    "คำตัดสิน": "QĐ",
    "มติ": "NQ",
    "รายงาน": "BC",
    "คำแนะนำ": "HD",
    "ประกาศ": "TB",
}
# What ends the title: the body's first words.
_BODY = re.compile(
    r"^\s*(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai\s+thực\s+hiện\s+\S+\s+số|Để|Nhằm|Theo|"
    r"[IVX]+\s*[.)]|\d+\s*[.)]|Kính\s+gửi|Pursuant\s+to|In\s+order\s+to|Implementing|"
    r"Based\s+on|In\s+accordance|To\s+implement|ตาม|เพื่อ|อาศัย|อ้างถึง)",
    re.IGNORECASE,
)
_YEARS = re.compile(
    r"(?:giai\s+đoạn|period|from|ช่วง(?:ปี)?|ระยะ(?:ปี)?|ปี)\s*(?P<a>\d{4})\s*(?:[-–—]|to|ถึง)\s*"
    r"(?P<b>\d{4})|(?P<a2>\d{4})\s*[-–—]\s*(?P<b2>\d{4})\s+period",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"(?:\bnăm|\bin|\bfor|\bof|ปี|พ\.ศ\.)\s*(?P<y>\d{4})\b(?!\s*[-–—/]\s*\d)", re.IGNORECASE
)
# The second line of a one-body issuer block names a place ("TỈNH HÀ TĨNH").
_PLACE_WORD = re.compile(
    r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU|TỈNH|OF\b|PROVINCE|CITY|"
    r"จังหวัด|เมือง|ตำบล|แขวง|อำเภอ|\w+\s+PROVINCE$)"
)
# A place-and-date line in a translation: "Lao Cai, 5 May 2025", "กว๋างนิญ, 14 มีนาคม 2568".
_PLACE_COMMA = re.compile(r"^\s*(?P<place>[^\d,]{2,60}),\s*(?:ngày|วันที่|the)?\s*\S")


def _ce(year: int) -> int:
    return year - 543 if year > 2400 else year


@dataclass
class Header:
    """What the header says; ``span``s are offsets into the text."""

    symbol: str = ""
    issued_on: dt.date | None = None
    place: str = ""
    issuer_lines: list[str] = field(default_factory=list)
    issuer_span: tuple[int, int] = (0, 0)
    kind: str = ""
    type_code: str = ""
    title: str = ""
    title_span: tuple[int, int] = (0, 0)
    period: tuple[dt.date, dt.date] | None = None

    @property
    def issuer(self) -> str:
        """The issuing body as the block names it: "ỦY BAN NHÂN DÂN / TỈNH HÀ TĨNH" is
        one name on two lines; "UBND TỈNH HÀ TĨNH / SỞ NỘI VỤ" a body under its superior,
        the last line."""
        lines = [ln.strip(" -_") for ln in self.issuer_lines if ln.strip(" -_")]
        if not lines:
            return ""
        if len(lines) > 1 and not _PLACE_WORD.match(lines[-1]):
            return lines[-1]
        return " ".join(lines)

    @property
    def full_title(self) -> str:
        """ "Kế hoạch triển khai …": the kind as a word, then the title."""
        if not self.kind:
            return self.title
        kind = self.kind[:1] + self.kind[1:].lower()
        if not self.title:
            return kind
        return f"{kind} {self.title[:1].lower()}{self.title[1:]}"


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each line; the cells of a table row (a Word header is a table:
    the issuer beside the national title) count as lines of their own."""
    out, pos = [], 0
    for raw in text.split("\n"):
        cell_pos = pos
        for cell in raw.split("\t"):
            out.append((cell_pos, cell))
            cell_pos += len(cell) + 1
        pos += len(raw) + 1
    return out


def _kind_of(line: str) -> str:
    words = " ".join(unicodedata.normalize("NFC", line).split())
    return words if words in KINDS else ""


def period_of(title: str) -> tuple[dt.date, dt.date] | None:
    """The period a title names: "giai đoạn 2025 - 2026" → 2025-01-01…2026-12-31, "năm
    2025" → the year; several years named → from the first to the last."""
    span = _YEARS.search(title)
    if span:
        a, b = _ce(int(span["a"] or span["a2"])), _ce(int(span["b"] or span["b2"]))
        if 1900 < a <= b < 2200:
            return dt.date(a, 1, 1), dt.date(b, 12, 31)
    years = [_ce(int(m["y"])) for m in _YEAR.finditer(title)]
    years = [y for y in years if 1900 < y < 2200]
    if years:
        return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    return None


def read_header(text: str, dates: Sequence[tuple[tuple[int, int], dt.date]] = ()) -> Header | None:
    """The header of ``text`` in the Decree 30 layout, or ``None`` when the text does not
    open so (no kind line in capitals among its first lines, or none of the number, the
    national title and the place-and-date line above it). ``dates`` — the (span, day)
    of the dates found in the text — read a translated date line ("Lao Cai, 5 May
    2025")."""
    lines = _lines(text)[: HEADER_LINES + 12]
    kind_at = next(
        (i for i, (_pos, line) in enumerate(lines[:HEADER_LINES]) if _kind_of(line)), None
    )
    if kind_at is None:
        return None
    above = lines[:kind_at]
    header = Header(kind=_kind_of(lines[kind_at][1]))
    header.type_code = KINDS[header.kind]
    national = any(_NATIONAL.search(ln) for _p, ln in above)
    for i, (_pos, line) in enumerate(above):
        number = _NUMBER.match(line)
        if number and not header.symbol:
            header.symbol = number["symbol"].rstrip(".")
            # The issuer block: the lines in capitals above the number, less the
            # national title and the motto (beside it in the layout).
            block = [
                (p + len(ln) - len(ln.lstrip()), ln.strip())
                for p, ln in above[:i]
                if ln.strip()
                and not _NATIONAL.search(ln)
                and not _MOTTO.search(ln)
                and ln.strip() == ln.strip().upper()
                and any(ch.isalpha() for ch in ln)
            ]
            if block:
                header.issuer_lines = [ln for _p, ln in block]
                header.issuer_span = (block[0][0], block[-1][0] + len(block[-1][1]))
        dated = _PLACE_DATE.match(line)
        if dated and header.issued_on is None:
            try:
                header.issued_on = dt.date(int(dated["y"]), int(dated["m"]), int(dated["d"]))
            except ValueError:
                header.issued_on = None
            header.place = (dated["place"] or "").strip()
        elif header.issued_on is None and not number and _PLACE_COMMA.match(line):
            pos = above[i][0]
            day = next((d for (s, _e), d in dates if pos <= s < pos + len(line)), None)
            if day is not None:
                header.issued_on = day
                header.place = _PLACE_COMMA.match(line)["place"].strip()
    if not (header.symbol or header.issued_on or national):
        return None
    title: list[tuple[int, str]] = []
    for pos, line in lines[kind_at + 1 :]:
        stripped = line.strip()
        if not stripped:
            if title:
                break
            continue
        # The first line under the kind is the title, whatever its first words
        # ("Thực hiện Nghị quyết …"); the next ones only until the body begins.
        if (title and _BODY.match(stripped)) or len(title) >= 4:
            break
        title.append((pos, stripped))
    if title:
        header.title = " ".join(ln for _p, ln in title).strip(" .;:")
        header.title_span = (title[0][0], title[-1][0] + len(title[-1][1]))
        header.period = period_of(header.title)
    return header
