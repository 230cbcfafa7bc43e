"""The one way thidua writes an Excel workbook (openpyxl): sheets an officer can print
and trust.

Every export builds its workbook here (``Book`` → ``Book.sheet`` → ``Sheet.row`` /
``Sheet.totals`` → ``Book.save``), so that each sheet is:

- **safe**: a cell written from text is text, never a formula. A task titled
  ``=HYPERLINK(…)`` stays those characters (an inline string, and for text that begins
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return the "quote prefix" style, so
  that editing the cell in Excel or LibreOffice keeps it text: OWASP's CSV/formula
  injection guidance, without changing the text). Characters a sheet cannot hold are
  dropped, text past Excel's 32,767 characters cut. No export writes a formula;
- **exact**: a ``Decimal`` is written as a ``Decimal`` (an ``int`` when whole), never
  through ``float``; a float handed in (a frozen review's JSON) is read back as the
  decimal it prints as;
- **readable**: figures are numbers grouped by thousands (``#,##0``, with as many
  decimals as the value has), dates are dates shown dd/mm/yyyy, years and ordinal
  numbers plain; long text wraps in columns sized from their content, rows tall enough
  for it; names, never codes (the callers' part); a totals row where figures add up;
- **printable**: A4, landscape when the columns are wider than a portrait page, fitted
  to the page's width, the header row repeated on every printed page and frozen on
  screen just below it, pages numbered in the footer;
- named in the user's language (the callers pass translated names; ``sheet_title``
  makes them valid and unique).

The report template (``reporting/excel.py``) is read back by thidua: its layout is the
caller's, and its sheet keeps the name "Báo cáo" in every language.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from thidua.core.downloads import XLSX
from thidua.core.figures import tidy

__all__ = [
    "XLSX",
    "Book",
    "Column",
    "Sheet",
    "day",
    "figure",
    "number_format_of",
    "page_setup",
    "put",
    "sheet_title",
]

DATE_FORMAT = "dd/mm/yyyy"
WHOLE = "#,##0"
PLAIN = "0"  # a year, an ordinal number: never grouped ("2,024")
# A percentage is kept as the number people read (40 → "40%", 12.5 → "12.5%").
MAX_TEXT = 32767
# Text that a spreadsheet would read as a formula when typed (OWASP: =, +, -, @, tab, CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

Kind = Literal["text", "number", "plain", "date", "percent"]

# Times New Roman, as the bodies' documents are written (and drawn alike by LibreOffice's
# metric-compatible Liberation Serif, so that a sheet prints the same in both suites).
FONT_NAME = "Times New Roman"
BODY = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
TITLE = Font(name=FONT_NAME, size=13, bold=True)
SUBTITLE = Font(name=FONT_NAME, size=11, italic=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TOP = Alignment(vertical="top")

# Page geometry, in the pixels of a column width (Excel: 7 px a character plus 5 of
# padding) at 96 dpi: A4 less margins of 0.6 and 0.4 inch.
LEFT_MARGIN, RIGHT_MARGIN = 0.6, 0.4
PORTRAIT_PX = round((8.27 - LEFT_MARGIN - RIGHT_MARGIN) * 96)
LINE_HEIGHT = 14.0  # points, one line of 11 pt text, with room for Vietnamese marks
MIN_WIDTH, MAX_WIDTH = 5.0, 50.0


# ---------------------------------------------------------------- one cell


def _exact(value: Decimal | float) -> Decimal | int | None:
    """A figure as written to the sheet: a whole one as ``int``, else the exact decimal."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = Decimal(repr(value))
    if not value.is_finite():
        return None
    value = tidy(value)
    return int(value) if value == value.to_integral_value() else value


def number_format_of(value: Any, kind: Kind = "number") -> str:
    """The number format a value is shown with: dd/mm/yyyy for a date, plain for a year
    or an ordinal number, else grouped by thousands with the decimals the value has."""
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if kind in ("plain", "date"):
        return PLAIN
    places = -value.as_tuple().exponent if isinstance(value, Decimal) else 0
    decimals = f".{'0' * places}" if places > 0 else ""
    if kind == "percent":
        return f'0{decimals}"%"'
    return f"{WHOLE}{decimals}"


