"""Pages of movements: list, detail with ranking and pledges, create, edit, structure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.permissions import member_required
from thidua.core.changelog import history_for
from thidua.emulation import selectors, services
from thidua.emulation.forms import (
    ContentForm,
    CriterionForm,
    GroupForm,
    IntegrateForm,
    MovementForm,
    PledgeForm,
)
from thidua.emulation.models import Movement, MovementGroup
from thidua.emulation.permissions import rules
from thidua.emulation.views._common import _saved, _year


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
        "actions": rules.actions(request.user, group="emulation"),
    }
    return render(request, "emulation/list.html", context)


@member_required
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    movement = selectors.movement_get(user=user, pk=pk)
    years = selectors.movement_years(movement=movement)
    year = _year(request, years)
    actions = rules.actions(user, movement, group="movement")
    pledges = list(selectors.pledge_list(user=user, movement=movement, year=year))
    opened = selectors.evaluations_of_pledges(user=user, pledges=pledges)
    # Per row: open (or start) the unit's evaluation, change its pledge.
    rows = [
        (p, opened.get(p.pk), rules.actions(user, movement, names=_ROW_ACTIONS, unit=p.unit))
        for p in pledges
    ]
    pledge_form = None
    if actions.pledge:
        pledge_form = PledgeForm(movement=movement, user=user, initial={"year": year})
    context = {
        "movement": movement,
        "years": years,
        "year": year,
        "ranking": selectors.ranking(user=user, movement=movement, year=year) if year else [],
        "pledge_rows": rows,
        "pledge_form": pledge_form,
        "actions": actions,
        "history": history_for(movement)[:30],
    }
    return render(request, "emulation/movement.html", context)


_ROW_ACTIONS = ("open_evaluation", "pledge")


@member_required
def movement_new(request: HttpRequest) -> HttpResponse:
    rules.require("create_movement", request.user)
    form = MovementForm(
        request.POST or None,
        creating=True,
        user=request.user,
        documents=selectors.documents_for_select(user=request.user),
        movements=selectors.movements_for_select(user=request.user),
        initial={"kind": Movement.Kind.REGULAR, "is_public": True},
    )

    def create(data: dict[str, Any]) -> Movement:
        others = data.pop("integrated_with")
        movement = services.movement_create(user=request.user, **data)
        for other in others:
            services.movement_integrate(user=request.user, movement=movement, other=other)
        return movement

    done = _saved(request, form, create, then=lambda m: reverse("emulation:structure", args=[m.pk]))
    if done is not None:
        return done
    return render(request, "emulation/movement_form.html", {"form": form, "movement": None})


@member_required
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get(user=request.user, pk=pk)
    rules.require("edit", request.user, movement)
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
        documents=selectors.documents_for_select(user=request.user),
        initial=initial,
        user=request.user,
    )
    form.fields["version"].required = True

    def save(data: dict[str, Any]) -> Movement:
        version = data.pop("version")
        return services.movement_update(
            user=request.user, movement=movement, expected_version=version, **data
        )

    done = _saved(request, form, save, then=reverse("emulation:movement", args=[movement.pk]))
    if done is not None:
        return done
    return render(request, "emulation/movement_form.html", {"form": form, "movement": movement})


@member_required
def movement_structure(request: HttpRequest, pk: int) -> HttpResponse:
    """Contents, subject groups and criteria of a movement, with links to edit each, and
    the movements it is integrated with (POST adds one)."""
    movement = _managed_movement(request, pk)
    actions = rules.actions(request.user, movement, group="movement")
    linked = [m.pk for m in movement.integrated_with.all()]
    others = selectors.movements_for_select(user=request.user, exclude=[movement.pk, *linked])
    form = IntegrateForm(request.POST or None, movements=others)
    done = _saved(
        request,
        form,
        lambda d: services.movement_integrate(
            user=request.user, movement=movement, other=d["other"]
        ),
        then=reverse("emulation:structure", args=[movement.pk]),
    )
    if done is not None:
        return done
    offered = actions.integrate and (request.method == "POST" or others.exists())
    groups = list(movement.groups.all())
    names = selectors.indicator_names(c.indicator_code for g in groups for c in g.criteria.all())
    context = {
        "movement": movement,
        "groups": [
            (g, [(c, names.get(c.indicator_code, "")) for c in g.criteria.all()]) for g in groups
        ],
        "integrate_form": form if offered else None,
        "actions": actions,
    }
    return render(request, "emulation/structure.html", context)


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
    done = _saved(request, form, save, then=back)
    if done is not None:
        return done
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
    """The movement, if the user may change its structure (else 403 with the reason)."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    rules.require("edit_structure", request.user, movement)
    return movement


@member_required
def content_edit(request: HttpRequest, pk: int, cid: int | None = None) -> HttpResponse:
    movement = _managed_movement(request, pk)
    contents = list(movement.contents.all())
    content = next((c for c in contents if c.pk == cid), None)
    if cid is not None and content is None:
        raise Http404("No such content.")
    initial = (
        {"number": content.number, "text": content.text, "version": content.version}
        if content
        else {"number": max((c.number for c in contents), default=0) + 1}
    )
    form = ContentForm(
        request.POST or None,
        initial=initial,
        editing=content is not None,
        taken=[c.number for c in contents],
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
        indicators=selectors.indicator_choices(),
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
