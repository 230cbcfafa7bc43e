"""Pages of the reporting app: forms, filling, approval, completeness, synthesis, series.

Views parse input, read through ``selectors``, write through ``services`` (by
``core.web.attempt``/``act``) and hand the templates the actions the user may take
(``permissions.rules.actions``): a template shows a button only if the rule allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import member_required
from thidua.core import charts
from thidua.core.changelog import history_for
from thidua.core.converters import as_id
from thidua.core.downloads import download
from thidua.core.forms import UrgeForm
from thidua.core.notifications import urged_message
from thidua.core.pdfs import pdf_job_start
from thidua.core.web import act, attempt
from thidua.orgunits.models import OrgUnit
from thidua.reporting import excel, exports, selectors, services, tasks
from thidua.reporting.attention import form_rows
from thidua.reporting.forms import FillForm, FillUnitForm, LoadedReportForm, UploadForm
from thidua.reporting.models import Period, Submission
from thidua.reporting.permissions import rules


def _int(value: str | None) -> int | None:
    return as_id(value)


def _unit_param(request: HttpRequest) -> OrgUnit | None:
    """``unit`` of the form sent (a POST carries its own), else of the address."""
    pk = _int(request.POST.get("unit") or request.GET.get("unit"))
    return None if pk is None else selectors.unit_get(user=request.user, pk=pk)


def _download(name: str, content_type: str, data: bytes) -> HttpResponse:
    return download(data, name=name, content_type=content_type)


@member_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/home.html",
        {
            "rows": form_rows(user=request.user),
            "today": selectors.today(),
            "awaiting": selectors.awaiting_approval(user=request.user, limit=20),
        },
    )


@member_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.form_get(user=request.user, pk=pk)
    return render(
        request,
        "reporting/form_detail.html",
        {
            "form": form,
            "items": selectors.form_items(form),
            "rules": selectors.form_validation_rules(form=form),
            "periods": selectors.period_list(user=request.user, form=form),
            "receivers": selectors.form_receivers(form=form),
            "history": history_for(form)[:20],
        },
    )


def _fill_unit(
    request: HttpRequest,
    period: Period,
    *,
    fallback_only: bool = False,
    chooser: FillUnitForm | None = None,
) -> tuple[OrgUnit, list[OrgUnit]]:
    """The unit whose report the fill page (and its files) is about, and the others the
    user may choose: the page is a reporter's (``report_for_unit``), else 403.
    ``fallback_only``: ``?unit=`` names something else, take the first unit. ``chooser``:
    the unit picked on the page (the first unit if it names none, or one refused)."""
    units = selectors.reportable_units(user=request.user, period=period)
    if chooser is not None:
        unit = chooser.cleaned_data["unit"] if chooser.is_valid() else None
    else:
        unit = None if fallback_only else _unit_param(request)
    if unit is None:
        if not units:
            raise PermissionDenied(
                _("None of your units reports on this form: there is nothing for you to fill.")
            )
        unit = units[0]
    rules.require("report_for_unit", request.user, unit)
    return unit, units


def _loaded(request: HttpRequest, form: LoadedReportForm) -> Submission | None:
    """The report the page was loaded with (None: the unit had none yet)."""
    pk = form.cleaned_data.get("submission")
    return selectors.submission_get(user=request.user, pk=pk) if pk else None


def _loaded_initial(current: Submission | None) -> dict[str, object]:
    return {
        "note": current.note if current else "",
        "submission": current.pk if current else None,
        "version": current.version if current else None,
    }


def _cell(row: selectors.Row) -> str:
    return f"v:{row.item.indicator.code}:{row.key}"


@member_required
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill a unit's report on screen (save as draft or submit), or use the Excel file."""
    period = selectors.period_get(user=request.user, pk=pk)
    form = period.form
    asked = request.method == "GET" and "unit" in request.GET
    chooser = FillUnitForm(request.GET, user=request.user) if asked else None
    unit, units = _fill_unit(request, period, chooser=chooser)
    current = selectors.current_submission(user=request.user, period=period, unit=unit)
    rows = selectors.submission_rows(submission=current, form=form)
    page = FillForm(request.POST or None, initial=_loaded_initial(current))
    if request.method == "POST":
        posted = {_cell(r): request.POST.get(_cell(r), "")[:2000] for r in rows}
        for row in rows:
            row.value = posted[_cell(row)]
        if page.is_valid():
            d = page.cleaned_data
            loaded = _loaded(request, page)
            sub = attempt(
                page,
                lambda: services.submission_save(
                    user=request.user,
                    form=form,
                    period=period,
                    unit=unit,
                    values={(r.item.indicator.code, r.key): posted[_cell(r)] for r in rows},
                    note=d["note"],
                    submit=d["action"] == "submit",
                    submission=loaded,
                    expected_version=d["version"],
                ),
            )
            if sub is not None:
                messages.success(
                    request,
                    _("The report was submitted.")
                    if sub.status == Submission.Status.SUBMITTED
                    else _("The report was saved."),
                )
                return redirect("reporting:submission", sub.pk)
    return _fill_page(request, period, unit, units, current, rows, page, chooser=chooser)


