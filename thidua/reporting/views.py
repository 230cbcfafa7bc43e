"""Pages of the reporting app: forms, filling, approval, completeness, synthesis, series."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.scope import Action, has_any_role, reach, visible_units
from thidua.core import charts
from thidua.core.changelog import history_for
from thidua.core.notifications import urged_message
from thidua.core.services import ConflictError, validation_message
from thidua.core.web import act
from thidua.orgunits.models import OrgUnit
from thidua.reporting import excel, selectors, services, word
from thidua.reporting.models import Indicator, Period, ReportForm, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_role(request: HttpRequest) -> None:
    if not has_any_role(request.user):
        raise PermissionDenied(_("You hold no role at any unit."))


def _error_list(exc: ValidationError) -> list[str]:
    return list(exc.messages) if not hasattr(exc, "error_dict") else [validation_message(exc)]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _unit_param(request: HttpRequest, default: OrgUnit | None = None) -> OrgUnit | None:
    pk = _int(request.GET.get("unit") or request.POST.get("unit"))
    if pk is None:
        return default
    unit = visible_units(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def _default_root(user: Any, form: ReportForm) -> OrgUnit:
    """Where a page opens: the whole regime for a receiver, else the user's top unit."""
    if selectors.is_receiver(user, form):
        return form.assigned_subtrees.order_by("depth").first() or form.owner
    paths = reach(user, Action.VIEW).paths
    unit = OrgUnit.objects.filter(path__in=paths).order_by("depth").first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    forms = list(selectors.form_list(user=request.user).filter(is_active=True))
    latest = {p.form_id: p for p in Period.objects.filter(form__in=forms).order_by("end")}
    return render(
        request,
        "reporting/home.html",
        {
            "forms": [(f, latest.get(f.pk)) for f in forms],
            "awaiting": selectors.awaiting_approval(user=request.user, limit=20),
        },
    )


@login_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.form_get(user=request.user, pk=pk)
    return render(
        request,
        "reporting/form_detail.html",
        {
            "form": form,
            "items": services.form_items(form),
            "rules": form.rules.select_related("left", "right"),
            "periods": selectors.period_list(user=request.user, form=form),
            "receivers": form.receiving_units.all(),
            "history": history_for(form)[:20],
        },
    )


def _reportable_units(user: Any, period: Period) -> list[OrgUnit]:
    r = reach(user, Action.REPORT)
    if r.nothing:
        return []
    qs = selectors.expected_units(form=period.form, period=period).filter(r.unit_q())
    return list(qs.order_by("path")[:200])


def _fill_unit(request: HttpRequest, period: Period) -> tuple[OrgUnit, list[OrgUnit]]:
    units = _reportable_units(request.user, period)
    unit = _unit_param(request)
    if unit is None:
        if not units:
            raise PermissionDenied(_("None of your units reports on this form."))
        unit = units[0]
    elif unit not in units:
        raise PermissionDenied(_("You may not report for this unit."))
    return unit, units


@login_required
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill a unit's report on screen (save as draft or submit), or use the Excel file."""
    period = selectors.period_get(user=request.user, pk=pk)
    form = period.form
    unit, units = _fill_unit(request, period)
    current = Submission.objects.filter(
        form=form, period=period, unit=unit, is_current=True
    ).first()
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        raw: dict[tuple[str, str], Any] = {}
        for row in selectors.submission_rows(submission=None, form=form):
            name = f"v:{row.item.indicator.code}:{row.key}"
            posted[name] = request.POST.get(name, "")[:2000]
            raw[(row.item.indicator.code, row.key)] = posted[name]
        try:
            sub = services.submission_save(
                user=request.user,
                form=form,
                period=period,
                unit=unit,
                values=raw,
                note=request.POST.get("note", "")[:5000],
                submit=request.POST.get("action") == "submit",
                expected_version=_int(request.POST.get("version")),
            )
        except ValidationError as exc:
            errors = _error_list(exc)
        except ConflictError as exc:
            errors = [str(exc)]
        else:
            messages.success(
                request,
                _("The report was saved.")
                if sub.status == "draft"
                else _("The report was submitted."),
            )
            return redirect("reporting:submission", sub.pk)
    rows = selectors.submission_rows(submission=current, form=form)
    for row in rows:
        row.name = f"v:{row.item.indicator.code}:{row.key}"
        if posted:
            row.value = posted.get(row.name, "")
    editable = current is None or current.status in {"draft", "returned"}
    return render(
        request,
        "reporting/fill.html",
        {
            "period": period,
            "form": form,
            "unit": unit,
            "units": units,
            "current": current,
            "rows": rows,
            "errors": errors,
            "editable": editable,
            "max_mb": excel.max_upload_bytes() // 1048576,
        },
    )


