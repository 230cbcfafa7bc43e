"""Exports of a review: its figures to Excel, its report to Word (docs/RULES.md §1 layout).

Both render the same data as the page (``selectors.review_data``): the snapshot of a
finalised review, live figures for a draft. The Word report's fixed wording is
Vietnamese, as Decree 30/2020 prescribes, whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.core import wordlayout
from thidua.core.figures import format_day, format_figure
from thidua.reviews.models import Review
from thidua.reviews.selectors import relation_label, task_columns

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_HEAD = PatternFill("solid", fgColor="DDEBF7")
_VI_KIND = {Review.Kind.PRELIMINARY: "sơ kết", Review.Kind.FINAL: "tổng kết"}
_VI_TASKS = [
    ("done", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành muộn"),
    ("overdue", "Quá hạn"),
    ("cancelled", "Đã hủy"),
    ("open", "Đang thực hiện"),
]


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], first: bool):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEAD
    for row in rows:
        ws.append(row)
    for i in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if i == 2 else 14
    ws.freeze_panes = "A2"
    return ws


def review_xlsx(*, review: Review, data: dict[str, Any]) -> bytes:
    years = data["years"]
    wb = Workbook()
    ws = _sheet(
        wb,
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("Unit of measure"),
            *map(str, years),
            pgettext("figure change", "Change"),
        ],
        [
            [
                r["indicator"],
                r["name"],
                r["unit_of_measure"],
                *[v for _, v in r["values"]],
                r["change"],
            ]
            for r in data["indicators"]
        ],
        True,
    )
    ws.insert_rows(1, 2)
    ws["A1"] = str(review)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _("Area: %(area)s — figures of %(day)s") % {
        "area": data["area"]["name"],
        "day": data["assembled_on"],
    }
    t = data["tasks"]
    _sheet(
        wb,
        _("Tasks"),
        [_("Year"), _("Tasks"), *[label for _c, label in task_columns()], _("Total")],
        [
            [r["year"], r["tasks"], *[r[c] for c, _vi in _VI_TASKS], r["total"]]
            for r in t["per_year"]
        ],
        False,
    )
    a = data["awards"]
    _sheet(
        wb,
        _("Commendations"),
        [_("Code"), _("Award"), *map(str, years), _("Total")],
        [[x["code"], x["name"], *x["counts"], x["total"]] for x in a["by_type"]]
        + [["", _("Total"), *a["per_year"], a["total"]]],
        False,
    )
    _sheet(
        wb,
        _("On this occasion"),
        [_("Decision"), _("Recipient"), _("Award"), _("Date"), _("Granted by")],
        [
            [o["decision"], o["recipient"], o["award"], o["date"], o["granted_by"]]
            for o in a["occasion"]
        ],
        False,
    )
    _sheet(
        wb,
        _("Documents"),
        [_("Number and symbol"), _("Title"), _("Issued on"), _("Relation")],
        [
            [d["symbol"], d["title"], d["issued_on"] or d["year"], relation_label(d["relation"])]
            for d in data["documents"]
        ],
        False,
    )
    _sheet(
        wb,
        _("Contests"),
        [_("Year"), _("Contest"), _("Round"), _("Entries")],
        [
            [c["year"], c["name"], r["name"], r["entries"]]
            for c in data["contests"]
            for r in c["rounds"]
        ],
        False,
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_NO_DATA = "–"


def _vi(value: Any, empty: str = _NO_DATA) -> str:
    """A figure in a Vietnamese document (11.300; 2,5); a dash when absent (the table's
    note says it means "chưa có số liệu")."""
    return format_figure(value, empty=empty, language="vi")


def _transposed(head: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Rows become columns: the first column's cells become the header."""
    grid = [head, *rows]
    flipped = [list(col) for col in zip(*grid, strict=True)]
    return flipped[0], flipped[1:]


def _subject(review: Review) -> str:
    """What is reviewed, as a title cites it: "Nghị quyết số 35-NQ/TW về …"."""
    document = review.document
    if document is None:
        return str(review.plan or review.movement)
    kind = document.doc_type.name if document.doc_type_id else ""
    if document.symbol and kind and document.title.startswith(kind):
        return f"{kind} số {document.symbol}{document.title[len(kind) :]}"
    return f"{document.title} ({document.symbol})" if document.symbol else document.title


