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

from thidua.core.figures import format_figure
from thidua.orgunits.models import OrgUnit
from thidua.plans import docx_layout as layout
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


def _vi(value: Any) -> str:
    """A figure in a Vietnamese document (11.300; 2,5); "chưa có số liệu" when absent."""
    return format_figure(value, empty="chưa có số liệu", language="vi")


def _place(unit: OrgUnit) -> str:
    for u in [unit, *OrgUnit.objects.ancestors_of(unit).order_by("-depth")]:
        if u.kind.code in {"province", "central_city"}:
            return u.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return unit.name


def review_docx(*, review: Review, data: dict[str, Any], day: dt.date | None = None) -> bytes:
    """The review report in the administrative layout, built with the shared helpers."""
    day = day or review.meeting_date or timezone.localdate()
    unit = review.unit
    parent = unit.parent.name if unit.parent_id else ""
    doc = layout.new_document()
    layout.administrative_header(
        doc,
        issuer=layout.Issuer(name=unit.name, parent_name=parent),
        symbol="",
        place=_place(unit),
        day=day,
    )
    years = data["years"]
    subject = review.document or review.plan or review.movement
    span = f"{review.span_years} năm ({review.start_year} - {review.end_year})"
    layout.document_title(
        doc, "Báo cáo", f"{_VI_KIND[Review.Kind(review.kind)].capitalize()} {span} {subject}"
    )
    if review.summary:
        layout.body(doc, review.summary)
    layout.heading(doc, f"I. CÁC CHỈ TIÊU CHỦ YẾU ({data['area']['name']})")
    if data["indicators"]:
        layout.simple_table(
            doc,
            ["Chỉ tiêu", "ĐVT", *map(str, years), "Tăng/giảm"],
            [
                [
                    r["name"],
                    r["unit_of_measure"],
                    *[_vi(v) for _, v in r["values"]],
                    _vi(r["change"]),
                ]
                for r in data["indicators"]
            ],
        )
    else:
        layout.body(doc, "Không chọn chỉ tiêu báo cáo.")
    layout.heading(doc, "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    t = data["tasks"]
    if t["plans"]:
        layout.body(doc, "Kế hoạch: " + "; ".join(p["title"] for p in t["plans"]) + ".")
        layout.simple_table(
            doc,
            ["Năm", "Nhiệm vụ", *[vi for _c, vi in _VI_TASKS]],
            [[r["year"], r["tasks"], *[r[c] for c, _vi2 in _VI_TASKS]] for r in t["per_year"]],
        )
    else:
        layout.body(doc, "Chưa có kế hoạch, nhiệm vụ được theo dõi trên hệ thống trong giai đoạn.")
    a = data["awards"]
    layout.heading(doc, "III. CÔNG TÁC THI ĐUA, KHEN THƯỞNG")
    layout.body(
        doc,
        f"Trong giai đoạn, {a['total']} lượt khen thưởng ({a['collectives']} tập thể, "
        f"{a['individuals']} cá nhân).",
    )
    if a["by_type"]:
        layout.simple_table(
            doc,
            ["Hình thức", *map(str, years), "Cộng"],
            [[x["name"], *x["counts"], x["total"]] for x in a["by_type"]],
        )
    if a["occasion"]:
        layout.body(doc, "Khen thưởng nhân dịp " + _VI_KIND[Review.Kind(review.kind)] + ":")
        layout.simple_table(
            doc,
            ["Quyết định", "Hình thức", "Tập thể, cá nhân"],
            [
                [f"{o['decision']} ({o['granted_by']})", o["award"], o["recipient"]]
                for o in a["occasion"]
            ],
        )
    if data["contests"]:
        layout.heading(doc, "IV. CUỘC THI")
        for c in data["contests"]:
            rounds = "; ".join(f"{r['name']}: {_vi(r['entries'])} bài" for r in c["rounds"])
            prizes = "; ".join(f"{p['count']} {p['name']}" for p in c["prizes"])
            layout.body(
                doc,
                f"{c['name']} ({c['year']}): {rounds}." + (f" Giải: {prizes}." if prizes else ""),
            )
    layout.heading(doc, "V. VĂN BẢN TRIỂN KHAI")
    if data["documents"]:
        layout.simple_table(
            doc,
            ["Số, ký hiệu", "Trích yếu", "Ngày"],
            [
                [d["symbol"], d["title"], d["issued_on"] or d["year"] or ""]
                for d in data["documents"]
            ],
        )
    else:
        layout.body(doc, "Không có văn bản triển khai được ghi nhận trong giai đoạn.")
    layout.recipients_and_signer(
        doc,
        recipients=[review.area.name],
        signer_title=f"TM. {unit.name}",
        signer_name="",
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
