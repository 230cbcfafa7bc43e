"""Reads of the text import: an officer's own sessions, and the highlighted text."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from thidua.core.converters import as_id
from thidua.core.figures import format_day
from thidua.orgunits.models import OrgUnit
from thidua.textimport.models import ImportSession

# Which extraction lists are highlighted, with the CSS kind and how to describe one item.
KINDS = (
    "document",
    "date",
    "period",
    "year",
    "deadline",
    "list",
    "figure",
    "unit",
    "warning",
    "unclear",
)


def unread_spans(draft: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """What the import read in a task's words but could not understand: a body named
    but not found among the units, a time line that gave no date."""
    why = {
        "lead": _("a lead body not found among the units"),
        "coordinating": _("a coordinating body not found among the units"),
        "coord": _("coordinating bodies not understood"),
        "time": _("a time not understood: type the date in the task"),
    }
    out = []
    for g in ((draft or {}).get("plan") or {}).get("groups") or []:
        for t in g.get("tasks") or []:
            for u in t.get("unread") or []:
                try:
                    s, e = int(u["span"][0]), int(u["span"][1])
                except (KeyError, TypeError, ValueError, IndexError):
                    continue
                if e > s >= 0:
                    out.append((s, e, "unclear", str(why.get(u.get("role"), why["time"]))))
    return out


def import_session_list(*, user: Any, status: str | None = None) -> QuerySet[ImportSession]:
    """The user's own imports, newest first (an import is a personal worksheet)."""
    qs = ImportSession.objects.filter(user_id=getattr(user, "pk", None)).defer(
        "text", "extraction", "draft"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def import_session_get(*, user: Any, pk: int) -> ImportSession:
    """One of the user's imports; anyone else's is a 404 (no hint that it exists)."""
    session = ImportSession.objects.filter(pk=pk, user_id=getattr(user, "pk", None)).first()
    if session is None:
        raise Http404("No such import.")
    return session


def deadline_words(deadline: dict[str, Any]) -> str:
    """A recurring deadline the reader's way: "every year before 30/11", "every month
    before day 20" (``before`` is "MM-DD", ``before_day`` a day of the month)."""
    every = deadline.get("every") or "year"
    before = deadline.get("before")
    if before:
        month, day = (int(x) for x in before.split("-"))
        words = {
            "quarter": _("every quarter before %(day)s"),
            "month": _("every month before %(day)s"),
            "half_year": _("every six months before %(day)s"),
        }.get(every, _("every year before %(day)s"))
        return words % {"day": f"{day:02d}/{month:02d}"}
    if deadline.get("before_day"):
        words = {
            "quarter": _("every quarter before day %(day)s"),
            "half_year": _("every six months before day %(day)s"),
        }.get(every, _("every month before day %(day)s"))
        return words % {"day": deadline["before_day"]}
    return ""


def _label_of(kind: str, item: dict[str, Any]) -> str:
    if kind == "document":
        sym = item.get("symbol") or {}
        extra = f" · {item['date']}" if item.get("date") else ""
        return f"{sym.get('normalized', '')}{extra}"
    if kind == "date":
        return format_day(item.get("value", ""))
    if kind == "period":
        return f"{format_day(item.get('start'))} – {format_day(item.get('end'))}"
    if kind == "year":
        return str(item.get("year", ""))
    if kind == "deadline":
        return deadline_words(item)
    if kind == "figure":
        q = item.get("qualifier")
        return f"{'> ' if q == 'more_than' else ''}{item.get('value')} {item.get('unit') or ''}"
    if kind == "unit":
        return str(item.get("unit_name") or item.get("unit_id", ""))
    return ""


def spans_of(
    extraction: dict[str, Any], unit_names: dict[Any, str] | None = None
) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, tooltip) for everything worth highlighting in the stored
    ``Extraction.to_dict()``; tolerant of missing keys (old or hand-edited sessions)."""
    unit_names = unit_names or {}
    out: list[tuple[int, int, str, str]] = []
    # The tooltip names the kind in the reader's language.
    words = {
        "document": _("document"),
        "date": _("date"),
        "period": _("period"),
        "year": _("year"),
        "deadline": _("deadline"),
        "figure": _("figure"),
        "unit": _("unit"),
    }

    def add(kind: str, span: Any, title: str) -> None:
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            return
        if e > s >= 0:
            out.append((s, e, kind, title))

    for kind, key in (
        ("document", "document_refs"),
        ("date", "dates"),
        ("period", "periods"),
        ("year", "years"),
        ("deadline", "deadlines"),
        ("figure", "figures"),
        ("unit", "units"),
    ):
        for item in extraction.get(key) or []:
            if not isinstance(item, dict):
                continue
            if kind == "unit":
                item = {**item, "unit_name": unit_names.get(item.get("unit_id"), "")}
            add(kind, item.get("span"), f"{words[kind]}: {_label_of(kind, item)}")
    for lst in extraction.get("numbered_lists") or []:
        for it in (lst or {}).get("items") or []:
            marker = [(it.get("span") or [0])[0], (it.get("text_span") or [0])[0]]
            add("list", marker, _("list item %(n)s") % {"n": it.get("number")})
    for w in extraction.get("warnings") or []:
        for span in (w or {}).get("spans") or []:
            add("warning", span, _("warning: %(m)s") % {"m": w.get("message", "")})
    return out


def highlight(text: str, spans: Iterable[tuple[int, int, str, str]]) -> SafeString:
    """``text`` escaped, with each span wrapped in ``<mark class="x-{kind}" title=…>``.

    Spans may overlap or nest (a date inside a document reference, a warning over both):
    the text is cut at every span boundary and each piece is wrapped once, by the
    shortest span covering it, with the tooltips of all covering spans. Marks therefore
    never nest or cross, and the output is always well-formed HTML.
    """
    text = text or ""
    n = len(text)
    clean: list[tuple[int, int, str, str]] = []
    for s, e, kind, title in spans:
        s, e = max(0, min(int(s), n)), max(0, min(int(e), n))
        if e > s:
            clean.append((s, e, kind if kind in KINDS else "other", title))
    if not clean:
        return mark_safe(escape(text))
    bounds = sorted({0, n, *(s for s, _, _, _ in clean), *(e for _, e, _, _ in clean)})
    starts: dict[int, list[int]] = {}
    for i, (s, _e, _k, _t) in enumerate(clean):
        starts.setdefault(s, []).append(i)
    active: set[int] = set()
    parts: list[str] = []
    for a, b in itertools.pairwise(bounds):
        active.update(starts.get(a, ()))
        active = {i for i in active if clean[i][1] > a}
        piece = escape(text[a:b])
        if not active:
            parts.append(piece)
            continue
        covering = sorted(active, key=lambda i: (clean[i][1] - clean[i][0], i))
        kind = clean[covering[0]][2]
        if any(clean[i][2] == "warning" for i in covering):
            kind = f"{kind} x-warned" if kind != "warning" else kind
        title = " | ".join(dict.fromkeys(clean[i][3] for i in covering))
        parts.append(f'<mark class="x-{kind}" title="{escape(title)}">{piece}</mark>')
    return mark_safe("".join(parts))


def unit_names(ids: Iterable[Any]) -> dict[Any, str]:
    """id → "name (code)" for the units a draft refers to."""
    wanted = {n for i in ids if (n := as_id(i)) is not None}
    return {
        u.pk: f"{u.name} ({u.code})"
        for u in OrgUnit.objects.filter(pk__in=wanted).only("id", "name", "code")
    }