def _fill_page(
    request: HttpRequest,
    period: Period,
    unit: OrgUnit,
    units: list[OrgUnit],
    current: Submission | None,
    rows: list[selectors.Row],
    page: FillForm,
    upload: UploadForm | None = None,
    units_upload: UploadForm | None = None,
    units_parent: OrgUnit | None = None,
    chooser: FillUnitForm | None = None,
) -> HttpResponse:
    """The fill page; ``upload`` (``units_upload``: of the workbook of the units below
    ``units_parent``) is a refused upload whose problems it lists; ``chooser`` the unit
    picked (shown again as picked, with what is wrong with it)."""
    for row in rows:
        row.name = _cell(row)
    actions = rules.actions(request.user, period, group="fill", unit=unit, current=current)
    if chooser is None or chooser.is_valid():
        chooser = FillUnitForm(user=request.user, initial={"unit": unit})
    return render(
        request,
        "reporting/fill.html",
        {
            "period": period,
            "form": period.form,
            "unit": unit,
            "units": units,
            "chooser": chooser,
            "current": current,
            "rows": rows,
            "page": page,
            "upload": upload,
            "units_upload": units_upload,
            "units_parent": units_parent,
            "units_below": selectors.units_reporting_below(user=request.user, period=period),
            "actions": actions,
            "offline": _offline_entry(period, unit, current, rows) if actions.fill else None,
            "max_mb": excel.max_upload_bytes() // 1048576,
        },
    )


def _offline_entry(
    period: Period, unit: OrgUnit, current: Submission | None, rows: list[selectors.Row]
) -> dict[str, Any]:
    """What the fill page's script needs to check the figures as they are typed and to
    keep the report on the device while offline, to send later through the API: the
    report it was loaded with (id, version, state), the cells' names and checks."""
    items = list({r.item.pk: r.item for r in rows}.values())
    checks = services.client_checks(
        period.form, items, selectors.form_validation_rules(form=period.form)
    )
    return {
        "period": period.pk,
        "unit": unit.code,
        "title": f"{period.form.name} — {period.label} — {unit.name}",
        "submission": current.pk if current else None,
        "version": current.version if current else None,
        "statuses": dict(Submission.Status.choices),
        "create": reverse("reporting-submission-list"),
        "cells": [{"field": _cell(r), "cell": f"{r.item.indicator.code}:{r.key}"} for r in rows],
        "labels": {
            f"{r.item.indicator.code}:{r.key}": " — ".join(
                p for p in (r.item.indicator.name, r.label) if p
            )
            for r in rows
        },
        "checks": checks,
    }


