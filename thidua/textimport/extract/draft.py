"""Turn an :class:`Extraction` into a suggested draft for an officer to correct.

The draft is plain dicts and lists (JSON-ready), never model instances: the import page
shows it beside the highlighted text, the officer corrects it, and only then do the
services create anything. Every suggestion keeps the span it came from, so the page can
point at the words behind it.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections import Counter
from datetime import date
from typing import Any

from .items import INDICATOR_KINDS, DocumentRef, Extraction, NumberedList
from .text import clean_snippet, prepare

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


def _plain(text: str) -> str:
    """The extractor's folded form, spaces collapsed: "MỤC ĐÍCH" → "muc dich"."""
    return " ".join(prepare(text).fold.split())


# What a section of a plan is for, by the words of its heading (Decree 30 plans: "I. MỤC
# ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN", "Kinh phí"…).
# Only task sections yield tasks; purpose and funding never do, and the organisation
# section only its items that assign work to a body.
_SECTION_ROLES = (
    ("purpose", re.compile(r"^(?:muc dich|yeu cau|quan diem|muc tieu)\b")),
    ("funding", re.compile(r"^(?:kinh phi|nguon kinh phi|du toan)\b")),
    ("organisation", re.compile(r"^(?:to chuc thuc hien|trach nhiem|phan cong)\b")),
    ("tasks", re.compile(r"^(?:nhiem vu|giai phap|noi dung|cac nhiem vu|hoat dong)\b")),
)
_ASSIGNS = re.compile(
    r"\b(?:giao|chu tri|chiu trach nhiem|phan cong|de nghi|yeu cau cac|phoi hop)\b"
)
# Where an item's own words end and what is said of it begins ("Cơ quan chủ trì: …"),
# and where the body of the text ends (the list of recipients).
_TASK_DETAIL = re.compile(
    r"\s(?:(?:Cơ quan|Đơn vị)\s+(?:chủ trì|phối hợp)|Chủ trì\s*:|Thời gian(?: hoàn thành)?\s*:)",
    re.IGNORECASE,
)
_LABELLED_LINE = re.compile(
    r"(?:(?:Cơ quan|Đơn vị)\s+(?:chủ trì|phối hợp)|Chủ trì|Phối hợp|Thời gian)[^:\n]{0,30}:",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^\s*(?:[IVXLC]+|\d{1,2})\s*[.)]\s*")
_RECIPIENTS = re.compile(r"\bNơi nhận\s*:", re.IGNORECASE)


# What a task's own lines say of it: "Cơ quan chủ trì: …; cơ quan phối hợp: …; Thời gian
# hoàn thành: trước ngày …" (the formal layout) or "X chủ trì, phối hợp với Y …, hoàn
# thành trước ngày …" (a sentence).
_LEAD_LABEL = re.compile(
    r"(?:Cơ quan|Đơn vị)\s+chủ\s+trì\s*:\s*(?P<x>[^;.\n]+)|Chủ\s+trì\s*:\s*(?P<y>[^;.\n]+)",
    re.IGNORECASE,
)
_COORD_LABEL = re.compile(
    r"(?:(?:Cơ quan|Đơn vị)\s+)?phối\s+hợp(?:\s+với)?\s*:?\s*(?P<x>[^;.\n]+?)"
    r"(?=\s*(?:[;.\n]|Thời gian|,?\s*hoàn thành|$))",
    re.IGNORECASE,
)
_COORD_START = re.compile(r"[;,]?\s*(?:cơ quan|đơn vị)?\s*phối\s+hợp", re.IGNORECASE)
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_BY_DAY = re.compile(
    r"trước\s+ngày\s+(?P<d>\d{1,2})(?:/|\s+tháng\s+)(?P<m>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(r"trong\s+tháng\s+(?P<m>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})", re.IGNORECASE)
_IN_QUARTER = re.compile(
    r"quý\s+(?P<q>IV|III|II|I|[1-4])(?:/|\s+năm\s+)(?P<y>\d{4})", re.IGNORECASE
)


def _month_end(year: int, month: int) -> date | None:
    if not (1 <= month <= 12 and 1900 < year < 2200):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def task_due(text: str) -> date | None:
    """The day a task is due by, from its words: "trước ngày 30/4/2025" (that day),
    "trong tháng 10/2025" (the month's last day), "quý II năm 2025" (30 June); a
    recurring rule ("trước ngày 25 hằng tháng") is not a due date."""
    found = _BY_DAY.search(text)
    if found:
        try:
            return date(int(found["y"]), int(found["m"]), int(found["d"]))
        except ValueError:
            return None
    found = _IN_MONTH.search(text)
    if found:
        return _month_end(int(found["y"]), int(found["m"]))
    found = _IN_QUARTER.search(text)
    if found:
        return _month_end(int(found["y"]), 3 * _ROMAN_Q[found["q"].lower()])
    return None


def task_parties(text: str) -> tuple[str, str]:
    """(who leads, who coordinates) as the task's words name them."""
    lead = _LEAD_LABEL.search(text)
    coord = _COORD_LABEL.search(text)
    lead_text = (lead["x"] or lead["y"]).strip() if lead else ""
    if lead_text:
        lead_text = _COORD_START.split(lead_text, maxsplit=1)[0]
    return lead_text.strip(" ,;"), (coord["x"].strip(" ,;") if coord else "")


