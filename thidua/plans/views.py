"""Pages of the plans app: they parse input and call selectors and services.

What a user may do on a plan, a task, a unit's part or an update is decided once per
object by the app's rules (``thidua.plans.permissions.rules``) and passed to the template
as ``actions``; the services re-check the same rules, so a button shown is a button that
works. A refused service call becomes form errors (``core.web.attempt``) or a message
(``core.web.act``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.core.changelog import history_for
from thidua.core.downloads import download
from thidua.core.forms import UrgeForm
from thidua.core.notifications import urged_message
from thidua.core.offline import OFFLINE_EVIDENCE_BYTES
from thidua.core.pagination import paged
from thidua.core.pdfs import pdf_job_start
from thidua.core.web import act, attempt
from thidua.plans import exports, forms, selectors, services
from thidua.plans.models import Plan, Task
from thidua.plans.permissions import rules


def _page_refused(
    request: HttpRequest, name: str, obj: Any, back: str, **context: Any
) -> HttpResponse | None:
    """A page that offers one action: None if the user may take it now; else refused —
    403 for a user who may not, back to ``back`` with the reason when it is not possible
    now (a cancelled task)."""
    refusal = rules.check(name, request.user, obj, **context)
    if refusal is None:
        return None
    if not refusal.by_state:
        raise PermissionDenied(refusal.message)
    messages.error(request, refusal.message)
    return redirect(back)


def _assigned_message(done: list[Any]) -> str:
    return ngettext("%(n)d unit assigned.", "%(n)d units assigned.", len(done)) % {"n": len(done)}


# --- plans ------------------------------------------------------------------------------


@member_required
def plan_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    plans = selectors.plan_list(user=request.user, query=query, kind=kind, year=year)
    context = paged(request, plans)
    page_plans = list(context["page_obj"].object_list)
    counts = selectors.status_counts(user=request.user, plans=page_plans)
    for p in page_plans:
        p.counts = counts.get(p.pk, {})
    context.update(
        plans=page_plans,
        query=query,
        kind=kind,
        year=year_text,
        kinds=Plan.Kind.choices,
        actions=rules.actions(request.user, names=["create_plan"]),
    )
    return render(request, "plans/plan_list.html", context)


@member_required
def plan_create(request: HttpRequest) -> HttpResponse:
    rules.require("create_plan", request.user)
    form = forms.PlanForm(
        request.POST or None,
        parents=selectors.parent_choices(user=request.user),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        plan = attempt(
            form,
            lambda: services.plan_create(
                user=request.user,
                kind=d["kind"],
                title=d["title"],
                summary=d["summary"],
                issuing_units=d["issuing_units"],
                monitoring_units=d["monitoring_units"] or (),
                period_start=d["period_start"],
                period_end=d["period_end"],
                place=d["place"],
                parent=d.get("parent"),
            ),
        )
        if plan:
            messages.success(request, _("Plan created."))
            return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("New plan"), "action": "create_plan"},
    )


def _plan_context(request: HttpRequest, plan: Plan, **bound: Any) -> dict[str, Any]:
    """The plan page; ``bound`` holds a posted form to show again with its errors."""
    actions = rules.actions(request.user, plan, group="plan")
    group_form = bound.get("group_form") or (forms.TaskGroupForm() if actions.add_group else None)
    document_form = bound.get("document_form") or (
        forms.PlanDocumentForm(user=request.user) if actions.link_document else None
    )
    return {
        "plan": plan,
        "actions": actions,
        "documents": selectors.plan_documents(plan=plan),
        "children": selectors.plan_children(user=request.user, plan=plan),
        "blocks": selectors.plan_task_blocks(user=request.user, plan=plan),
        "counts": selectors.status_counts(user=request.user, plans=[plan]).get(plan.pk, {}),
        "group_form": group_form,
        "document_form": document_form,
        "history": history_for(plan)[:30],
    }


@member_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    return render(request, "plans/plan_detail.html", _plan_context(request, plan))


@member_required
@require_POST
def plan_document_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a document found by its number and symbol (only among those the user may see)."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = forms.PlanDocumentForm(request.POST, user=request.user)
    if form.is_valid():
        document = form.document
        link = attempt(
            form,
            lambda: services.plan_link_document(
                user=request.user,
                plan=plan,
                document=document,
                relation=form.cleaned_data["relation"],
            ),
        )
        if link is not None:
            messages.success(
                request,
                _("%(document)s: %(relation)s.")
                % {"document": document.symbol, "relation": link.get_relation_display()},
            )
            return redirect("plans:detail", plan.pk)
    context = _plan_context(request, plan, document_form=form)
    return render(request, "plans/plan_detail.html", context, status=400)


@member_required
@require_POST
def plan_document_unlink(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    link = selectors.plan_document_get(plan=plan, document_pk=document_pk)
    document = link.document
    act(
        request,
        lambda: services.plan_unlink_document(user=request.user, plan=plan, document=document),
        success=_("%(document)s is no longer linked to this plan.")
        % {"document": document.symbol or document.title},
    )
    return redirect("plans:detail", plan.pk)


@member_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require("edit_plan", request.user, plan)
    form = forms.PlanForm(
        request.POST or None, initial=forms.PlanForm.initial_for(plan), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = ("kind", "title", "summary", "period_start", "period_end", "place")
        saved = attempt(
            form,
            lambda: services.plan_update(
                user=request.user,
                plan=plan,
                expected_version=d["version"],
                issuing_units=d["issuing_units"],
                monitoring_units=d["monitoring_units"] or [],
                **{k: d[k] for k in fields},
            ),
        )
        if saved:
            messages.success(request, _("Plan saved."))
            return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("Edit plan"), "plan": plan, "action": "edit_plan"},
    )


@member_required
@require_POST
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = forms.TaskGroupForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.task_group_create(user=request.user, plan=plan, **form.cleaned_data),
    ):
        messages.success(request, _("Task group added."))
        return redirect("plans:detail", plan.pk)
    context = _plan_context(request, plan, group_form=form)
    return render(request, "plans/plan_detail.html", context, status=400)


@member_required
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = forms.ProgressFilterForm(request.GET or None, user=request.user)
    filters = selectors.ProgressFilter()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ProgressFilter(
            under=d["under"], status=d["status"], due_from=d["due_from"], due_to=d["due_to"]
        )
    rows = list(selectors.plan_progress_rows(user=request.user, plan=plan, filters=filters))
    shown = rows[:500]
    for a in shown:
        a.actions = rules.actions(request.user, a, names=["urge"], plan=plan)
    context = {
        "plan": plan,
        "form": form,
        "rows": shown,
        "truncated": len(rows) > 500,
        "by_group": selectors.progress_by_group(rows),
        "by_unit": selectors.progress_by_unit(rows)[:200],
        "urge_column": any(a.actions.urge for a in shown),
    }
    return render(request, "plans/progress.html", context)


def _file_stem(plan: Plan) -> str:
    """The start of a plan's file names: its number and symbol, else its title."""
    return exports.plan_symbol(plan) or plan.title[:80]