@member_required
def template_download(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    unit, _units = _fill_unit(request, period)
    outcome = act(
        request, lambda: exports.template_file(user=request.user, period=period, unit=unit)
    )
    if not outcome:  # a unit that does not report on the form: the fill page says so
        return redirect(f"{reverse('reporting:fill', args=[period.pk])}?unit={unit.pk}")
    name, data = outcome.value
    return _download(name, exports.XLSX, data)


@member_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    unit, units = _fill_unit(request, period)
    back = f"{reverse('reporting:fill', args=[period.pk])}?unit={unit.pk}"
    page = UploadForm(request.POST, request.FILES)
    if not page.is_valid():
        messages.error(request, _("Choose the filled Excel template (.xlsx) to upload."))
        return redirect(back)
    f, loaded = page.cleaned_data["file"], _loaded(request, page)
    sub = attempt(
        page,
        lambda: services.submission_upload(
            user=request.user,
            period=period,
            unit=unit,
            file=f,
            size=f.size,
            submit=page.cleaned_data["submit"],
            submission=loaded,
            expected_version=page.cleaned_data["version"],
        ),
    )
    if sub is not None:
        messages.success(request, _("The Excel file was read and the report saved."))
        return redirect("reporting:submission", sub.pk)
    # Every problem of the file at once, listed beside the upload; nothing was saved.
    current = selectors.current_submission(user=request.user, period=period, unit=unit)
    rows = selectors.submission_rows(submission=current, form=period.form)
    fill_page = FillForm(initial=_loaded_initial(current))
    return _fill_page(request, period, unit, units, current, rows, fill_page, upload=page)


def _units_parent(request: HttpRequest, period: Period) -> OrgUnit:
    """The unit whose units below share one workbook (``?unit=``): one with several units
    right below it that the user reports for, else 404."""
    unit = _unit_param(request)
    if unit is None or unit not in dict(
        selectors.units_reporting_below(user=request.user, period=period)
    ):
        raise Http404("No units below this one report on this form for you.")
    return unit


@member_required
def units_template_download(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    parent = _units_parent(request, period)
    outcome = act(
        request, lambda: exports.units_file(user=request.user, period=period, unit=parent)
    )
    if not outcome:  # nothing left to fill: the fill page says so
        return redirect("reporting:fill", period.pk)
    name, data = outcome.value
    return _download(name, exports.XLSX, data)


@member_required
@require_POST
def units_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a workbook of the reports of the units below one unit: all saved, or none
    and every problem listed by sheet on the fill page."""
    period = selectors.period_get(user=request.user, pk=pk)
    parent = _units_parent(request, period)
    unit, units = _fill_unit(request, period, fallback_only=True)
    page = UploadForm(request.POST, request.FILES)
    back = f"{reverse('reporting:fill', args=[period.pk])}"
    if not page.is_valid():
        messages.error(request, _("Choose the filled Excel template (.xlsx) to upload."))
        return redirect(back)
    f = page.cleaned_data["file"]
    if parent.children.count() > settings.THIDUA_UPLOAD_JOB_UNITS:
        # Many units: read in the background, followed on the job's page.
        job = tasks.units_upload_job_start(
            user=request.user,
            period=period,
            unit=parent,
            upload=f,
            submit=page.cleaned_data["submit"],
            back=back,
        )
        return redirect("core:job", pk=job.pk)
    saved = attempt(
        page,
        lambda: services.submissions_upload_units(
            user=request.user,
            period=period,
            unit=parent,
            file=f,
            size=f.size,
            submit=page.cleaned_data["submit"],
        ),
    )
    if saved is not None:
        messages.success(
            request,
            ngettext(
                "The workbook was read and %(n)d report of %(unit)s saved.",
                "The workbook was read and %(n)d reports of %(unit)s saved.",
                len(saved),
            )
            % {"n": len(saved), "unit": parent},
        )
        return redirect(back)
    current = selectors.current_submission(user=request.user, period=period, unit=unit)
    rows = selectors.submission_rows(submission=current, form=period.form)
    return _fill_page(
        request,
        period,
        unit,
        units,
        current,
        rows,
        FillForm(initial=_loaded_initial(current)),
        units_upload=page,
        units_parent=parent,
    )


@member_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = selectors.submission_get(user=request.user, pk=pk)
    return render(
        request,
        "reporting/submission.html",
        {
            "sub": sub,
            "rows": selectors.submission_rows(submission=sub, form=sub.form),
            "versions": selectors.submission_versions(submission=sub),
            "actions": rules.actions(request.user, sub, group="submission"),
            "history": history_for(sub)[:30],
        },
    )


def _workflow_call(
    request: HttpRequest, sub: Submission, action: str
) -> tuple[Callable[[], Submission], str]:
    """The service behind a report's button, and what to say when it is done."""
    user, version = request.user, _int(request.POST.get("version"))
    if action == "approve":
        return (
            lambda: services.submission_approve(
                user=user, submission=sub, expected_version=version
            ),
            _("Approved; the synthesis is updated."),
        )
    if action == "return":
        return (
            lambda: services.submission_return(
                user=user,
                submission=sub,
                reason=request.POST.get("reason", "")[:2000],
                expected_version=version,
            ),
            _("Returned to the unit."),
        )
    if action == "submit":
        return (
            lambda: services.submission_submit(user=user, submission=sub, expected_version=version),
            _("Submitted."),
        )
    if action == "correct":
        return (
            lambda: services.submission_correct(
                user=user, submission=sub, expected_version=version
            ),
            _("A new version was started; the approved one counts until this one is approved."),
        )
    raise Http404("No such action.")


@member_required
@require_POST
def submission_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sub = selectors.submission_get(user=request.user, pk=pk)
    call, success = _workflow_call(request, sub, action)
    outcome = act(request, call, success=success)
    if action == "correct" and outcome:
        new = outcome.value
        return redirect(f"{reverse('reporting:fill', args=[new.period_id])}?unit={new.unit_id}")
    return redirect("reporting:submission", sub.pk)


def _root(request: HttpRequest, period: Period) -> OrgUnit:
    return _unit_param(request) or selectors.default_root(user=request.user, form=period.form)


@member_required
def completeness(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    root = _root(request, period)
    comp = selectors.completeness(user=request.user, period=period, root=root)
    to_urge = selectors.units_to_urge(user=request.user, completeness=comp)
    return render(
        request,
        "reporting/completeness.html",
        {
            "period": period,
            "form": period.form,
            "root": root,
            "c": comp,
            "to_urge": to_urge,
            "actions": rules.actions(request.user, period, names=["urge"], units=to_urge),
            "today": timezone.localdate(),
        },
    )


@member_required
@require_POST
def urge(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    root = _root(request, period)
    comp = selectors.completeness(user=request.user, period=period, root=root)
    chosen = {i for x in request.POST.getlist("units") if (i := as_id(x)) is not None}
    units = selectors.units_to_urge(user=request.user, completeness=comp, chosen=chosen)
    note = UrgeForm(request.POST)
    message = note.cleaned_data["message"] if note.is_valid() else ""
    act(
        request,
        lambda: services.submissions_urge(
            user=request.user, form=period.form, period=period, units=units, message=message
        ),
        success=urged_message,
    )
    return redirect(f"{reverse('reporting:completeness', args=[period.pk])}?unit={root.pk}")


def _synthesis_place(request: HttpRequest, pk: int) -> tuple[Period, OrgUnit]:
    period = selectors.period_get(user=request.user, pk=pk)
    return period, _root(request, period)


# The by-unit table of a synthesis shows what an officer reads at once: a part of the
# indicators and a page of the child units (the whole table is in the Excel file), so that
# a province's page stays light whatever the size of the tree.
SYNTHESIS_COLUMNS = 10
SYNTHESIS_ROWS = 25


@member_required
def synthesis(request: HttpRequest, pk: int) -> HttpResponse:
    period, unit = _synthesis_place(request, pk)
    table = selectors.synthesis_table(user=request.user, period=period, unit=unit)
    n_items = len(table.items)
    col = min(_int(request.GET.get("col")) or 0, max(n_items - 1, 0))
    parts = max(1, -(-n_items // SYNTHESIS_COLUMNS))
    part = _int(request.GET.get("part"))
    part = min(col // SYNTHESIS_COLUMNS if part is None else part, parts - 1)
    first = part * SYNTHESIS_COLUMNS
    if not first <= col < first + SYNTHESIS_COLUMNS:
        col = first  # the chart shows an indicator of the part on screen
    page = Paginator(table.children, SYNTHESIS_ROWS).get_page(request.GET.get("page"))

    def link(**changes: int) -> str:
        params = {"unit": unit.pk, "part": part, "col": col, "page": page.number} | changes
        return "?" + urlencode(params)

    columns = [
        (first + n, it, link(col=first + n))
        for n, it in enumerate(table.items[first:][:SYNTHESIS_COLUMNS])
    ]
    rows = [(child, vals[first : first + SYNTHESIS_COLUMNS]) for child, vals in page.object_list]
    context = {
        "t": table,
        "period": table.period,
        "form": table.form,
        "col": col,
        "columns": columns,
        "rows": rows,
        "page_obj": page,
        "part_links": [
            (
                _("Indicators %(first)s–%(last)s")
                % {
                    "first": n * SYNTHESIS_COLUMNS + 1,
                    "last": min(n_items, (n + 1) * SYNTHESIS_COLUMNS),
                },
                link(part=n, col=n * SYNTHESIS_COLUMNS, page=1),
                n == part,
            )
            for n in range(parts)
        ]
        if parts > 1
        else [],
        "page_links": (
            link(page=page.previous_page_number()) if page.has_previous() else "",
            link(page=page.next_page_number()) if page.has_next() else "",
        ),
        "chart": charts.bar_chart(
            [(child.name, row[col]) for child, row in page.object_list],
            title=_("%(indicator)s by unit") % {"indicator": table.items[col].indicator.name},
        )
        if table.items
        else "",
    }
    if request.htmx and request.htmx.target == "by-unit":
        return render(request, "reporting/partials/synthesis_by_unit.html", context)
    context |= {
        "ancestors": selectors.visible_ancestors(user=request.user, unit=table.unit),
        "periods": selectors.period_list(user=request.user, form=table.form),
        "actions": rules.actions(request.user, period, names=["export_synthesis"], unit=table.unit),
    }
    return render(request, "reporting/synthesis.html", context)


def _synthesis_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    period, unit = _synthesis_place(request, pk)
    name, content_type, data = exports.synthesis_file(
        user=request.user, period=period, unit=unit, kind=kind, day=timezone.localdate()
    )
    return _download(name, content_type, data)


@member_required
def synthesis_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _synthesis_export(request, pk, "xlsx")


@member_required
def synthesis_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _synthesis_export(request, pk, "docx")


def synthesis_word(user: Any, params: dict[str, Any]) -> tuple[str, bytes]:
    """The Word report of a synthesis, for a PDF job: the period and the unit are read
    again, as the user, through the selectors and the rule of the Word download."""
    period = selectors.period_get(user=user, pk=params["period"])
    unit = selectors.unit_get(user=user, pk=params["unit"])
    name, _type, data = exports.synthesis_file(
        user=user, period=period, unit=unit, kind="docx", day=timezone.localdate()
    )
    return name.removesuffix(".docx"), data


@member_required
@require_POST
def synthesis_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the PDF of the Word report (made in a background job); to its page."""
    period, unit = _synthesis_place(request, pk)
    rules.require("export_synthesis", request.user, period, unit=unit)
    job = pdf_job_start(
        user=request.user,
        source="reporting.synthesis",
        params={"period": period.pk, "unit": unit.pk},
        title=f"{_('Synthesis')} — {period.form.name}, {period.label}, {unit.name}",
        back=f"{reverse('reporting:synthesis', args=[period.pk])}?unit={unit.pk}",
    )
    return redirect("core:job", pk=job.pk)


@member_required
def series(request: HttpRequest) -> HttpResponse:
    """Any indicator over the years for any subtree: a table and a line chart."""
    forms = list(selectors.form_list(user=request.user))
    form = next(
        (f for f in forms if f.pk == _int(request.GET.get("form"))), forms[0] if forms else None
    )
    if form is None:
        raise Http404("No forms.")
    indicators = [it.indicator for it in selectors.form_items(form) if it.indicator.rolls_up]
    indicator = next(
        (i for i in indicators if i.pk == _int(request.GET.get("indicator"))),
        indicators[0] if indicators else None,
    )
    if indicator is None:
        raise Http404("No indicator.")
    unit = _unit_param(request) or selectors.default_root(user=request.user, form=form)
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
            "children": selectors.child_units(unit=unit),
        },
    )
