"""Excel exchange (openpyxl): the fill-in template of a form, reading it back, and the
synthesis workbook.

The template carries a hidden ``_thidua`` sheet with the form code, period, unit and a
signature of the form's cells, so an upload of another form's (or an outdated) template
is refused before any value is read. Every problem is reported with its sheet, row,
column and indicator; the caller saves nothing unless the whole file is clean.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Period, ReportForm, Submission
from thidua.reporting.values import form_items, item_keys

SHEET = "Report"
META = "_thidua"
FIRST_ROW = 6  # rows above: title, form, period, unit, header
VALUE_COL = 5  # E
# Marked for extraction; translated when the sheet is written.
HEADERS = (
    gettext_noop("code"),
    gettext_noop("indicator"),
    gettext_noop("unit of measure"),
    gettext_noop("breakdown"),
    gettext_noop("value"),
)
# An .xlsx is a zip: refuse archives that inflate past this (a "zip bomb").
MAX_INFLATED = 200 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _cells(form: ReportForm) -> list[tuple[Any, str, str]]:
    return [(it, key, label) for it in form_items(form) for key, label in item_keys(it.indicator)]


def signature(form: ReportForm) -> str:
    text = "|".join(
        f"{it.indicator.code}:{key}:{it.indicator.value_type}" for it, key, _ in _cells(form)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def template_workbook(
    *, form: ReportForm, period: Period, unit: OrgUnit, submission: Submission | None = None
) -> bytes:
    """The fill-in template, pre-filled with ``submission``'s values if given."""
    values: dict[tuple[int, str], Any] = {}
    if submission is not None:
        for v in submission.values.all():
            values[(v.indicator_id, v.key)] = v.text if v.text else v.number
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = form.name
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"], ws["B2"] = _("Form"), form.code
    ws["A3"], ws["B3"] = (
        _("Period"),
        f"{period.label} ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y})",
    )
    ws["A4"], ws["B4"] = _("Unit"), f"{unit.code} — {unit.name}"
    for col, h in enumerate(HEADERS, start=1):
        c = ws.cell(row=FIRST_ROW - 1, column=col, value=_(h))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE6F0")
    unlocked = Protection(locked=False)
    for n, (it, key, label) in enumerate(_cells(form)):
        r = FIRST_ROW + n
        ws.cell(row=r, column=1, value=it.indicator.code)
        ws.cell(row=r, column=2, value=it.indicator.name)
        ws.cell(row=r, column=3, value=it.indicator.unit_of_measure)
        ws.cell(row=r, column=4, value=label)
        cell = ws.cell(row=r, column=VALUE_COL, value=values.get((it.indicator_id, key)))
        cell.protection = unlocked
        cell.fill = PatternFill("solid", fgColor="FFF7D6")
    ws.protection.sheet = True  # only the value column is meant to be typed in
    for col, width in zip(range(1, 6), (18, 60, 14, 22, 16), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.cell(row=1, column=2).alignment = Alignment(wrap_text=False)
    meta = wb.create_sheet(META)
    meta.append(["form", form.code])
    meta.append(["signature", signature(form)])
    meta.append(["period", period.pk])
    meta.append(["unit", unit.code])
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="bad_file")


