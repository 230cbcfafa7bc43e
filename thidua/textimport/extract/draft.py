"""Turn an :class:`Extraction` into a suggested draft for an officer to correct.

The draft is plain dicts and lists (JSON-ready), never model instances: the import page
shows it beside the highlighted text, the officer corrects it, and only then do the
services create anything. Every suggestion keeps the span it came from, so the page can
point at the words behind it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from datetime import date
from typing import Any

from . import assign
from .deadlines import _FREQ
from .header import period_of, read_header
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
    (
        "purpose",
        re.compile(
            r"^(?:muc dich|yeu cau|quan diem|muc tieu|purposes?\b|objectives?\b|aims?\b|"
            r"requirements?\b|goals?\b|วัตถุประสงค์|เป้าหมาย|ข้อกำหนด)"
        ),
    ),
    (
        "funding",
        re.compile(
            r"^(?:kinh phi|nguon kinh phi|du toan|funding\b|budget\b|funds\b|financ|"
            r"งบประมาณ|ค่าใช้จ่าย|แหล่งเงิน)"
        ),
    ),
    (
        "organisation",
        re.compile(
            r"^(?:to chuc thuc hien|trach nhiem|phan cong|implementation\b|organi[sz]ation\b|"
            r"responsibilit|การจัดการดำเนินการ|การจัดการ|การดำเนินการ|การจัดระเบียบ|ความรับผิดชอบ)"
        ),
    ),
    (
        "tasks",
        re.compile(
            r"^(?:nhiem vu|giai phap|noi dung|cac nhiem vu|hoat dong|tasks?\b|solutions?\b|"
            r"activities\b|main tasks|ภารกิจ|งาน|แนวทาง|กิจกรรม|มาตรการ)"
        ),
    ),
)
# Words a heading may put before its role ("KEY TASKS", "II. MAIN SOLUTIONS").
_QUALIFIER = re.compile(r"^(?:(?:the|key|main|major|specific|priority|principal|core|general)\s+)+")
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
_BY_DAY = re.compile(
    r"trước\s+ngày\s+(?P<d>\d{1,2})(?:/|\s+tháng\s+)(?P<m>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})",
    re.IGNORECASE,
)


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
    named = assign.due_by_words(text)
    return named[0] if named else None


def task_parties(text: str, lang: str = "vi") -> tuple[str, str]:
    """(who leads, who coordinates) as the task's words name them."""
    fields = assign.labelled_fields(text)
    lead = fields.get("lead", ("", (0, 0)))[0]
    coord = fields.get("coord", ("", (0, 0)))[0]
    if not lead:
        legacy = _LEAD_LABEL.search(text)
        if legacy:
            lead = (legacy["x"] or legacy["y"]).strip()
    if lead:
        lead = _COORD_START.split(lead, maxsplit=1)[0]
    if not coord:
        legacy = _COORD_LABEL.search(text)
        coord = legacy["x"] if legacy else ""
    return lead.strip(" ,;"), coord.strip(" ,;")


