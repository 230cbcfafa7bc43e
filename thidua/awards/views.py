"""Pages of the awards app: registry, catalogue, people, eligibility, nominations, decisions.

They parse input and call selectors and services; what a user may do to an object comes
from ``thidua.awards.permissions.rules``, evaluated once per page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.awards import exports, selectors, services
from thidua.awards.forms import (
    ActionForm,
    AttachForm,
    AwardTypeForm,
    DecisionForm,
    GrantingUnitForm,
    NominationForm,
    PastTitleForm,
    PersonYearForm,
    RegistrySearchForm,
    UnitYearForm,
)
from thidua.awards.models import AwardDecision, Nomination, Person
from thidua.awards.permissions import rules
from thidua.core.attachments import attachments_of
from thidua.core.changelog import history_for
from thidua.core.converters import as_id
from thidua.core.downloads import DOCX, XLSX, download
from thidua.core.pdfs import pdf_job_start
from thidua.core.web import act, attempt


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    year = as_id(raw)
    return year if year is not None and 1945 <= year <= 2100 else timezone.localdate().year - 1


@member_required
def home(request: HttpRequest) -> HttpResponse:
    """The commendation registry, searchable by person, unit, award, year and decision."""
    form = RegistrySearchForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    awards = selectors.registry_search(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(awards, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "awards": page.object_list,
        "querystring_without_page": params.urlencode() + "&" if params else "",
        "inbox": selectors.nomination_inbox(user=request.user)[:20],
    }
    return render(request, "awards/home.html", context)


@member_required
def type_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "awards/types.html", {"types": selectors.award_type_list(include_inactive=True)}
    )


@member_required
def type_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award_type = selectors.award_type_get(pk=pk)
    actions = rules.actions(request.user, award_type, group="catalogue")
    if request.method == "POST":
        rules.require("edit_catalogue", request.user)
    form = None
    if actions.edit_catalogue:
        form = AwardTypeForm(request.POST or None, instance=award_type)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            saved = attempt(
                form,
                lambda: services.award_type_update(
                    user=request.user, award_type=award_type, expected_version=version, **data
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved: the eligibility rules read the new values."))
                return redirect("awards:type", pk=pk)
    context = {
        "type": award_type,
        "form": form,
        "actions": actions,
        "history": history_for(award_type)[:30],
    }
    return render(request, "awards/type.html", context)


@member_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    people = selectors.person_list(user=request.user, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/people.html",
        {
            "page_obj": page,
            "people": page.object_list,
            "query": query,
            "querystring_without_page": f"q={query}&" if query else "",
        },
    )


@member_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    year = _year(request)
    context = {
        "person": person,
        "year": year,
        "awards": selectors.awards_of_person(user=request.user, person=person),
        **selectors.person_records(person=person),
        "verdicts": selectors.candidate_eligibility(user=request.user, candidate=person, year=year),
        "actions": rules.actions(request.user, person, group="person"),
    }
    return render(request, "awards/person.html", context)


def _unit_year_initial(record: Any) -> dict[str, Any]:
    fields = (
        "year",
        "rating",
        "headcount",
        "all_members_completed",
        "members_disciplined",
        "serious_breach",
        "exceeded_targets",
        "version",
    )
    return {f: getattr(record, f) for f in fields}


@member_required
def unit_awards(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's awards as a collective and its people's awards, its yearly records (kept
    by its supervisor, who records a year here) and its eligibility."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    year = _year(request)
    actions = rules.actions(request.user, unit, group="unit")
    records = selectors.unit_records(unit=unit)
    record_form = None
    if request.method == "POST":
        rules.require("edit_unit_records", request.user, unit)
    if actions.edit_unit_records:
        # ?record=2025 loads that year's record into the form, to correct it.
        raw = request.GET.get("record", "")
        editing = next((r for r in records if str(r.year) == raw), None)
        record_form = UnitYearForm(
            request.POST or None,
            taken=[r.year for r in records],
            initial=_unit_year_initial(editing)
            if editing
            else {"year": timezone.localdate().year - 1},
        )
        if request.method == "POST" and record_form.is_valid():
            d = dict(record_form.cleaned_data)
            version = d.pop("version")
            saved = attempt(
                record_form,
                lambda: services.unit_year_set(
                    user=request.user, unit=unit, expected_version=version, **d
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("awards:unit", pk=unit.pk)
    context = {
        "unit": unit,
        "year": year,
        "awards": selectors.awards_of_unit(user=request.user, unit=unit),
        "records": records,
        "record_form": record_form,
        "actions": actions,
        "verdicts": selectors.candidate_eligibility(user=request.user, candidate=unit, year=year),
    }
    return render(request, "awards/unit.html", context)


def _nomination_form(request: HttpRequest, data: object = None) -> NominationForm:
    return NominationForm(
        data,
        user=request.user,
        people=selectors.person_choices(user=request.user),
        movements=selectors.movement_choices(user=request.user),
        initial={"year": timezone.localdate().year - 1},
    )


@member_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    nominations = selectors.nomination_list(user=request.user, status=status)
    page = Paginator(nominations, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "nominations": page.object_list,
        "status": status,
        "statuses": Nomination.Status.choices,
        "inbox": selectors.nomination_inbox(user=request.user),
        "actions": rules.actions(request.user, group="nominations"),
        "querystring_without_page": f"status={status}&" if status else "",
    }
    return render(request, "awards/nominations.html", context)


@member_required
def nomination_new(request: HttpRequest) -> HttpResponse:
    rules.require("nominate", request.user)
    form = _nomination_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        nomination = attempt(
            form, lambda: services.nomination_create(user=request.user, **form.cleaned_data)
        )
        if nomination is not None:
            messages.success(request, _("Dossier created as a draft: attach files, then submit."))
            return redirect("awards:nomination", pk=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form})


@member_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    context = {
        "n": nomination,
        "actions": rules.actions(request.user, nomination, group="nomination"),
        "verdict": selectors.nomination_verdict(nomination=nomination),
        "attachments": attachments_of(nomination),
        "action_form": ActionForm(initial={"version": nomination.version}),
        "attach_form": AttachForm(),
        "history": history_for(nomination)[:50],
    }
    return render(request, "awards/nomination.html", context)


# What the officer reads once a step is done (``services.NOMINATION_STEPS`` by name).
_STEP_DONE = {
    "submit": gettext_lazy("Dossier submitted: it is now at %(unit)s."),
    "forward": gettext_lazy("Approved and forwarded: the dossier is now at %(unit)s."),
    "return": gettext_lazy("Returned to %(unit)s with your note."),
    "reject": gettext_lazy("Refused: the proposer sees your note in the route."),
}


@member_required
@require_POST
def nomination_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The buttons of a nomination: ``attach`` a file, or a step of the route."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    if action == "attach":
        form = AttachForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to attach."))
        else:
            act(
                request,
                lambda: services.nomination_attach(
                    user=request.user, nomination=nomination, upload=form.cleaned_data["file"]
                ),
                success=_("File attached to the dossier."),
            )
        return redirect("awards:nomination", pk=pk)
    step = services.NOMINATION_STEPS.get(action)
    if step is None:
        raise Http404("No such action.")
    action_form = ActionForm(request.POST)
    if not action_form.is_valid():
        messages.error(request, _("The page was out of date: reload it and try again."))
        return redirect("awards:nomination", pk=pk)
    act(
        request,
        lambda: step(
            user=request.user,
            nomination=nomination,
            expected_version=action_form.cleaned_data["version"],
            note=action_form.cleaned_data["note"] or "",
        ),
        success=lambda n: _STEP_DONE[action] % {"unit": n.current_unit},
    )
    return redirect("awards:nomination", pk=pk)


@member_required
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions = selectors.decision_list(user=request.user)
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/decisions.html",
        {
            "page_obj": page,
            "decisions": page.object_list,
            "actions": rules.actions(request.user, group="decisions"),
        },
    )


@member_required
def decision_new(request: HttpRequest) -> HttpResponse:
    rules.require("issue_decision", request.user)
    units = selectors.authority_units_of(user=request.user)
    # The granting unit is chosen with the picker above the form (``?authority_unit=``),
    # the user's first one if none; the decision's form carries it.
    asked = request.GET if request.method == "GET" and "authority_unit" in request.GET else None
    chooser = GrantingUnitForm(asked, user=request.user, units=units, auto_id="granting_%s")
    if chooser.is_bound:
        unit = chooser.cleaned_data["authority_unit"] if chooser.is_valid() else None
    else:
        raw = request.POST.get("authority_unit", "")
        unit = selectors.authority_unit_pick(user=request.user, pk=raw)
        chooser.initial["authority_unit"] = unit
    nominations = selectors.decidable_nominations(user=request.user, authority_unit=unit)
    form = DecisionForm(
        request.POST or None,
        user=request.user,
        units=units,
        nominations=nominations,
        movements=selectors.movement_choices(user=request.user),
        initial={
            "authority_unit": unit,
            "decided_on": timezone.localdate(),
            "nominations": [n.pk for n in nominations],
        },
    )
    if request.method == "POST" and form.is_valid():
        decision = attempt(
            form, lambda: services.decision_create(user=request.user, **form.cleaned_data)
        )
        if decision is not None:
            messages.success(request, _("Decision issued: the awards are in the registry."))
            return redirect("awards:decision", pk=decision.pk)
    verdicts = [(n, selectors.nomination_verdict(nomination=n)) for n in nominations]
    return render(
        request,
        "awards/decision_form.html",
        {"form": form, "chooser": chooser, "verdicts": verdicts, "unit": unit},
    )


@member_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    return render(
        request,
        "awards/decision.html",
        {
            "decision": decision,
            "awards": selectors.decision_awards(decision=decision),
            "history": history_for(decision)[:30],
        },
    )


def _decision_stem(decision: AwardDecision) -> str:
    return decision.document.symbol or f"qd-{decision.pk}"


def decision_word(user: Any, params: dict[str, Any]) -> tuple[str, bytes]:
    """The decision in Word (the download, and the PDF job, as the user)."""
    decision = selectors.decision_get(user=user, pk=params["decision"])
    awards = list(selectors.decision_awards(decision=decision))
    return _decision_stem(decision), exports.decision_docx(decision, awards)


@member_required
def decision_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    awards = list(selectors.decision_awards(decision=decision))
    body = exports.decision_xlsx(decision, awards)
    return download(body, name=f"{_decision_stem(decision)}.xlsx", content_type=XLSX)


@member_required
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    stem, body = decision_word(request.user, {"decision": pk})
    return download(body, name=f"{stem}.docx", content_type=DOCX)


@member_required
@require_POST
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the decision's PDF (made in a background job); to the job's page."""
    decision = selectors.decision_get(user=request.user, pk=pk)
    job = pdf_job_start(
        user=request.user,
        source="awards.decision",
        params={"decision": decision.pk},
        title=f"{_('Decision')} {_decision_stem(decision)}",
        back=reverse("awards:decision", args=[decision.pk]),
    )
    return redirect("core:job", pk=job.pk)


