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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.core import spreadsheets as sheets
from thidua.core.figures import format_day, format_figure
from thidua.orgunits.models import OrgUnit
from thidua.plans import docx_layout as layout
from thidua.reviews.models import Review
from thidua.reviews.selectors import relation_label, task_columns

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_VI_KIND = {Review.Kind.PRELIMINARY: "sơ kết", Review.Kind.FINAL: "tổng kết"}
_VI_TASKS = [
    ("done", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành muộn"),
    ("overdue", "Quá hạn"),
    ("cancelled", "Đã hủy"),
    ("open", "Đang thực hiện"),
]


def review_xlsx(*, review: Review, data: dict[str, Any]) -> bytes:
    """The review's figures, a sheet per section, each headed by the review and its area;
    totals rows where the figures add up (tasks and awards by year)."""
    years = data["years"]
    titles = [
        str(review),
        _("Area: %(area)s — figures of %(day)s")
        % {"area": data["area"]["name"], "day": format_day(data["assembled_on"])},
    ]
    year_columns = [sheets.Column(str(y), "number", width=9) for y in years]
    book = sheets.Book()
    ws = book.sheet(
        _("Indicators"),
        titles=titles,
        columns=[
            sheets.Column(_("Indicator"), width=40),
            sheets.Column(_("Unit of measure"), width=12),
            *year_columns,
            sheets.Column(pgettext("figure change", "Change"), "number", width=10),
        ],
        freeze_columns=1,
    )
    for r in data["indicators"]:
        ws.row(
            [
                r["name"],
                r["unit_of_measure"],
                *[sheets.figure(v) for _y, v in r["values"]],
                sheets.figure(r["change"]),
            ]
        )
    t = data["tasks"]
    ws = book.sheet(
        _("Tasks"),
        titles=titles,
        columns=[
            sheets.Column(_("Year"), "plain", width=7),
            sheets.Column(_("Tasks"), "number", width=10),
            *[sheets.Column(capfirst(label), "number", width=12) for _c, label in task_columns()],
            sheets.Column(_("Total"), "number", width=10),
        ],
    )
    for r in t["per_year"]:
        ws.row([r["year"], r["tasks"], *[r[c] for c, _vi in _VI_TASKS], r["total"]])
    if t["per_year"] and t.get("totals"):
        totals = t["totals"]
        ws.totals(
            _("Total"),
            [None, totals["tasks"], *[totals[c] for c, _vi in _VI_TASKS], totals["total"]],
        )
    a = data["awards"]
    ws = book.sheet(
        _("Commendations"),
        titles=titles,
        columns=[
            sheets.Column(_("Award"), width=40),
            *year_columns,
            sheets.Column(_("Total"), "number", width=9),
        ],
        freeze_columns=1,
    )
    for x in a["by_type"]:
        ws.row([x["name"], *x["counts"], x["total"]])
    ws.totals(_("Total"), [None, *a["per_year"], a["total"]])
    ws = book.sheet(
        _("On this occasion"),
        titles=titles,
        columns=[
            sheets.Column(_("Decision"), width=18),
            sheets.Column(_("Recipient"), width=36),
            sheets.Column(_("Award"), width=30),
            sheets.Column(_("Date"), "date", width=11),
            sheets.Column(_("Granted by"), width=30),
        ],
    )
    for o in a["occasion"]:
        ws.row([o["decision"], o["recipient"], o["award"], sheets.day(o["date"]), o["granted_by"]])
    ws = book.sheet(
        _("Documents"),
        titles=titles,
        columns=[
            sheets.Column(_("Number and symbol"), width=18),
            sheets.Column(_("Title"), width=50),
            sheets.Column(_("Issued on"), "date", width=11),
            sheets.Column(_("Relation"), width=24),
        ],
    )
    for d in data["documents"]:
        ws.row(
            [
                d["symbol"],
                d["title"],
                sheets.day(d["issued_on"]) or d["year"],
                relation_label(d["relation"]),
            ]
        )
    ws = book.sheet(
        _("Contests"),
        titles=titles,
        columns=[
            sheets.Column(_("Year"), "plain", width=7),
            sheets.Column(_("Contest"), width=40),
            sheets.Column(_("Round"), width=30),
            sheets.Column(_("Entries"), "number", width=10),
        ],
    )
    for c in data["contests"]:
        for r in c["rounds"]:
            ws.row([c["year"], c["name"], r["name"], r["entries"]])
    return book.save()


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
