"""Browse and search the unit tree."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.accounts.models import RoleAssignment
from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, can
from thidua.core.changelog import history_for
from thidua.orgunits import selectors
from thidua.orgunits.models import UnitKind


@member_required
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    # History is found too (marked with its end date); "current" narrows to today's units.
    only_current = request.GET.get("current") == "1"
    include_past = not only_current
    context = {
        "query": query,
        "kind": kind,
        "only_current": only_current,
        "kinds": UnitKind.objects.all(),
    }
    if query or kind:
        units = selectors.unit_list(
            user=request.user, query=query, kind=kind, include_past=include_past
        )
        page = Paginator(units, 50).get_page(request.GET.get("page"))
        context.update(page_obj=page, results=page.object_list)
        params = request.GET.copy()
        params.pop("page", None)
        context["querystring_without_page"] = params.urlencode() + "&" if params else ""
    else:
        context["roots"] = selectors.unit_roots(user=request.user)
    template = "orgunits/partials/results.html" if request.htmx else "orgunits/list.html"
    return render(request, template, context)


@member_required
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of a unit, loaded by htmx when a tree node is opened."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    # The tree shows units that no longer exist too (with their end date): history
    # such as Hà Giang's districts is browsed there.
    children = selectors.unit_children(
        user=request.user, unit=unit, include_past=request.GET.get("current") != "1"
    )
    return render(request, "orgunits/partials/children.html", {"children": children})


@member_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, pk=pk)
    may_manage = can(request.user, Action.MANAGE, unit)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit=unit),
        "children": selectors.unit_children(user=request.user, unit=unit, include_past=True),
        "predecessors": unit.predecessors.all(),
        "subject_groups": unit.subject_groups.all(),
        "may_manage": may_manage,
        "in_reach": can(request.user, Action.VIEW, unit),
        "roles": RoleAssignment.objects.filter(unit=unit).select_related("user")
        if may_manage
        else None,
        "history": history_for(unit)[:50] if may_manage else None,
    }
    return render(request, "orgunits/detail.html", context)
