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
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from thidua.core.figures import format_day
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Period, ReportForm, Submission
from thidua.reporting.values import CellError, form_items, item_keys

# The template's sheet is named in Vietnamese, whatever the page's language: the officers'
# messages name it ("Trang tính Báo cáo, dòng 7, cột E"). Templates downloaded before the
# rename, whose sheet is "Report", are still read.
SHEET = "Báo cáo"
OLD_SHEETS = ("Report",)
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


def _values_of(submission: Submission | None) -> dict[tuple[int, str], Any]:
    if submission is None:
        return {}
    return {
        (v.indicator_id, v.key): v.text if v.text else v.number for v in submission.values.all()
    }


def _write_sheet(
    ws: Any, *, form: ReportForm, period: Period, unit: OrgUnit, values: dict[tuple[int, str], Any]
) -> None:
    """One unit's report laid out to be filled: the value column E is the only one open."""
    # Column A holds the indicator codes the upload reads back: hidden, so the sheet
    # speaks in names; the title and facts stand in column B.
    ws["B1"] = form.name
    ws["B1"].font = Font(bold=True, size=13)
    ws["B2"] = _("Issued by: %(unit)s") % {"unit": form.owner.name}
    ws["B3"] = _("Period: %(label)s (%(start)s–%(end)s)") % {
        "label": period.label,
        "start": format_day(period.start),
        "end": format_day(period.end),
    }
    ws["B4"] = _("Unit: %(unit)s") % {"unit": unit.name}
    for col, h in enumerate(HEADERS, start=1):
        c = ws.cell(row=FIRST_ROW - 1, column=col, value=_(h))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE6F0")
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, (it, key, label) in enumerate(_cells(form)):
        r = FIRST_ROW + n
        ws.cell(row=r, column=1, value=it.indicator.code)
        ws.cell(row=r, column=2, value=it.indicator.name).alignment = wrap
        ws.cell(row=r, column=3, value=it.indicator.unit_of_measure)
        ws.cell(row=r, column=4, value=label)
        cell = ws.cell(row=r, column=VALUE_COL, value=values.get((it.indicator_id, key)))
        cell.protection = unlocked
        cell.fill = PatternFill("solid", fgColor="FFF7D6")
    ws.protection.sheet = True  # only the value column is meant to be typed in
    for col, width in zip(range(1, 6), (18, 60, 14, 22, 16), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_workbook(
    *, form: ReportForm, period: Period, unit: OrgUnit, submission: Submission | None = None
) -> bytes:
    """The fill-in template, pre-filled with ``submission``'s values if given."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _write_sheet(ws, form=form, period=period, unit=unit, values=_values_of(submission))
    meta = wb.create_sheet(META)
    meta.append(["form", form.code])
    meta.append(["signature", signature(form)])
    meta.append(["period", period.pk])
    meta.append(["unit", unit.code])
    meta.sheet_state = "hidden"
    return _save(wb)


_NOT_IN_TITLES = re.compile(r"[\\/*?:\[\]]")


def _sheet_title(name: str, taken: set[str]) -> str:
    """A sheet title from a unit's name: without the characters Excel refuses, at most 31
    characters, unique in the workbook."""
    base = _NOT_IN_TITLES.sub(" ", name).strip()[:31] or "?"
    title, n = base, 1
    while title.lower() in taken or title in (META,):
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(title.lower())
    return title


def units_workbook(
    *, form: ReportForm, period: Period, unit: OrgUnit, reports: list[tuple[OrgUnit, Any]]
) -> bytes:
    """One workbook for the reports of the units below ``unit`` (a district's communes):
    a sheet per unit, named after it, each laid out and pre-filled like its template."""
    wb = Workbook()
    wb.remove(wb.active)
    meta_rows: list[list[Any]] = []
    taken: set[str] = set()
    for below, submission in reports:
        title = _sheet_title(below.name, taken)
        ws = wb.create_sheet(title)
        _write_sheet(ws, form=form, period=period, unit=below, values=_values_of(submission))
        meta_rows.append(["sheet", title, below.code])
    meta = wb.create_sheet(META)
    meta.append(["form", form.code])
    meta.append(["signature", signature(form)])
    meta.append(["period", period.pk])
    meta.append(["units of", unit.code])
    for row in meta_rows:
        meta.append(row)
    meta.sheet_state = "hidden"
    return _save(wb)


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="bad_file")


@dataclass
class Reading:
    """What an upload held: raw values by (indicator code, key), the cell each came from
    (“Sheet Báo cáo, row 7, column E”), and the problems of the file itself (rows out of
    place, values outside the value column, formulas without their computed value), each
    with its sheet, row, column and indicator. The values are not checked yet."""

    raw: dict[tuple[str, str], Any] = field(default_factory=dict)
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[str | CellError] = field(default_factory=list)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container


def _other_format(head: bytes, z: zipfile.ZipFile | None) -> str:
    """ ".xls" or ".ods" when the file is a spreadsheet of another format, else ""."""
    if head.startswith(OLE2):
        return ".xls"
    if (
        z is not None
        and "mimetype" in z.namelist()
        and z.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    ):
        return ".ods"
    return ""


def _open(file: IO[bytes], size: int | None) -> tuple[bytes, Any]:
    """The upload's bytes and its workbook (values as last computed), or a refusal."""
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
    data = file.read()
    other = _other_format(data[:8], None)
    try:
        if not other:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                other = _other_format(data[:8], z)
                inflated = sum(i.file_size for i in z.infolist())
            if not other and inflated > MAX_INFLATED:
                raise _refuse(
                    _("The file unpacks to more than %(n)d MB.") % {"n": MAX_INFLATED >> 20}
                )
        if not other:
            return data, load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:
        raise _refuse(_("This is not an Excel workbook (.xlsx) or it is damaged.")) from None
    raise _refuse(
        _(
            "This file is in the %(kind)s format: open it in Excel or LibreOffice, save it "
            "as an Excel workbook (.xlsx) and upload that file."
        )
        % {"kind": other}
    )


def _form_name(code: Any) -> str:
    form = ReportForm.objects.filter(code=str(code or "")).only("name").first()
    return form.name if form is not None else str(code or "")


def _meta(wb: Any, *, form: ReportForm, period: Period) -> list[tuple[Any, ...]]:
    """The rows of the hidden sheet, once it is sure to be this form's and period's."""
    if META not in wb.sheetnames:
        raise _refuse(_("This is not a thidua report template: download the form's template."))
    rows = [tuple(r) for r in wb[META].iter_rows(values_only=True) if r and r[0]]
    meta = {str(r[0]): r[1] for r in rows}
    if meta.get("form") != form.code:
        raise _refuse(
            _("This template is for form “%(got)s”, not “%(want)s”.")
            % {"got": _form_name(meta.get("form")), "want": form.name}
        )
    if meta.get("signature") != signature(form):
        raise _refuse(_("The form has changed since this template was made: download it again."))
    if str(meta.get("period")) != str(period.pk):
        raise _refuse(_("This template is for another period or unit."))
    return rows


def _check_meta(wb: Any, *, form: ReportForm, period: Period, unit: OrgUnit) -> None:
    meta = {str(r[0]): r[1] for r in _meta(wb, form=form, period=period)}
    if _sheet_name(wb) is None or meta.get("unit") != unit.code:
        raise _refuse(_("This template is for another period or unit."))


def _sheet_name(wb: Any) -> str | None:
    """The template's own sheet: today's name, or the one it had before."""
    return next((n for n in (SHEET, *OLD_SHEETS) if n in wb.sheetnames), None)


def _place(sheet: str, row: int, col: int) -> str:
    return _("Sheet %(s)s, row %(r)d, column %(col)s") % {
        "s": sheet,
        "r": row,
        "col": get_column_letter(col),
    }


def _formulas(data: bytes, sheet: str, rows: set[int]) -> dict[int, str]:
    """The formulas of the value column on ``rows`` (a second read, values not computed)."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found = {}
        for r_idx, row in enumerate(
            wb[sheet].iter_rows(min_row=min(rows), max_row=max(rows), values_only=True),
            min(rows),
        ):
            v = row[VALUE_COL - 1] if len(row) >= VALUE_COL else None
            if r_idx in rows and isinstance(v, str) and v.startswith("="):
                found[r_idx] = v
        return found
    finally:
        wb.close()


def read_sheet(ws: Any, *, sheet: str, form: ReportForm, data: bytes) -> Reading:
    """The values of one sheet laid out as the form's template (rows from ``FIRST_ROW``,
    the hidden code in column A, the value in column E), with every problem found."""
    cells = _cells(form)
    expected = {FIRST_ROW + n: (it, key, label) for n, (it, key, label) in enumerate(cells)}
    reading = Reading()
    problems = reading.problems
    blank: set[int] = set()
    for r_idx, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), FIRST_ROW):
        if r_idx > FIRST_ROW + len(cells) + 1000 or len(problems) > 200:
            break
        values = list(row)
        target = expected.get(r_idx)
        if target is None:
            if any(v not in (None, "") for v in values):
                problems.append(
                    _("Sheet %(s)s, row %(r)d: an extra row that is not in the form")
                    % {"s": sheet, "r": r_idx}
                )
            continue
        it, key, label = target
        code = values[0] if values else None
        if str(code or "").strip() != it.indicator.code:
            problems.append(
                _(
                    "Sheet %(s)s, row %(r)d: this should be the row of “%(name)s”; the rows "
                    "of the template were moved or changed: download it again."
                )
                % {"s": sheet, "r": r_idx, "name": it.indicator.name}
            )
            continue
        for extra_col, v in enumerate(values[VALUE_COL:], start=VALUE_COL + 1):
            if v not in (None, ""):
                problems.append(
                    CellError(
                        it.indicator.code,
                        key,
                        _("a value outside the value column (E)"),
                        _place(sheet, r_idx, extra_col),
                        it.indicator.name,
                        label,
                    )
                )
        value = values[VALUE_COL - 1] if len(values) >= VALUE_COL else None
        if value is None:
            blank.add(r_idx)
        reading.raw[(it.indicator.code, key)] = value
        reading.where[(it.indicator.code, key)] = _place(sheet, r_idx, VALUE_COL)
    if blank:
        for r_idx in sorted(_formulas(data, ws.title, blank)):
            it, key, label = expected[r_idx]
            problems.append(
                CellError(
                    it.indicator.code,
                    key,
                    _(
                        "the cell holds a formula without a computed value: open the file "
                        "in Excel or LibreOffice, save it, and upload again"
                    ),
                    _place(sheet, r_idx, VALUE_COL),
                    it.indicator.name,
                    label,
                )
            )
            del reading.raw[(it.indicator.code, key)]
    return reading


def read_upload(
    *, form: ReportForm, period: Period, unit: OrgUnit, file: IO[bytes], size: int | None = None
) -> Reading:
    """Read a filled template. Refuses at once (ValidationError) a file that cannot be
    read as this form's template: too large, damaged, of another format (.xls, .ods:
    save it as .xlsx), another form's, period's or unit's, or an outdated one."""
    data, wb = _open(file, size)
    try:
        _check_meta(wb, form=form, period=period, unit=unit)
        name = _sheet_name(wb)
        return read_sheet(wb[name], sheet=name, form=form, data=data)
    finally:
        wb.close()


