"""Forms of the text import: the text to read, and the draft as the officer corrected it."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.converters import as_id
from thidua.core.figures import parse_day
from thidua.orgunits.picker import clean_units
from thidua.textimport.readers import ReadError, ReadResult, read_pasted, read_uploaded_file

LANGUAGES = [("", gettext_lazy("Detect")), ("vi", "Tiếng Việt"), ("th", "ไทย"), ("en", "English")]


class SourceForm(forms.Form):
    """Paste a text or upload a .txt/.docx file; ``cleaned_data["read"]`` is the text."""

    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Paste the text of a plan, resolution or news report."),
    )
    file = forms.FileField(
        label=gettext_lazy("…or a file"),
        required=False,
        help_text=gettext_lazy(".docx or .txt (UTF-8, UTF-16, TIS-620 or Windows-1258)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGES, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        try:
            if upload:
                result: ReadResult = read_uploaded_file(upload)
            elif text.strip():
                result = read_pasted(text)
            else:
                raise forms.ValidationError(_("Paste a text or choose a file."))
        except ReadError as exc:
            raise forms.ValidationError(str(exc)) from exc
        data["read"] = result
        return data


def _date(value: str, key: str, errors: dict[str, list[str]], required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            errors.setdefault(key, []).append(_("This date is required."))
        return ""
    day = parse_day(value)
    if day is not None:
        return day.isoformat()
    errors.setdefault(key, []).append(_("Enter a date as dd/mm/yyyy, e.g. 28/02/2023."))
    return value


# What each unit field of the draft accepts, as the service that confirms it does
# (``services._confirm``): a document's and a plan's issuers may be any unit of the tree
# (the documents and plans rules want one of the user's among them), a task's lead units
# any unit the user may see (the plan's reach decides), and a movement is run by a unit
# the user manages. The same purposes render the draft's pickers (``unit_picker`` tag).
UNIT_PURPOSES = {
    "issuing_units": "tree",
    "lead_units": "view",
    "coordinating_units": "view",
    "owner_unit": "manage",
}


def _units(
    post: QueryDict, key: str, user: Any, errors: dict[str, list[str]], multiple: bool = True
) -> Any:
    """The ids of the units chosen in the picker ``key`` (one id or None when not
    ``multiple``), resolved and checked as ``UnitPickerField`` does; a refusal is filed
    under ``key``."""
    purpose = UNIT_PURPOSES[key.rsplit("-", 1)[-1]]
    try:
        chosen = clean_units(post, key, user=user, purpose=purpose, multiple=multiple)
    except forms.ValidationError as exc:
        errors.setdefault(key, []).extend(exc.messages)
        return [] if multiple else None
    if not multiple:
        return chosen.pk if chosen is not None else None
    return [u.pk for u in chosen]


def _text(post: QueryDict, key: str, limit: int) -> str:
    return (post.get(key) or "").strip()[:limit]


_REPEATS = {"", "monthly", "quarterly", "half_yearly", "yearly"}


def _recurrence(post: QueryDict, tp: str, t: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """A task's repeating rule from its fields: how often, and the day (and month) it is
    due; a day or month that is not a number is refused where it was typed."""
    every = post.get(f"{tp}-recurrence", "") or ""
    if every not in _REPEATS:
        errors.setdefault(f"{tp}-recurrence", []).append(_("Choose how often the task repeats."))
        every = ""
    t["recurrence"] = every
    for key, top in (("recur_day", 31), ("recur_month", 12)):
        raw = (post.get(f"{tp}-{key}", "") or "").strip()
        if not raw:
            t[key] = ""
            continue
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= top:
            errors.setdefault(f"{tp}-{key}", []).append(
                _("Write a number from 1 to %(top)s.") % {"top": top}
            )
            t[key] = ""
            continue
        t[key] = int(raw)


def draft_from_post(
    post: QueryDict, stored: dict[str, Any], user: Any
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The stored draft with the officer's corrections from ``post``, and the field errors.

    The structure (how many cited documents, groups, tasks…) comes from the stored draft;
    the form edits values, and an emptied title drops its item. Units come from the
    draft's pickers, chosen by ``user`` (``_units``). Field names follow the keys used by
    :class:`thidua.textimport.services.DraftErrors`.
    """
    draft = deepcopy(stored)
    errors: dict[str, list[str]] = {}

    def doc(prefix: str, d: dict[str, Any]) -> None:
        action = post.get(f"{prefix}-action", d.get("action", "skip"))
        d["action"] = action if action in ("create", "link", "skip") else "skip"
        d["symbol"] = _text(post, f"{prefix}-symbol", 120)
        d["title"] = _text(post, f"{prefix}-title", 500)
        d["issued_on"] = _date(post.get(f"{prefix}-issued_on", ""), f"{prefix}-issued_on", errors)
        year = (post.get(f"{prefix}-year") or "").strip()
        if year and not (as_id(year) is not None and 1900 <= as_id(year) <= 2200):
            errors.setdefault(f"{prefix}-year", []).append(_("Enter a year such as 2023."))
        d["year"] = as_id(year)
        d["issuing_units"] = _units(post, f"{prefix}-issuing_units", user, errors)
        if d["action"] == "create":
            if not d["title"]:
                errors.setdefault(f"{prefix}-title", []).append(_("A title is required."))
            if not d["issuing_units"] and f"{prefix}-issuing_units" not in errors:
                errors.setdefault(f"{prefix}-issuing_units", []).append(
                    _("Choose at least one issuing unit.")
                )

    doc("doc", draft.setdefault("document", {}))
    for i, c in enumerate(draft.get("cited") or []):
        doc(f"cited-{i}", c)

    plan = draft.get("plan")
    if plan is not None:
        plan["create"] = post.get("plan-create") == "on"
        plan["title"] = _text(post, "plan-title", 500)
        plan["kind"] = post.get("plan-kind") or plan.get("kind") or "plan"
        plan["period_start"] = _date(
            post.get("plan-period_start", ""), "plan-period_start", errors, plan["create"]
        )
        plan["period_end"] = _date(
            post.get("plan-period_end", ""), "plan-period_end", errors, plan["create"]
        )
        plan["issuing_units"] = _units(post, "plan-issuing_units", user, errors)
        for gi, g in enumerate(plan.get("groups") or []):
            g["title"] = _text(post, f"plan-g{gi}-title", 500)
            for ti, t in enumerate(g.get("tasks") or []):
                tp = f"plan-g{gi}-t{ti}"
                t["title"] = _text(post, f"{tp}-title", 500)
                t["lead_units"] = _units(post, f"{tp}-lead_units", user, errors)
                t["coordinating_units"] = _units(post, f"{tp}-coordinating_units", user, errors)
                t["due_date"] = _date(post.get(f"{tp}-due_date", ""), f"{tp}-due_date", errors)
                t["start_date"] = _date(
                    post.get(f"{tp}-start_date", ""), f"{tp}-start_date", errors
                )
                _recurrence(post, tp, t, errors)
                chosen = set(post.getlist(f"{tp}-unit_classes"))
                t["unit_classes"] = [
                    k
                    for k in t.get("unit_classes") or []
                    if isinstance(k, dict) and k.get("code") in chosen
                ]
        if plan["create"]:
            if not plan["title"]:
                errors.setdefault("plan-title", []).append(_("A title is required."))
            if not plan["issuing_units"] and "plan-issuing_units" not in errors:
                errors.setdefault("plan-issuing_units", []).append(
                    _("Choose at least one issuing unit.")
                )
            if (
                plan["period_start"]
                and plan["period_end"]
                and "plan-period_end" not in errors
                and "plan-period_start" not in errors
                and plan["period_end"] < plan["period_start"]
            ):
                errors.setdefault("plan-period_end", []).append(_("The end is before the start."))

    mv = draft.get("movement")
    if mv is not None:
        mv["create"] = post.get("mv-create") == "on"
        mv["name"] = _text(post, "mv-name", 300)
        mv["code"] = _text(post, "mv-code", 60)
        kind = post.get("mv-kind") or "regular"
        mv["kind"] = kind if kind in ("regular", "thematic") else "regular"
        mv["owner_unit"] = _units(post, "mv-owner_unit", user, errors, multiple=False)
        mv["starts_on"] = _date(post.get("mv-starts_on", ""), "mv-starts_on", errors, mv["create"])
        mv["ends_on"] = _date(post.get("mv-ends_on", ""), "mv-ends_on", errors)
        mv["report_deadline"] = _text(post, "mv-report_deadline", 200)
        for ci, c in enumerate(mv.get("contents") or []):
            c["text"] = _text(post, f"mv-c{ci}-text", 4000)
        for gi, g in enumerate(mv.get("groups") or []):
            g["name"] = _text(post, f"mv-g{gi}-name", 300)
            rk = post.get(f"mv-g{gi}-recipient_kind") or "collective"
            g["recipient_kind"] = rk if rk in ("collective", "individual") else "collective"
            for ki, k in enumerate(g.get("criteria") or []):
                k["text"] = _text(post, f"mv-g{gi}-k{ki}-text", 4000)
        if mv["create"]:
            for key, label in (
                ("name", _("A name is required.")),
                ("code", _("A code is required.")),
            ):
                if not mv[key]:
                    errors.setdefault(f"mv-{key}", []).append(label)
            if mv["owner_unit"] is None and "mv-owner_unit" not in errors:
                errors.setdefault("mv-owner_unit", []).append(
                    _("Choose the unit that runs the movement.")
                )
    return draft, errors