def put(cell: Cell, value: Any, kind: Kind = "text") -> Cell:
    """Write ``value`` to ``cell`` as what it is: text as text (never a formula), a
    figure as an exact number, a date as a date; ``kind`` says how a number is shown."""
    cell.font = BODY
    if value is None or value == "":
        cell.value = None
        return cell
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, dt.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, (Decimal, float)):
        value = _exact(value)
        if value is None:
            cell.value = None
            return cell
    if isinstance(value, (int, Decimal, dt.date)):
        cell.value = value
        cell.number_format = number_format_of(value, kind)
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_TEXT]
    cell.value = text
    cell.data_type = "s"  # an inline string: never read as a formula or an error code
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def figure(value: Any) -> Decimal | int | None:
    """A figure of any source (``Decimal``, ``int``, a JSON float or numeric text) as
    ``put`` writes it; ``None`` when it is none."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if isinstance(value, int):
        return value
    return _exact(value)


def day(value: Any) -> dt.date | None:
    """A date of any source (a ``date``, an ISO text of a JSON snapshot) or ``None``."""
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- a sheet's name


_NOT_IN_TITLES = re.compile(r"[\\/*?:\[\]]")


def sheet_title(name: str, taken: set[str], reserved: Iterable[str] = ()) -> str:
    """A sheet name from ``name`` (a unit's, or a translated label): without the
    characters Excel refuses, at most 31 characters, unique among ``taken`` (lower-case
    names, updated) and ``reserved``."""
    blocked = {r.lower() for r in reserved}
    base = _NOT_IN_TITLES.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", name)).strip(" '")[:31] or "?"
    title, n = base, 1
    while title.lower() in taken or title.lower() in blocked:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1].rstrip()} {n}"
    taken.add(title.lower())
    return title


# ---------------------------------------------------------------- print set-up


def page_setup(ws: Worksheet, *, header_row: int, widths: Sequence[float]) -> None:
    """A4, landscape when the visible ``widths`` (characters) do not fit a portrait page,
    one page wide, the header row repeated on each page, pages numbered."""
    pixels = sum(round(w * 7 + 5) for w in widths)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if pixels > PORTRAIT_PX else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.page_margins.left, ws.page_margins.right = LEFT_MARGIN, RIGHT_MARGIN
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "&P / &N"


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (Times
    New Roman 11 fits about 1.5 characters a width unit; 1.3 leaves room for the words
    that do not break)."""
    per_line = max(1, int(width * 1.3) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, (int, Decimal)):
        return len(f"{value:,}")
    return max((len(part) for part in str(value).split("\n")), default=0)


# ---------------------------------------------------------------- a table on a sheet


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading, how its numbers read (``kind``), a fixed
    ``width`` in characters (else sized from the content), whether the totals row adds
    it up (``total``), and whether it is kept out of sight (``hidden``: codes read back
    by an upload, never shown)."""

    label: str
    kind: Kind = "text"
    width: float | None = None
    total: bool = False
    hidden: bool = False


@dataclass
class Sheet:
    """A table on a worksheet: title lines, one header row, data rows, a totals row."""

    ws: Worksheet
    columns: list[Column]
    header_row: int
    freeze_columns: int = 0
    autofilter: bool = False
    totals_row: int = 0

    @property
    def _first_data(self) -> int:
        return self.header_row + 1

    def _write(self, values: Sequence[Any], *, bold: bool = False, indent: int = 0) -> int:
        r = self.ws.max_row + 1
        for c, (column, value) in enumerate(zip(self.columns, values, strict=False), start=1):
            cell = put(self.ws.cell(row=r, column=c), value, column.kind)
            cell.border = GRID
            cell.alignment = (
                Alignment(wrap_text=True, vertical="top", indent=indent if c == 1 else 0)
                if cell.data_type == "s"
                else TOP
            )
            if bold:
                cell.font = BOLD
        for c in range(len(values) + 1, len(self.columns) + 1):
            self.ws.cell(row=r, column=c).border = GRID
        return r

    def row(self, values: Sequence[Any], *, bold: bool = False, indent: int = 0) -> int:
        """Write one data row (values in column order); its row number."""
        return self._write(values, bold=bold, indent=indent)

    def totals(self, label: str, values: Sequence[Any] | None = None, *, at: int = 0) -> int:
        """The totals row: ``label`` in column ``at`` (0-based), then either ``values``
        as given (a synthesis's own totals, which need not be sums) or, when none, the
        sum of each column marked ``total`` over the data rows, as exact numbers."""
        if values is None:
            sums: list[Any] = [None] * len(self.columns)
            for c, column in enumerate(self.columns):
                if column.total:
                    found = [
                        self.ws.cell(row=r, column=c + 1).value
                        for r in range(self._first_data, self.ws.max_row + 1)
                    ]
                    sums[c] = sum(
                        (Decimal(v) for v in found if isinstance(v, (int, Decimal))),
                        Decimal(0),
                    )
            values = sums
        values = list(values)
        values[at] = label
        r = self._write(values, bold=True)
        self.totals_row = r
        for cell in self.ws[r]:
            cell.fill = TOTAL_FILL
        return r

    def finish(self) -> None:
        """Column widths from the content, wrapped rows tall enough, print set-up."""
        ws = self.ws
        widths = []
        for c, column in enumerate(self.columns, start=1):
            letter = get_column_letter(c)
            if column.hidden:
                ws.column_dimensions[letter].hidden = True
                continue
            width = column.width
            if width is None:
                longest = max(
                    (
                        _shown_length(ws.cell(row=r, column=c).value)
                        for r in range(self._first_data, ws.max_row + 1)
                    ),
                    default=0,
                )
                words = max((len(w) for w in column.label.split()), default=0)
                width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2, words + 2))
            ws.column_dimensions[letter].width = width
            widths.append(width)
        for r in range(self.header_row, ws.max_row + 1):
            lines = 1
            for c, column in enumerate(self.columns, start=1):
                value = ws.cell(row=r, column=c).value
                if isinstance(value, str) and not column.hidden:
                    width = ws.column_dimensions[get_column_letter(c)].width
                    lines = max(lines, _lines(value, width))
            if lines > 1:
                ws.row_dimensions[r].height = LINE_HEIGHT * lines
        self._finish_titles(sum(widths))
        if self.autofilter:
            last = get_column_letter(len(self.columns))
            end = (self.totals_row or ws.max_row + 1) - 1
            ws.auto_filter.ref = f"A{self.header_row}:{last}{max(end, self.header_row)}"
        ws.freeze_panes = ws.cell(row=self.header_row + 1, column=self.freeze_columns + 1)
        page_setup(ws, header_row=self.header_row, widths=widths)

    def _finish_titles(self, width: float) -> None:
        """Each title line spans the table's visible width, wrapped."""
        visible = [c for c, col in enumerate(self.columns, start=1) if not col.hidden]
        if not visible:
            return
        first, last = visible[0], visible[-1]
        for r in range(1, self.header_row):
            cell = self.ws.cell(row=r, column=first)
            if cell.value is None:
                continue
            if last > first:
                self.ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            size = cell.font.size or 11
            lines = _lines(str(cell.value), width * 11 / size)
            self.ws.row_dimensions[r].height = max(LINE_HEIGHT, size * 1.4) * lines


class Book:
    """A workbook of tables. ``sheet`` adds one; ``save`` finishes them all and returns
    the file's bytes."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.sheets: list[Sheet] = []
        self._taken: set[str] = set()
        self.reserved: set[str] = set()

    def sheet(
        self,
        name: str,
        *,
        columns: Sequence[Column],
        titles: Sequence[str] = (),
        gap: bool = True,
        freeze_columns: int = 0,
        autofilter: bool = False,
    ) -> Sheet:
        """A sheet named ``name`` (in the user's language), headed by ``titles`` (the
        first in bold: what the table is; then its unit, period, date…), a blank row
        when ``gap``, and the header row of ``columns``."""
        ws = self.workbook.create_sheet(sheet_title(name, self._taken, self.reserved))
        visible = next((c for c, col in enumerate(columns, start=1) if not col.hidden), 1)
        for r, text in enumerate(titles, start=1):
            cell = put(ws.cell(row=r, column=visible), text)
            cell.font = TITLE if r == 1 else SUBTITLE
        header_row = len(titles) + (1 if gap and titles else 0) + 1
        for c, column in enumerate(columns, start=1):
            cell = put(ws.cell(row=header_row, column=c), column.label)
            cell.font = BOLD
            cell.fill = HEAD_FILL
            cell.border = GRID
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet = Sheet(ws, list(columns), header_row, freeze_columns, autofilter)
        self.sheets.append(sheet)
        return sheet

    def hidden_sheet(self, name: str, rows: Iterable[Sequence[Any]]) -> Worksheet:
        """A sheet kept out of sight (what an upload is checked against), of plain cells."""
        ws = self.workbook.create_sheet(name)
        self._taken.add(name.lower())
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                put(ws.cell(row=r, column=c), value)
        ws.sheet_state = "hidden"
        return ws

    def save(self) -> bytes:
        for sheet in self.sheets:
            sheet.finish()
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()
