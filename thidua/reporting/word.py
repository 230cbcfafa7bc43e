"""The synthesis report in Word (python-docx), in the administrative layout of
docs/RULES.md §1 (Decree 30/2020): issuing body and national title side by side, number and
symbol, place and date, type and summary, content, signer, recipients."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.core.figures import format_figure

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _para(
    cell_or_doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = True,
    size: int = 13,
) -> None:
    p = cell_or_doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def synthesis_docx(
    *, table: Any, issuer: str, issuer_code: str, place: str, signer: str, day: dt.date
) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, issuer.upper(), bold=True)
    _para(left, f"Số: ……/BC-{issuer_code}", size=13)
    right.paragraphs[0].text = ""
    _para(right, NATIONAL_TITLE, bold=True, size=12)
    _para(right, MOTTO, bold=True)
    _para(right, f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", italic=True)
    _para(doc, "BÁO CÁO", bold=True, size=14)
    _para(
        doc, f"Tổng hợp {table.form.name} — kỳ {table.period.label}, {table.unit.name}", bold=True
    )
    doc.add_paragraph(
        f"Số liệu từ {table.period.start:%d/%m/%Y} đến {table.period.end:%d/%m/%Y}, "
        "tổng hợp từ các báo cáo đã được phê duyệt."
    )
    t = doc.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    for cell, text in zip(
        t.rows[0].cells, ("TT", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp"), strict=True
    ):
        cell.text = text
    for n, it in enumerate(table.items, start=1):
        row = t.add_row().cells
        row[0].text = str(n)
        row[1].text = it.indicator.name
        row[2].text = it.indicator.unit_of_measure
        row[3].text = format_figure(table.total.get((it.indicator_id, "")), language="vi")
    if table.children:
        doc.add_paragraph("Chi tiết theo đơn vị:")
        ct = doc.add_table(rows=1, cols=1 + len(table.items))
        ct.style = "Table Grid"
        ct.rows[0].cells[0].text = "Đơn vị"
        for i, it in enumerate(table.items, start=1):
            ct.rows[0].cells[i].text = it.indicator.name
        for child, vals in table.children:
            cells = ct.add_row().cells
            cells[0].text = child.name
            for i, v in enumerate(vals, start=1):
                cells[i].text = format_figure(v, language="vi")
    foot = doc.add_table(rows=1, cols=2)
    recv, sign = foot.rows[0].cells
    recv.paragraphs[0].text = ""
    _para(recv, "Nơi nhận:", bold=True, italic=True, center=False, size=12)
    for r in table.form.receiving_units.all():
        _para(recv, f"- {r.name};", center=False, size=11)
    _para(recv, "- Lưu: VT.", center=False, size=11)
    sign.paragraphs[0].text = ""
    _para(sign, "NGƯỜI TỔNG HỢP", bold=True)
    _para(sign, "(Ký, ghi rõ họ tên)", italic=True, size=11)
    _para(sign, "")
    _para(sign, signer, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
