"""The synthesis report in Word, in the administrative layout of ``thidua.core.wordlayout``
(docs/RULES.md §1): issued by the body that receives the form (the one the officer works
at), its figures by indicator name with their breakdowns (Nam, Nữ…), then the figures of
each unit below with a totals row where the figures add up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from thidua.accounts.selectors import roles_of
from thidua.core import wordlayout
from thidua.core.figures import format_day, format_figure
from thidua.core.wordlayout import Column, Row
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Indicator


def synthesis_issuer(*, user: Any, table: Any) -> OrgUnit:
    """Who issues the report: the receiving body of the form the user works at, else the
    synthesised unit (a place issues through its People's Committee)."""
    receivers = {u.pk: u for u in table.form.receiving_units.all()}
    held = [r.unit for r in roles_of(user=user) if r.unit_id in receivers]
    return min(held, key=lambda u: u.path) if held else table.unit


def _vi(value: Any) -> str:
    return format_figure(value, language="vi")


def _area(unit: OrgUnit) -> str:
    """ "trên địa bàn tỉnh Hà Giang" for a place, "của Công an tỉnh" for a body."""
    if wordlayout.is_place(unit):
        return f"trên địa bàn {unit.name[:1].lower()}{unit.name[1:]}"
    return f"của {unit.name}"


def synthesis_docx(*, table: Any, issuer: OrgUnit, signer: str, day: dt.date) -> bytes:
    form, period = table.form, table.period
    body = wordlayout.issuer_of(issuer)
    doc = wordlayout.OfficialDocument(
        issuer=body,
        kind="Báo cáo",
        kind_code="BC",
        summary=f"Tổng hợp {form.name[:1].lower()}{form.name[1:]} kỳ {period.label} "
        f"{_area(table.unit)}",
        day=day,
    )
    doc.paragraph(
        f"Số liệu từ ngày {format_day(period.start, language='vi')} đến ngày "
        f"{format_day(period.end, language='vi')}, tổng hợp từ các báo cáo đã được phê duyệt "
        "trên hệ thống."
    )
    doc.section("Số liệu tổng hợp")
    breakdown: dict[int, list[tuple[str, Any]]] = {}
    for it, _key, label, value in table.breakdown:
        breakdown.setdefault(it.indicator_id, []).append((label, value))
    rows: list[Row] = []
    for n, (it, value, _count) in enumerate(table.item_totals, start=1):
        ind = it.indicator
        rows.append(Row([str(n), ind.name, ind.unit_of_measure, _vi(value)]))
        for label, part in breakdown.get(ind.pk, []):
            rows.append(
                Row(["", f"Trong đó: {label}", ind.unit_of_measure, _vi(part)], italic=True)
            )
    doc.table(
        [
            Column("TT", index=True),
            Column("Chỉ tiêu"),
            Column("Đơn vị tính"),
            Column("Số liệu", numeric=True),
        ],
        rows,
    )
    if table.children:
        doc.section("Số liệu theo đơn vị")
        indicators = [it.indicator for it in table.items]
        sums: list[str] = []
        for i, ind in enumerate(indicators):
            values = [vals[i] for _c, vals in table.children if vals and vals[i] is not None]
            adds_up = ind.aggregation == Indicator.Aggregation.SUM and values
            sums.append(_vi(sum(values, Decimal(0))) if adds_up else "")
        doc.table(
            [
                Column("TT", index=True),
                Column("Đơn vị"),
                *(
                    Column(
                        f"{ind.name} ({ind.unit_of_measure})" if ind.unit_of_measure else ind.name,
                        numeric=True,
                    )
                    for ind in indicators
                ),
            ],
            [
                *(
                    Row([str(n), child.name, *(_vi(v) for v in (vals or [None] * len(indicators)))])
                    for n, (child, vals) in enumerate(table.children, start=1)
                ),
                Row(["", "Cộng", *sums], bold=True),
            ],
        )
        if any(ind.aggregation != Indicator.Aggregation.SUM for ind in indicators):
            doc.note("Dòng “Cộng” để trống ở các chỉ tiêu không cộng dồn (tỷ lệ, bình quân).")
    recipients = [u.name for u in form.receiving_units.all() if u.pk != issuer.pk]
    return doc.finish(recipients=recipients, signer=wordlayout.signer_for(body, name=signer))