def task_timing(ex: Extraction, span: tuple[int, int], words: str) -> dict[str, Any]:
    """When a task is due, from the facts found inside its span: a window ("từ ngày … đến
    ngày …", "from … to …"), a repeating rule (a recurring deadline), or a due date — a
    date after a "before" word ("trước ngày", "by", "ก่อนวันที่"…) or on its time line,
    else a month or a quarter ("trong tháng 10/2025", "quý II năm 2025")."""
    text = ex.text
    lo, hi = span
    inside = [p for p in ex.periods if p.kind == "dates" and lo <= p.span[0] < hi]
    window = None
    if inside:
        p = inside[0]
        window = {"start": p.start.isoformat(), "end": p.end.isoformat(), "span": list(p.span)}
    recurrence = None
    for d in ex.deadlines:
        if lo <= d.span[0] < hi or lo <= d.span[1] - 1 < hi:
            recurrence = assign.recurrence_of(d.every, d.before, d.before_day, text[lo:hi])
            if recurrence:
                recurrence["span"] = list(d.span)
                break
    if recurrence is None:
        # "every quarter", "hằng tháng" with no day said: the rule, its day left to fill.
        said = _FREQ.search(prepare(text[lo:hi]).fold)
        if said:
            kind = next(k for k, v in said.groupdict().items() if v)
            every = {"month": "monthly", "quarter": "quarterly", "half_year": "half_yearly"}
            every["year"] = "yearly"
            recurrence = {"every": every[kind], "day": None, "month": None, "span": []}
    due = None
    if recurrence is None:
        time_line = assign.labelled_fields(words).get("time")
        for d in ex.dates:
            if not lo <= d.span[0] < hi:
                continue
            if window and window["span"][0] <= d.span[0] < window["span"][1]:
                continue
            before = text[max(lo, d.span[0] - 40) : d.span[0]]
            on_time_line = time_line is not None and clean_snippet(d.text, 80) in time_line[0]
            if assign._DUE_BEFORE.search(before) or on_time_line:
                due = {"date": d.value.isoformat(), "span": list(d.span)}
                break
        if due is None and window is None:
            named = assign.due_by_words(text[lo:hi])
            if named:
                day, (s, e) = named
                due = {"date": day.isoformat(), "span": [lo + s, lo + e]}
    return {"due": due, "window": window, "recurrence": recurrence}


def section_role(heading: str) -> str:
    """ "purpose", "funding", "organisation", "tasks" or "" (a heading of another kind)."""
    plain = _QUALIFIER.sub("", _plain(heading))
    return next((role for role, rx in _SECTION_ROLES if rx.search(plain)), "")


def _task_title(text: str) -> str:
    text = _RECIPIENTS.split(text, 1)[0]
    text = _TASK_DETAIL.split(text, 1)[0]
    label = assign.LABELLED.search(text, 1)
    if label:
        text = text[: label.start()]
    return " ".join(text.split()).strip(" ;:.")


# A news report names the plan it is about: who issued it ("UBND tỉnh … ban hành", "of
# the People's Committee of … Province", "ของคณะกรรมการประชาชนจังหวัด…") and its name in
# quotes.
_ISSUED_BY = (
    re.compile(
        rf"(?P<x>{assign._VI_KIND}[^,.;:\"“]{{0,70}}?)\s+(?:vừa\s+|đã\s+|mới\s+)?"
        r"(?:ban hành|phê duyệt|triển khai)\b"
    ),
    re.compile(
        r"\s(?:của|do)\s+(?P<x>(?:" + assign._VI_KIND + r")[^,.;:\"“(]{0,70}?)"
        r"(?=\s+(?:về|ban hành|nhằm|với|đã|vừa|$)|[,.;:(\"“])"
    ),
    re.compile(
        rf"(?P<x>(?:[Tt]he\s+)?[A-Z][\w' ]{{0,60}}?{assign._EN_KIND}[\w' ]{{0,40}}?)\s+"
        r"(?:has\s+|have\s+|recently\s+)?(?:issued|approved|promulgated|adopted|launched)\b"
    ),
    re.compile(
        rf"\b(?:of|by)\s+(?P<x>the\s+[A-Z][\w' ]{{0,40}}?{assign._EN_KIND}[\w' ]{{0,40}}?)"
        r"(?=[,.;(]|\s+(?:on|dated|to|for|which)\b)"
    ),
    re.compile(
        rf"(?P<x>{assign._TH_KIND}[^\s,]{{2,60}}?)\s*(?:ได้|เพิ่ง|เพิ่งจะ)?(?:ลงนาม)?"
        r"(?:ออก|ประกาศใช้|อนุมัติ)"
    ),
    re.compile(rf"(?:ของ|โดย)\s*(?P<x>{assign._TH_KIND}[^\s,]{{2,60}})"),
)
# A sentence's end ("No. 21" and "Số. 5" are not one).
_SENTENCE_STOP = re.compile(r"(?<!\bNo)(?<!\bSố)\.\s")
_QUOTED = re.compile(r"[\"“«]([^\"”»\n=]{6,300}?\s[^\"”»\n=]{2,300}?\s[^\"”»\n=]{2,300}?)[\"”»]")