def read_template(
    *, form: ReportForm, period: Period, unit: OrgUnit, file: IO[bytes], size: int | None = None
) -> tuple[dict[tuple[str, str], Any], dict[tuple[str, str], str]]:
    """(raw values, cell of each) from an upload; ValidationError listing every problem
    of the file (``read_upload``; the values themselves are the service's to check)."""
    reading = read_upload(form=form, period=period, unit=unit, file=file, size=size)
    if reading.problems:
        raise ValidationError([str(p) for p in reading.problems])
    return reading.raw, reading.where


def synthesis_workbook(*, table: Any) -> bytes:
    """The synthesis of a unit: totals, then one row per child unit."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Synthesis")[:31]
    ws.append([table.form.name])
    ws.append([_("Unit"), table.unit.name, pgettext("report period", "Period"), table.period.label])
    ws.append([])
    head = Font(bold=True)
    ws.append([_("Indicator"), _("Unit of measure"), _("Total"), _("Reports")])
    for c in ws[ws.max_row]:
        c.font = head
    wrap = Alignment(wrap_text=True, vertical="top")
    for it in table.items:
        total = table.total.get((it.indicator_id, ""))
        ws.append(
            [
                it.indicator.name,
                it.indicator.unit_of_measure,
                float(total) if total is not None else None,
                table.counts.get(it.indicator_id, 0),
            ]
        )
        ws.cell(row=ws.max_row, column=1).alignment = wrap
    ws.append([])
    # By unit: one column per indicator, headed by its name, wrapped (full name kept).
    ws.append([_("Unit"), *[it.indicator.name for it in table.items]])
    for c in ws[ws.max_row]:
        c.font, c.alignment = head, wrap
    # Spreadsheets do not grow a row for wrapped text on opening: give it the lines it needs.
    lines = max([math.ceil(len(it.indicator.name) / 15) for it in table.items] or [1])
    ws.row_dimensions[ws.max_row].height = 15 * lines
    for child, vals in table.children:
        ws.append([child.name, *[float(v) if v is not None else None for v in vals]])
    ws.column_dimensions["A"].width = 50
    for col in range(2, 2 + len(table.items)):
        ws.column_dimensions[get_column_letter(col)].width = 18
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_units_upload(
    *, form: ReportForm, period: Period, unit: OrgUnit, file: IO[bytes], size: int | None = None
) -> list[tuple[str, str, Reading]]:
    """(sheet, unit code, what the sheet held) for each sheet of a workbook made by
    ``units_workbook`` for ``unit``; refused whole like ``read_upload``, and when it is
    another unit's workbook or a sheet is missing."""
    data, wb = _open(file, size)
    try:
        rows = _meta(wb, form=form, period=period)
        if {str(r[0]): r[1] for r in rows}.get("units of") != unit.code:
            raise _refuse(_("This template is for another period or unit."))
        sheets = [(str(r[1]), str(r[2])) for r in rows if r[0] == "sheet" and len(r) > 2]
        missing = [title for title, _code in sheets if title not in wb.sheetnames]
        if missing:
            raise _refuse(
                _("The workbook has lost the sheets %(sheets)s: download it again.")
                % {"sheets": ", ".join(missing)}
            )
        return [
            (title, code, read_sheet(wb[title], sheet=title, form=form, data=data))
            for title, code in sheets
        ]
    finally:
        wb.close()
