"""A decision's list to Excel and the decision itself to Word, in the administrative
layout of docs/RULES.md §1 (national title and motto, issuer, number and symbol, place and date,
type and summary, content, signer, recipients)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.awards.models import Award, AwardDecision
from thidua.core import spreadsheets as sheets
from thidua.core.figures import format_day

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADERS = [
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Năm",
    "Thành tích",
    "Mức tiền (× lương cơ sở)",
]


def award_rows(awards: list[Award]) -> list[list[object]]:
    rows = []
    for i, a in enumerate(awards, start=1):
        rows.append(
            [
                i,
                a.person.full_name if a.person else a.unit.name,
                a.person.position if a.person else "",
                a.person.unit.name
                if a.person
                else (a.unit.parent.name if a.unit.parent_id else ""),
                a.award_type.name,
                a.year,
                a.citation,
                float(a.cash_multiple),
            ]
        )
    return rows


def decision_xlsx(decision: AwardDecision, awards: list[Award]) -> bytes:
    """The list of a decision's awards, in the user's language, with the cash (in base
    salaries) added up."""
    doc = decision.document
    book = sheets.Book()
    sheet = book.sheet(
        _("Awards"),
        titles=[
            _("List of awards attached to Decision No. %(symbol)s of %(day)s by %(authority)s")
            % {
                "symbol": doc.symbol,
                "day": format_day(decision.decided_on),
                "authority": decision.authority_title,
            }
        ],
        columns=[
            sheets.Column(_("No."), "plain", width=5),
            sheets.Column(_("Recipient"), width=28),
            sheets.Column(_("Position"), width=20),
            sheets.Column(_("Unit"), width=28),
            sheets.Column(_("Award"), width=26),
            sheets.Column(_("Year"), "plain", width=6),
            sheets.Column(_("For"), width=40),
            sheets.Column(_("Cash (× base salary)"), "number", width=12, total=True),
        ],
    )
    for i, a in enumerate(awards, start=1):
        person = a.person
        sheet.row(
            [
                i,
                person.full_name if person else a.unit.name,
                person.position if person else "",
                person.unit.name if person else (a.unit.parent.name if a.unit.parent_id else ""),
                a.award_type.name,
                a.year,
                a.citation,
                a.cash_multiple,
            ]
        )
    sheet.totals(_("Total"), at=1)
    return book.save()


def _para(
    d: Docx,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
    size: int = 13,
) -> None:
    p = d.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def decision_docx(decision: AwardDecision, awards: list[Award]) -> bytes:
    doc = decision.document
    d = Docx()
    head = d.add_table(rows=2, cols=2)
    issuer = decision.authority_unit.name.upper()
    head.cell(0, 0).text = issuer
    head.cell(0, 1).text = f"{NATIONAL_TITLE}\n{MOTTO}"
    head.cell(1, 0).text = f"Số: {doc.symbol}"
    place = doc.place or ""
    head.cell(1, 1).text = (
        f"{place + ', ' if place else ''}ngày {decision.decided_on.day:02d} "
        f"tháng {decision.decided_on.month:02d} năm {decision.decided_on.year}"
    )
    for row in head.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(d, "QUYẾT ĐỊNH", bold=True, center=True, size=14)
    _para(d, doc.title.replace("Quyết định v", "V", 1), bold=True, center=True)
    _para(d, decision.authority_title.upper(), bold=True, center=True)
    _para(d, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True)
    if decision.reason:
        _para(d, f"Xét thành tích: {decision.reason};", italic=True)
    _para(d, "QUYẾT ĐỊNH:", bold=True, center=True)
    _para(d, f"Điều 1. Tặng thưởng cho {len(awards)} tập thể, cá nhân có tên trong danh sách sau:")
    table = d.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for i, h in enumerate(
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Hình thức", "Thành tích"]
    ):
        table.rows[0].cells[i].text = h
    for row in award_rows(awards):
        cells = table.add_row().cells
        cells[0].text = str(row[0])
        cells[1].text = str(row[1])
        cells[2].text = ", ".join(str(x) for x in (row[2], row[3]) if x)
        cells[3].text = str(row[4])
        cells[4].text = str(row[6])
    _para(d, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    _para(
        d,
        "Điều 3. Các cơ quan, đơn vị và cá nhân có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này.",
    )
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT."
    sign.cell(
        0, 1
    ).text = f"{decision.authority_title.upper()}\n(Ký, đóng dấu)\n\n{decision.signer}"
    for p in sign.cell(0, 1).paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