def _header_of(extraction: Extraction, main: dict[str, Any] | None) -> dict[str, Any]:
    """The document's own particulars: from its Decree 30 header when it has one, else
    from what a news report says of the plan (its symbol, date, issuer, quoted name)."""
    text = extraction.text
    header = read_header(text, [(d.span, d.value) for d in extraction.dates])
    if header is not None:
        return {
            "layout": "formal",
            "symbol": header.symbol,
            "issued_on": header.issued_on.isoformat() if header.issued_on else "",
            "issuer": header.issuer,
            "kind": header.type_code,
            "title": header.title,
            "period": (
                {"start": header.period[0].isoformat(), "end": header.period[1].isoformat()}
                if header.period
                else None
            ),
        }
    head = text[:2500]
    # The sentence that names the plan says who issued it; the opening of the text next.
    places = [head]
    if main:
        at = main["span"][0]
        stops = [m.end() for m in _SENTENCE_STOP.finditer(text, max(0, at - 400), at)]
        lo = max(text.rfind("\n", 0, at) + 1, *(stops[-1:] or [0]))
        nl = text.find("\n", at)
        places.insert(0, text[lo : nl if nl >= 0 else len(text)])
    issuer = ""
    for rx, place in ((rx, place) for place in places for rx in _ISSUED_BY):
        m = rx.search(place)
        if m:
            issuer = " ".join(m["x"].split()).strip(" ,")
            if " the " in issuer:  # "On 5 May 2025 the People's Committee of …"
                issuer = issuer[issuer.rfind(" the ") + 5 :]
            issuer = re.sub(r"^(?:The|the)\s+", "", issuer)
            break
    quoted = _QUOTED.search(head)
    title = quoted.group(1).strip() if quoted else ""
    period = period_of(title) if title else None
    issued = (main or {}).get("date") or ""
    if main and not issued:
        # "Ngày 10/3/2025, UBND tỉnh … ban hành Kế hoạch số 45/KH-UBND": the date said
        # in the sentence that names the plan, before its number.
        at = main["span"][0]
        lo = max(0, at - 400)
        stops = [m.end() for m in _SENTENCE_STOP.finditer(text, lo, at)]
        start = max(text.rfind("\n", 0, at) + 1, *(stops[-1:] or [lo]))
        said = [d for d in extraction.dates if start <= d.span[0] < at]
        issued = said[-1].value.isoformat() if said else ""
    return {
        "layout": "news",
        "symbol": main["symbol"] if main else "",
        "issued_on": issued,
        "issuer": issuer,
        "kind": (main or {}).get("type_code") or "",
        "title": title,
        "period": (
            {"start": period[0].isoformat(), "end": period[1].isoformat()} if period else None
        ),
    }


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


def _task(item: Any, bullet: Any, ex: Extraction, extend: bool = False) -> dict[str, Any]:
    """A task from a bullet of a section, read whole from the nested list's item it also
    is (its continuation lines: "Cơ quan chủ trì: …"), when it is one."""
    # The longer reading wins: a nested list ends at its last item's first line when
    # plain lines follow it, where the section's bullet runs on to the next marker.
    whole = item if item is not None and len(item.text) >= len(bullet.text) else bullet
    text, span = whole.text, whole.text_span
    source = ex.text
    if extend:
        # The labelled lines under a list's last item ("Cơ quan chủ trì: …", "Thời gian:
        # …") are that item's, though the list ends above them.
        end = span[1]
        for line in re.finditer(r"[^\n]*\n?", source[end:]):
            body = line.group().strip()
            if not body and line.start() == 0:
                continue
            if not (_LABELLED_LINE.match(body) or assign.LABELLED.match(body)):
                break
            text += "\n" + body
            end = span[1] + line.end()
        span = (span[0], end)
    return _task_of(text, span, ex, _detail(item))


