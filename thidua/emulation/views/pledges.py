"""Pages of pledges: a unit registers for a movement with its targets, and edits them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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
    PledgeEditForm,
    PledgeForm,
)
from thidua.emulation.views._common import _attempt, _done


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
