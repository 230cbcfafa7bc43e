"""The ``extract`` entry point: runs the extractors in order and assembles the result.

Order matters because extractors claim characters: noise (URLs, markup, clock times)
first, then document symbols (their digits are not dates or figures), then dates,
periods and years, then list markers, and figures last from what is left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from . import checks as checks_mod
from .dates import DateFindings, RawIssue, find_dates
from .deadlines import RawDeadline, find_deadlines
from .documents import RawRef, attach_dates, find_symbol_matches
from .figures import RawFigure, find_figures
from .items import (
    Bullet,
    DateMention,
    Deadline,
    DocumentRef,
    Extraction,
    ExtractionWarning,
    Figure,
    ListItem,
    NumberedList,
    PartialDate,
    Period,
    UnitMention,
    UnitName,
    YearMention,
)
from .language import detect_language
from .lists import RawList, find_lists
from .spans import SpanSet
from .text import WorkingText, clean_snippet, prepare
from .units import UnitHit, UnitMatcher

_NOISE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]{1,2000}"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
    r"|\[[^\[\]\n]{1,800}\]"
    r"|<[^<>\n]{1,800}>"
    r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)
_MAX_UNIT_CACHE = 8
_matchers: dict[tuple[UnitName, ...], UnitMatcher] = {}

LANGUAGE_CHOICES = ("vi", "th", "en")


def _noise_spans(fold: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NOISE.finditer(fold):
        text = m.group()
        # Square brackets are noise only when they hold markup ("[caption id=…]"); a
        # bracketed remark in prose keeps its content.
        if text.startswith("[") and "=" not in text:
            continue
        spans.append((m.start(), m.end()))
    return spans


def _matcher(units: Sequence[UnitName] | UnitMatcher) -> UnitMatcher | None:
    if isinstance(units, UnitMatcher):
        return units
    if not units:
        return None
    key = tuple(units)
    matcher = _matchers.get(key)
    if matcher is None:
        if len(_matchers) >= _MAX_UNIT_CACHE:
            _matchers.pop(next(iter(_matchers)))
        matcher = _matchers[key] = UnitMatcher(key)
    return matcher


def extract(
    text: str,
    *,
    language: str | None = None,
    units: Sequence[UnitName] | UnitMatcher = (),
    today: date | None = None,
) -> Extraction:
    """Extract document references, dates, periods, years, deadlines, lists, figures and
    unit mentions from ``text``, and flag contradictions.

    ``language`` ("vi", "th" or "en") overrides detection; it decides how ``2.028`` and
    ``2,028`` are read. ``units`` is the unit tree's names (or a prebuilt
    :class:`UnitMatcher`, better for large trees). ``today`` enables the checks that
    compare with the current date; without it the result depends on the text alone.
    """
    if not isinstance(text, str):
        raise TypeError("extract() needs a str; decode bytes first")
    wt = prepare(text)
    detected, shares = detect_language(wt.norm)
    lang = language if language in LANGUAGE_CHOICES else detected
    num_lang = lang
    if lang not in LANGUAGE_CHOICES:
        num_lang = max(shares, key=lambda k: shares[k]) if shares else "unknown"

    noise = _noise_spans(wt.fold)
    blocked = SpanSet(noise)
    symbol_matches = [
        m for m in find_symbol_matches(wt.norm) if not blocked.overlaps(m.start, m.end)
    ]
    symbol_spans = [(m.start, m.end) for m in symbol_matches]
    for s in symbol_spans:
        blocked.add(s)

    found = find_dates(wt.fold, wt.norm, blocked)
    refs = attach_dates(symbol_matches, wt.fold, found.dates)
    deadlines = find_deadlines(wt.norm, wt.fold, found.dates)
    lists = find_lists(wt.norm, wt.fold)

    # The day of a recurring deadline ("trước ngày 25 hằng tháng") is no figure.
    figure_blocked = SpanSet(
        noise + symbol_spans + found.claimed + [(d.start, d.end) for d in deadlines]
    )
    for lst in lists:
        for item in lst.items:
            figure_blocked.add((item.start, item.text_start))
            for _, b in item.children:
                figure_blocked.add((b.start, b.text_start))
    figures = find_figures(wt.norm, wt.fold, num_lang, figure_blocked)

    matcher = _matcher(units)
    unit_hits = matcher.find(wt.fold, wt.norm) if matcher else []

    ref_date_spans = {r.date_span for r in refs if r.date_span}
    anchor = checks_mod.find_anchor(
        found.dates, ref_date_spans, found.periods, [(d.start, d.end) for d in deadlines]
    )
    issues = list(found.issues)
    issues += checks_mod.run_checks(
        fold=wt.fold,
        anchor=anchor,
        refs=refs,
        periods=found.periods,
        figures=figures,
        lists=lists,
        today=today,
    )
    return _assemble(wt, lang, shares, refs, found, deadlines, lists, figures, unit_hits, issues)


def _assemble(
    wt: WorkingText,
    lang: str,
    shares: dict[str, float],
    refs: list[RawRef],
    found: DateFindings,
    deadlines: list[RawDeadline],
    lists: list[RawList],
    figures: list[RawFigure],
    unit_hits: list[UnitHit],
    issues: list[RawIssue],
) -> Extraction:
    """Map every raw finding (norm coordinates) to a public item (original spans)."""
    span = wt.to_orig
    orig = wt.original

    def text_of(s: int, e: int) -> str:
        a, b = span(s, e)
        return orig[a:b]

    doc_refs = tuple(
        DocumentRef(
            span=span(r.start, r.end),
            confidence=r.confidence,
            text=text_of(r.start, r.end),
            symbol=r.parsed,
            date=r.date,
            date_span=span(*r.date_span) if r.date_span else None,
        )
        for r in refs
    )
    full: list[DateMention] = []
    partial: list[PartialDate] = []
    for d in found.dates:
        if d.year is not None:
            full.append(
                DateMention(
                    span=span(d.start, d.end),
                    confidence=d.confidence,
                    text=text_of(d.start, d.end),
                    value=date(d.year, d.month, d.day),
                    era=d.era,
                )
            )
        else:
            partial.append(
                PartialDate(
                    span=span(d.start, d.end),
                    confidence=d.confidence,
                    text=text_of(d.start, d.end),
                    month=d.month,
                    day=d.day,
                )
            )
    periods = tuple(
        Period(
            span=span(p.start, p.end),
            confidence=p.confidence,
            text=text_of(p.start, p.end),
            start=p.first,
            end=p.last,
            kind=p.kind,
        )
        for p in found.periods
    )
    years = tuple(
        YearMention(
            span=span(y.start, y.end),
            confidence=y.confidence,
            text=text_of(y.start, y.end),
            year=y.year,
            era=y.era,
        )
        for y in found.years
    )
    dls = tuple(
        Deadline(
            span=span(d.start, d.end),
            confidence=d.confidence,
            text=text_of(d.start, d.end),
            every=d.every,
            before=f"{d.month:02d}-{d.day:02d}" if d.month else None,
            before_day=d.day,
            context=d.context,
        )
        for d in deadlines
    )
    nlists = []
    for lst in lists:
        items = []
        for it in lst.items:
            bullets = tuple(
                Bullet(
                    span=span(b.start, b.end),
                    confidence=lst.confidence,
                    marker=b.marker,
                    text_span=span(b.text_start, b.text_end),
                    text=clean_snippet(text_of(b.text_start, b.text_end), 2000),
                )
                for b in lst.bullets(it)
            )
            items.append(
                ListItem(
                    span=span(it.start, it.end),
                    confidence=lst.confidence,
                    number=it.number,
                    marker=it.marker,
                    text_span=span(it.text_start, it.text_end),
                    text=clean_snippet(text_of(it.text_start, it.text_end), 2000),
                    bullets=bullets,
                )
            )
        nlists.append(
            NumberedList(
                span=span(lst.start, lst.end),
                confidence=lst.confidence,
                heading=lst.heading,
                heading_span=span(*lst.heading_span) if lst.heading_span else None,
                items=tuple(items),
                announced_count=lst.announced,
                inline=lst.inline,
            )
        )
    figs = tuple(
        Figure(
            span=span(f.start, f.end),
            confidence=f.confidence,
            text=text_of(f.start, f.end),
            value=f.value,
            kind=f.kind,
            qualifier=f.qualifier,
            counted=f.counted,
            unit=f.unit,
        )
        for f in figures
    )
    unit_mentions = tuple(
        UnitMention(
            span=span(h.start, h.end),
            confidence=h.confidence,
            text=text_of(h.start, h.end),
            unit_id=h.unit_ids[0],
            candidates=h.unit_ids,
        )
        for h in unit_hits
    )
    warnings = tuple(
        ExtractionWarning(
            code=i.code,
            message=i.message,
            spans=tuple(span(s, e) for s, e in i.spans),
            confidence=i.confidence,
        )
        for i in issues
    )
    return Extraction(
        language=lang,
        languages=dict(shares),
        document_refs=doc_refs,
        dates=tuple(full),
        partial_dates=tuple(partial),
        periods=periods,
        years=years,
        deadlines=dls,
        numbered_lists=tuple(nlists),
        figures=figs,
        units=unit_mentions,
        warnings=warnings,
        text=orig,
    )
