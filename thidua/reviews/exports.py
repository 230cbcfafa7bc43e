"""Exports of a review: its figures to Excel, its report to Word (docs/RULES.md §1 layout).

Both render the same data as the page (``selectors.review_data``): the snapshot of a
finalised review, live figures for a draft. The Word report's fixed wording is
Vietnamese, as Decree 30/2020 prescribes, whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.core import spreadsheets as sheets
from thidua.core import wordlayout
from thidua.core.figures import format_day, format_figure
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
