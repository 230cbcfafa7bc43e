"""Contradiction checks over what the extractors found.

The text's own date (its *anchor*) is the first full date that is not part of a range,
not a deadline and not printed beside a cited document — a dateline, a meeting date, a
signing date. Against it the checks ask questions any reader would:

* ``cited_after_text`` — a document cited (or implemented, or reviewed) is dated after
  the text that cites it;
* ``review_too_early`` — the text reviews N years of something that started in year S,
  yet is dated well before S + N − 1 (counting the first year, as reviews do);
* ``review_in_future`` — the same, against ``today`` when the text has no date of its own;
* ``document_dates_differ`` — one document is given two different dates;
* ``text_dated_in_future`` — the anchor is after ``today``;
* ``announced_count_mismatch`` — "six contents as follows" followed by five items.

Date-level problems (impossible dates, reversed periods, a พ.ศ. marker on a CE year) are
reported by the date extractor itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import RawDate, RawIssue, RawPeriod
from .figures import RawFigure
from .lists import RawList

_REVIEW = re.compile(
    r"ทบทวน|สรุป|ในรอบ|หลังจากดำเนินการ|ดำเนินการมาเป็นเวลา|ครบรอบ|"
    r"(?<![a-z])(?:so ket|tong ket|nhin lai|danh gia|review(?:s|ed|ing)?|summing up|"
    r"taking stock|after|sau|qua)(?![a-z])"
)
_YEAR_UNITS = frozenset({"ปี", "nam", "year", "years", "năm"})


@dataclass(frozen=True, slots=True)
class Anchor:
    date: date
    span: tuple[int, int]


def find_anchor(
    dates: list[RawDate],
    ref_date_spans: set[tuple[int, int]],
    periods: list[RawPeriod],
    deadline_spans: list[tuple[int, int]],
) -> Anchor | None:
    for d in dates:
        if d.year is None or (d.start, d.end) in ref_date_spans:
            continue
        if any(p.start <= d.start < p.end for p in periods):
            continue
        if any(s <= d.start < e for s, e in deadline_spans):
            continue
        return Anchor(date(d.year, d.month, d.day), (d.start, d.end))
    return None


def run_checks(
    *,
    fold: str,
    anchor: Anchor | None,
    refs: list[Any],
    periods: list[RawPeriod],
    figures: list[RawFigure],
    lists: list[RawList],
    today: date | None,
) -> list[RawIssue]:
    issues: list[RawIssue] = []
    known: dict[str, tuple[date, tuple[int, int]]] = {}
    for ref in refs:
        if ref.date is None or ref.date_span is None:
            continue
        key = ref.parsed.search_key
        if key in known and known[key][0] != ref.date:
            issues.append(
                RawIssue(
                    "document_dates_differ",
                    f"{ref.parsed.printed} is dated {known[key][0]} and also {ref.date}.",
                    (known[key][1], ref.date_span),
                    0.8,
                )
            )
        known.setdefault(key, (ref.date, ref.date_span))

    if anchor is not None:
        flagged: set[str] = set()
        for ref in refs:
            key = ref.parsed.search_key
            if key in flagged or key not in known:
                continue
            doc_date, doc_span = known[key]
            if doc_date > anchor.date:
                flagged.add(key)
                issues.append(
                    RawIssue(
                        "cited_after_text",
                        f"The text is dated {anchor.date} but cites {ref.parsed.printed}, "
                        f"dated {doc_date}, which is later.",
                        (anchor.span, (ref.start, ref.end), doc_span),
                        0.85,
                    )
                )
        if today is not None and anchor.date > today:
            issues.append(
                RawIssue(
                    "text_dated_in_future",
                    f"The text is dated {anchor.date}, after today ({today}).",
                    (anchor.span,),
                    0.5,
                )
            )

    seen_reviews: set[tuple[date, int]] = set()
    for fig in figures:
        if fig.kind != "duration" or fig.unit.lower() not in _YEAR_UNITS:
            continue
        years = int(fig.value) if float(fig.value).is_integer() else 0
        if not 1 <= years <= 100:
            continue
        line_start = fold.rfind("\n", 0, fig.start) + 1
        line_end = fold.find("\n", fig.end)
        line_end = len(fold) if line_end < 0 else line_end
        lo, hi = max(line_start, fig.start - 200), min(line_end, fig.end + 200)
        if not _REVIEW.search(fold, lo, hi):
            continue
        start = _reviewed_start(fig, refs, known, periods, lo, hi)
        if start is None:
            continue
        start_date, start_span = start
        due_year = start_date.year + years - 1
        span_key = (start_date, years)
        if span_key in seen_reviews:
            continue
        if anchor is not None and anchor.date.year < due_year - 1:
            seen_reviews.add(span_key)
            issues.append(
                RawIssue(
                    "review_too_early",
                    f"The text reviews {years} years from {start_date} (due around "
                    f"{due_year}) but is dated {anchor.date}.",
                    (anchor.span, (fig.start, fig.end), start_span),
                    0.8,
                )
            )
        elif anchor is None and today is not None and today.year < due_year - 1:
            seen_reviews.add(span_key)
            issues.append(
                RawIssue(
                    "review_in_future",
                    f"The text reviews {years} years from {start_date}, which end after "
                    f"today ({today}).",
                    ((fig.start, fig.end), start_span),
                    0.6,
                )
            )

    for lst in lists:
        if lst.announced is not None and lst.announced != len(lst.items):
            spans = [(lst.start, lst.end)]
            if lst.heading_span:
                spans.insert(0, lst.heading_span)
            issues.append(
                RawIssue(
                    "announced_count_mismatch",
                    f"The heading announces {lst.announced} items but the list has "
                    f"{len(lst.items)}.",
                    tuple(spans),
                    0.7,
                )
            )
    return issues


def _reviewed_start(
    fig: RawFigure,
    refs: list[Any],
    known: dict[str, tuple[date, tuple[int, int]]],
    periods: list[RawPeriod],
    lo: int,
    hi: int,
) -> tuple[date, tuple[int, int]] | None:
    """The start of what a duration reviews: the nearest dated document or period."""
    best: tuple[int, date, tuple[int, int]] | None = None
    for ref in refs:
        if not (lo <= ref.start < hi):
            continue
        key = ref.parsed.search_key
        if key not in known:
            continue
        dist = abs(ref.start - fig.start)
        if best is None or dist < best[0]:
            best = (dist, known[key][0], (ref.start, ref.end))
    for p in periods:
        if not (lo <= p.start < hi) or p.kind != "years":
            continue
        dist = abs(p.start - fig.start)
        if best is None or dist < best[0]:
            best = (dist, p.first, (p.start, p.end))
    return (best[1], best[2]) if best else None