def section_role(heading: str) -> str:
    """ "purpose", "funding", "organisation", "tasks" or "" (a heading of another kind)."""
    plain = _plain(heading)
    return next((role for role, rx in _SECTION_ROLES if rx.search(plain)), "")


def _task_title(text: str) -> str:
    text = _RECIPIENTS.split(text, 1)[0]
    return _TASK_DETAIL.split(text, 1)[0].strip(" ;:.")


def _detail(item: Any) -> str:
    """A task's sub-items, one a line, as its description."""
    if item is None or not item.bullets:
        return ""
    recipients = _RECIPIENTS.search(item.text)
    cut = item.text_span[0] + recipients.start() if recipients else None
    bullets = [b for b in item.bullets if cut is None or b.span[0] < cut]

    def mark(marker: str) -> str:  # "a" → "a)", "1.1" → "1.1.", "-" stays
        if marker[-1:].isalpha():
            return f"{marker})"
        return f"{marker}." if marker[-1:].isdigit() else marker

    return "\n".join(f"{mark(b.marker)} {b.text}".strip() for b in bullets)


def _task(item: Any, bullet: Any, source: str = "") -> dict[str, Any]:
    """A task from a bullet of a section, read whole from the nested list's item it also
    is (its continuation lines: "Cơ quan chủ trì: …"), when it is one."""
    # The longer reading wins: a nested list ends at its last item's first line when
    # plain lines follow it, where the section's bullet runs on to the next marker.
    whole = item if item is not None and len(item.text) >= len(bullet.text) else bullet
    text, span = whole.text, whole.text_span
    if source:
        # The labelled lines under a list's last item ("Cơ quan chủ trì: …", "Thời gian:
        # …") are that item's, though the list ends above them.
        end = span[1]
        for line in re.finditer(r"[^\n]*\n?", source[end:]):
            body = line.group().strip()
            if not body and line.start() == 0:
                continue
            if not _LABELLED_LINE.match(body):
                break
            text += " " + body
            end = span[1] + line.end()
        span = (span[0], end)
    detail = _detail(item)
    lead, coordinators = task_parties(text)
    due = task_due(text)
    return {
        "title": _task_title(text),
        "detail": detail,
        "lead_text": lead,
        "coordinator_text": coordinators,
        "due_date": due.isoformat() if due else "",
        "span": list(span),
    }


def _outermost(lists: list[NumberedList]) -> list[NumberedList]:
    """The lists that lie inside no item of another list, in text order (one pass over
    the lists sorted by where they start: linear in their number, whatever the text)."""
    out: list[NumberedList] = []
    starts: list[int] = []  # the items' starts of the last outermost list
    for lst in sorted(lists, key=lambda x: (x.span[0], -x.span[1])):
        if out and out[-1].span[0] <= lst.span[0] and lst.span[1] <= out[-1].span[1]:
            i = bisect.bisect_right(starts, lst.span[0]) - 1
            item = out[-1].items[i] if i >= 0 else None
            if item is not None and lst.span[1] <= item.span[1]:
                continue  # an item's sub-items: its bullets already
        out.append(lst)
        starts = [item.span[0] for item in lst.items]
    return out


def _groups_from(lists: list[NumberedList], source: str = "") -> list[dict[str, Any]]:
    """Task groups of the outermost lists: a list inside an item of another is that
    item's sub-items (its bullets), never a second set of groups; sections are kept by
    their role (``section_role``); a bullet after "Nơi nhận:" is not a task."""
    # Every item of every list by where its text starts: a bullet of an outer item that is
    # also an item of a nested list has that item's own sub-items ("a) …", "- …").
    by_start = {item.text_span[0]: item for lst in lists for item in lst.items}
    groups = []
    for lst in _outermost(lists):
        heading = _MARKER.sub("", lst.heading or "").strip()
        heading_role = section_role(heading)
        if heading_role and not any(item.bullets for item in lst.items):
            # A flat list under a section heading ("II. NHIỆM VỤ" with 1., 2., 3. below
            # it, the section itself not in a list of sections): its items are the
            # section's tasks.
            if heading_role in ("purpose", "funding"):
                continue
            tasks = [_task(item, item, source) for item in lst.items]
            if heading_role == "organisation":
                tasks = [t for t in tasks if _ASSIGNS.search(_plain(t["title"]))]
            if tasks:
                groups.append(
                    {
                        "number": 1,
                        "title": _task_title(heading),
                        "span": list(lst.heading_span or lst.span),
                        "role": heading_role,
                        "tasks": tasks,
                    }
                )
            continue
        for item in lst.items:
            role = section_role(item.text)
            if role in ("purpose", "funding"):
                continue
            recipients = _RECIPIENTS.search(item.text)
            cut = item.text_span[0] + recipients.start() if recipients else None
            bullets = [b for b in item.bullets if cut is None or b.span[0] < cut]
            if role == "organisation":
                bullets = [b for b in bullets if _ASSIGNS.search(_plain(b.text))]
                if not bullets:
                    continue
            groups.append(
                {
                    "number": item.number,
                    "title": _task_title(item.text),
                    "span": list(item.text_span),
                    "role": role,
                    "tasks": [_task(by_start.get(b.text_span[0]), b) for b in bullets],
                }
            )
    return groups


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
        "task_groups": _groups_from(lists, text),
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
