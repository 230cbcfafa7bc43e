"""Demo reporting data for scenarios S4 and S5 (idempotent).

S4 — Hà Giang's communes report the figures of the "All people protect national security"
movement every year (2019–2023 approved, 2024 in progress). The 2023 figures are spread
over the 44 demo communes so that the synthesis at ``H-HG`` equals the seed's totals
exactly: 857 movement models, 299 "skilful mass mobilisation" models, 2,028
self-management groups with 11,300 members, 614 training classes with 18,400
participants.

S5 — the national annual report on the movement, due every year by 30 November, filled by
ministries and provinces and received by the Ministry of Public Security and the Central
Emulation and Commendation Council: 2025 mostly approved, some late, some missing; 2026
under way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from thidua.orgunits.models import OrgUnit, UnitKind
from thidua.reporting import services
from thidua.reporting.models import (
    Dimension,
    Holiday,
    Indicator,
    Period,
    ReportForm,
    Submission,
    ValidationRule,
)
from thidua.reporting.services import HistoricRow, ItemSpec

VT, AG = Indicator.ValueType, Indicator.Aggregation

S4_TOTALS_2023 = {
    "antq-movement-models": 857,
    "antq-mass-mobilisation-models": 299,
    "antq-self-management-groups": 2028,
    "antq-self-management-members": 11300,
    "antq-training-classes": 614,
    "antq-training-participants": 18400,
}
S4_INDICATORS = [
    ("antq-movement-models", "Mô hình phong trào toàn dân bảo vệ ANTQ", "mô hình", None),
    ("antq-mass-mobilisation-models", "Mô hình “Dân vận khéo”", "mô hình", None),
    ("antq-self-management-groups", "Tổ tự quản về ANTT", "tổ", None),
    ("antq-self-management-members", "Thành viên tổ tự quản", "người", None),
    ("antq-training-classes", "Lớp tuyên truyền, tập huấn phòng chống tội phạm", "lớp", None),
    ("antq-training-participants", "Lượt người tham gia các lớp", "lượt người", "sex"),
]
S4_YEARS = [2019, 2020, 2021, 2022, 2023]
S4_SCALE = {
    2019: Decimal("0.62"),
    2020: Decimal("0.71"),
    2021: Decimal("0.80"),
    2022: Decimal("0.90"),
    2023: Decimal(1),
}

S5_INDICATORS = [
    (
        "antq-plans-issued",
        "Kế hoạch, chương trình triển khai phong trào đã ban hành",
        "văn bản",
        VT.INTEGER,
        AG.SUM,
    ),
    (
        "antq-models-built",
        "Mô hình, điển hình tiên tiến được xây dựng",
        "mô hình",
        VT.INTEGER,
        AG.SUM,
    ),
    ("antq-collectives-commended", "Tập thể được khen thưởng", "tập thể", VT.INTEGER, AG.SUM),
    ("antq-individuals-commended", "Cá nhân được khen thưởng", "người", VT.INTEGER, AG.SUM),
    ("antq-integrated", "Lồng ghép với các phong trào thi đua khác", "", VT.YESNO, AG.SUM),
    (
        "antq-units-meeting-standard",
        "Tỷ lệ cơ quan, doanh nghiệp, nhà trường đạt chuẩn “An toàn về ANTT”",
        "%",
        VT.PERCENT,
        AG.AVERAGE,
    ),
    ("antq-highlights", "Kết quả nổi bật, khó khăn, kiến nghị", "", VT.TEXT, AG.NONE),
]
S5_MINISTRIES = ["BCA", "BQP", "BGDDT", "BYT", "BTC", "BNG", "BTP", "BVHTTDL"]

# Vietnamese public holidays (editable in the admin); Tết dates differ every year.
HOLIDAYS = [
    ("2025-01-01", "Tết Dương lịch"),
    ("2025-01-27", "Tết Nguyên đán"),
    ("2025-01-28", "Tết Nguyên đán"),
    ("2025-01-29", "Tết Nguyên đán"),
    ("2025-01-30", "Tết Nguyên đán"),
    ("2025-01-31", "Tết Nguyên đán"),
    ("2025-04-07", "Giỗ Tổ Hùng Vương"),
    ("2025-04-30", "Ngày Giải phóng miền Nam"),
    ("2025-05-01", "Quốc tế Lao động"),
    ("2025-09-01", "Quốc khánh"),
    ("2025-09-02", "Quốc khánh"),
    ("2026-01-01", "Tết Dương lịch"),
    ("2026-02-16", "Tết Nguyên đán"),
    ("2026-02-17", "Tết Nguyên đán"),
    ("2026-02-18", "Tết Nguyên đán"),
    ("2026-02-19", "Tết Nguyên đán"),
    ("2026-02-20", "Tết Nguyên đán"),
    ("2026-04-27", "Giỗ Tổ Hùng Vương"),
    ("2026-04-30", "Ngày Giải phóng miền Nam"),
    ("2026-05-01", "Quốc tế Lao động"),
    ("2026-09-01", "Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
]


def spread(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` by largest remainders (sums exactly)."""
    wsum = sum(weights)
    exact = [Decimal(total) * w / wsum for w in weights]
    base = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[: total - sum(base)]:
        base[i] += 1
    return base


