"""Browse and search the unit tree."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from thidua.accounts.permissions import member_required
from thidua.core.changelog import history_for
from thidua.orgunits import selectors
from thidua.orgunits.permissions import rules
from thidua.orgunits.selectors import PURPOSES


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
        "kinds": selectors.unit_kinds(),
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
    actions = rules.actions(request.user, unit, group="unit")
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit=unit),
        "children": selectors.unit_children(user=request.user, unit=unit, include_past=True),
        **selectors.unit_links(unit=unit),
        "actions": actions,
        "roles": selectors.unit_roles(unit=unit) if actions.see_roles else None,
        "history": history_for(unit)[:50] if actions.see_roles else None,
    }
    return render(request, "orgunits/detail.html", context)


@member_required
def unit_pick(request: HttpRequest) -> HttpResponse:
    """The unit picker's search (``orgunits/picker.py``): the units a field of
    ``purpose`` accepts whose names match ``q``, best first, at most 20, with their groups
    when the field takes several units (``groups=1``); and, in one line, how many more
    match that the user may not choose there."""
    purpose = request.GET.get("purpose", "view")
    if purpose not in PURPOSES:
        purpose = "view"
    query = request.GET.get("q", "").strip()[:200]
    groups = request.GET.get("groups") == "1"
    pick = selectors.unit_pick(user=request.user, query=query, purpose=purpose, groups=groups)
    note = ""
    if pick.outside:
        yours = ", ".join(u.name for u in pick.held)
        if purpose == "report":
            note = ngettext(
                "%(count)d more unit matches but is outside your reach: you report for %(yours)s.",
                "%(count)d more units match but are outside your reach: you report for %(yours)s.",
                pick.outside,
            )
        elif purpose == "approve":
            note = ngettext(
                "%(count)d more unit matches but is outside your reach: you approve at %(yours)s.",
                "%(count)d more units match but are outside your reach: you approve at %(yours)s.",
                pick.outside,
            )
        else:
            note = ngettext(
                "%(count)d more unit matches but is outside your reach: you manage %(yours)s.",
                "%(count)d more units match but are outside your reach: you manage %(yours)s.",
                pick.outside,
            )
        note %= {"count": pick.outside, "yours": yours}
    return render(request, "orgunits/partials/pick_results.html", {"pick": pick, "note": note})
