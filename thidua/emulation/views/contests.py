"""Pages of contests: list, detail, create, entries, selections, figures, prizes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, can
from thidua.accounts.selectors import units_for_select
from thidua.core.changelog import history_for
from thidua.emulation import selectors, services
from thidua.emulation.forms import (
    ContestForm,
    EntryForm,
    PrizeForm,
    RoundFormSet,
    SelectForm,
    TallyForm,
)
from thidua.emulation.models import Contest, Movement, RoundTally
from thidua.emulation.views._common import _attempt, _documents, _done


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
