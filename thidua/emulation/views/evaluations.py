"""Pages of evaluations: open one from a pledge, self-assess and review scores, finalise."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.core.changelog import history_for
from thidua.core.services import ConflictError, validation_message
from thidua.emulation import selectors, services
from thidua.emulation.forms import (
    ScoresForm,
)


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
