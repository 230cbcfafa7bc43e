"""Dates, day-month mentions, years and periods in Vietnamese, Thai and English.

Buddhist Era: Thai texts write years as พ.ศ. (CE + 543) and often mix in CE years. The
two ranges do not overlap for the documents thidua reads (modern administration, so
CE 1900–2100 and BE 2443–2643), so a four-digit year is taken as BE when it is ≥ 2400
and as CE otherwise, whatever the language. An explicit marker (พ.ศ./BE, ค.ศ./CE/AD)
that contradicts the magnitude ("พ.ศ. 2023") is reported as a warning, and the magnitude
wins, because translators add markers mechanically. Two-digit years are read only after
an abbreviated Thai month ("22 ม.ค. 62" → BE 2562), where that convention is universal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .spans import SpanSet, pick_longest

BE_OFFSET = 543
BE_THRESHOLD = 2400
CE_MIN, CE_MAX = 1900, 2100

TH_MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
TH_MONTHS_SHORT = (
    "มกรา",
    "กุมภา",
    "มีนา",
    "เมษา",
    "พฤษภา",
    "มิถุนา",
    "กรกฎา",
    "สิงหา",
    "กันยา",
    "ตุลา",
    "พฤศจิกา",
    "ธันวา",
)
TH_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_EN_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8}
_EN_ABBR.update({"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})


def _abbr_regex(abbr: str) -> str:
    # "มี.ค." → "มี\.\s?ค\.?": writers drop the last dot or put a space after the first.
    parts = [p for p in abbr.split(".") if p]
    return r"\.\s?".join(re.escape(p) for p in parts) + r"\.?"


_TH_MONTH_LOOKUP: dict[str, int] = {}
for _i, _name in enumerate(TH_MONTHS_FULL):
    _TH_MONTH_LOOKUP[_name] = _i + 1
for _i, _name in enumerate(TH_MONTHS_SHORT):
    _TH_MONTH_LOOKUP[_name] = _i + 1
_TH_ABBR_LOOKUP = {a.replace(".", ""): i + 1 for i, a in enumerate(TH_MONTHS_ABBR)}

# Longest first, so that "มกราคม" wins over its prefix "มกรา".
_TH_MONTH_RE = "|".join(
    [re.escape(n) for n in sorted(_TH_MONTH_LOOKUP, key=len, reverse=True)]
    + [_abbr_regex(a) for a in TH_MONTHS_ABBR]
)
_EN_MONTH_RE = "|".join(list(EN_MONTHS) + sorted(_EN_ABBR, key=len, reverse=True))

_ERA_RE = r"พ\.\s?ศ\.?|ค\.\s?ศ\.?|b\.\s?e\.|c\.\s?e\.|a\.\s?d\.|be|ce|ad"

# All patterns run over the folded text (lower case, no Latin diacritics, ASCII digits).
# Quantifiers are bounded and alternatives start with distinct literals, so matching is
# linear in the text length.
_TH_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s{0,3}(?P<m>" + _TH_MONTH_RE + r")"
    r"(?:\s{0,3}(?:ปี\s{0,2})?(?:(?P<era>" + _ERA_RE + r")\s{0,3})?(?P<y>\d{4}|\d{2})(?!\d))?"
)
_EN_DMY = re.compile(
    r"(?<![\w])(?P<d>\d{1,2})(?:st|nd|rd|th)?\s{0,2}(?:of\s{1,2})?(?P<m>"
    + _EN_MONTH_RE
    + r")\b\.?(?:,?\s{0,2}(?:(?P<era>"
    + _ERA_RE
    + r")\s{0,2})?(?P<y>\d{4})(?!\d))?"
)
_EN_MDY = re.compile(
    r"(?<![\w])(?P<m>"
    + _EN_MONTH_RE
    + r")\b\.?\s{1,2}(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:,?\s{1,2}(?P<y>\d{4})(?!\d))?"
)
_VI_DATE = re.compile(
    r"(?:(?<![a-z])(?P<pre>ngay)\s{0,3})?(?<!\d)(?P<d>\d{1,2})\s{0,3}thang\s{0,3}(?P<m>\d{1,2})"
    r"(?!\d)(?:\s{0,3},?\s{0,3}nam\s{0,3}(?P<y>\d{4})(?!\d))?"
)
_NUMERIC = re.compile(
    r"(?:(?P<pre>(?<![a-z])ngay|วันที่|(?<![a-z])dated?|(?<![a-z])on)\s{0,3})?"
    r"(?<![\w/.,-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}))?"
    r"(?![\w/]|[.,-]\d)"
)
_ISO = re.compile(r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/]|-\d)")

_YEAR = re.compile(
    r"(?:(?P<pre>(?<![a-z])(?:nam|year|in|since|from|until|by|to|den|tu|of)|ปี|"
    r"พ\.\s?ศ\.?|ค\.\s?ศ\.?)\s{0,3})?"
    r"(?<![\w/,:])(?<!\d\.)(?P<y>\d{4})(?![\w/]|[.,:]\d)"
)
_YEAR_RANGE = re.compile(
    r"(?<![\w/,:])(?<!\d\.)(?P<a>\d{4})"
    r"(?:\s{0,3}(?:-|ถึง|จนถึง)\s{0,3}|\s{1,3}(?:to|until|den|toi|and)\s{1,3})"
    r"(?:(?:nam|ปี|พ\.\s?ศ\.?|ค\.\s?ศ\.?)\s{0,3})?(?P<b>\d{4})(?![\w/]|[.,:]\d)"
)
_RANGE_CONNECTOR = re.compile(
    r"\s{0,3}(?:-|ถึง|จนถึง|to|until|till|through|den het|den|toi)\s{0,3}(?:ngay|วันที่|the)?\s{0,3}"
)


@dataclass(frozen=True, slots=True)
class RawDate:
    """A date found in the normalised text (norm coordinates)."""

    start: int
    end: int
    day: int
    month: int
    year: int | None  # CE
    era: str | None
    year_span: tuple[int, int] | None
    confidence: float
    fmt: str


@dataclass(frozen=True, slots=True)
class RawYear:
    start: int
    end: int
    year: int
    era: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class RawPeriod:
    start: int
    end: int
    first: date
    last: date
    kind: str
    confidence: float


@dataclass(frozen=True, slots=True)
class RawIssue:
    code: str
    message: str
    spans: tuple[tuple[int, int], ...]
    confidence: float


@dataclass
class DateFindings:
    dates: list[RawDate]  # full and partial, in text order
    years: list[RawYear]
    periods: list[RawPeriod]
    issues: list[RawIssue]
    claimed: list[tuple[int, int]]


def _era_kind(marker: str | None) -> str | None:
    if not marker:
        return None
    compact = marker.replace(".", "").replace(" ", "")
    if compact in ("พศ", "be"):
        return "be"
    return "ce"


def to_ce(year: int, marker: str | None = None) -> tuple[int, str, bool]:
    """Convert a written four-digit year to CE: ``(year_ce, era, conflicting_marker)``."""
    said = _era_kind(marker)
    era = "be" if year >= BE_THRESHOLD else "ce"
    conflict = said is not None and said != era
    return (year - BE_OFFSET if era == "be" else year), era, conflict


def plausible_year(year_ce: int) -> bool:
    return CE_MIN <= year_ce <= CE_MAX


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day_month_ok(m: int, d: int) -> bool:
    # 29 February is valid in some year; check against a leap year.
    return _safe_date(2000, m, d) is not None


def _candidates(fold: str, original: str) -> list[tuple[int, int, object]]:
    cands: list[tuple[int, int, object]] = []

    def add(
        m: re.Match[str],
        month: int,
        year_raw: str | None,
        era_marker: str | None,
        fmt: str,
        conf: float,
        two_digit_be: bool = False,
        day: int | None = None,
    ) -> None:
        day = int(m.group("d")) if day is None else day
        start = m.start("d") if fmt != "iso" else m.start()
        end = m.end()
        year_span = None
        year: int | None = None
        era: str | None = None
        if year_raw is not None and m.group("y") is not None:
            y = int(year_raw)
            year_span = (m.start("y"), m.end("y"))
            if len(year_raw) == 2:
                if not two_digit_be:
                    end = m.end("m")
                    year_span = None
                else:
                    year, era = 2500 + y - BE_OFFSET, "be"
            else:
                year, era, conflict = to_ce(y, era_marker)
                if conflict:
                    conf = min(conf, 0.6)
                    cands.append(
                        (
                            -1,
                            -1,
                            RawIssue(
                                "era_marker_conflict",
                                f"The year {y} is marked {era_marker!r} but reads as {era.upper()}"
                                f" ({year}).",
                                ((m.start(), m.end()),),
                                0.7,
                            ),
                        )
                    )
        if year is not None and not plausible_year(year):
            return
        if not _day_month_ok(month, day):
            if year is not None and 1 <= month <= 12 and 1 <= day <= 31:
                cands.append(
                    (
                        -1,
                        -1,
                        RawIssue(
                            "invalid_date",
                            f"{day}/{month}/{year} is not a calendar date.",
                            ((start, end),),
                            0.8,
                        ),
                    )
                )
            return
        if year is not None and _safe_date(year, month, day) is None:
            cands.append(
                (
                    -1,
                    -1,
                    RawIssue(
                        "invalid_date",
                        f"{day}/{month}/{year} is not a calendar date.",
                        ((start, end),),
                        0.8,
                    ),
                )
            )
            return
        cands.append((start, end, RawDate(start, end, day, month, year, era, year_span, conf, fmt)))

    for m in _TH_DATE.finditer(fold):
        raw = m.group("m")
        compact = raw.replace(".", "").replace(" ", "")
        abbreviated = compact in _TH_ABBR_LOOKUP and raw not in _TH_MONTH_LOOKUP
        month = _TH_ABBR_LOOKUP[compact] if abbreviated else _TH_MONTH_LOOKUP[raw]
        add(m, month, m.group("y"), m.group("era"), "th", 0.95, two_digit_be=abbreviated)
    for rx in (_EN_DMY, _EN_MDY):
        for m in rx.finditer(fold):
            name = m.group("m")
            orig_first = original[m.start("m") : m.start("m") + 1]
            # "may" and "march" are also common words; take them only capitalised.
            if name in ("may", "march", "mar") and not orig_first.isupper():
                continue
            month = EN_MONTHS.index(name) + 1 if name in EN_MONTHS else _EN_ABBR[name]
            era = m.groupdict().get("era")
            add(m, month, m.group("y"), era, "en", 0.9)
    for m in _VI_DATE.finditer(fold):
        if not m.group("pre") and not m.group("y"):
            continue  # "5 tháng 10" alone is too often a duration
        add(m, int(m.group("m")), m.group("y"), None, "vi", 0.95)
    for m in _NUMERIC.finditer(fold):
        if not m.group("y") and not m.group("pre"):
            continue  # a bare "30/11" may be a fraction or a ratio
        if not m.group("y") and m.group("sep") != "/":
            continue
        month, day = int(m.group("m")), int(m.group("d"))
        conf = 0.9 if m.group("pre") else 0.8
        if month > 12 and day <= 12:
            # Month-first (US) order; rare in this domain, so less sure.
            add(m, day, m.group("y"), None, "numeric", 0.6, day=month)
            continue
        add(m, month, m.group("y"), None, "numeric", conf)
    for m in _ISO.finditer(fold):
        add(m, int(m.group("m")), m.group("y"), None, "iso", 0.9)
    return cands


def find_dates(fold: str, original_norm: str, blocked: SpanSet) -> DateFindings:
    """Find dates, years and periods in ``fold`` (spans in norm coordinates).

    ``original_norm`` is the case-preserving normalised text, used to tell "May" the month
    from "may" the verb. ``blocked`` holds spans already claimed (document symbols, URLs).
    """
    issues: list[RawIssue] = []
    raw = _candidates(fold, original_norm)
    cands = []
    for c in raw:
        if isinstance(c[2], RawIssue):
            issues.append(c[2])
        elif not blocked.overlaps(c[0], c[1]):
            cands.append(c)
    dates = [c[2] for c in pick_longest(cands)]
    dates_typed: list[RawDate] = [d for d in dates if isinstance(d, RawDate)]
    claimed = SpanSet((d.start, d.end) for d in dates_typed)

    periods: list[RawPeriod] = []
    in_range: set[int] = set()
    # Date ranges: two dates joined by a connector ("10/12/1948 – 10/12/2023",
    # "ตั้งแต่วันที่ 30 พฤศจิกายน 2566 ถึง 30 ธันวาคม 2566", "từ ngày 1/3 đến ngày 15/3/2024").
    for i in range(len(dates_typed) - 1):
        a, b = dates_typed[i], dates_typed[i + 1]
        if b.year is None or b.start - a.end > 40:
            continue
        if not _RANGE_CONNECTOR.fullmatch(fold, a.end, b.start):
            continue
        ay = a.year if a.year is not None else b.year
        first = _safe_date(ay, a.month, a.day)
        last = _safe_date(b.year, b.month, b.day)
        if first is None or last is None:
            continue
        if a.year is None and first > last:
            first = _safe_date(ay - 1, a.month, a.day) or first
        if first > last:
            issues.append(
                RawIssue(
                    "period_reversed",
                    f"The period ends ({last}) before it starts ({first}).",
                    ((a.start, b.end),),
                    0.8,
                )
            )
            continue
        periods.append(RawPeriod(a.start, b.end, first, last, "dates", min(a.confidence, 0.95)))
        in_range.update((i, i + 1))

    years: list[RawYear] = []
    # Year ranges ("2021 - 2025", "ช่วงปี 2013 - 2023", "từ năm 2021 đến năm 2025").
    for m in _YEAR_RANGE.finditer(fold):
        if blocked.overlaps(m.start(), m.end()) or claimed.overlaps(m.start(), m.end()):
            continue
        ya, era_a, _ = to_ce(int(m.group("a")))
        yb, era_b, _ = to_ce(int(m.group("b")))
        if not (plausible_year(ya) and plausible_year(yb)):
            continue
        connector = fold[m.end("a") : m.start("b")]
        if "and" in connector and not re.search(
            r"between\s{0,3}$", fold[max(0, m.start() - 12) : m.start()]
        ):
            continue
        if yb < ya:
            issues.append(
                RawIssue(
                    "period_reversed",
                    f"The period {m.group()} ends before it starts.",
                    ((m.start(), m.end()),),
                    0.8,
                )
            )
            continue
        if yb - ya > 100:
            continue
        periods.append(
            RawPeriod(m.start(), m.end(), date(ya, 1, 1), date(yb, 12, 31), "years", 0.9)
        )
        years.append(RawYear(m.start("a"), m.end("a"), ya, era_a, 0.9))
        years.append(RawYear(m.start("b"), m.end("b"), yb, era_b, 0.9))
        claimed.add((m.start(), m.end()))

    # A single date's year is a year the text talks about; a date range's are not
    # repeated as years (the period says it).
    for i, d in enumerate(dates_typed):
        if d.year is not None and d.year_span is not None and i not in in_range:
            years.append(RawYear(d.year_span[0], d.year_span[1], d.year, d.era, d.confidence))

    for m in _YEAR.finditer(fold):
        s, e = m.start("y"), m.end("y")
        if blocked.overlaps(s, e) or claimed.overlaps(s, e):
            continue
        y, era, conflict = to_ce(int(m.group("y")), _marker(m.group("pre")))
        if not plausible_year(y):
            continue
        conf = 0.9 if m.group("pre") else 0.6
        if conflict:
            issues.append(
                RawIssue(
                    "era_marker_conflict",
                    f"The year {m.group('y')} is marked {m.group('pre').strip()!r} but reads"
                    f" as {era.upper()} ({y}).",
                    ((m.start(), m.end()),),
                    0.7,
                )
            )
        years.append(RawYear(s, e, y, era, conf))
    years.sort(key=lambda r: r.start)
    periods.sort(key=lambda p: p.start)
    claimed_spans = [(d.start, d.end) for d in dates_typed]
    claimed_spans += [(p.start, p.end) for p in periods]
    claimed_spans += [(y.start, y.end) for y in years]
    return DateFindings(dates_typed, years, periods, issues, claimed_spans)


def _marker(pre: str | None) -> str | None:
    if not pre:
        return None
    pre = pre.strip()
    return pre if pre.startswith(("พ", "ค")) else None