@member_required
def plan_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    data = exports.plan_tasks_xlsx(user=request.user, plan=plan)
    name = f"{_file_stem(plan)} - {_('Tasks')}.xlsx"
    return download(data, name=name, content_type=exports.XLSX_MIME)


_REPORT_OPTIONS = ("symbol", "place", "signer_title", "signer_name")


def _report_form(user: Any, plan: Plan, data: Any = None) -> forms.ReportOptionsForm:
    return forms.ReportOptionsForm(data, user=user, issuers=selectors.report_issuers(plan=plan))


def _report_docx(user: Any, plan: Plan, d: dict[str, Any]) -> tuple[str, bytes]:
    data = exports.plan_report_docx(
        user=user,
        plan=plan,
        options=exports.ReportOptions(issuer=d["issuer"], **{k: d[k] for k in _REPORT_OPTIONS}),
    )
    return f"{_file_stem(plan)} - {_('Follow-up report')}", data


def follow_up_report_word(user: Any, params: dict[str, Any]) -> tuple[str, bytes]:
    """The follow-up report with the options chosen on its form, for a PDF job: the plan
    and the options are read and checked again, as the user, as the Word download does."""
    plan = selectors.plan_get(user=user, pk=params["plan"])
    rules.require("export", user, plan)
    form = _report_form(user, plan, params)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return _report_docx(user, plan, form.cleaned_data)


