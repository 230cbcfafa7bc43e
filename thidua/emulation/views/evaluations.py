"""Pages of evaluations: open one from a pledge, self-assess and review scores, finalise,
reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.core.changelog import history_for
from thidua.core.converters import as_id
from thidua.core.web import act, attempt
from thidua.emulation import selectors, services
from thidua.emulation.forms import ScoresForm
from thidua.emulation.models import Evaluation
from thidua.emulation.permissions import rules


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return as_id(raw)


@member_required
@require_POST
def evaluation_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the evaluation of the pledge's unit for the pledge's year (or go to it)."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    raw = request.POST.get("pledge", "")
    pledge = selectors.pledge_get(user=request.user, pk=as_id(raw) or 0)
    if pledge.movement_id != movement.pk:
        raise PermissionDenied(_("That pledge belongs to another movement."))
    existing = selectors.evaluations_of_pledges(user=request.user, pledges=[pledge]).get(pledge.pk)
    if existing is not None:
        return redirect("emulation:evaluation", pk=existing.pk)
    opened = act(
        request,
        lambda: services.evaluation_open(
            user=request.user,
            movement=movement,
            group=pledge.group,
            unit=pledge.unit,
            year=pledge.year,
        ),
    )
    if not opened:
        return redirect("emulation:movement", pk=movement.pk)
    return redirect("emulation:evaluation", pk=opened.value.pk)


@member_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    evaluation = selectors.evaluation_get(user=user, pk=pk)
    actions = rules.actions(user, evaluation, group="evaluation")
    mode = "self" if actions.self_assess else "review" if actions.review else ""
    form = None
    if request.method == "POST" and not mode:
        # Nothing this user may score now: say why (403 if they may not score at all).
        refusals = [rules.check(n, user, evaluation) for n in ("self_assess", "review")]
        by_state = [r for r in refusals if r is not None and r.by_state]
        if not by_state:
            raise PermissionDenied(actions.why["review"])
        messages.error(request, by_state[0].message)
        return redirect("emulation:evaluation", pk=evaluation.pk)
    if request.method == "POST":
        form = ScoresForm(request.POST, evaluation=evaluation, mode=mode)
        if form.is_valid():
            version, scores = form.cleaned_data["version"], form.scores()
            if mode == "self":
                done = attempt(
                    form,
                    lambda: services.evaluation_self_assess(
                        user=user,
                        evaluation=evaluation,
                        expected_version=version,
                        scores=scores,
                        submit="submit" in request.POST,
                    ),
                )
            else:
                done = attempt(
                    form,
                    lambda: services.evaluation_review(
                        user=user,
                        evaluation=evaluation,
                        expected_version=version,
                        scores=scores,
                        note=form.cleaned_data.get("note", ""),
                    ),
                )
            if done is not None:
                messages.success(request, _("Saved."))
                return redirect("emulation:evaluation", pk=evaluation.pk)
    elif mode:
        form = ScoresForm(evaluation=evaluation, mode=mode, initial={"version": evaluation.version})
    context = {
        "evaluation": evaluation,
        "scores": evaluation.scores.all(),
        "actions": actions,
        "form": form,
        "mode": mode,
        "history": history_for(evaluation)[:50],
    }
    return render(request, "emulation/evaluation.html", context)


def _finalised(evaluation: Evaluation) -> str:
    return _("Finalised: %(total)s, rank %(rank)s in its group.") % {
        "total": evaluation.final_total,
        "rank": evaluation.rank,
    }


@member_required
@require_POST
def evaluation_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    act(
        request,
        lambda: services.evaluation_finalise(
            user=request.user, evaluation=evaluation, expected_version=_version(request)
        ),
        success=_finalised,
    )
    return redirect("emulation:evaluation", pk=evaluation.pk)


@member_required
@require_POST
def evaluation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the evaluation back to its unit to be scored again, saying why."""
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    act(
        request,
        lambda: services.evaluation_reopen(
            user=request.user,
            evaluation=evaluation,
            expected_version=_version(request),
            note=request.POST.get("note", ""),
        ),
        success=_("Reopened: the unit scores it again, then it is reviewed and finalised."),
    )
    return redirect("emulation:evaluation", pk=evaluation.pk)
