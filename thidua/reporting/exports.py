"""Files a page hands out: a unit's Excel template, the synthesis in Excel and Word.

Each checks its rule (``download_template``, ``export_synthesis``) and reads through the
selectors, so that a view only names the file to send.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.orgunits.models import OrgUnit
from thidua.reporting import excel, selectors, word
from thidua.reporting.models import Period
from thidua.reporting.permissions import rules

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file_stem(*parts: str) -> str:
    """A file's name from names (never codes), each part cut short enough to keep them all."""
    return " - ".join(_cut(p.strip(), 60) for p in parts if p)


def _cut(text: str, n: int) -> str:
    """``text`` at most ``n`` characters, cut between words."""
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0].rstrip(' ,;:-–“"') + "…"


def template_file(*, user: Any, period: Period, unit: OrgUnit) -> tuple[str, bytes]:
    """(file name, workbook) of ``unit``'s template, pre-filled with its current figures."""
    rules.require("download_template", user, period, unit=unit)
    current = selectors.current_submission(user=user, period=period, unit=unit)
    data = excel.template_workbook(form=period.form, period=period, unit=unit, submission=current)
    return f"{_file_stem(period.form.name, period.label, unit.name)}.xlsx", data


def units_file(*, user: Any, period: Period, unit: OrgUnit) -> tuple[str, bytes]:
    """(file name, workbook) with a sheet per unit right below ``unit`` that reports the
    form, that the user may report for and whose report is open to an upload (none yet, a
    draft or returned), each pre-filled with its current figures."""
    units = dict(selectors.units_reporting_below(user=user, period=period)).get(unit)
    if not units:
        raise Http404("No units below report on this form.")
    reports = []
    for below in units:
        rules.require("download_template", user, period, unit=below)
        current = selectors.current_submission(user=user, period=period, unit=below)
        # A report submitted or approved is not refilled by an upload: no sheet for it.
        if rules.check("upload", user, period, unit=below, current=current) is None:
            reports.append((below, current))
    if not reports:
        raise ValidationError(
            _(
                "Every unit below %(unit)s has submitted its report for this period: there "
                "is nothing left to fill in a workbook."
            )
            % {"unit": unit}
        )
    data = excel.units_workbook(form=period.form, period=period, unit=unit, reports=reports)
    name = _file_stem(period.form.name, period.label, unit.name, _("Units below"))
    return f"{name}.xlsx", data


def synthesis_file(
    *, user: Any, period: Period, unit: OrgUnit, kind: str, day: dt.date
) -> tuple[str, str, bytes]:
    """(file name, content type, file) of the synthesis of ``unit``'s subtree: ``kind``
    "xlsx" (totals and one row per child unit) or "docx" (the administrative report)."""
    rules.require("export_synthesis", user, period, unit=unit)
    table = selectors.synthesis_table(user=user, period=period, unit=unit)
    name = _file_stem(_("Synthesis"), table.form.name, table.period.label, table.unit.name)
    if kind == "xlsx":
        return f"{name}.xlsx", XLSX, excel.synthesis_workbook(table=table)
    data = word.synthesis_docx(
        table=table,
        issuer=word.synthesis_issuer(user=user, table=table),
        signer="",  # the head of the body signs (its name on the unit), not the exporter
        day=day,
    )
    return f"{name}.docx", DOCX, data