@member_required
def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the report's issuer, number and signer, then download the Word file, or ask
    for its PDF (made in a background job: "Make PDF" sends the same options)."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require("export", request.user, plan)
    form = _report_form(request.user, plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if request.POST.get("make") == "pdf":
            params = {"plan": plan.pk, "issuer": str(d["issuer"].pk)}
            job = pdf_job_start(
                user=request.user,
                source="plans.follow_up_report",
                params=params | {k: d[k] for k in _REPORT_OPTIONS},
                title=f"{_('Follow-up report')} — {_file_stem(plan)}",
                back=reverse("plans:detail", args=[plan.pk]),
            )
            return redirect("core:job", pk=job.pk)
        stem, data = _report_docx(request.user, plan, d)
        return download(data, name=f"{stem}.docx", content_type=exports.DOCX_MIME)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": _("Follow-up report"),
            "plan": plan,
            "submit": _("Download Word file"),
            "pdf_submit": _("Make PDF"),
            "action": "export",
        },
    )


# --- tasks ------------------------------------------------------------------------------


@member_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require("add_task", request.user, plan)
    form = forms.TaskForm(
        request.POST or None,
        plan=plan,
        initial={"group": request.GET.get("group")},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        task = attempt(
            form,
            lambda: services.task_create(
                user=request.user,
                plan=plan,
                group=d["group"],
                title=d["title"],
                description=d["description"],
                start_date=d["start_date"],
                due_date=d["due_date"],
                recurrence=d["recurrence"],
                recur_month=d["recur_month"],
                recur_day=d["recur_day"],
                recur_until=d["recur_until"],
                expected_outputs=d["expected_outputs"],
                content_items=d["content_items"],
                lead_units=d["lead_units"] or [],
                coordinating_units=d["coordinating_units"] or [],
            ),
        )
        if task:
            messages.success(request, _("Task created and assigned."))
            return redirect("plans:task_detail", task.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("New task"), "plan": plan, "action": "add_task"},
    )


@member_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    back = reverse("plans:task_detail", args=[task.pk])
    refused = _page_refused(request, "edit_task", task, back, plan=task.plan)
    if refused is not None:
        return refused
    form = forms.TaskForm(
        request.POST or None,
        plan=task.plan,
        editing=True,
        initial=forms.TaskForm.initial_for(task),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = attempt(
            form,
            lambda: services.task_update(
                user=request.user,
                task=task,
                expected_version=d["version"],
                **{f: d[f] for f in forms.TaskForm.EDITABLE},
            ),
        )
        if saved:
            messages.success(request, _("Task saved."))
            return redirect("plans:task_detail", task.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("Edit task"), "plan": task.plan, "action": "edit_task"},
    )


def _task_context(request: HttpRequest, task: Task, **bound: Any) -> dict[str, Any]:
    """The task page; ``bound`` holds a posted form to show again with its errors."""
    user, plan = request.user, task.plan
    row = selectors.task_row(task=task)
    actions = rules.actions(user, task, group="task", plan=plan)
    parts = row.leads + row.coordinating
    for a in parts:
        a.actions = rules.actions(user, a, group="assignment", plan=plan)
    reportable = [a.pk for a in parts if a.actions.report_progress]
    updates = selectors.task_updates(task=task)
    for u in updates:
        # The reporting unit's officers correct its updates; a coordinating unit cannot.
        u.actions = rules.actions(user, u, group="update", plan=plan)
    progress_form = bound.get("progress_form") or (
        forms.ProgressForm(assignments=selectors.task_assignments(task=task, ids=reportable))
        if reportable
        else None
    )
    assign_form = bound.get("assign_form") or (
        forms.AssignForm(user=request.user) if actions.assign else None
    )
    bulk_form = bound.get("bulk_form") or (
        forms.BulkAssignForm(initial={"whole_subtree": True}, user=request.user)
        if actions.assign_bulk
        else None
    )
    return {
        "task": task,
        "plan": plan,
        "row": row,
        "actions": actions,
        "updates": updates,
        "urge_column": any(a.actions.urge for a in row.leads),
        "progress_form": progress_form,
        "offline": _offline_progress(task, parts, reportable) if progress_form else None,
        "assign_form": assign_form,
        "bulk_form": bulk_form,
        "history": history_for(task)[:30],
        "recurrence": selectors.task_recurrence(task=task),
    }


def _offline_progress(task: Task, parts: list[Any], reportable: list[int]) -> dict[str, Any]:
    """What the progress form's script needs to keep an update on the device while
    offline and post it later through the API: the unit of each part one may report
    for, and how large an evidence file it keeps."""
    return {
        "title": task.title,
        "post": reverse("plans-task-updates", args=[task.pk]),
        "units": {str(a.pk): a.unit.code for a in parts if a.pk in reportable},
        "maxBytes": OFFLINE_EVIDENCE_BYTES,
    }