# ---- yearly records of a person ------------------------------------------------------------


def _next_year(taken: list[int]) -> int:
    """The year a new record is most likely for: last year, or the one after the latest."""
    last_year = timezone.localdate().year - 1
    return last_year if last_year not in taken else max(taken) + 1


def _person_for_records(request: HttpRequest, pk: int) -> Person:
    person = selectors.person_get(user=request.user, pk=pk)
    rules.require("edit_records", request.user, person)
    return person


@member_required
def person_records(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's yearly records (task rating, discipline) beside the titles held each year;
    add a year's record, and (for approvers) record a title granted before thidua."""
    person = _person_for_records(request, pk)
    taken, rows = selectors.person_year_rows(user=request.user, person=person)
    actions = rules.actions(request.user, person, group="person")
    which = request.POST.get("form", "") if request.method == "POST" else ""
    if which not in ("", "year", "title"):
        raise Http404("No such form.")
    if which == "title":
        rules.require("record_title", request.user, person)
    year_form = PersonYearForm(
        request.POST if which == "year" else None,
        taken=taken,
        prefix="year",
        initial={"year": _next_year(taken)},
    )
    title_form = (
        PastTitleForm(request.POST if which == "title" else None, prefix="title")
        if actions.record_title
        else None
    )
    saved = None
    if which == "year" and year_form.is_valid():
        d = year_form.cleaned_data
        saved = attempt(
            year_form,
            lambda: services.person_year_set(
                user=request.user,
                person=person,
                year=d["year"],
                rating=d["rating"],
                disciplined=d["disciplined"],
            ),
        )
    elif which == "title" and title_form is not None and title_form.is_valid():
        d = title_form.cleaned_data
        saved = attempt(
            title_form, lambda: services.award_record_past(user=request.user, person=person, **d)
        )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("awards:person-records", pk=person.pk)
    context = {
        "person": person,
        "rows": rows,
        "year_form": year_form,
        "title_form": title_form,
        "actions": actions,
    }
    return render(request, "awards/person_records.html", context)


@member_required
def person_year_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Correct one year's record of a person (carries the version it was loaded with)."""
    person = _person_for_records(request, pk)
    record = selectors.person_year_get(person=person, year=year)
    form = PersonYearForm(
        request.POST or None,
        editing=True,
        initial={
            "year": record.year,
            "rating": record.rating,
            "disciplined": record.disciplined,
            "version": record.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = attempt(
            form,
            lambda: services.person_year_set(
                user=request.user,
                person=person,
                year=record.year,
                rating=d["rating"],
                disciplined=d["disciplined"],
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("awards:person-records", pk=person.pk)
    context = {"person": person, "record": record, "form": form, "history": history_for(record)}
    return render(request, "awards/person_year_form.html", context)
