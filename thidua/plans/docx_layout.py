"""Word documents in the Vietnamese administrative layout (Decree 30/2020/NĐ-CP, docs/RULES.md §1).

Reusable by any app that prints a report or decision: the page set-up, the header block
(issuing body and number-and-symbol on the left; national title and motto, then place
and date on the right), the type-and-summary title, and the recipients-and-signer block
at the end. Lives in the plans app for now; it has no dependency on plans and can move
to ``thidua/utils`` unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Issuer:
    """Who issues the document: the body and, above it, the body that manages it."""

    name: str
    parent_name: str = ""
    party: bool = False  # party documents carry "ĐẢNG CỘNG SẢN VIỆT NAM", no motto


def new_document() -> DocxDocument:
    """A blank A4 document with the decree's margins and a 13-point Times New Roman body."""
    doc = new_docx()
    for section in doc.sections:
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East Asian font mapping, so that Word does not substitute a font for Vietnamese text.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _line(cell, text: str, *, bold=False, italic=False, underline=False, size=13, first=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return p


def place_and_date(place: str, day: dt.date) -> str:
    """ "Bắc Giang, ngày 05 tháng 01 năm 2024": days below 10 and the months 1 and 2
    take a leading zero (Decree 30/2020, Appendix I), other months do not."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def administrative_header(
    doc: DocxDocument, *, issuer: Issuer, symbol: str, place: str, day: dt.date
) -> None:
    """The header block: issuer and "Số: …" left, national title and motto, place and date right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    first = True
    if issuer.parent_name:
        _line(left, issuer.parent_name.upper(), size=12, first=True)
        first = False
    _line(left, issuer.name.upper(), bold=True, size=12, underline=True, first=first)
    _line(left, f"Số: {symbol}" if symbol else "Số:       /", size=13)
    if issuer.party:
        _line(right, PARTY_TITLE, bold=True, underline=True, size=14, first=True)
    else:
        _line(right, NATIONAL_TITLE, bold=True, size=12, first=True)
        _line(right, MOTTO, bold=True, underline=True, size=13)
    p = _line(right, place_and_date(place, day), italic=True, size=13)
    p.paragraph_format.space_before = Pt(6)


def document_title(doc: DocxDocument, kind: str, summary: str) -> None:
    """Type (bold capitals, centred) and summary below it."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    run = p.add_run(kind.upper())
    run.bold, run.font.size = True, Pt(14)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(summary)
    run.bold, run.font.size = True, Pt(14)


def heading(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    run = p.add_run(text)
    run.bold = True


def body(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph(text)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Mm(10)


def simple_table(
    doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold, run.font.size = True, Pt(11)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            run.font.size = Pt(11)


def recipients_and_signer(
    doc: DocxDocument, *, recipients: Sequence[str], signer_title: str, signer_name: str
) -> None:
    """ "Nơi nhận" on the left (italic heading, 12 pt list); signer's title and name right."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for r in recipients:
        q = left.add_paragraph(f"- {r};")
        q.paragraph_format.space_after = Pt(0)
        q.runs[0].font.size = Pt(11)
    q = left.add_paragraph("- Lưu: VT.")
    q.runs[0].font.size = Pt(11)
    _line(right, signer_title.upper(), bold=True, size=13, first=True)
    for _ in range(3):
        _line(right, "", size=13)
    _line(right, signer_name, bold=True, size=13)
