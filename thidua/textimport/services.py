"""Writes of the text import: start an import, keep the officer's corrections, confirm.

Nothing outside :class:`ImportSession` is written before the officer confirms; confirming
creates the documents, plan and movement through their own apps' services in one
transaction, so that any refusal (a clash, a missing permission) rolls everything back
and is reported against the field of the draft it came from.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, _assignments, reach
from thidua.core.changelog import log_event
from thidua.core.converters import as_id
from thidua.core.services import lock_for_update
from thidua.documents import services as document_services
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit, UnitKind
from thidua.textimport import selectors
from thidua.textimport.extract import Extraction, UnitMatcher, UnitName, draft, extract
from thidua.textimport.extract.header import read_header
from thidua.textimport.extract.text import clean_snippet
from thidua.textimport.models import ImportSession
from thidua.textimport.permissions import rules
from thidua.utils.text import fold

# --- optional apps --------------------------------------------------------------------------
# Plans and emulation are separate apps; an installation may run without them, and the
# import then offers only what it can create.
try:
    from thidua.plans import services as plan_services
    from thidua.plans.models import Plan
except ImportError:  # pragma: no cover - depends on the installation
    plan_services = None  # type: ignore[assignment]
    Plan = None  # type: ignore[assignment,misc]
try:
    from thidua.emulation import services as emulation_services
    from thidua.emulation.models import Movement
except ImportError:  # pragma: no cover
    emulation_services = None  # type: ignore[assignment]
    Movement = None  # type: ignore[assignment,misc]


def plans_available() -> bool:
    return plan_services is not None


def recurrence_choices() -> list[tuple[str, str]]:
    """How often a task can repeat, as the plans app names it."""
    if not plans_available():
        return []
    from thidua.plans.models import Task

    return list(Task.Recurrence.choices)


def emulation_available() -> bool:
    return emulation_services is not None


class DraftErrors(ValidationError):
    """The draft cannot be confirmed: the messages by draft field (``doc-symbol``,
    ``plan-g0-t1-lead_units``…; ``""`` for the draft as a whole).

    A ``ValidationError`` by field, so that the API's error handler answers 400 with
    ``errors`` keyed by those names (``non_field_errors`` for ``""``); ``errors`` keeps the
    page's keys.
    """

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__({(k or NON_FIELD_ERRORS): list(v) for k, v in errors.items()})
        self.errors = errors


def draft_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Any refusal of a draft as the page shows it: messages by draft field."""
    if isinstance(exc, DraftErrors):
        return exc.errors
    if hasattr(exc, "error_dict"):
        return {("" if k == NON_FIELD_ERRORS else k): v for k, v in exc.message_dict.items()}
    return {"": list(exc.messages)}


# --- the unit tree as the extractor sees it -----------------------------------------------

_cache_lock = threading.Lock()
_unit_cache: dict[str, Any] = {}


def _unit_fingerprint() -> tuple[int, Any]:
    return (OrgUnit.objects.count(), OrgUnit.objects.aggregate(t=Max("updated_at"))["t"])


def unit_index() -> dict[str, Any]:
    """The matcher over every unit's names, and a folded-name index for issuer codes.

    Built once per state of the unit tree (count and last change) and shared by the
    threads of one process: compiling a matcher over 100,000 names is the slow part.
    """
    key = _unit_fingerprint()
    with _cache_lock:
        if _unit_cache.get("key") == key:
            return _unit_cache
    names: list[UnitName] = []
    by_name: dict[str, list[int]] = {}
    paths: dict[int, str] = {}
    for u in OrgUnit.objects.only(
        "id", "code", "name", "short_name", "name_en", "aliases", "path"
    ).iterator():
        all_names = tuple(u.all_names())
        names.append(UnitName(u.pk, all_names))
        paths[u.pk] = u.path
        # Issuer codes in symbols are the last part of a unit code ("HDND" in
        # "84-KH/HDND-BTGTU" for P42-HDND) as often as one of its names.
        for n in {*all_names, u.code.rsplit("-", 1)[-1]}:
            by_name.setdefault(fold(n).replace(" ", ""), []).append(u.pk)
    built = {"key": key, "matcher": UnitMatcher(names), "by_name": by_name, "paths": paths}
    with _cache_lock:
        _unit_cache.clear()
        _unit_cache.update(built)
    return built