def _task_of(text: str, span: tuple[int, int], ex: Extraction, detail: str = "") -> dict[str, Any]:
    """One task of the draft: its title, who leads and coordinates (labelled, or the
    subject of its sentence), the classes of units it assigns, and its timing."""
    lang = ex.language if ex.language in ("vi", "en", "th") else "vi"
    lead, coordinators = task_parties(text, lang)
    title = _task_title(text)
    leads = assign.split_parties(lead, lang)
    coords = assign.split_parties(coordinators, lang)
    classes = [k for k, _s in assign.unit_classes(lead, lang)] if lead else []
    if not lead:
        # "Sở Tài chính chủ trì, phối hợp với …": the subject of the item's sentence.
        said = assign.assignment_tasks(title, lang)
        if said:
            leads, classes = said[0].leads, said[0].classes
            coords = coords or said[0].coordinators
    if classes:
        rx = assign._CLASS_RX.get(lang, assign._CLASS_RX["vi"])
        leads = [p for p in leads if not rx.search(p)]
    timing = task_timing(ex, span, text)
    # What the task's labels say that was not understood: a lead line naming no body, a
    # time line giving no date — highlighted for the officer to read.
    unread = []
    fields = assign.labelled_fields(text)
    missed = {"lead": not leads and not classes, "coord": not coords}
    missed["time"] = not (timing["due"] or timing["window"] or timing["recurrence"])
    for role, (value, _vs) in fields.items():
        if missed.get(role):
            at = ex.text.find(value, span[0], span[1])
            if at >= 0:
                unread.append({"span": [at, at + len(value)], "role": role, "text": value[:200]})
    return {
        "title": title,
        "detail": detail,
        "unread": unread,
        "lead_text": lead,
        "coordinator_text": coordinators,
        "leads": leads,
        "coordinators": [c for c in coords if c not in leads],
        "unit_classes": classes,
        "due_date": timing["due"]["date"] if timing["due"] else "",
        "window": timing["window"],
        "recurrence": timing["recurrence"],
        "span": list(span),
    }


