"""Pages of the emulation app: movements, rankings, evaluations, contests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, can
from thidua.awards.selectors import units_for_select
from thidua.core.changelog import history_for
from thidua.core.services import ConflictError, validation_message
from thidua.documents.models import Document
from thidua.emulation import selectors, services
from thidua.emulation.forms import (
    ContentForm,
    ContestForm,
    CriterionForm,
    EntryForm,
    GroupForm,
    IntegrateForm,
    MovementForm,
    PledgeEditForm,
    PledgeForm,
    PrizeForm,
    RoundFormSet,
    ScoresForm,
    SelectForm,
    TallyForm,
)
from thidua.emulation.models import Contest, Movement, MovementGroup, RoundTally


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit():
        return int(raw)
    return years[0] if years else None


@member_required
def movement_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    context = {
        "movements": selectors.movement_list(user=request.user, query=query, kind=kind),
        "contests": selectors.contest_list(user=request.user)[:20],
        "query": query,
        "kind": kind,
        "kinds": Movement.Kind.choices,
        "may_create": units_for_select(user=request.user, action=Action.MANAGE).exists(),
    }
    return render(request, "emulation/list.html", context)


@member_required
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get(user=request.user, pk=pk)
    years = selectors.movement_years(movement=movement)
    year = _year(request, years)
    units = units_for_select(user=request.user, action=Action.REPORT)
    context = {
        "movement": movement,
        "years": years,
        "year": year,
        "ranking": selectors.ranking(user=request.user, movement=movement, year=year)
        if year
        else [],
        "pledges": selectors.pledge_list(user=request.user, movement=movement, year=year),
        "pledge_form": PledgeForm(movement=movement, units=units, initial={"year": year})
        if units.exists()
        else None,
        "may_manage": can(request.user, Action.MANAGE, movement.owner_unit),
        "may_pledge": units.exists(),
        "history": history_for(movement)[:30],
    }
    return render(request, "emulation/movement.html", context)


@member_required
@require_POST
def evaluation_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the evaluation of the pledge's unit for the pledge's year."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    pledge = (
        selectors.pledge_list(user=request.user, movement=movement)
        .filter(
            pk=request.POST.get("pledge", "0") if request.POST.get("pledge", "").isdigit() else 0
        )
        .first()
    )
    if pledge is None:
        raise PermissionDenied("No such pledge.")
    existing = movement.evaluations.filter(
        unit=pledge.unit, year=pledge.year, person__isnull=True
    ).first()
    if existing is not None:
        return redirect("emulation:evaluation", pk=existing.pk)
    evaluation = services.evaluation_open(
        user=request.user, movement=movement, group=pledge.group, unit=pledge.unit, year=pledge.year
    )
    return redirect("emulation:evaluation", pk=evaluation.pk)


@member_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    perms = selectors.evaluation_permissions(user=request.user, evaluation=evaluation)
    mode = "self" if perms["self_assess"] else "review" if perms["review"] else ""
    form = None
    if request.method == "POST" and mode:
        form = ScoresForm(request.POST, evaluation=evaluation, mode=mode)
        if form.is_valid():
            try:
                if mode == "self":
                    services.evaluation_self_assess(
                        user=request.user,
                        evaluation=evaluation,
                        expected_version=form.cleaned_data["version"],
                        scores=form.scores(),
                        submit="submit" in request.POST,
                    )
                else:
                    services.evaluation_review(
                        user=request.user,
                        evaluation=evaluation,
                        expected_version=form.cleaned_data["version"],
                        scores=form.scores(),
                        note=form.cleaned_data.get("note", ""),
                    )
                messages.success(request, "✓")
                return redirect("emulation:evaluation", pk=evaluation.pk)
            except (ValidationError, ConflictError) as exc:
                messages.error(
                    request,
                    validation_message(exc) if isinstance(exc, ValidationError) else str(exc),
                )
    elif mode:
        form = ScoresForm(evaluation=evaluation, mode=mode, initial={"version": evaluation.version})
    context = {
        "evaluation": evaluation,
        "scores": evaluation.scores.all(),
        "perms": perms,
        "form": form,
        "mode": mode,
        "history": history_for(evaluation)[:50],
    }
    return render(request, "emulation/evaluation.html", context)


@member_required
@require_POST
def evaluation_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    version = request.POST.get("version", "")
    try:
        services.evaluation_finalise(
            user=request.user,
            evaluation=evaluation,
            expected_version=int(version) if version.isdigit() else None,
        )
        messages.success(request, "✓")
    except ValidationError as exc:
        messages.error(request, validation_message(exc))
    except ConflictError as exc:
        messages.error(request, str(exc))
    return redirect("emulation:evaluation", pk=evaluation.pk)


@member_required
def contest_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "emulation/contests.html",
        {
            "contests": selectors.contest_list(user=request.user),
            "may_create": units_for_select(user=request.user, action=Action.MANAGE).exists(),
        },
    )


@member_required
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_get(user=request.user, pk=pk)
    context = {
        "contest": contest,
        "counts": selectors.contest_counts(user=request.user, contest=contest),
        "entries": selectors.entry_list(user=request.user, contest=contest),
        "winners": selectors.prize_winners(user=request.user, contest=contest),
        "may_record": _may_record(request.user, contest),
        "may_judge": can(request.user, Action.APPROVE, contest.unit),
    }
    return render(request, "emulation/contest.html", context)


# ---- editing pages: helpers ---------------------------------------------------------------


def _conflict_message(exc: ConflictError) -> str:
    return _(
        "Someone else changed this while you were editing it (you started from version "
        "%(expected)s, it is now at version %(actual)s). Nothing was saved: reload the page "
        "to see their change, then apply yours again."
    ) % {"expected": exc.expected, "actual": exc.actual}


def _add_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where the form has them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _attempt(form: Form, call: Callable[[], Any]) -> bool:
    """Run the service call(s) in one transaction; on refusal put the reason on the form.

    Several calls (create, then link) either all take effect or none does.
    """
    try:
        with transaction.atomic():
            call()
    except ConflictError as exc:
        form.add_error(None, _conflict_message(exc))
        return False
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


def _done(request: HttpRequest, url: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _documents(user: Any) -> Any:
    return Document.objects.restrict(user).order_by("-issued_on", "-id")


def _require_manage(user: Any, movement: Movement) -> None:
    if not can(user, Action.MANAGE, movement.owner_unit):
        raise PermissionDenied(_("Only the unit that runs this movement may change it."))


# ---- movements ---------------------------------------------------------------------------


@member_required
def movement_new(request: HttpRequest) -> HttpResponse:
    units = units_for_select(user=request.user, action=Action.MANAGE)
    if not units.exists():
        raise PermissionDenied(_("You manage no unit that could run a movement."))
    form = MovementForm(
        request.POST or None,
        creating=True,
        units=units,
        documents=_documents(request.user),
        movements=Movement.objects.restrict(request.user).order_by("name"),
        initial={"kind": Movement.Kind.REGULAR, "is_public": True},
    )
    created: list[Movement] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        others = data.pop("integrated_with")

        def create() -> None:
            movement = services.movement_create(user=request.user, **data)
            for other in others:
                services.movement_integrate(user=request.user, movement=movement, other=other)
            created.append(movement)

        if _attempt(form, create):
            return _done(request, reverse("emulation:structure", args=[created[0].pk]))
    return render(request, "emulation/movement_form.html", {"form": form, "movement": None})


@member_required
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get(user=request.user, pk=pk)
    _require_manage(request.user, movement)
    fields = ("name", "kind", "starts_on", "ends_on", "launch_document", "description")
    initial = {f: getattr(movement, f) for f in fields}
    initial.update(
        report_deadline=movement.report_deadline,
        is_public=movement.is_public,
        version=movement.version,
    )
    form = MovementForm(
        request.POST or None,
        creating=False,
        documents=_documents(request.user),
        initial=initial,
    )
    form.fields["version"].required = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if _attempt(
            form,
            lambda: services.movement_update(
                user=request.user, movement=movement, expected_version=version, **data
            ),
        ):
            return _done(request, reverse("emulation:movement", args=[movement.pk]))
    return render(request, "emulation/movement_form.html", {"form": form, "movement": movement})


@member_required
def movement_structure(request: HttpRequest, pk: int) -> HttpResponse:
    """Contents, subject groups and criteria of a movement, with links to edit each, and
    the movements it is integrated with (POST adds one)."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    _require_manage(request.user, movement)
    linked = [m.pk for m in movement.integrated_with.all()]
    form = IntegrateForm(
        request.POST or None,
        movements=Movement.objects.restrict(request.user)
        .exclude(pk__in=[movement.pk, *linked])
        .order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        if _attempt(
            form,
            lambda: services.movement_integrate(user=request.user, movement=movement, other=other),
        ):
            return _done(request, reverse("emulation:structure", args=[movement.pk]))
    return render(
        request, "emulation/structure.html", {"movement": movement, "integrate_form": form}
    )


def _row_page(
    request: HttpRequest,
    *,
    movement: Movement,
    form: Form,
    save: Callable[[dict[str, Any]], Any],
    title: str,
) -> HttpResponse:
    """Add or edit one numbered row of a movement; htmx gets the form alone (inline)."""
    back = reverse("emulation:structure", args=[movement.pk])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _attempt(form, lambda: save(data)):
            return _done(request, back)
    context = {
        "movement": movement,
        "form": form,
        "title": title,
        "back": back,
        "action": request.path,
    }
    if request.htmx:
        return render(request, "emulation/_row_form.html", context)
    return render(request, "emulation/row_form.html", context)


def _managed_movement(request: HttpRequest, pk: int) -> Movement:
    movement = selectors.movement_get(user=request.user, pk=pk)
    _require_manage(request.user, movement)
    return movement


@member_required
def content_edit(request: HttpRequest, pk: int, cid: int | None = None) -> HttpResponse:
    movement = _managed_movement(request, pk)
    content = None
    if cid is not None:
        content = movement.contents.filter(pk=cid).first()
        if content is None:
            raise Http404("No such content.")
    initial = (
        {"number": content.number, "text": content.text, "version": content.version}
        if content
        else {"number": max((c.number for c in movement.contents.all()), default=0) + 1}
    )
    form = ContentForm(
        request.POST or None,
        initial=initial,
        editing=content is not None,
        taken=[c.number for c in movement.contents.all()],
    )
    return _row_page(
        request,
        movement=movement,
        form=form,
        title=_("Edit content %(n)s") % {"n": content.number} if content else _("Add a content"),
        save=lambda d: services.content_set(
            user=request.user,
            movement=movement,
            number=d["number"],
            text=d["text"],
            expected_version=d["version"],
        ),
    )


@member_required
def group_edit(request: HttpRequest, pk: int, gid: int | None = None) -> HttpResponse:
    movement = _managed_movement(request, pk)
    groups = list(movement.groups.all())
    group = next((g for g in groups if g.pk == gid), None)
    if gid is not None and group is None:
        raise Http404("No such subject group.")
    initial = (
        {
            "number": group.number,
            "name": group.name,
            "recipient_kind": group.recipient_kind,
            "version": group.version,
        }
        if group
        else {"number": max((g.number for g in groups), default=0) + 1}
    )
    form = GroupForm(
        request.POST or None,
        initial=initial,
        editing=group is not None,
        taken=[g.number for g in groups],
    )
    return _row_page(
        request,
        movement=movement,
        form=form,
        title=_("Edit subject group %(n)s") % {"n": group.number}
        if group
        else _("Add a subject group"),
        save=lambda d: services.group_set(
            user=request.user,
            movement=movement,
            number=d["number"],
            name=d["name"],
            recipient_kind=d["recipient_kind"],
            expected_version=d["version"],
        ),
    )


@member_required
def criterion_edit(
    request: HttpRequest, pk: int, gid: int, crid: int | None = None
) -> HttpResponse:
    movement = _managed_movement(request, pk)
    group: MovementGroup | None = next((g for g in movement.groups.all() if g.pk == gid), None)
    if group is None:
        raise Http404("No such subject group.")
    criteria = list(group.criteria.all())
    criterion = next((c for c in criteria if c.pk == crid), None)
    if crid is not None and criterion is None:
        raise Http404("No such criterion.")
    fields = ("number", "text", "max_score", "weight", "method", "indicator_code")
    initial: dict[str, Any] = (
        {f: getattr(criterion, f) for f in fields}
        | {"indicator_target": criterion.indicator_target, "version": criterion.version}
        if criterion
        else {"number": max((c.number for c in criteria), default=0) + 1}
    )
    form = CriterionForm(
        request.POST or None,
        initial=initial,
        editing=criterion is not None,
        taken=[c.number for c in criteria],
    )

    def save(d: dict[str, Any]) -> Any:
        return services.criterion_set(
            user=request.user,
            group=group,
            number=d["number"],
            text=d["text"],
            max_score=d["max_score"],
            weight=d["weight"],
            method=d["method"],
            indicator_code=d["indicator_code"],
            indicator_target=d["indicator_target"],
            expected_version=d["version"],
        )

    title = (
        _("Edit criterion %(g)s.%(n)s") % {"g": group.number, "n": criterion.number}
        if criterion
        else _("Add a criterion to group %(g)s") % {"g": group.number}
    )
    return _row_page(request, movement=movement, form=form, title=title, save=save)


# ---- pledges -----------------------------------------------------------------------------


@member_required
def pledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit registers for a movement with its targets."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    units = units_for_select(user=request.user, action=Action.REPORT)
    if not units.exists():
        raise PermissionDenied(_("You may not report for any unit."))
    taken = set(
        selectors.pledge_list(user=request.user, movement=movement).values_list("unit_id", "year")
    )
    form = PledgeForm(
        request.POST or None,
        movement=movement,
        units=units,
        initial={"year": request.GET.get("year", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if (data["unit"].pk, data["year"]) in taken:
            form.add_error(
                "year", _("This unit already pledged for that year; edit its pledge instead.")
            )
        elif _attempt(
            form,
            lambda: services.pledge_register(user=request.user, movement=movement, **data),
        ):
            return _done(request, reverse("emulation:movement", args=[movement.pk]))
    return render(request, "emulation/pledge_form.html", {"movement": movement, "form": form})


@member_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = (
        selectors.pledge_list(user=request.user)
        .select_related("movement__owner_unit")
        .filter(pk=pk)
        .first()
    )
    if pledge is None:
        raise Http404("No such pledge.")
    movement = pledge.movement
    form = None
    if can(request.user, Action.REPORT, pledge.unit):
        form = PledgeEditForm(
            request.POST or None,
            movement=movement,
            initial={"group": pledge.group, "targets": pledge.targets, "version": pledge.version},
        )
        form.fields["version"].required = True
    elif request.method == "POST":
        raise PermissionDenied(_("Only the pledging unit may change its pledge."))
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(
            form,
            lambda: services.pledge_register(
                user=request.user,
                movement=movement,
                group=d["group"],
                unit=pledge.unit,
                year=pledge.year,
                targets=d["targets"],
                expected_version=d["version"],
            ),
        ):
            return _done(request, reverse("emulation:movement", args=[movement.pk]))
    return render(
        request,
        "emulation/pledge_form.html",
        {"movement": movement, "form": form, "pledge": pledge, "history": history_for(pledge)},
    )


# ---- contests ----------------------------------------------------------------------------


@member_required
def contest_new(request: HttpRequest) -> HttpResponse:
    units = units_for_select(user=request.user, action=Action.MANAGE)
    if not units.exists():
        raise PermissionDenied(_("You manage no unit that could run a contest."))
    form = ContestForm(
        request.POST or None,
        units=units,
        movements=Movement.objects.restrict(request.user).order_by("name"),
        documents=_documents(request.user),
    )
    rounds = RoundFormSet(request.POST or None, prefix="rounds")
    created: list[Contest] = []
    if request.method == "POST" and form.is_valid() and rounds.is_valid():
        data = dict(form.cleaned_data)
        data["rounds"] = [
            (r["level"], r["name"].strip()) for r in rounds.cleaned_data if r.get("level")
        ]

        def create() -> None:
            created.append(services.contest_create(user=request.user, **data))

        if _attempt(form, create):
            return _done(request, reverse("emulation:contest", args=[created[0].pk]))
    return render(request, "emulation/contest_form.html", {"form": form, "rounds": rounds})


def _entry_units(user: Any) -> Any:
    """Units the user may send entries for: any unit they report for, as the contest is
    visible to them (``services.entry_register`` decides the same)."""
    return units_for_select(user=user, action=Action.REPORT)


def _tally_units(user: Any, contest: Contest) -> Any:
    """Units the user may report figures for: inside the contest's unit, or any unit they
    report for when they manage the contest's unit (``services.tally_report``)."""
    units = _entry_units(user)
    if can(user, Action.MANAGE, contest.unit):
        return units
    return units.filter(path__startswith=contest.unit.path)


def _may_record(user: Any, contest: Contest) -> bool:
    return can(user, Action.APPROVE, contest.unit) or _entry_units(user).exists()


@member_required
def contest_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Register entries, select them into later rounds, report figures per unit and round."""
    contest = selectors.contest_get(user=request.user, pk=pk)
    units = _entry_units(request.user)
    tally_units = _tally_units(request.user, contest)
    may_select = can(request.user, Action.APPROVE, contest.unit)
    if not may_select and not units.exists():
        raise PermissionDenied(_("You may not send entries to this contest."))
    entries = selectors.entry_list(user=request.user, contest=contest)
    rounds = contest.rounds.all()
    tallies = (
        RoundTally.objects.restrict(request.user)
        .filter(round__contest=contest)
        .select_related("round", "unit")
    )
    which = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if which else None
    forms: dict[str, Form | None] = {
        "entry": EntryForm(data if which == "entry" else None, units=units, prefix="entry")
        if units.exists()
        else None,
        "select": SelectForm(
            data if which == "select" else None,
            rounds=rounds.filter(order__gt=1),
            entries=entries,
            prefix="select",
        )
        if may_select
        else None,
        "tally": TallyForm(
            data if which == "tally" else None,
            rounds=rounds,
            units=tally_units,
            taken=[(t.round_id, t.unit_id) for t in tallies],
            prefix="tally",
        )
        if tally_units.exists()
        else None,
    }
    if which:
        form = forms.get(which)
        if form is None:
            raise PermissionDenied(_("You may not do that in this contest."))
        if form.is_valid():
            d = form.cleaned_data
            user = request.user
            calls: dict[str, Callable[[], Any]] = {
                "entry": lambda: services.entry_register(user=user, contest=contest, **d),
                "select": lambda: [
                    services.entry_select(user=user, entry=e, round=d["round"])
                    for e in d["entries"]
                ],
                "tally": lambda: services.tally_report(
                    user=user,
                    round=d["round"],
                    unit=d["unit"],
                    entries=d["entries"],
                    note=d["note"],
                ),
            }
            if _attempt(form, calls[which]):
                return _done(request, reverse("emulation:contest-record", args=[contest.pk]))
    context = {
        "contest": contest,
        "entries": entries,
        "tallies": tallies,
        "forms": forms,
        "may_select": may_select,
        "may_report": tally_units.exists(),
    }
    return render(request, "emulation/contest_record.html", context)


@member_required
def entry_detail(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    """An entry, the rounds it reached, and (for the contest's judges) its prize."""
    contest = selectors.contest_get(user=request.user, pk=pk)
    entry = selectors.entry_list(user=request.user, contest=contest).filter(pk=eid).first()
    if entry is None:
        raise Http404("No such entry.")
    may_award = can(request.user, Action.APPROVE, contest.unit)
    form = None
    if may_award:
        form = PrizeForm(
            request.POST or None,
            prizes=contest.prizes.all(),
            initial={"prize": entry.prize_id, "version": entry.version},
        )
        form.fields["version"].required = True
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            if _attempt(
                form,
                lambda: services.entry_award_prize(
                    user=request.user, entry=entry, prize=d["prize"], expected_version=d["version"]
                ),
            ):
                return _done(request, reverse("emulation:entry", args=[contest.pk, entry.pk]))
    elif request.method == "POST":
        raise PermissionDenied(_("Only the unit that runs the contest awards prizes."))
    context = {
        "contest": contest,
        "entry": entry,
        "form": form,
        "history": history_for(entry)[:30],
    }
    return render(request, "emulation/entry.html", context)


@member_required
def tally_edit(request: HttpRequest, pk: int, tid: int) -> HttpResponse:
    contest = selectors.contest_get(user=request.user, pk=pk)
    tally = (
        RoundTally.objects.restrict(request.user)
        .filter(round__contest=contest, pk=tid)
        .select_related("round", "unit")
        .first()
    )
    if tally is None:
        raise Http404("No such figure.")
    if not can(request.user, Action.REPORT, tally.unit):
        raise PermissionDenied(_("Only the reporting unit may correct its figure."))
    form = TallyForm(
        request.POST or None,
        rounds=contest.rounds.all(),
        units=units_for_select(user=request.user, action=Action.REPORT),
        editing=True,
        initial={
            "round": tally.round_id,
            "unit": tally.unit_id,
            "entries": tally.entries,
            "note": tally.note,
            "version": tally.version,
        },
    )
    form.fields["version"].required = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(
            form,
            lambda: services.tally_report(
                user=request.user,
                round=tally.round,
                unit=tally.unit,
                entries=d["entries"],
                note=d["note"],
                expected_version=d["version"],
            ),
        ):
            return _done(request, reverse("emulation:contest-record", args=[contest.pk]))
    context = {"contest": contest, "tally": tally, "form": form, "history": history_for(tally)}
    return render(request, "emulation/tally_form.html", context)