@member_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    return render(request, "plans/task_detail.html", _task_context(request, task))


@member_required
@require_POST
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        done = attempt(
            form,
            lambda: services.task_assign(
                user=request.user, task=task, units=d["units"], role=d["role"]
            ),
        )
        if done is not None:
            messages.success(request, _assigned_message(done))
            return redirect("plans:task_detail", task.pk)
    context = _task_context(request, task, assign_form=form)
    return render(request, "plans/task_detail.html", context, status=400)


@member_required
@require_POST
def task_assign_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    form = forms.BulkAssignForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        done = attempt(
            form,
            lambda: services.task_assign_bulk(
                user=request.user,
                task=task,
                under=d["under"],
                kinds=[k.code for k in d["kinds"]],
                whole_subtree=d["whole_subtree"],
                role=d["role"],
            ),
        )
        if done is not None:
            messages.success(request, _assigned_message(done))
            return redirect("plans:task_detail", task.pk)
    context = _task_context(request, task, bulk_form=form)
    return render(request, "plans/task_detail.html", context, status=400)


@member_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    act(
        request,
        lambda: services.task_cancel(
            user=request.user, task=task, reason=request.POST.get("reason", "")[:300]
        ),
        success=_("Task cancelled."),
    )
    return redirect("plans:task_detail", task.pk)


@member_required
@require_POST
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    context = _task_context(request, task)
    offered = context["progress_form"]
    if offered is None:
        # Nothing to report for: not now (a cancelled task), or not for this user.
        row = context["row"]
        parts = row.leads + row.coordinating
        refusals = [rules.check("report_progress", request.user, a) for a in parts]
        now = next((r for r in refusals if r is not None and r.by_state), None)
        if now is None:
            raise PermissionDenied(_("You report for none of the units of this task."))
        messages.error(request, now.message)
        return redirect("plans:task_detail", task.pk)
    form = forms.ProgressForm(
        request.POST, request.FILES, assignments=offered.fields["assignment"].queryset
    )
    if form.is_valid():
        d = form.cleaned_data
        update = attempt(
            form,
            lambda: services.progress_update_create(
                user=request.user,
                assignment=d["assignment"],
                text=d["text"],
                percent=d["percent"],
                files=d["files"],
            ),
        )
        if update:
            messages.success(request, _("Progress recorded."))
            return redirect("plans:task_detail", task.pk)
    context["progress_form"] = form
    return render(request, "plans/task_detail.html", context, status=400)


@member_required
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the text of a progress update; a stale page is refused, not overwritten."""
    update = selectors.update_get(user=request.user, pk=pk)
    task = selectors.task_get(user=request.user, pk=update.assignment.task_id)
    rules.require("edit_update", request.user, update)
    form = forms.ProgressEditForm(
        request.POST or None, initial={"text": update.text, "version": update.version}
    )
    status, current = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            saved = attempt(
                form,
                lambda: services.progress_update_edit(
                    user=request.user, update=update, expected_version=d["version"], text=d["text"]
                ),
            )
            if saved:
                messages.success(request, _("Update corrected."))
                return redirect("plans:task_detail", task.pk)
            now = selectors.update_get(user=request.user, pk=pk)
            if now.version != d["version"]:
                # Someone saved in between: keep what the user typed, show what is saved now,
                # and let them save again on top of it once they have compared the two.
                current, status = now, 409
                form = forms.ProgressEditForm.again(request.POST, version=now.version)
    context = {
        "update": update,
        "unit": update.assignment.unit,
        "task": task,
        "plan": task.plan,
        "form": form,
        "current": current,
        "history": history_for(update)[:30],
    }
    return render(request, "plans/update_edit.html", context, status=status)


@member_required
@require_POST
def task_urge(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    assignment = selectors.assignment_get(user=request.user, task=task, pk=assignment_pk)
    form = UrgeForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    outcome = act(
        request,
        lambda: services.task_urge(user=request.user, assignment=assignment, message=message),
    )
    if outcome.ok and outcome.value is None:
        messages.info(request, _("%(unit)s was already urged today.") % {"unit": assignment.unit})
    elif outcome.ok:
        messages.success(request, urged_message(outcome.value))
    back = request.POST.get("next", "")
    if back.startswith("/plans/"):
        return redirect(back)
    return redirect("plans:task_detail", task.pk)


@member_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_assignments(user=request.user)
    return render(request, "plans/my_tasks.html", paged(request, rows))