def _sentence_task(a: assign.Assignment, ex: Extraction) -> dict[str, Any]:
    timing = task_timing(ex, a.span, ex.text[a.span[0] : a.span[1]])
    return {
        "title": a.title,
        "detail": "",
        "unread": [],
        "lead_text": ", ".join(a.leads),
        "coordinator_text": ", ".join(a.coordinators),
        "leads": a.leads,
        "coordinators": [c for c in a.coordinators if c not in a.leads],
        "unit_classes": a.classes,
        "due_date": timing["due"]["date"] if timing["due"] else "",
        "window": timing["window"],
        "recurrence": timing["recurrence"],
        "span": list(a.span),
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


def _assigns(text: str, ex: Extraction) -> bool:
    """An organisation item that gives work to a body: "giao …", "… chủ trì", or a
    sentence whose subject is a body or a class of units."""
    lang = ex.language if ex.language in ("vi", "en", "th") else "vi"
    return bool(
        _ASSIGNS.search(_plain(text))
        or assign.assignment_tasks(text, lang)
        or assign.unit_classes(text, lang)
    )


_SECTION_LINE = re.compile(r"^[ \t]*(?P<num>[IVX]{1,5})[ \t]*[.)][ \t]+(?P<title>\S[^\n]*)$", re.M)
_ITEM_LINE = re.compile(r"^[ \t]*(?P<num>\d{1,2})[ \t]*[.)][ \t]+(?P<title>\S[^\n]*)$", re.M)
_SUB_LINE = re.compile(r"^\s*(?:[a-zđ]\s*[).]|[-+•*–])\s*", re.I)


def _formal_groups(ex: Extraction) -> list[dict[str, Any]] | None:
    """Groups of a plan laid out in sections "I. …", "II. …" with numbered items "1. …",
    read line by line: each item of a task section is one task running to the next
    item (its sub-items "a)", "-", "+" and its labelled lines inside it); an
    organisation section keeps its items that assign work; purpose and funding none.
    ``None`` when the text is not laid out so (fewer than two sections)."""
    text = ex.text
    recipients = _RECIPIENTS.search(text)
    body_end = recipients.start() if recipients else len(text)
    sections = [m for m in _SECTION_LINE.finditer(text, 0, body_end)]
    if len(sections) < 2:
        return None
    groups = []
    for si, sec in enumerate(sections):
        end = sections[si + 1].start() if si + 1 < len(sections) else body_end
        role = section_role(sec["title"])
        if role not in ("tasks", "organisation"):
            continue
        items = list(_ITEM_LINE.finditer(text, sec.end(), end))
        tasks = []
        for ii, item in enumerate(items):
            stop = items[ii + 1].start() if ii + 1 < len(items) else end
            whole = text[item.start("title") : stop].rstrip()
            lines = whole.split("\n")
            detail_lines = [
                ln.strip()
                for ln in lines[1:]
                if ln.strip()
                and not (_LABELLED_LINE.match(ln.strip(" -+•*–")) or assign.LABELLED.match(ln))
                and not assign.LABELLED.match(ln.strip(" -+•*–"))
            ]
            span = (item.start("title"), item.start("title") + len(whole))
            task = _task_of(whole, span, ex, "\n".join(detail_lines))
            task["title"] = _task_title(lines[0]) or task["title"]
            if role == "organisation" and not (
                task["leads"] or task["unit_classes"] or _assigns(lines[0], ex)
            ):
                continue
            if role == "organisation" and task["leads"]:
                # "Sở Tài chính chủ trì … tham mưu bố trí kinh phí": the whole sentence.
                task["title"] = _task_title(whole.split("\n")[0])
            tasks.append(task)
        if not items and role == "tasks":
            continue
        if tasks:
            groups.append(
                {
                    "number": si + 1,
                    "title": _task_title(sec["title"]),
                    "span": [sec.start(), end],
                    "role": role,
                    "tasks": tasks,
                }
            )
    return groups


def _groups_from(lists: list[NumberedList], ex: Extraction) -> list[dict[str, Any]]:
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
            tasks = [_task(item, item, ex, extend=True) for item in lst.items]
            if heading_role == "organisation":
                tasks = [
                    t
                    for t in tasks
                    if _ASSIGNS.search(_plain(t["title"])) or t["leads"] or t["unit_classes"]
                ]
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
                bullets = [b for b in bullets if _assigns(b.text, ex)]
                if not bullets:
                    continue
            groups.append(
                {
                    "number": item.number,
                    "title": _task_title(item.text),
                    "span": list(item.text_span),
                    "role": role,
                    "tasks": [_task(by_start.get(b.text_span[0]), b, ex) for b in bullets],
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
    lang = extraction.language if extraction.language in ("vi", "en", "th") else "vi"
    units = []
    seen_units: set[Any] = set()
    for u in extraction.units:
        if u.unit_id in seen_units:
            continue
        seen_units.add(u.unit_id)
        units.append({"unit_id": u.unit_id, "name": u.text, "span": list(u.span)})

    groups = _formal_groups(extraction)
    if groups is None:
        groups = _groups_from(lists, extraction)
    if not any(g["tasks"] for g in groups):
        # No numbered tasks (a news report, a paragraph): each sentence that assigns
        # work to a body is a task.
        body_end = _RECIPIENTS.search(text)
        said = assign.assignment_tasks(text[: body_end.start()] if body_end else text, lang)
        if said:
            groups = [
                {
                    "number": 1,
                    "title": "",
                    "span": [said[0].span[0], said[-1].span[1]],
                    "role": "sentences",
                    "tasks": [_sentence_task(a, extraction) for a in said],
                }
            ]
    plan = {
        "title": title,
        "period": period,
        "task_groups": groups,
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
        "header": _header_of(extraction, main),
        "document": main,
        "cited_documents": cited,
        "plan": plan,
        "movement": movement,
        "indicators": indicators,
        "warnings": [w.to_dict() for w in extraction.warnings],
    }
