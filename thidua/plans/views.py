"""Pages of the plans app: they parse input and call selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.accounts.scope import Action, reach
from thidua.core.changelog import history_for
from thidua.core.notifications import urged_message
from thidua.core.services import ConflictError, validation_message
from thidua.core.web import act
from thidua.plans import exports, forms, selectors, services
from thidua.plans import permissions as perms
from thidua.plans.models import Plan, TaskAssignment, TaskStatus


def _apply(request: HttpRequest, form: Any, action: Callable[[], Any]) -> Any:
    """Run a service; turn its refusals into form errors or messages. None on failure."""
    try:
        return action()
    except ConflictError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do that."))
    except ValidationError as exc:
        _show_errors(request, form, exc)
    return None


def _show_errors(request: HttpRequest, form: Any, exc: ValidationError) -> None:
    """A service's ValidationError as errors on the form's fields, else as a message."""
    if form is not None and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        messages.error(request, validation_message(exc))


def _paged(request: HttpRequest, qs: Any, per_page: int = 50) -> dict[str, Any]:
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page,
        "querystring_without_page": params.urlencode() + "&" if params else "",
    }


# --- plans ------------------------------------------------------------------------------


@member_required
def plan_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    plans = selectors.plan_list(user=request.user, query=query, kind=kind, year=year)
    context = _paged(request, plans)
    page_plans = list(context["page_obj"].object_list)
    context.update(
        plans=page_plans,
        counts=selectors.status_counts(user=request.user, plans=page_plans),
        query=query,
        kind=kind,
        year=year_text,
        kinds=Plan.Kind.choices,
        may_create=not reach(request.user, Action.MANAGE).nothing,
    )
    for p in page_plans:
        p.counts = context["counts"].get(p.pk, {})
    return render(request, "plans/plan_list.html", context)


@member_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if reach(request.user, Action.MANAGE).nothing:
        raise PermissionDenied
    parents = Plan.objects.restrict(request.user, Action.MANAGE).filter(
        kind__in=[Plan.Kind.PROGRAMME, Plan.Kind.COORDINATION]
    )
    form = forms.PlanForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        plan = _apply(
            request,
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
    return render(request, "plans/form.html", {"form": form, "title": _("New plan")})


def _plan_context(request: HttpRequest, plan: Plan, **bound: Any) -> dict[str, Any]:
    blocks = selectors.plan_task_blocks(user=request.user, plan=plan)
    may_manage = perms.may_manage_plan(request.user, plan)
    return {
        "plan": plan,
        "documents": selectors.plan_documents(plan=plan),
        "children": selectors.plan_children(user=request.user, plan=plan),
        "blocks": blocks,
        "counts": selectors.status_counts(user=request.user, plans=[plan]).get(plan.pk, {}),
        "may_manage": may_manage,
        "may_supervise": perms.may_supervise_plan(request.user, plan),
        "group_form": forms.TaskGroupForm() if may_manage else None,
        "document_form": (bound.get("document_form") or forms.PlanDocumentForm(user=request.user))
        if may_manage
        else None,
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
    if not perms.may_manage_plan(request.user, plan):
        raise PermissionDenied(perms.denied(_("edit this plan")))
    form = forms.PlanDocumentForm(request.POST, user=request.user)
    if form.is_valid():
        document = form.document
        link = _apply(
            request,
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
    if not perms.may_manage_plan(request.user, plan):
        raise PermissionDenied(perms.denied(_("edit this plan")))
    link = next(
        (k for k in selectors.plan_documents(plan=plan) if k.document_id == document_pk), None
    )
    if link is None:
        raise Http404("No such document on this plan.")
    if _apply(
        request,
        None,
        lambda: services.plan_unlink_document(user=request.user, plan=plan, document=link.document),
    ):
        messages.success(
            request,
            _("%(document)s is no longer linked to this plan.")
            % {"document": link.document.symbol or link.document.title},
        )
    return redirect("plans:detail", plan.pk)


@member_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not perms.may_manage_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "kind": plan.kind,
        "title": plan.title,
        "summary": plan.summary,
        "issuing_units": list(plan.issuing_units.all()),
        "monitoring_units": list(plan.monitoring_units.all()),
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "place": plan.place,
        "version": plan.version,
    }
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = ("kind", "title", "summary", "period_start", "period_end", "place")
        saved = _apply(
            request,
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
    return render(request, "plans/form.html", {"form": form, "title": _("Edit plan"), "plan": plan})


@member_required
@require_POST
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = forms.TaskGroupForm(request.POST)
    if form.is_valid() and _apply(
        request,
        None,
        lambda: services.task_group_create(user=request.user, plan=plan, **form.cleaned_data),
    ):
        messages.success(request, _("Task group added."))
    elif form.errors:
        messages.error(request, _("Give the group a title."))
    return redirect("plans:detail", plan.pk)


@member_required
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = forms.ProgressFilterForm(request.GET or None)
    filters = selectors.ProgressFilter()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ProgressFilter(
            under=d["under"], status=d["status"], due_from=d["due_from"], due_to=d["due_to"]
        )
    rows = list(selectors.plan_progress_rows(user=request.user, plan=plan, filters=filters))
    context = {
        "plan": plan,
        "form": form,
        "rows": rows[:500],
        "truncated": len(rows) > 500,
        "by_group": selectors.progress_by_group(rows),
        "by_unit": selectors.progress_by_unit(rows)[:200],
        "may_supervise": perms.may_supervise_plan(request.user, plan),
        "urge_form": forms.UrgeForm(),
    }
    return render(request, "plans/progress.html", context)


@member_required
def plan_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    data = exports.plan_tasks_xlsx(user=request.user, plan=plan)
    response = HttpResponse(data, content_type=exports.XLSX_MIME)
    name = slugify(exports.plan_symbol(plan) or plan.title)[:60] or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}-tasks.xlsx"'
    return response


@member_required
def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the report's issuer, number and signer, then download the Word file."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not perms.may_supervise_plan(request.user, plan):
        raise PermissionDenied
    issuers = (plan.issuing_units.all() | plan.monitoring_units.all()).distinct()
    form = forms.ReportOptionsForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = exports.plan_report_docx(
            user=request.user,
            plan=plan,
            options=exports.ReportOptions(
                issuer=d["issuer"],
                symbol=d["symbol"],
                place=d["place"],
                signer_title=d["signer_title"],
                signer_name=d["signer_name"],
            ),
        )
        response = HttpResponse(data, content_type=exports.DOCX_MIME)
        name = slugify(exports.plan_symbol(plan) or plan.title)[:60] or "plan"
        response["Content-Disposition"] = f'attachment; filename="{name}-report.docx"'
        return response
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": _("Follow-up report"),
            "plan": plan,
            "submit": _("Download Word file"),
        },
    )


# --- tasks ------------------------------------------------------------------------------


@member_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not perms.may_manage_plan(request.user, plan):
        raise PermissionDenied
    form = forms.TaskForm(
        request.POST or None, plan=plan, initial={"group": request.GET.get("group")}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        task = _apply(
            request,
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
                expected_outputs=d["expected_outputs"],
                content_items=d["content_items"],
                lead_units=d["lead_units"] or [],
                coordinating_units=d["coordinating_units"] or [],
            ),
        )
        if task:
            messages.success(request, _("Task created and assigned."))
            return redirect("plans:task_detail", task.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("New task"), "plan": plan})


@member_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    if not perms.may_manage_plan(request.user, task.plan):
        raise PermissionDenied
    fields = [
        "group",
        "title",
        "description",
        "start_date",
        "due_date",
        "recurrence",
        "recur_day",
        "recur_month",
        "expected_outputs",
    ]
    initial = {f: getattr(task, f) for f in fields}
    initial.update(content_items="\n".join(task.content_items or []), version=task.version)
    form = forms.TaskForm(request.POST or None, plan=task.plan, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = _apply(
            request,
            form,
            lambda: services.task_update(
                user=request.user,
                task=task,
                expected_version=d["version"],
                content_items=d["content_items"],
                **{f: d[f] for f in fields},
            ),
        )
        if saved:
            messages.success(request, _("Task saved."))
            return redirect("plans:task_detail", task.pk)
    return render(
        request, "plans/form.html", {"form": form, "title": _("Edit task"), "plan": task.plan}
    )


def _task_context(request: HttpRequest, task: Any) -> dict[str, Any]:
    row = selectors.task_row(task=task)
    reportable = [a for a in row.leads + row.coordinating if perms.may_report(request.user, a)]
    may_manage = perms.may_manage_plan(request.user, task.plan)
    ids = [a.pk for a in reportable]
    updates = selectors.task_updates(task=task)
    for u in updates:
        # The reporting unit's officers correct its updates; a coordinating unit cannot.
        u.may_edit = perms.may_report(request.user, u.assignment)
    return {
        "task": task,
        "plan": task.plan,
        "row": row,
        "updates": updates,
        "may_manage": may_manage,
        "may_supervise": perms.may_supervise_plan(request.user, task.plan),
        "progress_form": forms.ProgressForm(
            assignments=TaskAssignment.objects.filter(pk__in=ids).select_related("unit")
        )
        if reportable and not task.cancelled_at
        else None,
        "assign_form": forms.AssignForm() if may_manage and not task.cancelled_at else None,
        "bulk_form": forms.BulkAssignForm(initial={"whole_subtree": True})
        if may_manage and not task.cancelled_at
        else None,
        "urge_form": forms.UrgeForm(),
        "history": history_for(task)[:30],
    }


@member_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    return render(request, "plans/task_detail.html", _task_context(request, task))


@member_required
@require_POST
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        done = _apply(
            request,
            None,
            lambda: services.task_assign(
                user=request.user,
                task=task,
                units=form.cleaned_data["units"],
                role=form.cleaned_data["role"],
            ),
        )
        if done is not None:
            messages.success(request, _("%(n)d units assigned.") % {"n": len(done)})
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("plans:task_detail", task.pk)


@member_required
@require_POST
def task_assign_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    form = forms.BulkAssignForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = _apply(
            request,
            None,
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
            messages.success(request, _("%(n)d units assigned.") % {"n": len(done)})
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("plans:task_detail", task.pk)


@member_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    if _apply(
        request,
        None,
        lambda: services.task_cancel(
            user=request.user, task=task, reason=request.POST.get("reason", "")[:300]
        ),
    ):
        messages.success(request, _("Task cancelled."))
    return redirect("plans:task_detail", task.pk)


@member_required
@require_POST
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    context = _task_context(request, task)
    form_assignments = (
        context["progress_form"].fields["assignment"].queryset if context["progress_form"] else None
    )
    if form_assignments is None:
        raise PermissionDenied
    form = forms.ProgressForm(request.POST, request.FILES, assignments=form_assignments)
    if form.is_valid():
        d = form.cleaned_data
        update = _apply(
            request,
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
    unit = update.assignment.unit
    if not perms.may_report(request.user, update.assignment):
        raise PermissionDenied(
            _("Only the officers of %(unit)s may edit its updates.") % {"unit": unit}
        )
    form = forms.ProgressEditForm(
        request.POST or None, initial={"text": update.text, "version": update.version}
    )
    status, current = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.progress_update_edit(
                    user=request.user, update=update, expected_version=d["version"], text=d["text"]
                )
            except ConflictError as exc:
                # Keep what the user typed, show what is saved now, and let them save again
                # on top of the current version once they have compared the two.
                current, status = exc.obj, 409
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = forms.ProgressEditForm(data)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else changed this update after you opened it. Its current "
                        "text is shown below: compare it with yours, then save again."
                    ),
                )
            except ValidationError as exc:
                _show_errors(request, form, exc)
            else:
                messages.success(request, _("Update corrected."))
                return redirect("plans:task_detail", task.pk)
    context = {
        "update": update,
        "unit": unit,
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
    form = forms.UrgeForm(request.POST)
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
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = selectors.attachment_get(user=request.user, pk=pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    return FileResponse(handle, as_attachment=True, filename=att.name)


@member_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_assignments(user=request.user)
    context = _paged(request, rows)
    return render(request, "plans/my_tasks.html", context)


STATUS_CHOICES = TaskStatus.choices
