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
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter

from thidua.core import spreadsheets as sheets
from thidua.core import uploads
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


def _period_line(period: Period) -> str:
    return _("Period: %(label)s (%(start)s–%(end)s)") % {
        "label": period.label,
        "start": format_day(period.start),
        "end": format_day(period.end),
    }


def _template_sheet(
    book: sheets.Book,
    name: str,
    *,
    form: ReportForm,
    period: Period,
    unit: OrgUnit,
    values: dict[tuple[int, str], Any],
) -> str:
    """One unit's report laid out to be filled: the value column E is the only one open.
    Column A holds the indicator codes the upload reads back: hidden, so the sheet speaks
    in names; the title and facts stand above the table. Returns the sheet's name."""
    sheet = book.sheet(
        name,
        titles=[
            form.name,
            _("Issued by: %(unit)s") % {"unit": form.owner.name},
            _period_line(period),
            _("Unit: %(unit)s") % {"unit": unit.name},
        ],
        gap=False,
        columns=[
            sheets.Column(_(HEADERS[0]), width=18, hidden=True),
            sheets.Column(_(HEADERS[1]), width=52),
            sheets.Column(_(HEADERS[2]), width=12),
            sheets.Column(_(HEADERS[3]), width=18),
            sheets.Column(_(HEADERS[4]), "number", width=14),
        ],
    )
    unlocked = Protection(locked=False)
    to_fill = PatternFill("solid", fgColor="FFF7D6")
    for it, key, label in _cells(form):
        r = sheet.row(
            [
                it.indicator.code,
                it.indicator.name,
                it.indicator.unit_of_measure,
                label,
                values.get((it.indicator_id, key)),
            ]
        )
        cell = sheet.ws.cell(row=r, column=VALUE_COL)
        cell.protection, cell.fill = unlocked, to_fill
    sheet.ws.protection.sheet = True  # only the value column is meant to be typed in
    return sheet.ws.title


def _meta_rows(form: ReportForm, period: Period) -> list[list[Any]]:
    return [["form", form.code], ["signature", signature(form)], ["period", period.pk]]


def template_workbook(
    *, form: ReportForm, period: Period, unit: OrgUnit, submission: Submission | None = None
) -> bytes:
    """The fill-in template, pre-filled with ``submission``'s values if given."""
    book = sheets.Book()
    book.reserved.add(META)
    _template_sheet(book, SHEET, form=form, period=period, unit=unit, values=_values_of(submission))
    book.hidden_sheet(META, [*_meta_rows(form, period), ["unit", unit.code]])
    return book.save()


def units_workbook(
    *, form: ReportForm, period: Period, unit: OrgUnit, reports: list[tuple[OrgUnit, Any]]
) -> bytes:
    """One workbook for the reports of the units below ``unit`` (a district's communes):
    a sheet per unit, named after it, each laid out and pre-filled like its template."""
    book = sheets.Book()
    book.reserved.add(META)
    meta_rows: list[list[Any]] = []
    for below, submission in reports:
        title = _template_sheet(
            book, below.name, form=form, period=period, unit=below, values=_values_of(submission)
        )
        meta_rows.append(["sheet", title, below.code])
    book.hidden_sheet(META, [*_meta_rows(form, period), ["units of", unit.code], *meta_rows])
    return book.save()


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
    if not other:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                other = _other_format(data[:8], z)
        except Exception:
            raise _refuse(_("This is not an Excel workbook (.xlsx) or it is damaged.")) from None
    if not other:
        try:
            return data, uploads.open_workbook(data)
        except uploads.UploadRefused as exc:
            raise _refuse(str(exc)) from None
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
    """The synthesis of a unit: its totals (each breakdown below its indicator), then, on
    a sheet of its own, one row per child unit and the unit's totals under them."""
    titles = [
        table.form.name,
        _("Unit: %(unit)s") % {"unit": table.unit.name},
        _period_line(table.period),
    ]
    book = sheets.Book()
    totals = book.sheet(
        _("Synthesis"),
        titles=titles,
        columns=[
            sheets.Column(_("Indicator"), width=50),
            sheets.Column(_("Unit of measure"), width=14),
            sheets.Column(_("Total"), "number", width=16),
            sheets.Column(_("Reports"), "number", width=10),
        ],
    )
    breakdown: dict[int, list[tuple[str, Any]]] = {}
    for it, _key, label, value in table.breakdown:
        breakdown.setdefault(it.indicator_id, []).append((label, value))
    for it, value, count in table.item_totals:
        totals.row([it.indicator.name, it.indicator.unit_of_measure, value, count])
        for label, part in breakdown.get(it.indicator_id, []):
            totals.row([label, it.indicator.unit_of_measure, part], indent=2)
    if table.children:
        by_unit = book.sheet(
            _("By unit"),
            titles=titles,
            columns=[
                sheets.Column(_("Unit"), width=32),
                *[
                    sheets.Column(
                        f"{it.indicator.name} ({it.indicator.unit_of_measure})"
                        if it.indicator.unit_of_measure
                        else it.indicator.name,
                        "number",
                        width=16,
                    )
                    for it in table.items
                ],
            ],
            freeze_columns=1,
        )
        for child, vals in table.children:
            by_unit.row([child.name, *vals])
        # The unit's own synthesis, by each indicator's aggregation (an average is not
        # the sum of the rows above it).
        by_unit.totals(
            _("Total"), [None, *[table.total.get((it.indicator_id, "")) for it in table.items]]
        )
    return book.save()


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