def _admin():  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="admin")


def _indicators() -> None:
    sex, _ = Dimension.objects.update_or_create(
        code="sex", defaults={"name": "Giới tính", "categories": [["m", "Nam"], ["f", "Nữ"]]}
    )
    Dimension.objects.update_or_create(
        code="ethnicity",
        defaults={
            "name": "Dân tộc",
            "categories": [
                ["kinh", "Kinh"],
                ["hmong", "Mông"],
                ["tay", "Tày"],
                ["dao", "Dao"],
                ["other", "Khác"],
            ],
        },
    )
    for code, name, uom, dim in S4_INDICATORS:
        ind, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": uom,
                "value_type": VT.INTEGER,
                "aggregation": AG.SUM,
            },
        )
        if dim:
            ind.dimensions.set([sex])
    for code, name, uom, vt, ag in S5_INDICATORS:
        Indicator.objects.update_or_create(
            code=code,
            defaults={"name": name, "unit_of_measure": uom, "value_type": vt, "aggregation": ag},
        )


def _s4_form(admin) -> ReportForm:  # type: ignore[no-untyped-def]
    form = ReportForm.objects.filter(code="hg-antq-annual").first()
    if form:
        return form
    ind = {i.code: i for i in Indicator.objects.filter(code__in=S4_TOTALS_2023)}
    return services.report_form_create(
        user=admin,
        code="hg-antq-annual",
        name="Báo cáo kết quả phong trào toàn dân bảo vệ ANTQ (cấp xã)",
        owner=OrgUnit.objects.get(code="H-HG-CA"),
        legal_basis="Chương trình phối hợp 09; Kế hoạch 55/KH-UBND; Chỉ thị 700",
        periodicity=ReportForm.Periodicity.YEAR,
        deadline_kind=ReportForm.DeadlineKind.WORKING_DAYS,
        deadline_working_days=5,
        receiving_units=OrgUnit.objects.filter(code__in=["H-HG-CA", "H-HG-MTTQ"]),
        assigned_subtrees=[OrgUnit.objects.get(code="H-HG")],
        assigned_kinds=UnitKind.objects.filter(code="commune"),
        sections=[
            (
                "I. Mô hình",
                [
                    ItemSpec(ind["antq-movement-models"], expected_max=Decimal(60)),
                    ItemSpec(ind["antq-mass-mobilisation-models"], expected_max=Decimal(30)),
                ],
            ),
            (
                "II. Tổ tự quản",
                [
                    ItemSpec(ind["antq-self-management-groups"]),
                    ItemSpec(ind["antq-self-management-members"]),
                ],
            ),
            (
                "III. Tuyên truyền, tập huấn",
                [
                    ItemSpec(ind["antq-training-classes"]),
                    ItemSpec(ind["antq-training-participants"], expected_max=Decimal(2000)),
                ],
            ),
        ],
        rules_between=[
            (
                ind["antq-self-management-members"],
                ValidationRule.Op.GE,
                ind["antq-self-management-groups"],
                "Số thành viên phải ≥ số tổ tự quản",
            ),
            (
                ind["antq-training-participants"],
                ValidationRule.Op.GE,
                ind["antq-training-classes"],
                "Số lượt người tham gia phải ≥ số lớp",
            ),
        ],
    )


def _s4_values(communes: list[OrgUnit], year: int) -> dict[str, dict[tuple[str, str], int]]:
    weights = [3 + (i * 7) % 5 + (i % 3) for i in range(len(communes))]
    per: dict[str, dict[tuple[str, str], int]] = {c.code: {} for c in communes}
    for code, total in S4_TOTALS_2023.items():
        scaled = int((Decimal(total) * S4_SCALE[year]).to_integral_value())
        for c, v in zip(communes, spread(scaled, weights), strict=True):
            per[c.code][(code, "")] = v
    for c in communes:
        total = per[c.code][("antq-training-participants", "")]
        female = total * 46 // 100
        per[c.code][("antq-training-participants", "sex=f")] = female
        per[c.code][("antq-training-participants", "sex=m")] = total - female
    return per