def read_template(
    *, form: ReportForm, period: Period, unit: OrgUnit, file: IO[bytes], size: int | None = None
) -> tuple[dict[tuple[str, str], Any], dict[tuple[str, str], str]]:
    """(raw values by (indicator code, key), location text by cell) from an upload.

    Raises ValidationError listing every problem: wrong or damaged file, another form's
    template, rows added or removed, a value in a column that is not the value column.
    """
    limit = max_upload_bytes()
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    if size > limit:
        raise _refuse(
            _("The file is %(mb).1f MB; the limit is %(lim)d MB.")
            % {"mb": size / 1048576, "lim": limit // 1048576}
        )
    try:
        with zipfile.ZipFile(file) as z:
            inflated = sum(i.file_size for i in z.infolist())
        if inflated > MAX_INFLATED:
            raise _refuse(_("The file unpacks to more than %(n)d MB.") % {"n": MAX_INFLATED >> 20})
        file.seek(0)
        wb = load_workbook(file, read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:
        raise _refuse(_("This is not an Excel workbook (.xlsx) or it is damaged.")) from None
    try:
        if META not in wb.sheetnames or SHEET not in wb.sheetnames:
            raise _refuse(_("This is not a thidua report template: download the form's template."))
        meta = {str(r[0]): r[1] for r in wb[META].iter_rows(values_only=True) if r and r[0]}
        if meta.get("form") != form.code:
            raise _refuse(
                _("This template is for form “%(got)s”, not “%(want)s”.")
                % {"got": meta.get("form"), "want": form.code}
            )
        if meta.get("signature") != signature(form):
            raise _refuse(
                _("The form has changed since this template was made: download it again.")
            )
        if str(meta.get("period")) != str(period.pk) or meta.get("unit") != unit.code:
            raise _refuse(_("This template is for another period or unit."))
        cells = _cells(form)
        expected_rows = {FIRST_ROW + n: (it, key) for n, (it, key, _lbl) in enumerate(cells)}
        raw: dict[tuple[str, str], Any] = {}
        where: dict[tuple[str, str], str] = {}
        errors: list[str] = []
        ws = wb[SHEET]
        for r_idx, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), FIRST_ROW):
            if r_idx > FIRST_ROW + len(cells) + 1000 and not errors:
                break
            values = list(row)
            filled = [v for v in values if v not in (None, "")]
            target = expected_rows.get(r_idx)
            if target is None:
                if filled:
                    errors.append(
                        _("Sheet %(s)s, row %(r)d: an extra row that is not in the form")
                        % {"s": SHEET, "r": r_idx}
                    )
                    if len(errors) > 50:
                        break
                continue
            it, key = target
            code = values[0] if values else None
            if str(code or "").strip() != it.indicator.code:
                errors.append(
                    _("Sheet %(s)s, row %(r)d, column A: expected indicator %(c)s, found “%(f)s”")
                    % {"s": SHEET, "r": r_idx, "c": it.indicator.code, "f": code or ""}
                )
                continue
            for extra_col, v in enumerate(values[VALUE_COL:], start=VALUE_COL + 1):
                if v not in (None, ""):
                    errors.append(
                        _(
                            "Sheet %(s)s, row %(r)d, column %(col)s (%(c)s): "
                            "a value outside column E"
                        )
                        % {
                            "s": SHEET,
                            "r": r_idx,
                            "col": get_column_letter(extra_col),
                            "c": it.indicator.code,
                        }
                    )
            value = values[VALUE_COL - 1] if len(values) >= VALUE_COL else None
            raw[(it.indicator.code, key)] = value
            where[(it.indicator.code, key)] = _("Sheet %(s)s, row %(r)d, column E") % {
                "s": SHEET,
                "r": r_idx,
            }
        if errors:
            raise ValidationError(errors)
        return raw, where
    finally:
        wb.close()


def synthesis_workbook(*, table: Any) -> bytes:
    """The synthesis of a unit: totals, then one row per child unit."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Synthesis")[:31]
    ws.append([table.form.name])
    ws.append([_("Unit"), table.unit.name, _("Period"), table.period.label])
    ws.append([])
    ws.append([_("Code"), _("Indicator"), _("Unit of measure"), _("Total"), _("Reports")])
    for it in table.items:
        total = table.total.get((it.indicator_id, ""))
        ws.append(
            [
                it.indicator.code,
                it.indicator.name,
                it.indicator.unit_of_measure,
                float(total) if total is not None else None,
                table.counts.get(it.indicator_id, 0),
            ]
        )
    ws.append([])
    ws.append([_("Unit"), *[it.indicator.code for it in table.items]])
    for child, vals in table.children:
        ws.append([child.name, *[float(v) if v is not None else None for v in vals]])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 50
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