def review_docx(*, review: Review, data: dict[str, Any], day: dt.date | None = None) -> bytes:
    """The review report in the administrative layout (thidua.core.wordlayout). Tables
    over the years put the years down the page (one row a year) when there are more
    years than rows, so that they fit a portrait page."""
    day = day or review.meeting_date or timezone.localdate()
    unit = review.unit
    issuer = wordlayout.issuer_of(unit)
    years = data["years"]
    span = f"{review.span_years} năm ({review.start_year} - {review.end_year})"
    kind = _VI_KIND[Review.Kind(review.kind)]
    doc = wordlayout.OfficialDocument(
        issuer=issuer,
        kind="Báo cáo",
        kind_code="BC",
        summary=f"{kind.capitalize()} {span} thực hiện {_subject(review)}",
        day=day,
    )
    Col, Row = wordlayout.Column, wordlayout.Row
    if review.summary:
        doc.paragraph(review.summary)
    doc.section(f"Các chỉ tiêu chủ yếu ({data['area']['name']})")
    if data["indicators"]:
        names = [
            f"{r['name']} ({r['unit_of_measure']})" if r["unit_of_measure"] else r["name"]
            for r in data["indicators"]
        ]
        by_year = [[_vi(v) for _y, v in r["values"]] for r in data["indicators"]]
        change = [_vi(r["change"]) for r in data["indicators"]]
        if len(years) > len(names):
            doc.table(
                [Col("Năm", index=True), *(Col(n, numeric=True) for n in names)],
                [
                    *([str(y), *(vals[i] for vals in by_year)] for i, y in enumerate(years)),
                    Row(["Tăng/giảm", *change], bold=True),
                ],
            )
        else:
            doc.table(
                [
                    Col("Chỉ tiêu"),
                    *(Col(str(y), numeric=True) for y in years),
                    Col("Tăng/giảm", numeric=True),
                ],
                [[n, *vals, c] for n, vals, c in zip(names, by_year, change, strict=True)],
            )
        doc.note(f"({_NO_DATA}) chưa có số liệu; tăng/giảm giữa năm đầu và năm cuối có số liệu.")
    else:
        doc.paragraph("Không chọn chỉ tiêu báo cáo.")
    doc.section("Kết quả thực hiện nhiệm vụ")
    t = data["tasks"]
    if t["plans"]:
        doc.paragraph("Kế hoạch: " + "; ".join(p["title"] for p in t["plans"]) + ".")
        totals = t.get("totals") or {
            c: sum(r[c] for r in t["per_year"]) for c in ["tasks", *dict(_VI_TASKS), "total"]
        }
        doc.table(
            [
                Col("Năm", index=True),
                Col("Nhiệm vụ", numeric=True),
                *(Col(vi, numeric=True) for _c, vi in _VI_TASKS),
                Col("Cộng (lượt)", numeric=True),
            ],
            [
                *(
                    [r["year"], r["tasks"], *(r[c] for c, _v in _VI_TASKS), r["total"]]
                    for r in t["per_year"]
                ),
                Row(
                    ["Cộng", *(str(totals[c]) for c in ["tasks", *dict(_VI_TASKS), "total"])],
                    bold=True,
                ),
            ],
        )
    else:
        doc.paragraph("Chưa có kế hoạch, nhiệm vụ được theo dõi trên hệ thống trong giai đoạn.")
    a = data["awards"]
    doc.section("Công tác thi đua, khen thưởng")
    doc.paragraph(
        f"Trong giai đoạn, {a['total']} lượt khen thưởng ({a['collectives']} tập thể, "
        f"{a['individuals']} cá nhân)."
    )
    if a["by_type"]:
        head = ["Hình thức", *map(str, years), "Cộng"]
        rows = [[x["name"], *map(str, x["counts"]), str(x["total"])] for x in a["by_type"]]
        total = ["Cộng", *map(str, a["per_year"]), str(a["total"])]
        if len(years) > len(rows):
            head, body = _transposed(head, [*rows, total])
            doc.table(
                [Col("Năm", index=True), *(Col(h, numeric=True) for h in head[1:])],
                [*body[:-1], Row(body[-1], bold=True)],
            )
        else:
            doc.table(
                [Col(head[0]), *(Col(h, numeric=True) for h in head[1:])],
                [*rows, Row(total, bold=True)],
            )
    if a["occasion"]:
        doc.paragraph(f"Khen thưởng nhân dịp {kind}:")
        doc.table(
            [Col("TT", index=True), Col("Quyết định"), Col("Hình thức"), Col("Tập thể, cá nhân")],
            [
                [
                    i,
                    f"{o['decision']}"
                    + (" (minh họa)" if o.get("illustrative") else "")
                    + f" ({o['granted_by']})",
                    o["award"],
                    o["recipient"],
                ]
                for i, o in enumerate(a["occasion"], start=1)
            ],
        )
    if data["contests"]:
        doc.section("Cuộc thi")
        for c in data["contests"]:
            rounds = "; ".join(f"{r['name']}: {_vi(r['entries'])} bài" for r in c["rounds"])
            prizes = "; ".join(f"{p['count']} {p['name']}" for p in c["prizes"])
            doc.paragraph(
                f"{c['name']} ({c['year']}): {rounds}." + (f" Giải: {prizes}." if prizes else "")
            )
    doc.section("Văn bản triển khai")
    if data["documents"]:
        doc.table(
            [
                Col("TT", index=True),
                Col("Số, ký hiệu"),
                Col("Trích yếu"),
                Col("Ngày", numeric=True),
            ],
            [
                [
                    i,
                    d["symbol"] or "–",
                    d["title"],
                    format_day(d["issued_on"], empty="", language="vi") or str(d["year"] or ""),
                ]
                for i, d in enumerate(data["documents"], start=1)
            ],
        )
    else:
        doc.paragraph("Không có văn bản triển khai được ghi nhận trong giai đoạn.")
    area_body = wordlayout.issuer_of(review.area).name
    recipients = [r for r in (issuer.superior, area_body) if r and r != issuer.name]
    return doc.finish(
        recipients=list(dict.fromkeys(recipients)), signer=wordlayout.signer_for(issuer)
    )