def _load_s4(admin) -> None:  # type: ignore[no-untyped-def]
    form = _s4_form(admin)
    for year in [*S4_YEARS, 2024]:
        period = services.period_open(user=admin, form=form, year=year)
        communes = list(services_expected(form, period).order_by("code"))
        if year == 2024 or Submission.objects.filter(period=period).exists():
            continue
        values = _s4_values(communes, year)
        rows = [
            HistoricRow(
                c, values[c.code], submitted_on=period.deadline - dt.timedelta(days=(i % 4) - 1)
            )
            for i, c in enumerate(communes)
        ]
        services.submissions_bulk_load(user=admin, period=period, rows=rows)
    # 2024: the year in progress of the tour: a few reports awaiting approval, one
    # returned, Lũng Cú (hg.lungcu) still to report.
    period = Period.objects.get(form=form, year=2024)
    if Submission.objects.filter(period=period).exists():
        return
    communes = list(services_expected(form, period).order_by("code"))
    values = _s4_values(communes, 2023)
    rows = []
    for i, c in enumerate(communes):
        if c.code.endswith("DV-01") or i % 5 == 4:
            continue  # missing
        status = Submission.Status.SUBMITTED if i % 3 == 0 else Submission.Status.APPROVED
        rows.append(
            HistoricRow(
                c,
                values[c.code],
                status=status,
                submitted_on=period.deadline - dt.timedelta(days=1 - i % 3),
            )
        )
    services.submissions_bulk_load(user=admin, period=period, rows=rows)


def services_expected(form: ReportForm, period: Period):  # type: ignore[no-untyped-def]
    from thidua.reporting.selectors import expected_units

    return expected_units(form=form, period=period)


def _s5_form(admin) -> ReportForm:  # type: ignore[no-untyped-def]
    form = ReportForm.objects.filter(code="antq-movement-national").first()
    if form:
        return form
    ind = {i.code: i for i in Indicator.objects.filter(code__in=[r[0] for r in S5_INDICATORS])}
    return services.report_form_create(
        user=admin,
        code="antq-movement-national",
        name="Báo cáo năm về phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc”",
        owner=OrgUnit.objects.get(code="BCA"),
        legal_basis="Kết luận 44-KL/TW ngày 22/01/2019; Chỉ thị 09-CT/TW",
        periodicity=ReportForm.Periodicity.YEAR,
        deadline_kind=ReportForm.DeadlineKind.FIXED,
        deadline_month=11,
        deadline_day=30,
        receiving_units=OrgUnit.objects.filter(code__in=["BCA", "HDTDKT", "BNV"]),
        assigned_units=OrgUnit.objects.filter(code__in=S5_MINISTRIES),
        assigned_subtrees=[OrgUnit.objects.get(code="VN")],
        assigned_kinds=UnitKind.objects.filter(code__in=["province", "central_city"]),
        sections=[
            (
                "1. Triển khai phong trào",
                [ItemSpec(ind["antq-plans-issued"]), ItemSpec(ind["antq-integrated"])],
            ),
            (
                "2. Kết quả",
                [
                    ItemSpec(ind["antq-models-built"]),
                    ItemSpec(ind["antq-units-meeting-standard"], expected_min=Decimal(50)),
                ],
            ),
            (
                "3. Khen thưởng",
                [
                    ItemSpec(ind["antq-collectives-commended"]),
                    ItemSpec(ind["antq-individuals-commended"]),
                ],
            ),
            ("4. Đánh giá", [ItemSpec(ind["antq-highlights"], required=False)]),
        ],
    )


def _load_s5(admin) -> None:  # type: ignore[no-untyped-def]
    form = _s5_form(admin)
    for year in (2025, 2026):
        period = services.period_open(user=admin, form=form, year=year)
        if Submission.objects.filter(period=period).exists():
            continue
        units = list(services_expected(form, period).order_by("code"))
        rows = []
        for i, u in enumerate(units):
            if (
                u.code in {"BGDDT", "P01"}
                or (year == 2025 and i % 7 == 3)
                or (year == 2026 and i % 3 != 0)
            ):
                continue  # missing (moet.reporter and hanoi.reporter fill theirs in the tour)
            late = year == 2025 and i % 5 == 2
            on = (
                period.deadline + dt.timedelta(days=6)
                if late
                else period.deadline - dt.timedelta(days=3 + i % 9)
            )
            status = (
                Submission.Status.APPROVED
                if (year == 2025 and i % 4 != 1)
                else Submission.Status.SUBMITTED
            )
            values = {
                ("antq-plans-issued", ""): 2 + i % 4,
                ("antq-integrated", ""): "có" if i % 3 else "không",
                ("antq-models-built", ""): 20 + (i * 37) % 90,
                ("antq-units-meeting-standard", ""): 70 + (i * 13) % 28,
                ("antq-collectives-commended", ""): 5 + (i * 11) % 40,
                ("antq-individuals-commended", ""): 12 + (i * 17) % 120,
                (
                    "antq-highlights",
                    "",
                ): f"Năm {year}: duy trì các mô hình tự quản, phối hợp với Mặt trận.",
            }
            rows.append(HistoricRow(u, values, status=status, submitted_on=on))
        services.submissions_bulk_load(user=admin, period=period, rows=rows)


def load() -> None:
    """Idempotent: indicators, the two forms, periods and reports of S4 and S5."""
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(date=dt.date.fromisoformat(day), defaults={"name": name})
    admin = _admin()
    _indicators()
    _load_s4(admin)
    _load_s5(admin)