@login_required
def template_download(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    unit, _units = _fill_unit(request, period)
    current = Submission.objects.filter(
        form=period.form, period=period, unit=unit, is_current=True
    ).first()
    data = excel.template_workbook(form=period.form, period=period, unit=unit, submission=current)
    response = HttpResponse(data, content_type=XLSX)
    name = f"{period.form.code}-{period.year}-{period.number}-{unit.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    unit, _units = _fill_unit(request, period)
    f = request.FILES.get("file")
    url = f"{request.path.rsplit('/upload', 1)[0]}/fill/?unit={unit.pk}"
    if f is None:
        messages.error(request, _("Choose the Excel file to upload."))
        return redirect(url)
    try:
        raw, where = excel.read_template(
            form=period.form, period=period, unit=unit, file=f, size=f.size
        )
        sub = services.submission_save(
            user=request.user,
            form=period.form,
            period=period,
            unit=unit,
            values=raw,
            where=where,
            source=Submission.Source.EXCEL,
            submit=request.POST.get("submit") == "1",
        )
    except ValidationError as exc:
        for m in _error_list(exc)[:30]:
            messages.error(request, m)
        return redirect(url)
    messages.success(request, _("The Excel file was read and the report saved."))
    return redirect("reporting:submission", sub.pk)


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = selectors.submission_get(user=request.user, pk=pk)
    may_supervise = services.may_supervise(request.user, sub.form, sub.unit)
    return render(
        request,
        "reporting/submission.html",
        {
            "sub": sub,
            "rows": selectors.submission_rows(submission=sub, form=sub.form),
            "versions": selectors.submission_versions(submission=sub),
            "may_supervise": may_supervise,
            "may_report": reach(request.user, Action.REPORT).covers(sub.unit),
            "history": history_for(sub)[:30],
        },
    )


@login_required
@require_POST
def submission_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sub = selectors.submission_get(user=request.user, pk=pk)
    version = _int(request.POST.get("version"))
    try:
        if action == "approve":
            sub = services.submission_approve(
                user=request.user, submission=sub, expected_version=version
            )
            messages.success(request, _("Approved; the synthesis is updated."))
        elif action == "return":
            sub = services.submission_return(
                user=request.user,
                submission=sub,
                reason=request.POST.get("reason", "")[:2000],
                expected_version=version,
            )
            messages.success(request, _("Returned to the unit."))
        elif action == "submit":
            sub = services.submission_submit(
                user=request.user, submission=sub, expected_version=version
            )
            messages.success(request, _("Submitted."))
        elif action == "correct":
            sub = services.submission_correct(user=request.user, submission=sub)
            messages.success(
                request,
                _("A new version was started; the approved one counts until this one is approved."),
            )
            return redirect(f"/reporting/periods/{sub.period_id}/fill/?unit={sub.unit_id}")
        else:
            raise Http404("No such action.")
    except ValidationError as exc:
        for m in _error_list(exc):
            messages.error(request, m)
    except ConflictError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:submission", sub.pk)


@login_required
def completeness(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    root = _unit_param(request) or _default_root(request.user, period.form)
    comp = selectors.completeness(user=request.user, period=period, root=root)
    may_urge = any(
        services.may_supervise(request.user, period.form, u) for u in comp.missing_units[:1]
    )
    return render(
        request,
        "reporting/completeness.html",
        {
            "period": period,
            "form": period.form,
            "root": root,
            "c": comp,
            "may_urge": may_urge,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def urge(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    root = _unit_param(request) or _default_root(request.user, period.form)
    comp = selectors.completeness(user=request.user, period=period, root=root)
    chosen = {int(x) for x in request.POST.getlist("units") if x.isdigit()}
    units = [u for u in comp.missing_units if not chosen or u.pk in chosen]
    if not units:
        messages.info(request, _("No unit is missing its report: nobody to urge."))
    else:
        act(
            request,
            lambda: services.submissions_urge(
                user=request.user, form=period.form, period=period, units=units
            ),
            success=urged_message,
        )
    return redirect(f"/reporting/periods/{period.pk}/completeness/?unit={root.pk}")


def _synthesis(request: HttpRequest, pk: int) -> selectors.SynthesisTable:
    period = selectors.period_get(user=request.user, pk=pk)
    unit = _unit_param(request) or _default_root(request.user, period.form)
    return selectors.synthesis_table(user=request.user, period=period, unit=unit)


@login_required
def synthesis(request: HttpRequest, pk: int) -> HttpResponse:
    table = _synthesis(request, pk)
    col = _int(request.GET.get("col")) or 0
    col = min(col, max(len(table.items) - 1, 0))
    ancestors = OrgUnit.objects.ancestors_of(table.unit).filter(
        pk__in=visible_units(request.user).values("pk")
    )
    return render(
        request,
        "reporting/synthesis.html",
        {
            "t": table,
            "period": table.period,
            "form": table.form,
            "ancestors": ancestors,
            "col": col,
            "chart": charts.bar_chart(
                [(child.name, row[col]) for child, row in table.children],
                title=_("%(indicator)s by unit") % {"indicator": table.items[col].indicator.name},
            )
            if table.items
            else "",
            "periods": selectors.period_list(user=request.user, form=table.form),
        },
    )


def _export_name(table: selectors.SynthesisTable) -> str:
    return f"synthesis-{table.form.code}-{table.period.year}-{table.unit.code}"


@login_required
def synthesis_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    table = _synthesis(request, pk)
    response = HttpResponse(excel.synthesis_workbook(table=table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(table)}.xlsx"'
    return response


@login_required
def synthesis_docx(request: HttpRequest, pk: int) -> HttpResponse:
    table = _synthesis(request, pk)
    data = word.synthesis_docx(
        table=table,
        issuer=table.unit.name,
        issuer_code=table.unit.code,
        place=table.unit.short_name or table.unit.name,
        signer=str(request.user),
        day=timezone.localdate(),
    )
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(table)}.docx"'
    return response


@login_required
def series(request: HttpRequest) -> HttpResponse:
    """Any indicator over the years for any subtree: a table and a line chart."""
    _require_role(request)
    forms = list(selectors.form_list(user=request.user))
    form = next(
        (f for f in forms if f.pk == _int(request.GET.get("form"))), forms[0] if forms else None
    )
    if form is None:
        raise Http404("No forms.")
    indicators = [it.indicator for it in services.form_items(form) if it.indicator.rolls_up]
    indicator = next(
        (i for i in indicators if i.pk == _int(request.GET.get("indicator"))),
        indicators[0] if indicators else None,
    )
    if indicator is None:
        raise Http404("No indicator.")
    unit = _unit_param(request) or _default_root(request.user, form)
    points = selectors.time_series(user=request.user, form=form, indicator=indicator, unit=unit)
    return render(
        request,
        "reporting/series.html",
        {
            "forms": forms,
            "form": form,
            "indicators": indicators,
            "indicator": indicator,
            "unit": unit,
            "points": points,
            "svg": charts.line_chart(points, title=indicator.name),
            "children": OrgUnit.objects.filter(parent=unit).order_by("name")[:100],
        },
    )


def get_indicator(pk: int) -> Indicator:
    return get_object_or_404(Indicator, pk=pk)
