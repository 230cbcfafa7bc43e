"""Pages of the text import: paste or upload, check the draft beside the text, confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.accounts.permissions import member_required
from thidua.core.web import act
from thidua.textimport import selectors, services
from thidua.textimport.forms import SourceForm, draft_from_post
from thidua.textimport.models import ImportSession
from thidua.textimport.permissions import rules


def _draft_unit_ids(draft: dict[str, Any]) -> list[int]:
    ids: list[int] = []
    for d in [draft.get("document") or {}, *(draft.get("cited") or [])]:
        ids += d.get("issuing_units") or []
    plan = draft.get("plan") or {}
    ids += plan.get("issuing_units") or []
    for g in plan.get("groups") or []:
        for t in g.get("tasks") or []:
            ids += t.get("lead_units") or []
    mv = draft.get("movement") or {}
    if mv.get("owner_unit"):
        ids.append(mv["owner_unit"])
    ids += [m.get("unit_id") for m in draft.get("mentions") or []]
    return [i for i in ids if isinstance(i, int)]


@member_required
def import_new(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        read = form.cleaned_data["read"]
        session = services.import_session_create(
            user=request.user,
            text=read.text,
            source_name=read.source_name,
            language=form.cleaned_data.get("language") or None,
        )
        return redirect("textimport:session", session.pk)
    recent = selectors.import_session_list(user=request.user)[:10]
    return render(request, "textimport/new.html", {"form": form, "recent": recent})


def _context(
    request: HttpRequest, session: ImportSession, draft: dict, errors: dict, posted: Any = None
) -> dict:
    """The import page; ``posted``: the data of a draft sent back with errors, whose unit
    pickers show what was sent (a group chosen stays one chip)."""
    ids = _draft_unit_ids(draft)
    names = selectors.unit_names(ids)
    spans = selectors.spans_of(session.extraction, names) + selectors.unread_spans(draft)
    counts: dict[str, int] = {}
    for _s, _e, kind, _t in spans:
        counts[kind] = counts.get(kind, 0) + 1
    return {
        "session": session,
        "draft": draft,
        "errors": errors,
        "highlighted": selectors.highlight(session.text, spans),
        "kind_counts": counts,
        "unit_names": names,
        "posted": posted,
        "plans_available": services.plans_available(),
        "plan_kinds": services.Plan.Kind.choices if services.plans_available() else [],
        "emulation_available": services.emulation_available(),
        "recurrence_choices": services.recurrence_choices(),
        "actions": rules.actions(request.user, session, group="session"),
    }


@member_required
def import_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.import_session_get(user=request.user, pk=pk)
    if session.status == ImportSession.Status.CONFIRMED:
        return redirect("textimport:done", session.pk)
    draft, errors = session.draft, {}
    if request.method == "POST":
        draft, errors = draft_from_post(request.POST, session.draft, request.user)
        if errors:
            messages.error(request, _("Some fields need correcting; nothing was created."))
        elif request.POST.get("op") == "confirm":
            # The refusals are placed by draft field (the page is no Django form, so
            # ``core.web.attempt`` cannot place them); a refusal of permission is a 403.
            # No transaction here: the service keeps the corrections when it refuses.
            try:
                services.import_session_confirm(user=request.user, session=session, draft=draft)
            except ValidationError as exc:
                errors = services.draft_errors(exc)
                messages.error(request, _("Nothing was created: %s") % _first(errors))
            else:
                messages.success(request, _("Import confirmed."))
                return redirect("textimport:done", session.pk)
        else:
            act(
                request,
                lambda: services.import_session_save_draft(
                    user=request.user, session=session, draft=draft
                ),
                success=_("Draft saved. Nothing is created until you confirm."),
            )
            return redirect("textimport:session", session.pk)
    posted = request.POST if request.method == "POST" else None
    context = _context(request, session, draft, errors, posted)
    return render(request, "textimport/session.html", context)


def _first(errors: dict[str, list[str]]) -> str:
    for msgs in errors.values():
        if msgs:
            return msgs[0]
    return ""


@member_required
def import_done(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.import_session_get(user=request.user, pk=pk)
    if session.status != ImportSession.Status.CONFIRMED:
        return redirect("textimport:session", session.pk)
    return render(request, "textimport/done.html", {"session": session})
