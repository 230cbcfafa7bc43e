"""Pages of contests: list, detail, create, entries, selections, figures, prizes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.permissions import member_required
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
from thidua.emulation.permissions import rules
from thidua.emulation.views._common import _saved


@member_required
def contest_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "emulation/contests.html",
        {
            "contests": selectors.contest_list(user=request.user),
            "actions": rules.actions(request.user, group="emulation"),
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
        "actions": rules.actions(request.user, contest, names=["record", "select"]),
    }
    return render(request, "emulation/contest.html", context)


@member_required
def contest_new(request: HttpRequest) -> HttpResponse:
    rules.require("create_contest", request.user)
    form = ContestForm(
        request.POST or None,
        user=request.user,
        movements=selectors.movements_for_select(user=request.user),
        documents=selectors.documents_for_select(user=request.user),
    )
    rounds = RoundFormSet(request.POST or None, prefix="rounds")
    valid_rounds = rounds.is_valid()
    form.is_valid()  # both validated, so that both show their errors
    if valid_rounds:

        def create(data: dict[str, Any]) -> Any:
            data["rounds"] = [
                (r["level"], r["name"].strip()) for r in rounds.cleaned_data if r.get("level")
            ]
            return services.contest_create(user=request.user, **data)

        done = _saved(
            request, form, create, then=lambda c: reverse("emulation:contest", args=[c.pk])
        )
        if done is not None:
            return done
    return render(request, "emulation/contest_form.html", {"form": form, "rounds": rounds})


@member_required
def contest_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Register entries, select them into later rounds, report figures per unit and round."""
    user = request.user
    contest = selectors.contest_get(user=user, pk=pk)
    actions = rules.actions(user, contest, group="contest")
    if not actions.record:
        raise PermissionDenied(actions.why["record"])
    entries = selectors.entry_list(user=user, contest=contest)
    tallies = list(selectors.tally_list(user=user, contest=contest))
    rounds = contest.rounds.all()
    which = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if which else None
    forms: dict[str, Form | None] = {
        "entry": EntryForm(data if which == "entry" else None, user=user, prefix="entry")
        if actions.register_entry
        else None,
        "select": SelectForm(
            data if which == "select" else None,
            rounds=selectors.later_rounds(contest=contest),
            entries=entries,
            prefix="select",
        )
        if actions.select
        else None,
        "tally": TallyForm(
            data if which == "tally" else None,
            rounds=rounds,
            user=user,
            taken=[(t.round_id, t.unit_id) for t in tallies],
            prefix="tally",
        )
        if actions.report_tally
        else None,
    }
    if which:
        form = forms.get(which)
        if form is None:
            raise PermissionDenied(_("You may not do that in this contest."))
        saves: dict[str, Callable[[dict[str, Any]], Any]] = {
            "entry": lambda d: services.entry_register(user=user, contest=contest, **d),
            "select": lambda d: [
                services.entry_select(user=user, entry=e, round=d["round"]) for e in d["entries"]
            ],
            "tally": lambda d: services.tally_report(
                user=user, round=d["round"], unit=d["unit"], entries=d["entries"], note=d["note"]
            ),
        }
        done = _saved(
            request,
            form,
            saves[which],
            then=reverse("emulation:contest-record", args=[contest.pk]),
        )
        if done is not None:
            return done
    context = {
        "contest": contest,
        "entries": entries,
        # Per row: may the user correct this figure (its unit's officers, in the area)?
        "tally_rows": [(t, rules.may("report_tally", user, contest, unit=t.unit)) for t in tallies],
        "forms": forms,
        "actions": actions,
    }
    return render(request, "emulation/contest_record.html", context)


@member_required
def entry_detail(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    """An entry, the rounds it reached, and (for the contest's judges) its prize."""
    contest = selectors.contest_get(user=request.user, pk=pk)
    entry = selectors.entry_get(user=request.user, contest=contest, pk=eid)
    actions = rules.actions(request.user, contest, names=["award_prize"])
    if request.method == "POST":
        rules.require("award_prize", request.user, contest)
    form = None
    if actions.award_prize:
        form = PrizeForm(
            request.POST or None,
            prizes=contest.prizes.all(),
            initial={"prize": entry.prize_id, "version": entry.version},
        )
        form.fields["version"].required = True
        done = _saved(
            request,
            form,
            lambda d: services.entry_award_prize(
                user=request.user, entry=entry, prize=d["prize"], expected_version=d["version"]
            ),
            then=reverse("emulation:entry", args=[contest.pk, entry.pk]),
        )
        if done is not None:
            return done
    context = {
        "contest": contest,
        "entry": entry,
        "form": form,
        "actions": actions,
        "history": history_for(entry)[:30],
    }
    return render(request, "emulation/entry.html", context)


@member_required
def tally_edit(request: HttpRequest, pk: int, tid: int) -> HttpResponse:
    """A reported figure; the officers of its unit (in the contest's area) correct it."""
    user = request.user
    contest = selectors.contest_get(user=user, pk=pk)
    tally = selectors.tally_get(user=user, contest=contest, pk=tid)
    actions = rules.actions(user, contest, names=["report_tally"], unit=tally.unit)
    if request.method == "POST":
        rules.require("report_tally", user, contest, unit=tally.unit)
    form = None
    if actions.report_tally:
        form = TallyForm(
            request.POST or None,
            rounds=contest.rounds.all(),
            user=user,
            editing=True,
            initial={
                "entries": tally.entries,
                "note": tally.note,
                "version": tally.version,
            },
        )
        form.fields["version"].required = True
        done = _saved(
            request,
            form,
            lambda d: services.tally_report(
                user=user,
                round=tally.round,
                unit=tally.unit,
                entries=d["entries"],
                note=d["note"],
                expected_version=d["version"],
            ),
            then=reverse("emulation:contest-record", args=[contest.pk]),
        )
        if done is not None:
            return done
    context = {
        "contest": contest,
        "tally": tally,
        "form": form,
        "actions": actions,
        "history": history_for(tally),
    }
    return render(request, "emulation/tally_form.html", context)
