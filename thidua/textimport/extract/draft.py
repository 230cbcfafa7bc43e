"""Turn an :class:`Extraction` into a suggested draft for an officer to correct.

The draft is plain dicts and lists (JSON-ready), never model instances: the import page
shows it beside the highlighted text, the officer corrects it, and only then do the
services create anything. Every suggestion keeps the span it came from, so the page can
point at the words behind it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .items import INDICATOR_KINDS, DocumentRef, Extraction, NumberedList
from .text import clean_snippet

_MOVEMENT_WORDS = re.compile(
    r"thi đua|thi dua|phong trào|phong trao|emulation|movement|เลียนแบบ|ขบวนการ|การแข่งขัน",
    re.IGNORECASE,
)
_PLAN_WORDS = re.compile(
    r"kế hoạch|ke hoach|chương trình|chuong trinh|plan|programme|program|แผน|โครงการ",
    re.IGNORECASE,
)


def _doc(ref: DocumentRef, dates: dict[str, Any], count: int) -> dict[str, Any]:
    sym = ref.symbol
    known = dates.get(sym.search_key)
    return {
        "symbol": sym.printed,
        "normalized": sym.normalized,
        "number": sym.number,
        "year": sym.year,
        "type_code": sym.type_code,
        "issuers": list(sym.issuers),
        "style": sym.style,
        "date": known.isoformat() if known else None,
        "mentions": count,
        "span": list(ref.span),
    }


def _sentence_around(text: str, start: int, end: int, limit: int = 200) -> str:
    lo = max(text.rfind("\n", 0, start) + 1, start - limit)
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else min(hi, end + limit)
    return clean_snippet(text[lo:hi], 2 * limit)


def _groups_from(lst: NumberedList) -> list[dict[str, Any]]:
    return [
        {
            "number": item.number,
            "title": item.text,
            "span": list(item.text_span),
            "tasks": [{"title": b.text, "span": list(b.text_span)} for b in item.bullets],
        }
        for item in lst.items
    ]


def draft(extraction: Extraction) -> dict[str, Any]:
    """A suggested draft: main document, cited documents, plan, movement, figures."""
    text = extraction.text
    counts: Counter[str] = Counter(r.symbol.search_key for r in extraction.document_refs)
    first_ref: dict[str, DocumentRef] = {}
    dates: dict[str, Any] = {}
    for ref in extraction.document_refs:
        key = ref.symbol.search_key
        first_ref.setdefault(key, ref)
        if ref.date and key not in dates:
            dates[key] = ref.date
    main_key = None
    if first_ref:
        order = list(first_ref)
        # Most cited wins; among equals, the first mentioned.
        main_key = max(order, key=lambda k: (counts[k], -order.index(k)))
    main = _doc(first_ref[main_key], dates, counts[main_key]) if main_key is not None else None
    cited = [_doc(first_ref[k], dates, counts[k]) for k in first_ref if k != main_key]

    period = None
    # A plan runs for at most a few years; a long span is history being recalled (an
    # anniversary "10/12/1948 – 10/12/2023"), not the plan's own period. Year ranges
    # ("2021 - 2025") name programme periods, so they come first.
    spans = [p for p in extraction.periods if (p.end - p.start).days <= 10 * 366]
    spans.sort(key=lambda p: p.kind != "years")
    if spans:
        chosen = spans[0]
        period = {
            "start": chosen.start.isoformat(),
            "end": chosen.end.isoformat(),
            "span": list(chosen.span),
        }

    title = ""
    if main_key is not None:
        ref = first_ref[main_key]
        title = _sentence_around(text, ref.span[0], ref.span[1])
    elif text.strip():
        first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
        title = clean_snippet(first_line, 200)

    lists = list(extraction.numbered_lists)
    units = []
    seen_units: set[Any] = set()
    for u in extraction.units:
        if u.unit_id in seen_units:
            continue
        seen_units.add(u.unit_id)
        units.append({"unit_id": u.unit_id, "name": u.text, "span": list(u.span)})

    plan = {
        "title": title,
        "period": period,
        "task_groups": [g for lst in lists for g in _groups_from(lst)],
        "units": units,
        "deadlines": [
            {"every": d.every, "before": d.before, "before_day": d.before_day, "context": d.context}
            for d in extraction.deadlines
        ],
        "likely": bool(_PLAN_WORDS.search(text)),
    }

    movement = None
    # A movement only when the text is about one: said near the start or in a heading.
    about_movement = _MOVEMENT_WORDS.search(text[:600]) or any(
        _MOVEMENT_WORDS.search(lst.heading) for lst in lists
    )
    if lists and about_movement:
        with_bullets = [lst for lst in lists if any(i.bullets for i in lst.items)]
        without = [lst for lst in lists if not any(i.bullets for i in lst.items)]
        movement = {
            "contents": [
                {"number": i.number, "text": i.text, "span": list(i.text_span)}
                for lst in without[:1]
                for i in lst.items
            ],
            "subject_groups": [
                {
                    "number": i.number,
                    "name": i.text.rstrip(":： ").strip(),
                    "span": list(i.text_span),
                    "criteria": [{"text": b.text, "span": list(b.text_span)} for b in i.bullets],
                }
                for lst in with_bullets[:1]
                for i in lst.items
            ],
        }

    indicators = [
        {
            "value": f.value,
            "qualifier": f.qualifier,
            "kind": f.kind,
            "counted": f.counted,
            "unit": f.unit,
            "span": list(f.span),
            "confidence": f.confidence,
        }
        for f in extraction.figures
        if f.kind in INDICATOR_KINDS
    ]
    return {
        "language": extraction.language,
        "document": main,
        "cited_documents": cited,
        "plan": plan,
        "movement": movement,
        "indicators": indicators,
        "warnings": [w.to_dict() for w in extraction.warnings],
    }
