"""Exports of a plan: its tasks and statuses to Excel, a follow-up report to Word.

Both read through the selectors, so an export holds exactly what the user may see on
screen. The Word report is an official-format document: its fixed wording (title,
motto, "Số", "Nơi nhận", section headings) is Vietnamese as Decree 30/2020 prescribes,
whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import spreadsheets as sheets
from thidua.core import wordlayout
from thidua.core.figures import format_day, format_percent
from thidua.orgunits.models import OrgUnit
from thidua.plans import selectors
from thidua.plans.models import Plan, PlanDocument, TaskStatus
from thidua.plans.permissions import rules

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_VI_STATUS = {
    TaskStatus.NOT_STARTED: "Chưa bắt đầu",
    TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.DONE: "Hoàn thành",
    TaskStatus.OVERDUE: "Quá hạn",
    TaskStatus.CANCELLED: "Đã hủy",
}


def plan_symbol(plan: Plan) -> str:
    """The number and symbol the plan was issued under, if it has one."""
    for link in plan.document_links.select_related("document"):
        if link.relation == PlanDocument.Relation.ISSUED_AS and link.document.symbol:
            return link.document.symbol
    return ""


def plan_tasks_xlsx(*, user: Any, plan: Plan, today: dt.date | None = None) -> bytes:
    """One row per task and lead unit (coordinating units listed beside it), then the
    times urged added up."""
    day = today or timezone.localdate()
    blocks = selectors.plan_task_blocks(user=user, plan=plan, today=day)
    symbol = plan_symbol(plan)
    book = sheets.Book()
    sheet = book.sheet(
        _("Tasks"),
        titles=[
            f"{symbol} — {plan.title}" if symbol else plan.title,
            _("Status on %(day)s") % {"day": format_day(day)},
        ],
        columns=[
            sheets.Column(_("No."), "plain", width=4),
            sheets.Column(_("Task group"), width=18),
            sheets.Column(_("Task"), width=38),
            sheets.Column(_("Lead unit"), width=20),
            sheets.Column(_("Coordinating units"), width=24),
            sheets.Column(_("Window start"), "date", width=10),
            sheets.Column(_("Deadline"), "date", width=10),
            sheets.Column(_("Status"), width=11),
            sheets.Column(_("Late"), width=5),
            sheets.Column(_("Percent done"), "percent", width=8),
            sheets.Column(_("Last update"), "date", width=10),
            sheets.Column(_("Completed on"), "date", width=10),
            sheets.Column(_("Times urged"), "number", width=7, total=True),
        ],
        autofilter=True,
    )
    number = 0
    for block in blocks:
        group_title = str(block.group) if block.group else ""
        for row in block.tasks:
            number += 1
            coord = ", ".join(a.unit.name for a in row.coordinating)
            for a in row.leads or [None]:
                sheet.row(
                    [
                        number,
                        group_title,
                        row.task.title,
                        a.unit.name if a else "",
                        coord,
                        row.task.start_date,
                        a.due_date if a else row.task.due_date,
                        str(TaskStatus(a.status_value).label) if a else str(row.status.label),
                        (_("yes") if a.is_late else "") if a else "",
                        a.percent_done if a else None,
                        a.last_update_on if a else None,
                        a.completed_on if a else None,
                        a.urge_count if a else None,
                    ]
                )
    sheet.totals(_("Total"), at=2)
    return book.save()


@dataclass(frozen=True)
class ReportOptions:
    """What the person printing the report chooses: who issues it, its number (or whole
    number and symbol), the place, the signer's title (empty: the head of the issuing
    body) and name."""

    issuer: OrgUnit
    symbol: str = ""
    place: str = ""
    day: dt.date | None = None
    signer_title: str = ""
    signer_name: str = ""


def _percent(value: Any) -> str:
    return format_percent(value, places=0, language="vi")


def plan_report_docx(*, user: Any, plan: Plan, options: ReportOptions) -> bytes:
    """A follow-up report of the plan in the administrative layout (thidua.core.wordlayout),
    issued in the name of one of its issuing or monitoring units: only their officers
    print it."""
    rules.require("export", user, plan)
    day = options.day or timezone.localdate()
    rows = list(selectors.plan_progress_rows(user=user, plan=plan, today=day))
    by_group = selectors.progress_by_group(rows)
    issuer = wordlayout.issuer_of(options.issuer)
    symbol = plan_symbol(plan)
    subject = f"Kế hoạch số {symbol}" if symbol else plan.title
    doc = wordlayout.OfficialDocument(
        issuer=issuer,
        kind="Báo cáo",
        kind_code="BC",
        summary=f"Kết quả theo dõi, đôn đốc thực hiện {subject}",
        day=day,
        number=options.symbol,
        place=options.place or plan.place,
    )
    if symbol:
        doc.paragraph(f"{plan.title}.")
    total = len(rows)
    count = {s: sum(1 for a in rows if a.status_value == s) for s in TaskStatus}
    late_done = sum(1 for a in rows if a.status_value == TaskStatus.DONE and a.is_late)
    doc.section("Tình hình chung")
    doc.paragraph(
        f"Tính đến ngày {format_day(day, language='vi')}, kế hoạch có {total} lượt nhiệm vụ "
        f"giao cho các cơ quan, đơn vị chủ trì: {count[TaskStatus.DONE]} hoàn thành (trong đó "
        f"{late_done} hoàn thành sau thời hạn), {count[TaskStatus.IN_PROGRESS]} đang thực "
        f"hiện, {count[TaskStatus.NOT_STARTED]} chưa bắt đầu, {count[TaskStatus.OVERDUE]} quá "
        f"hạn, {count[TaskStatus.CANCELLED]} đã hủy."
    )
    doc.section("Kết quả theo nhóm nhiệm vụ")
    Col = wordlayout.Column
    sums = {key: sum(g[key] for g in by_group) for key in ("total", *TaskStatus)}
    doc.table(
        [
            Col("Nhóm nhiệm vụ"),
            Col("Tổng số", numeric=True),
            Col("Hoàn thành", numeric=True),
            Col("Đang thực hiện", numeric=True),
            Col("Quá hạn", numeric=True),
            Col("Tỷ lệ hoàn thành", numeric=True),
        ],
        [
            *(
                [
                    str(g["group"]) if g["group"] else "Nhiệm vụ khác",
                    g["total"],
                    g[TaskStatus.DONE],
                    g[TaskStatus.IN_PROGRESS],
                    g[TaskStatus.OVERDUE],
                    _percent(g["percent_done"]),
                ]
                for g in by_group
            ),
            wordlayout.Row(
                [
                    "Cộng",
                    str(sums["total"]),
                    str(sums[TaskStatus.DONE]),
                    str(sums[TaskStatus.IN_PROGRESS]),
                    str(sums[TaskStatus.OVERDUE]),
                    _percent(100 * sums[TaskStatus.DONE] / sums["total"] if sums["total"] else 0),
                ],
                bold=True,
            ),
        ],
    )
    doc.section("Chi tiết theo cơ quan, đơn vị (quá hạn trước)")
    doc.table(
        [
            Col("TT", index=True),
            Col("Cơ quan, đơn vị"),
            Col("Nhiệm vụ"),
            Col("Thời hạn", numeric=True),
            Col("Tiến độ", numeric=True),
            Col("Tình trạng"),
        ],
        [
            [
                i,
                a.unit.name,
                a.task.title,
                format_day(a.due_date, empty="", language="vi"),
                _percent(a.percent_done),
                _VI_STATUS[TaskStatus(a.status_value)]
                + (" (chậm)" if a.is_late and a.status_value == TaskStatus.DONE else ""),
            ]
            for i, a in enumerate(rows, start=1)
        ],
    )
    overdue = [a for a in rows if a.status_value == TaskStatus.OVERDUE]
    doc.section("Đề nghị")
    if overdue:
        names = ", ".join(sorted({a.unit.name for a in overdue}))
        doc.paragraph(
            f"Đề nghị các cơ quan, đơn vị chưa hoàn thành nhiệm vụ đúng thời hạn ({names}) "
            "khẩn trương triển khai, báo cáo kết quả."
        )
    else:
        doc.paragraph("Các nhiệm vụ được triển khai đúng thời hạn.")
    return doc.finish(
        recipients=[u.name for u in plan.issuing_units.all() if u.pk != options.issuer.pk],
        signer=wordlayout.signer_for(
            issuer, title=options.signer_title, name=options.signer_name or str(user)
        ),
    )
