"""Pages of the concerns app: they parse input and call selectors and services.

Which steps an issue's page offers is decided once by the app's rules
(``thidua.concerns.permissions.rules``), which the services re-check: a step shown is a
step that works. Refusals become form errors (``core.web.attempt``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.concerns import forms, selectors, services
from thidua.concerns.models import ConcernIssue
from thidua.concerns.permissions import rules
from thidua.core.changelog import history_for
from thidua.core.forms import UrgeForm
from thidua.core.notifications import urged_message
from thidua.core.pagination import paged
from thidua.core.web import attempt
from thidua.orgunits.picker import UnitPickerForm


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
    context = paged(request, issues)
    context.update(form=form, actions=rules.actions(request.user, names=["record"]))
    return render(request, "concerns/concern_list.html", context)


@member_required
def concern_create(request: HttpRequest) -> HttpResponse:
    rules.require("record", request.user)
    form = forms.ConcernForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        issue = attempt(form, lambda: services.concern_record(user=request.user, **d))
        if issue:
            messages.success(request, _("Issue recorded."))
            return redirect("concerns:detail", issue.pk)
    return render(
        request,
        "concerns/form.html",
        {"form": form, "title": _("Record an issue of public concern"), "action": "record"},
    )


@dataclass(frozen=True)
class Step:
    form: type[Form]
    title: Any  # lazy translations: evaluated in the reader's language
    done: Any = ""


# Each step of the workflow (a rule of the same name), in the order of the workflow.
_CONCERN_STEPS: dict[str, Step] = {
    "refer": Step(
        forms.ReferForm,
        gettext_lazy("Send to the standing committees"),
        gettext_lazy("Sent to the standing committees; their officers have been notified."),
    ),
    "forward": Step(
        forms.ForwardForm,
        gettext_lazy("Forward to the competent body"),
        gettext_lazy("Forwarded; the competent body has been notified of the answer date."),
    ),
    "answer": Step(
        forms.AnswerForm,
        gettext_lazy("Record the answer"),
        gettext_lazy("Answer recorded; the recording unit has been notified."),
    ),
    "close": Step(
        forms.CloseForm,
        gettext_lazy("Close"),
        gettext_lazy("Issue closed; the raiser's contact has been erased."),
    ),
    "reopen": Step(
        forms.ReopenForm,
        gettext_lazy("Reopen"),
        gettext_lazy("Issue reopened; the competent body has been notified."),
    ),
    "urge": Step(UrgeForm, gettext_lazy("Urge the competent body")),
}


def _form_kwargs(form: type[Form], request: HttpRequest) -> dict[str, Any]:
    """A step's form with unit fields checks them against the user's reach."""
    return {"user": request.user} if issubclass(form, UnitPickerForm) else {}


def _concern_context(request: HttpRequest, issue: ConcernIssue, **bound: Any) -> dict[str, Any]:
    """The issue's page: the steps the rules allow, and a posted step's form (``bound``)
    shown again with its errors, or the reason it was refused."""
    actions = rules.actions(request.user, issue, group="issue")
    steps = [
        (name, step.title, bound.get(name) or step.form(**_form_kwargs(step.form, request)))
        for name, step in _CONCERN_STEPS.items()
        if actions[name] or name in bound
    ]
    return {
        "issue": issue,
        "actions": actions,
        "contact": selectors.concern_contact(user=request.user, issue=issue),
        "overdue": issue.is_overdue_on(timezone.localdate()),
        "steps": steps,
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
    form = _CONCERN_STEPS[step].form(
        request.POST, **_form_kwargs(_CONCERN_STEPS[step].form, request)
    )
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
        done = attempt(form, calls[step])
        if done is not None:
            if step == "urge" and done[1] is None:
                messages.info(request, _("The competent body was already urged today."))
            elif step == "urge":
                messages.success(request, urged_message(done[1]))
            else:
                messages.success(request, _CONCERN_STEPS[step].done)
            return redirect("concerns:detail", issue.pk)
    context = _concern_context(request, issue, **{step: form})
    return render(request, "concerns/concern_detail.html", context, status=400)
