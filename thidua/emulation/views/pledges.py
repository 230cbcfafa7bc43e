"""Pages of pledges: a unit registers for a movement with its targets, and edits them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.permissions import member_required
from thidua.core.changelog import history_for
from thidua.emulation import selectors, services
from thidua.emulation.forms import (
    PledgeEditForm,
    PledgeForm,
)
from thidua.emulation.permissions import rules
from thidua.emulation.views._common import _saved


@member_required
def pledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit registers for a movement with its targets."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    rules.require("pledge", request.user, movement)
    taken = selectors.pledged(user=request.user, movement=movement)
    form = PledgeForm(
        request.POST or None,
        movement=movement,
        user=request.user,
        initial={"year": request.GET.get("year", "")},
    )

    def register(data: dict[str, Any]) -> Any:
        if (data["unit"].pk, data["year"]) in taken:
            raise ValidationError(
                {"year": _("This unit already pledged for that year; edit its pledge instead.")}
            )
        return services.pledge_register(user=request.user, movement=movement, **data)

    done = _saved(request, form, register, then=reverse("emulation:movement", args=[movement.pk]))
    if done is not None:
        return done
    return render(request, "emulation/pledge_form.html", {"movement": movement, "form": form})


@member_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A pledge; its unit's officers change its subject group and targets."""
    pledge = selectors.pledge_get(user=request.user, pk=pk)
    movement = pledge.movement
    actions = rules.actions(request.user, movement, names=["pledge"], unit=pledge.unit)
    if request.method == "POST":
        rules.require("pledge", request.user, movement, unit=pledge.unit)
    form = None
    if actions.pledge:
        form = PledgeEditForm(
            request.POST or None,
            movement=movement,
            initial={"group": pledge.group, "targets": pledge.targets, "version": pledge.version},
        )
        form.fields["version"].required = True
    if form is not None:
        done = _saved(
            request,
            form,
            lambda d: services.pledge_register(
                user=request.user,
                movement=movement,
                group=d["group"],
                unit=pledge.unit,
                year=pledge.year,
                targets=d["targets"],
                expected_version=d["version"],
            ),
            then=reverse("emulation:movement", args=[movement.pk]),
        )
        if done is not None:
            return done
    context = {
        "movement": movement,
        "form": form,
        "pledge": pledge,
        "actions": actions,
        "history": history_for(pledge),
    }
    return render(request, "emulation/pledge_form.html", context)