def _closest(candidates: Sequence[int], context: Iterable[str], paths: dict[int, str]) -> int:
    """Among units with the same name, the one nearest in the tree to the context units
    (the longest shared path prefix): "UBND tỉnh" in a Hà Tĩnh text is Hà Tĩnh's."""
    ctx = [p for p in context if p]

    def shared(uid: int) -> int:
        # Summed over the context, so that the province most of the text is about wins.
        path = paths.get(uid, "")
        total = 0
        for p in ctx:
            for a, b in zip(path, p, strict=False):
                if a != b:
                    break
                total += 1
        return total

    return max(candidates, key=lambda uid: (shared(uid), -candidates.index(uid)))


def run_extraction(
    text: str, *, language: str | None = None, units: bool = True
) -> tuple[Extraction, dict]:
    """Extract from ``text`` with the unit tree's names (``units=False``: without
    matching any unit); returns the result and its draft."""
    matcher = unit_index()["matcher"] if units else ()
    extraction = extract(text, language=language or None, units=matcher)
    return extraction, draft(extraction)


# --- building the editable proposal -------------------------------------------------------


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


_MARKUP = re.compile(r"\[[^\[\]\n]*=[^\[\]\n]*\]|<[^<>\n]*>")


def _clean(text: str, limit: int) -> str:
    """A snippet without web markup (image captions "[caption id=…]", tags)."""
    return clean_snippet(_MARKUP.sub(" ", text), limit).strip()


def _first_title_line(text: str) -> str:
    for line in text.splitlines():
        line = _clean(line, 480)
        if sum(ch.isalpha() for ch in line) >= 20:
            return line
    return ""


def _sentence(text: str, start: int, end: int, limit: int = 240) -> str:
    lo = max(text.rfind("\n", 0, start) + 1, start - limit)
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else min(hi, end + limit)
    return _clean(text[lo:hi], 2 * limit)[:500]


def _unit_label(u: OrgUnit) -> str:
    return f"{u.name} ({u.code})"


def _issuer_units(issuers: Sequence[str], index: dict[str, Any], context: list[str]) -> list[int]:
    """Units named by a symbol's issuer codes ("HDND-BTGTU" → the People's Council and the
    Propaganda Department), nearest to the text's own units when a code is ambiguous."""
    found: list[int] = []
    for code in issuers:
        cands = index["by_name"].get(fold(code).replace(" ", ""), [])
        if cands:
            uid = _closest(cands, context, index["paths"])
            if uid not in found:
                found.append(uid)
    return found


def _header_issuer(lines: Sequence[str], index: dict[str, Any], context: list[str]) -> list[int]:
    """The unit of a header's issuer block: the block's lines read as one name ("ỦY BAN
    NHÂN DÂN / TỈNH HÀ TĨNH"), else its last line as the issuer under the lines above it
    as its superior body ("UBND TỈNH HÀ TĨNH / SỞ NỘI VỤ": the department of that
    province)."""

    def named(text: str) -> list[int]:
        return index["by_name"].get(fold(text).replace(" ", ""), [])

    whole = named(" ".join(lines))
    if whole:
        return [_closest(whole, context, index["paths"])]
    if len(lines) > 1:
        own = named(lines[-1])
        superior = named(" ".join(lines[:-1]))
        if own:
            near = [index["paths"].get(_closest(superior, context, index["paths"]), "")]
            return [_closest(own, near if superior else context, index["paths"])]
    return []


def _visible_document(user: Any, symbol: str, year: int | None) -> Document | None:
    doc = document_services.find_by_symbol(symbol, year=year) or document_services.find_by_symbol(
        symbol
    )
    if doc is None:
        return None
    return Document.objects.restrict(user).filter(pk=doc.pk).first()