def post_from_draft(draft: dict[str, Any]) -> QueryDict:
    """The form data that would submit ``draft`` unchanged (used by tests and the API)."""
    q = QueryDict(mutable=True)

    def doc(prefix: str, d: dict[str, Any]) -> None:
        q[f"{prefix}-action"] = d.get("action") or "skip"
        for f in ("symbol", "title", "issued_on"):
            q[f"{prefix}-{f}"] = d.get(f) or ""
        q[f"{prefix}-year"] = str(d.get("year") or "")
        q.setlist(f"{prefix}-issuing_units", [str(i) for i in d.get("issuing_units") or []])

    doc("doc", draft.get("document") or {})
    for i, c in enumerate(draft.get("cited") or []):
        doc(f"cited-{i}", c)
    plan = draft.get("plan")
    if plan:
        if plan.get("create"):
            q["plan-create"] = "on"
        for f in ("title", "kind", "period_start", "period_end"):
            q[f"plan-{f}"] = plan.get(f) or ""
        q.setlist("plan-issuing_units", [str(i) for i in plan.get("issuing_units") or []])
        for gi, g in enumerate(plan.get("groups") or []):
            q[f"plan-g{gi}-title"] = g.get("title") or ""
            for ti, t in enumerate(g.get("tasks") or []):
                tp = f"plan-g{gi}-t{ti}"
                q[f"{tp}-title"] = t.get("title") or ""
                q[f"{tp}-due_date"] = t.get("due_date") or ""
                for f in ("start_date", "recurrence", "recur_day", "recur_month"):
                    q[f"{tp}-{f}"] = str(t.get(f) or "")
                q.setlist(
                    f"{tp}-unit_classes",
                    [k["code"] for k in t.get("unit_classes") or [] if isinstance(k, dict)],
                )
                for units in ("lead_units", "coordinating_units"):
                    q.setlist(f"{tp}-{units}", [str(i) for i in t.get(units) or []])
    mv = draft.get("movement")
    if mv:
        if mv.get("create"):
            q["mv-create"] = "on"
        for f in ("name", "code", "kind", "starts_on", "ends_on", "report_deadline"):
            q[f"mv-{f}"] = mv.get(f) or ""
        q["mv-owner_unit"] = str(mv.get("owner_unit") or "")
        for ci, c in enumerate(mv.get("contents") or []):
            q[f"mv-c{ci}-text"] = c.get("text") or ""
        for gi, g in enumerate(mv.get("groups") or []):
            q[f"mv-g{gi}-name"] = g.get("name") or ""
            q[f"mv-g{gi}-recipient_kind"] = g.get("recipient_kind") or "collective"
            for ki, k in enumerate(g.get("criteria") or []):
                q[f"mv-g{gi}-k{ki}-text"] = k.get("text") or ""
    return q
