"""Recurring deadlines: "every year before 30 November", "hằng năm trước ngày 30/11",
"ก่อนวันที่ 30 พฤศจิกายนของทุกปี", "quarterly, by the 15th".

A deadline is a day-month (or a day) introduced by a "before" word, with a frequency word
in the same line — right after the date, or earlier in the sentence. The nearest
frequency word wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import RawDate
from .text import clean_snippet

_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:truoc|cham nhat(?: la)?|han chot|before|by|no later than|not later than|"
    r"prior to|until)|ก่อน|ภายใน|ไม่เกิน|ไม่ช้ากว่า)\s{0,3}(?:(?:ngay|วันที่|the|ngay mung)\s{0,3})?$"
)
_FREQ = re.compile(
    r"(?P<year>(?<![a-z])(?:hang nam|moi nam|thuong nien|every year|each year|annually|yearly|"
    r"per year)(?![a-z])|ทุกปี|ทุก ๆ ปี|ทุกๆ ปี|แต่ละปี|ประจำปี|รายปี)"
    r"|(?P<quarter>(?<![a-z])(?:hang quy|moi quy|every quarter|each quarter|quarterly)(?![a-z])"
    r"|ทุกไตรมาส|รายไตรมาส|แต่ละไตรมาส)"
    r"|(?P<month>(?<![a-z])(?:hang thang|moi thang|every month|each month|monthly)(?![a-z])"
    r"|ทุกเดือน|รายเดือน|แต่ละเดือน)"
    # Six-monthly: "định kỳ 6 tháng", "báo cáo sáu tháng", "6 tháng một lần" (never "6
    # tháng đầu năm", a half of one year).
    r"|(?P<half_year>(?<![a-z])(?:(?:dinh ky|hang|moi|bao cao|so ket) (?:6|sau) thang"
    r"(?! dau| cuoi)|(?:6|sau) thang mot lan|every six months|half-yearly|half yearly|"
    r"semi-annually|semi-annual|biannually)(?![a-z])|ทุก ?6 ?เดือน|ทุกหกเดือน|ราย ?6 ?เดือน|"
    r"รายครึ่งปี|ทุกครึ่งปี)"
)
# A sentence ends at a full stop before a space (never inside "15.6" or "No.").
_SENTENCE_END = re.compile(r"[.!?](?=\s)|;")
_DAY_ONLY = re.compile(
    r"(?:(?<![a-z])(?:truoc|cham nhat(?: la)?|before|by|no later than|not later than|"
    r"on or before)\s{1,3}(?:ngay|the)\s{0,2}|(?:ก่อน|ไม่เกิน|ภายใน)วันที่\s{0,2})"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d/]|\.\d)"
)


@dataclass(frozen=True, slots=True)
class RawDeadline:
    start: int
    end: int
    every: str
    month: int | None
    day: int
    context: str
    confidence: float


def _frequency(fold: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The frequency word nearest to ``[start, end)`` on the same line."""
    line_start = fold.rfind("\n", 0, start) + 1
    line_end = fold.find("\n", end)
    line_end = len(fold) if line_end < 0 else line_end
    best: tuple[int, str, int, int] | None = None
    # The frequency word is said in the same sentence as the day.
    ends = [m.end() for m in _SENTENCE_END.finditer(fold, max(line_start, start - 400), start)]
    lo = max(line_start, start - 400, *(ends[-1:] or [0]))
    after = _SENTENCE_END.search(fold, end, min(line_end, end + 60))
    hi = after.start() if after else min(line_end, end + 60)
    for m in _FREQ.finditer(fold, lo, hi):
        kind = next(k for k, v in m.groupdict().items() if v)
        distance = start - m.end() if m.end() <= start else m.start() - end
        # Words after the date ("… 30 November of every year") bind more tightly.
        weight = distance * (1 if m.start() >= end else 2)
        if best is None or weight < best[0]:
            best = (weight, kind, m.start(), m.end())
    if best is None:
        return None
    return best[1], best[2], best[3]


def find_deadlines(norm: str, fold: str, dates: list[RawDate]) -> list[RawDeadline]:
    out: list[RawDeadline] = []
    for d in dates:
        if d.year is not None:
            continue  # "trước ngày 30/9/2025" is one day, not a rule that repeats
        before = fold[max(0, d.start - 30) : d.start]
        if not _BEFORE.search(before):
            continue
        freq = _frequency(fold, d.start, d.end)
        if freq is None:
            continue
        kind, fs, fe = freq
        start, end = min(fs, d.start), max(fe, d.end)
        out.append(RawDeadline(start, end, kind, d.month, d.day, _context(norm, d.start), 0.85))
    # "hằng tháng, trước ngày 20", "monthly, before the 5th": a day of the month only.
    for m in _DAY_ONLY.finditer(fold):
        if any(r.start <= m.start("d") < r.end for r in out):
            continue
        if any(d.start <= m.start("d") < d.end for d in dates):
            continue
        freq = _frequency(fold, m.start("d"), m.end())
        if freq is None or freq[0] == "year":
            continue
        kind, fs, fe = freq
        day = int(m.group("d"))
        if not 1 <= day <= 31:
            continue
        start, end = min(fs, m.start("d")), max(fe, m.end())
        out.append(RawDeadline(start, end, kind, None, day, _context(norm, m.start()), 0.7))
    out.sort(key=lambda r: r.start)
    return out


def _context(norm: str, pos: int) -> str:
    line_start = norm.rfind("\n", 0, pos) + 1
    line_end = norm.find("\n", pos)
    line_end = len(norm) if line_end < 0 else line_end
    return clean_snippet(norm[line_start:line_end], 240)