def _doc_proposal(
    user: Any, item: dict[str, Any], text: str, index: dict, context: list[str], year: Any
) -> dict[str, Any]:
    existing = _visible_document(user, item["symbol"], item.get("year"))
    if existing is not None:
        issuers = list(existing.issuing_units.values_list("pk", flat=True))
    else:
        issuers = _issuer_units(item.get("issuers") or [], index, context)
    span = item.get("span") or [0, 0]
    return {
        "action": "link" if existing else ("create" if issuers else "skip"),
        "existing_id": existing.pk if existing else None,
        "existing_label": str(existing) if existing else "",
        "symbol": item["symbol"],
        "title": existing.title if existing else _sentence(text, span[0], span[1]),
        "issued_on": _iso(existing.issued_on) if existing else (item.get("date") or ""),
        "year": (existing.year if existing else None) or item.get("year") or year,
        "issuing_units": issuers,
        "joint": len(item.get("issuers") or []) > 1,
        "type_code": item.get("type_code") or "",
        "span": span,
    }


def _tasks_from_paragraphs(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """When the text has no numbered tasks, each paragraph that names units is a task for
    those units (S1 assigns activities to bodies in prose)."""
    tasks: list[dict[str, Any]] = []
    for m in re.finditer(r"[^\n]+", text):
        units = [u["unit_id"] for u in mentions if m.start() <= u["span"][0] < m.end()]
        units = list(dict.fromkeys(units))
        if not units:
            continue
        tasks.append(
            {
                "title": _clean(m.group(), 480),
                "lead_units": units[:20],
                "span": [m.start(), m.end()],
            }
        )
    return tasks[:30]


def _units_in(span: Sequence[int], mentions: list[dict[str, Any]]) -> list[int]:
    return list(dict.fromkeys(u["unit_id"] for u in mentions if span[0] <= u["span"][0] < span[1]))


def _units_named(span: Sequence[int], named: str, mentions: list[dict[str, Any]]) -> list[int]:
    """The units mentioned in ``span`` whose names are in ``named`` (the words after
    "Cơ quan chủ trì:" or "phối hợp với"), in their order."""
    words = fold(named)
    return list(
        dict.fromkeys(
            u["unit_id"]
            for u in mentions
            if span[0] <= u["span"][0] < span[1] and fold(u["text"]) in words
        )
    )


def _party_units(party: str, span: Sequence[int], mentions: list[dict[str, Any]]) -> list[int]:
    """The units a party's name stands for: the mentions inside the task whose words
    are that name's, or hold it ("Công an tỉnh" in "Công an tỉnh Bắc Giang")."""
    words = fold(party)
    return list(
        dict.fromkeys(
            u["unit_id"]
            for u in mentions
            if span[0] <= u["span"][0] < span[1]
            and (fold(u["text"]) in words or words in fold(u["text"]))
        )
    )


def _recurrence_fields(rule: dict[str, Any] | None) -> dict[str, Any]:
    if not rule or rule.get("every") not in {"monthly", "quarterly", "half_yearly", "yearly"}:
        return {"recurrence": "", "recur_day": "", "recur_month": ""}
    return {
        "recurrence": rule["every"],
        "recur_day": rule.get("day") or "",
        "recur_month": rule.get("month") or "",
    }


def _task_proposal(
    t: dict[str, Any],
    mentions: list[dict[str, Any]],
    text: str = "",
    kind_names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A task of the draft with its units: each body its words name as lead or
    coordinator resolved to a unit (a body named but not found is kept, by name, for the
    officer to pick), the classes of units it assigns as a whole, and its timing."""
    span = t["span"]
    kind_names = kind_names or {}
    unmatched: list[dict[str, str]] = []

    def resolve(parties: Sequence[str], role: str) -> list[int]:
        ids: list[int] = []
        for party in parties:
            found = _party_units(party, span, mentions)
            if found:
                ids += [u for u in found if u not in ids]
            else:
                unmatched.append({"text": party[:200], "role": role})
        return ids

    leads_named = t.get("leads")
    if leads_named is None:  # a draft saved before parties were read
        leads_named = [t["lead_text"]] if t.get("lead_text") else []
    coordinating = resolve(t.get("coordinators") or [], "coordinating")
    lead = resolve(leads_named, "lead")
    if not leads_named and not t.get("unit_classes"):
        lead = [u for u in _units_in(span, mentions) if u not in coordinating]
    window = t.get("window") or {}
    due = t.get("due_date") or window.get("end") or ""
    unread = [dict(u) for u in t.get("unread") or [] if isinstance(u, dict)]
    for party in unmatched:
        at = text.find(party["text"], span[0], span[1]) if text else -1
        if at >= 0:
            unread.append(
                {
                    "span": [at, at + len(party["text"])],
                    "role": party["role"],
                    "text": party["text"],
                }
            )
    return {
        "title": t["title"][:500],
        "detail": (t.get("detail") or "")[:4000],
        "lead_text": (t.get("lead_text") or "")[:300],
        "coordinator_text": (t.get("coordinator_text") or "")[:300],
        "lead_units": lead,
        "coordinating_units": [u for u in coordinating if u not in lead],
        "unmatched": unmatched[:10],
        "unread": unread[:12],
        "unit_classes": [
            {"code": k, "name": kind_names.get(k, k)} for k in (t.get("unit_classes") or [])[:6]
        ],
        "start_date": window.get("start") or "",
        "due_date": due,
        **_recurrence_fields(t.get("recurrence")),
        "span": span,
    }


def _manage_reach_ids(user: Any, ids: Iterable[int]) -> list[int]:
    r = reach(user, Action.MANAGE)
    ids = list(ids)
    allowed = set(OrgUnit.objects.filter(r.unit_q(), pk__in=ids).values_list("pk", flat=True))
    return [i for i in ids if i in allowed]


def _deadline_rule(deadlines: list[dict[str, Any]]) -> str:
    for d in deadlines:
        if d.get("before"):
            return selectors.deadline_words(d)
    return ""


def proposal_from(
    *, user: Any, extraction: Extraction, raw: dict[str, Any], session_id: int | None = None
) -> dict[str, Any]:
    """The editable draft shown beside the text: the extractor's suggestions resolved
    against the database (units by id, existing documents by symbol, the user's reach)."""
    text = extraction.text
    index = unit_index()
    paths = index["paths"]
    own = [p for _role, p in _user_paths(user)]
    # Resolve ambiguous unit names ("คณะกรรมการประชาชนจังหวัด" is every province's
    # People's Committee) against the unambiguous mentions and the officer's own units.
    sure = [paths.get(m.unit_id, "") for m in extraction.units if len(m.candidates) == 1]
    context = sure + own * 3
    mentions = []
    for m in extraction.units:
        uid = m.unit_id if len(m.candidates) == 1 else _closest(list(m.candidates), context, paths)
        mentions.append({"unit_id": uid, "text": m.text, "span": list(m.span)})
    context = [paths.get(m["unit_id"], "") for m in mentions] + own

    plan_raw = raw.get("plan") or {}
    period = plan_raw.get("period") or {}
    main_raw = raw.get("document")
    year = None
    if main_raw and main_raw.get("year"):
        year = main_raw["year"]
    elif main_raw and main_raw.get("date"):
        year = int(main_raw["date"][:4])
    elif period:
        year = int(period["start"][:4])

    header = read_header(text, [(d.span, d.value) for d in extraction.dates])
    if header is not None and header.issued_on and not year:
        year = header.issued_on.year
    document = (
        _doc_proposal(user, main_raw, text, index, context, year)
        if main_raw
        else {
            # No number and symbol: a news report more often than a document to register.
            "action": "skip",
            "existing_id": None,
            "existing_label": "",
            "symbol": "",
            "title": _first_title_line(text),
            "issued_on": "",
            "year": year,
            "issuing_units": [],
            "joint": False,
            "type_code": "",
            "span": [0, 0],
        }
    )
    if header is not None and not document["existing_id"]:
        # The Decree 30 header says what the running text can only guess: the title
        # under the kind, the date under the motto, the issuer block.
        if header.title:
            document["title"] = header.full_title
        if header.issued_on:
            document["issued_on"] = header.issued_on.isoformat()
            document["year"] = header.issued_on.year
        if header.type_code and not document["type_code"]:
            document["type_code"] = header.type_code
        issuer = _header_issuer(header.issuer_lines, index, context)
        if issuer:
            document["issuing_units"] = issuer
    said = raw.get("header") or {}
    if header is None and said.get("layout") == "news" and not document["existing_id"]:
        # A news report names the plan in one sentence: its quoted title, the day it was
        # issued and the body that issued it.
        if said.get("title"):
            document["title"] = said["title"]
        if said.get("issued_on") and not document["issued_on"]:
            document["issued_on"] = said["issued_on"]
            document["year"] = document["year"] or int(said["issued_on"][:4])
        issuer = said.get("issuer", "")
        named = [m["unit_id"] for m in mentions if m["text"] and m["text"] in issuer]
        if named and not document["issuing_units"]:
            document["issuing_units"] = named[:1]
    if main_raw and document["action"] == "skip":
        document["action"] = "create"
    if not document["issuing_units"]:
        document["issuing_units"] = _report_reach_ids(user, [m["unit_id"] for m in mentions])[:1]
    cited = [
        _doc_proposal(user, c, text, index, context, None) for c in raw.get("cited_documents", [])
    ]

    kind_names = {k.code: k.name for k in UnitKind.objects.all()}
    groups = []
    for g in plan_raw.get("task_groups") or []:
        tasks = [_task_proposal(t, mentions, text, kind_names) for t in g.get("tasks") or []]
        if not tasks:
            tasks = [
                {
                    "title": g["title"][:500],
                    "lead_units": _units_in(g["span"], mentions),
                    "span": g["span"],
                }
            ]
        # Tasks read from sentences come as one group with no heading of its own.
        title = g["title"][:500] or str(_("Tasks"))
        groups.append({"title": title, "tasks": tasks, "span": g["span"]})
    if not groups:
        tasks = _tasks_from_paragraphs(text, mentions)
        if tasks:
            groups = [{"title": _("Tasks"), "tasks": tasks, "span": [0, 0], "guessed": True}]

    # A plan can only assign units inside its issuers' reach; offering others (the
    # nation named in passing) would only be refused on confirmation.
    manageable = set(
        _manage_reach_ids(
            user,
            {
                u
                for g in groups
                for t in g["tasks"]
                for u in (*t["lead_units"], *t.get("coordinating_units", []))
            },
        )
    )
    for g in groups:
        for t in g["tasks"]:
            t["lead_units"] = [u for u in t["lead_units"] if u in manageable]
            if "coordinating_units" in t:
                t["coordinating_units"] = [u for u in t["coordinating_units"] if u in manageable]
        if g.get("guessed"):
            # A paragraph that only names units is a task only when one is in reach.
            g["tasks"] = [t for t in g["tasks"] if t["lead_units"]]
    groups = [g for g in groups if g["tasks"]]

    plan_issuers = (
        _manage_reach_ids(user, document["issuing_units"])
        or _manage_reach_ids(user, [m["unit_id"] for m in mentions])[:1]
    )
    if header is not None and header.period:
        # The period the title names ("năm 2025"), not a task's window.
        start, end = (d.isoformat() for d in header.period)
    elif (said.get("period") or {}).get("start"):
        start, end = said["period"]["start"], said["period"]["end"]
    else:
        start = period.get("start") or (f"{year}-01-01" if year else "")
        end = period.get("end") or (f"{year}-12-31" if year else "")
    movement_raw = raw.get("movement")
    plan = {
        "available": plans_available(),
        "create": bool(
            plans_available() and plan_raw.get("likely") and main_raw and not movement_raw
        ),
        "kind": "plan",
        "title": clean_snippet(document["title"] or plan_raw.get("title") or "", 480),
        "period_start": start,
        "period_end": end,
        "issuing_units": plan_issuers[:3],
        "groups": groups,
        "deadlines": plan_raw.get("deadlines") or [],
    }

    movement = None
    if movement_raw:
        owner = _manage_reach_ids(user, [m["unit_id"] for m in mentions])[:1]
        if not owner:
            owner = _manage_reach_ids(user, [_unit_id_for_path(user)])[:1]
        base = slugify(document["symbol"] or "") or "movement"
        starts = document["issued_on"] or start or timezone.localdate().isoformat()
        movement = {
            "available": emulation_available(),
            "create": emulation_available(),
            # Codes are unique; the session id keeps two imports of one text apart.
            "code": f"{base}-import-{session_id or 0}"[:60],
            "name": clean_snippet(document["title"], 290),
            "kind": "regular",
            "owner_unit": owner[0] if owner else None,
            "starts_on": starts,
            "ends_on": "",
            "report_deadline": _deadline_rule(plan_raw.get("deadlines") or []),
            "contents": [
                {"number": c["number"], "text": c["text"], "span": c["span"]}
                for c in movement_raw.get("contents") or []
            ],
            "groups": [
                {
                    "number": g["number"],
                    "name": g["name"][:300],
                    "recipient_kind": "individual"
                    if _looks_individual(g["name"])
                    else "collective",
                    "criteria": [
                        {"number": i + 1, "text": c["text"], "span": c["span"]}
                        for i, c in enumerate(g.get("criteria") or [])
                    ],
                    "span": g["span"],
                }
                for g in movement_raw.get("subject_groups") or []
            ],
        }

    return {
        "document": document,
        "cited": cited,
        "plan": plan,
        "movement": movement,
        "indicators": raw.get("indicators") or [],
        "warnings": raw.get("warnings") or [],
        "mentions": mentions,
    }


_INDIVIDUAL = re.compile(r"individual|cá nhân|ca nhan|บุคคล|person", re.IGNORECASE)


def _looks_individual(name: str) -> bool:
    return bool(_INDIVIDUAL.search(name))


def _user_paths(user: Any) -> list[tuple[str, str]]:
    return list(_assignments(user)) if getattr(user, "is_authenticated", False) else []


def _unit_id_for_path(user: Any) -> int:
    paths = [p for _r, p in _user_paths(user)]
    if not paths:
        return 0
    unit = OrgUnit.objects.filter(path=paths[0]).only("id").first()
    return unit.pk if unit else 0


def _report_reach_ids(user: Any, ids: Iterable[int]) -> list[int]:
    r = reach(user, Action.REPORT)
    ids = list(ids)
    allowed = set(OrgUnit.objects.filter(r.unit_q(), pk__in=ids).values_list("pk", flat=True))
    found = [i for i in ids if i in allowed]
    if not found:
        own = _unit_id_for_path(user)
        if own:
            found = [own]
    return found


# --- the session ---------------------------------------------------------------------------


@transaction.atomic
def import_session_create(
    *, user: Any, text: str, source_name: str, language: str | None = None
) -> ImportSession:
    """Extract from ``text`` and keep the result with its proposal, owned by ``user``."""
    extraction, raw = run_extraction(text, language=language)
    session = ImportSession(
        user=user,
        source_name=source_name[:200] or _("pasted text"),
        language=extraction.language,
        text=text,
        extraction=extraction.to_dict(),
        draft={},
    )
    session.full_clean(exclude=["draft", "extraction", "created"])
    session.save()
    session.draft = proposal_from(user=user, extraction=extraction, raw=raw, session_id=session.pk)
    session.save(update_fields=["draft", "updated_at"])
    return session


@transaction.atomic
def import_session_save_draft(
    *, user: Any, session: ImportSession, draft: dict[str, Any]
) -> ImportSession:
    """Keep the officer's corrections (nothing else is written)."""
    rules.require("save_draft", user, session)
    fresh = lock_for_update(session, expected_version=None)
    rules.require("save_draft", user, fresh)
    fresh.draft = draft
    fresh.save(update_fields=["draft", "updated_at"])
    return fresh


_TERRITORIES = {"nation", "province", "central_city", "district", "commune", "ward", "special_zone"}


def _territory(unit: OrgUnit) -> OrgUnit:
    """The territory a body governs: the People's Committee of a province stands for the
    province, whose communes "các xã, phường" are (its nearest territorial ancestor)."""
    node: OrgUnit | None = unit
    while node is not None:
        if node.kind.code in _TERRITORIES:
            return node
        node = node.parent
    return unit


def _small_int(value: Any) -> int | None:
    try:
        return int(value) if str(value or "").strip() else None
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _units(ids: Iterable[Any]) -> list[OrgUnit]:
    ids = [n for i in ids if (n := as_id(i)) is not None]
    by_id = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


class _Collector:
    """Runs service calls, filing any refusal under the draft field it belongs to."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, key: str, messages: Iterable[str]) -> None:
        self.errors.setdefault(key, []).extend(str(m) for m in messages)

    def call(self, prefix: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, msgs in exc.message_dict.items():
                    key = f"{prefix}-{field}" if field != "__all__" else prefix
                    self.add(key, msgs)
            else:
                self.add(prefix, exc.messages)
        except PermissionDenied as exc:
            self.add(prefix, [str(exc) or _("You may not do this.")])
        raise DraftErrors(self.errors)


def _created(kind: str, obj: Any, url: str, note: str = "") -> dict[str, Any]:
    return {"kind": kind, "id": obj.pk, "label": str(obj)[:200], "url": url, "note": note}


def _resolve_document(
    c: _Collector, user: Any, prefix: str, d: dict[str, Any], recipients: Sequence[OrgUnit]
) -> tuple[Document | None, bool]:
    """The document a draft entry stands for: linked, created, or none when skipped."""
    action = d.get("action") or "skip"
    if action == "skip":
        return None, False
    if action == "link":
        doc = None
        if d.get("existing_id"):
            doc = Document.objects.restrict(user).filter(pk=d["existing_id"]).first()
        if doc is None and d.get("symbol"):
            doc = _visible_document(user, d["symbol"], d.get("year"))
        if doc is None:
            c.add(f"{prefix}-symbol", [_("No registered document you can see has this symbol.")])
            raise DraftErrors(c.errors)
        return doc, False
    doc = c.call(
        prefix,
        document_services.document_create,
        user=user,
        title=d.get("title") or d.get("symbol") or "",
        symbol=d.get("symbol") or "",
        issued_on=_date(d.get("issued_on")),
        year=int(d["year"]) if d.get("year") and not d.get("issued_on") else None,
        issuing_units=_units(d.get("issuing_units") or []),
        recipient_units=recipients,
    )
    return doc, True


def _confirm(user: Any, draft: dict[str, Any], c: _Collector) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = []
    d = draft.get("document") or {}
    main, new = _resolve_document(c, user, "doc", d, ())
    if main is not None:
        made.append(
            _created(
                "document",
                main,
                _url("documents:detail", main.pk),
                _("created") if new else _("already registered, linked"),
            )
        )
    recipients = list(main.issuing_units.all()) if main is not None else []
    cited_docs: list[Document] = []
    for i, cd in enumerate(draft.get("cited") or []):
        doc, new = _resolve_document(c, user, f"cited-{i}", cd, recipients)
        if doc is None:
            continue
        cited_docs.append(doc)
        if main is not None and doc.pk != main.pk:
            exists = main.relations_out.filter(target=doc, kind="cites").exists()
            if not exists and new:
                c.call(
                    f"cited-{i}",
                    document_services.document_relate,
                    user=user,
                    source=main,
                    target=doc,
                    kind="cites",
                )
        made.append(
            _created(
                "document",
                doc,
                _url("documents:detail", doc.pk),
                _("created") if new else _("already registered, linked"),
            )
        )

    p = draft.get("plan") or {}
    if p.get("create") and plans_available():
        plan = c.call(
            "plan",
            plan_services.plan_create,
            user=user,
            kind=p.get("kind") or "plan",
            title=p.get("title") or "",
            issuing_units=_units(p.get("issuing_units") or []),
            period_start=_date(p.get("period_start")),
            period_end=_date(p.get("period_end")),
            issued_as=main,
            documents=cited_docs,
        )
        made.append(_created("plan", plan, _url("plans:detail", plan.pk)))
        for gi, g in enumerate(p.get("groups") or []):
            tasks = [t for t in g.get("tasks") or [] if (t.get("title") or "").strip()]
            if not (g.get("title") or "").strip():
                continue
            group = c.call(
                f"plan-g{gi}",
                plan_services.task_group_create,
                user=user,
                plan=plan,
                title=g["title"],
            )
            for ti, t in enumerate(tasks):
                due = _date(t.get("due_date"))
                if t.get("recurrence") and due is None:
                    # A repeating task is first due by its rule from the plan's start (an
                    # old plan imported today would otherwise have no occurrence left).
                    from thidua.plans.models import Task

                    rule = Task(
                        plan=plan,
                        recurrence=t["recurrence"],
                        recur_day=_small_int(t.get("recur_day")),
                        recur_month=_small_int(t.get("recur_month")),
                    )
                    due = (
                        rule.first_occurrence_from(plan.period_start) if plan.period_start else None
                    )
                task = c.call(
                    f"plan-g{gi}-t{ti}",
                    plan_services.task_create,
                    user=user,
                    plan=plan,
                    group=group,
                    title=t["title"],
                    description=t.get("detail") or "",
                    start_date=_date(t.get("start_date")),
                    due_date=due,
                    recurrence=t.get("recurrence") or "",
                    recur_day=_small_int(t.get("recur_day")),
                    recur_month=_small_int(t.get("recur_month")),
                    lead_units=_units(t.get("lead_units") or []),
                    coordinating_units=_units(t.get("coordinating_units") or []),
                )
                kinds = [
                    k.get("code") if isinstance(k, dict) else k for k in t.get("unit_classes") or []
                ]
                kinds = [k for k in kinds if k]
                if kinds and task is not None and plan.issuing_units.exists():
                    # "Ủy ban nhân dân các xã, phường": every unit of those kinds under
                    # the plan's first issuer.
                    c.call(
                        f"plan-g{gi}-t{ti}-unit_classes",
                        plan_services.task_assign_bulk,
                        user=user,
                        task=task,
                        under=_territory(plan.issuing_units.order_by("path").first()),
                        kinds=kinds,
                    )

    m = draft.get("movement") or {}
    if m.get("create") and emulation_available():
        owner = _units([m.get("owner_unit")] if m.get("owner_unit") else [])
        if not owner:
            c.add("mv-owner_unit", [_("Choose the unit that runs the movement.")])
            raise DraftErrors(c.errors)
        movement = c.call(
            "mv",
            emulation_services.movement_create,
            user=user,
            code=m.get("code") or "",
            name=m.get("name") or "",
            kind=m.get("kind") or "regular",
            owner_unit=owner[0],
            starts_on=_date(m.get("starts_on")),
            ends_on=_date(m.get("ends_on")),
            launch_document=main,
            basis_documents=cited_docs,
            report_deadline=(m.get("report_deadline") or "")[:200],
        )
        made.append(_created("movement", movement, _url("emulation:movement", movement.pk)))
        for ci, content in enumerate(m.get("contents") or []):
            if (content.get("text") or "").strip():
                c.call(
                    f"mv-c{ci}",
                    emulation_services.content_set,
                    user=user,
                    movement=movement,
                    number=int(content.get("number") or ci + 1),
                    text=content["text"],
                )
        for gi, g in enumerate(m.get("groups") or []):
            if not (g.get("name") or "").strip():
                continue
            group = c.call(
                f"mv-g{gi}",
                emulation_services.group_set,
                user=user,
                movement=movement,
                number=int(g.get("number") or gi + 1),
                name=g["name"],
                recipient_kind=g.get("recipient_kind") or "collective",
            )
            number = 0
            for ki, k in enumerate(g.get("criteria") or []):
                if (k.get("text") or "").strip():
                    number += 1
                    c.call(
                        f"mv-g{gi}-k{ki}",
                        emulation_services.criterion_set,
                        user=user,
                        group=group,
                        number=number,
                        text=k["text"],
                    )
    return made


def import_session_confirm(
    *, user: Any, session: ImportSession, draft: dict[str, Any]
) -> ImportSession:
    """Create everything the corrected draft describes, all or nothing.

    Raises :class:`DraftErrors` (field → messages) when anything is refused; the
    officer's corrections are kept either way.
    """
    rules.require("confirm", user, session)
    try:
        with transaction.atomic():
            fresh = lock_for_update(session, expected_version=None)
            rules.require("confirm", user, fresh)
            made = _confirm(user, draft, _Collector())
            if not made:
                raise DraftErrors({"": [_("Nothing to create: choose at least one thing.")]})
            fresh.draft = draft
            fresh.created = made
            fresh.status = ImportSession.Status.CONFIRMED
            fresh.confirmed_at = timezone.now()
            fresh.save(update_fields=["draft", "created", "status", "confirmed_at", "updated_at"])
            log_event(fresh, "confirmed", data={"created": [[x["kind"], x["id"]] for x in made]})
            return fresh
    except DraftErrors:
        import_session_save_draft(user=user, session=session, draft=draft)
        raise
