"""Pages of the awards app: registry, catalogue, people, eligibility, nominations, decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, can
from thidua.accounts.selectors import units_for_select
from thidua.awards import exports, selectors, services
from thidua.awards.forms import (
    ActionForm,
    AttachForm,
    AwardTypeForm,
    DecisionForm,
    NominationForm,
    PastTitleForm,
    PersonYearForm,
    RegistrySearchForm,
)
from thidua.awards.models import AwardType, Nomination, Person
from thidua.core.attachments import attachments_of
from thidua.core.changelog import history_for
from thidua.core.services import ConflictError, validation_message
from thidua.emulation.models import Movement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(
        request, validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 1945 <= int(raw) <= 2100 else timezone.localdate().year - 1


@member_required
def home(request: HttpRequest) -> HttpResponse:
    """The commendation registry, searchable by person, unit, award, year and decision."""
    form = RegistrySearchForm(
        request.GET or None, units=units_for_select(user=request.user, action=Action.VIEW)
    )
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
    may_edit = True
    try:
        services.require_catalogue_admin(request.user)
    except PermissionDenied:
        may_edit = False
    form = None
    if may_edit:
        form = AwardTypeForm(request.POST or None, instance=award_type)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.award_type_update(
                    user=request.user, award_type=award_type, expected_version=version, **data
                )
                messages.success(request, "✓")
                return redirect("awards:type", pk=pk)
            except (ValidationError, ConflictError) as exc:
                _error(request, exc)
    elif request.method == "POST":
        raise PermissionDenied("Only an administrator may change the award catalogue.")
    context = {"type": award_type, "form": form, "history": history_for(award_type)[:30]}
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
        "years": person.years.all(),
        "initiatives": person.initiatives.all(),
        "verdicts": selectors.candidate_eligibility(user=request.user, candidate=person, year=year),
        "may_edit_records": can(request.user, Action.REPORT, person.unit),
    }
    return render(request, "awards/person.html", context)


@member_required
def unit_awards(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's awards as a collective and its people's awards, and its eligibility."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    year = _year(request)
    context = {
        "unit": unit,
        "year": year,
        "awards": selectors.awards_of_unit(user=request.user, unit=unit),
        "records": unit.award_years.all(),
        "verdicts": selectors.candidate_eligibility(user=request.user, candidate=unit, year=year),
    }
    return render(request, "awards/unit.html", context)


def _nomination_form(request: HttpRequest, data: object = None) -> NominationForm:
    return NominationForm(
        data,
        units=units_for_select(user=request.user, action=Action.REPORT),
        people=Person.objects.restrict(request.user, Action.REPORT).select_related("unit"),
        movements=Movement.objects.restrict(request.user),
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
        "querystring_without_page": f"status={status}&" if status else "",
    }
    return render(request, "awards/nominations.html", context)


@member_required
def nomination_new(request: HttpRequest) -> HttpResponse:
    form = _nomination_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(user=request.user, **form.cleaned_data)
            return redirect("awards:nomination", pk=nomination.pk)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    return render(request, "awards/nomination_form.html", {"form": form})


@member_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    context = {
        "n": nomination,
        "perms": selectors.nomination_permissions(user=request.user, nomination=nomination),
        "verdict": selectors.nomination_verdict(nomination=nomination),
        "attachments": attachments_of(nomination),
        "action_form": ActionForm(initial={"version": nomination.version}),
        "attach_form": AttachForm(),
        "history": history_for(nomination)[:50],
    }
    return render(request, "awards/nomination.html", context)


ACTIONS = {
    "submit": lambda user, n, v, note: services.nomination_submit(
        user=user, nomination=n, expected_version=v
    ),
    "forward": lambda user, n, v, note: services.nomination_forward(
        user=user, nomination=n, expected_version=v, note=note
    ),
    "return": lambda user, n, v, note: services.nomination_return(
        user=user, nomination=n, expected_version=v, note=note
    ),
    "reject": lambda user, n, v, note: services.nomination_reject(
        user=user, nomination=n, expected_version=v, note=note
    ),
}


@member_required
@require_POST
def nomination_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    if action == "attach":
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.nomination_attach(
                    user=request.user, nomination=nomination, upload=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                _error(request, exc)
        return redirect("awards:nomination", pk=pk)
    if action not in ACTIONS:
        raise Http404("No such action.")
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "version")
        return redirect("awards:nomination", pk=pk)
    try:
        ACTIONS[action](
            request.user, nomination, form.cleaned_data["version"], form.cleaned_data["note"] or ""
        )
        messages.success(request, "✓")
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
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
            "may_decide": selectors.authority_units_of(user=request.user).exists(),
        },
    )


@member_required
def decision_new(request: HttpRequest) -> HttpResponse:
    units = selectors.authority_units_of(user=request.user)
    if not units.exists():
        raise PermissionDenied("You hold no granting power.")
    raw = request.POST.get("authority_unit") or request.GET.get("authority_unit") or ""
    unit = units.filter(pk=raw).first() if raw.isdigit() else units.first()
    nominations = selectors.decidable_nominations(user=request.user, authority_unit=unit)
    form = DecisionForm(
        request.POST or None,
        units=units,
        nominations=nominations,
        movements=Movement.objects.restrict(request.user),
        initial={
            "authority_unit": unit,
            "decided_on": timezone.localdate(),
            "nominations": [n.pk for n in nominations],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(user=request.user, **form.cleaned_data)
            return redirect("awards:decision", pk=decision.pk)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    verdicts = [(n, selectors.nomination_verdict(nomination=n)) for n in nominations]
    return render(
        request, "awards/decision_form.html", {"form": form, "verdicts": verdicts, "unit": unit}
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
            "may_export": can(request.user, Action.VIEW, decision.authority_unit),
            "history": history_for(decision)[:30],
        },
    )


def _export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    awards = list(selectors.decision_awards(decision=decision).select_related("unit__parent"))
    symbol = (decision.document.symbol or f"qd-{decision.pk}").replace("/", "-")
    if kind == "xlsx":
        body, mime, ext = exports.decision_xlsx(decision, awards), XLSX, "xlsx"
    else:
        body, mime, ext = exports.decision_docx(decision, awards), DOCX, "docx"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{symbol}.{ext}"'
    return response


@member_required
def decision_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xlsx")


@member_required
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "docx")


# ---- yearly records of a person ------------------------------------------------------------


def _save_into(form: Form, call: object) -> bool:
    """Run a service call; on refusal put the reason on the form (nothing is saved)."""
    try:
        with transaction.atomic():
            call()  # type: ignore[operator]
    except ConflictError as exc:
        form.add_error(
            None,
            _(
                "Someone else changed this record while you were editing it (you started "
                "from version %(expected)s, it is now at version %(actual)s). Nothing was "
                "saved: reload the page to see their change, then apply yours again."
            )
            % {"expected": exc.expected, "actual": exc.actual},
        )
        return False
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


def _next_year(taken: list[int]) -> int:
    """The year a new record is most likely for: last year, or the one after the latest."""
    last_year = timezone.localdate().year - 1
    return last_year if last_year not in taken else max(taken) + 1


def _person_for_records(request: HttpRequest, pk: int) -> Person:
    person = selectors.person_get(user=request.user, pk=pk)
    if not can(request.user, Action.REPORT, person.unit):
        raise PermissionDenied(_("Only the person's unit keeps their yearly records."))
    return person


@member_required
def person_records(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's yearly records (task rating, discipline) beside the titles held each year;
    add a year's record, and (for approvers) record a title granted before thidua."""
    person = _person_for_records(request, pk)
    records = list(person.years.all())
    titles = selectors.awards_of_person(user=request.user, person=person).filter(
        award_type__category=AwardType.Category.TITLE
    )
    by_year: dict[int, list] = {}
    for award in titles:
        by_year.setdefault(award.year, []).append(award)
    years = sorted({r.year for r in records} | set(by_year), reverse=True)
    rows = [
        {
            "year": y,
            "record": next((r for r in records if r.year == y), None),
            "titles": by_year.get(y, []),
        }
        for y in years
    ]
    may_record_titles = can(request.user, Action.APPROVE, person.unit)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    year_form = PersonYearForm(
        request.POST if which == "year" else None,
        taken=[r.year for r in records],
        prefix="year",
        initial={"year": _next_year([r.year for r in records])},
    )
    title_form = (
        PastTitleForm(request.POST if which == "title" else None, prefix="title")
        if may_record_titles
        else None
    )
    if which not in ("", "year", "title"):
        raise Http404("No such form.")
    if which == "year" and year_form.is_valid():
        d = year_form.cleaned_data
        if _save_into(
            year_form,
            lambda: services.person_year_set(
                user=request.user,
                person=person,
                year=d["year"],
                rating=d["rating"],
                disciplined=d["disciplined"],
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("awards:person-records", pk=person.pk)
    elif which == "title":
        if title_form is None:
            raise PermissionDenied(_("Only an approver of the person's unit records titles."))
        if title_form.is_valid():
            d = title_form.cleaned_data
            if _save_into(
                title_form,
                lambda: services.award_record_past(user=request.user, person=person, **d),
            ):
                messages.success(request, _("Saved."))
                return redirect("awards:person-records", pk=person.pk)
    context = {
        "person": person,
        "rows": rows,
        "year_form": year_form,
        "title_form": title_form,
    }
    return render(request, "awards/person_records.html", context)


@member_required
def person_year_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Correct one year's record of a person (carries the version it was loaded with)."""
    person = _person_for_records(request, pk)
    record = person.years.filter(year=year).first()
    if record is None:
        raise Http404("No record for that year.")
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
        if _save_into(
            form,
            lambda: services.person_year_set(
                user=request.user,
                person=person,
                year=record.year,
                rating=d["rating"],
                disciplined=d["disciplined"],
                expected_version=d["version"],
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("awards:person-records", pk=person.pk)
    context = {"person": person, "record": record, "form": form, "history": history_for(record)}
    return render(request, "awards/person_year_form.html", context)
