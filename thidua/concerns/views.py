"""Pages of the concerns app: they parse input and call selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, reach
from thidua.concerns import forms, selectors, services
from thidua.concerns import permissions as perms
from thidua.concerns.models import ConcernIssue
from thidua.core.changelog import history_for
from thidua.core.notifications import urged_message
from thidua.plans.forms import UrgeForm

# The plans pages' helpers: a service's refusal as form errors or messages, and paging.
from thidua.plans.views import _apply, _paged


@member_required
def concern_list(request: HttpRequest) -> HttpResponse:
    form = forms.ConcernFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    issues = selectors.concern_list(
        user=request.user,
        state=d.get("state", ""),
        overdue=d.get("overdue", False),
        category=d.get("category", ""),
        query=d.get("q", ""),
    )
    context = _paged(request, issues)
    context.update(
        form=form,
        today=timezone.localdate(),
        may_record=not reach(request.user, Action.REPORT).nothing,
    )
    return render(request, "concerns/concern_list.html", context)


@member_required
def concern_create(request: HttpRequest) -> HttpResponse:
    if reach(request.user, Action.REPORT).nothing:
        raise PermissionDenied
    form = forms.ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        issue = _apply(request, form, lambda: services.concern_record(user=request.user, **d))
        if issue:
            messages.success(request, _("Issue recorded."))
            return redirect("concerns:detail", issue.pk)
    return render(
        request,
        "concerns/form.html",
        {"form": form, "title": _("Record an issue of public concern")},
    )


_CONCERN_STEPS = {
    "refer": forms.ReferForm,
    "forward": forms.ForwardForm,
    "answer": forms.AnswerForm,
    "close": forms.CloseForm,
    "reopen": forms.ReopenForm,
    "urge": UrgeForm,
}


def _concern_context(request: HttpRequest, issue: ConcernIssue, **bound: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    state = ConcernIssue.State
    allowed = {
        "refer": issue.state == state.RECORDED and perms.concern_is_recorder(user, issue),
        "forward": issue.state in {state.RECORDED, state.REFERRED}
        and perms.may_route_concern(user, issue),
        "answer": issue.state == state.FORWARDED and perms.may_answer_concern(user, issue),
        "close": issue.state in {state.ANSWERED, state.RECORDED, state.REFERRED}
        and perms.may_route_concern(user, issue),
        "reopen": issue.state in {state.ANSWERED, state.CLOSED}
        and issue.competent_unit_id is not None
        and perms.may_route_concern(user, issue),
        "urge": issue.state == state.FORWARDED and perms.may_route_concern(user, issue),
    }
    step_forms = {
        name: bound.get(name) or cls() for name, cls in _CONCERN_STEPS.items() if allowed[name]
    }
    return {
        "issue": issue,
        "contact": selectors.concern_contact(user=user, issue=issue),
        "overdue": issue.is_overdue_on(today),
        "steps": step_forms,
        "history": history_for(issue)[:30],
    }


@member_required
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.concern_get(user=request.user, pk=pk)
    return render(request, "concerns/concern_detail.html", _concern_context(request, issue))


@member_required
@require_POST
def concern_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    issue = selectors.concern_get(user=request.user, pk=pk)
    if step not in _CONCERN_STEPS:
        raise Http404("No such step.")
    form = _CONCERN_STEPS[step](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        u = request.user
        calls = {
            "refer": lambda: services.concern_refer(user=u, issue=issue, **d),
            "forward": lambda: services.concern_forward(user=u, issue=issue, **d),
            "answer": lambda: services.concern_answer(user=u, issue=issue, **d),
            "close": lambda: services.concern_close(user=u, issue=issue, **d),
            "reopen": lambda: services.concern_reopen(user=u, issue=issue, **d),
            # A pair, so that "already urged today" (None) is not read as a refusal.
            "urge": lambda: ("urge", services.concern_urge(user=u, issue=issue, **d)),
        }
        done = _apply(request, form, calls[step])
        if done is not None:
            if step == "urge" and done[1] is None:
                messages.info(request, _("The competent body was already urged today."))
            elif step == "urge":
                messages.success(request, urged_message(done[1]))
            else:
                messages.success(request, _("Done."))
            return redirect("concerns:detail", issue.pk)
    context = _concern_context(request, issue, **{step: form})
    return render(request, "concerns/concern_detail.html", context, status=400)
