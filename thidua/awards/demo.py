"""Demo: the award catalogue, S4's certificates of merit from three issuers, and enough
yearly history that the eligibility engine shows eligible and not-eligible candidates.

S4 (Hà Giang, 6 Jun 2023, ten-year review of programme 09): certificates of merit from the
chair of the Provincial People's Committee (to collectives), the chair of the provincial
Fatherland Front (to collectives and individuals) and the director of the provincial
police (to officers and citizens). The seed names neither the recipients nor the
decisions' numbers: recipients below are invented and marked "(minh họa)", and the
decisions' numbers are illustrative. Idempotent.
"""

from __future__ import annotations

import datetime as dt

from thidua.accounts.models import User
from thidua.awards import services
from thidua.awards.catalogue import ensure_catalogue
from thidua.awards.models import (
    Award,
    AwardDecision,
    AwardType,
    GrantingAuthority,
    Level,
    Nomination,
    Occasion,
    Person,
    TaskRating,
)
from thidua.core.changelog import update_logged
from thidua.documents.models import Document
from thidua.emulation.models import Movement
from thidua.orgunits.models import OrgUnit

S4_DAY = dt.date(2023, 6, 6)
YEAR = 2025
E, G, C, N = TaskRating.EXCELLENT, TaskRating.GOOD, TaskRating.COMPLETED, TaskRating.NOT_COMPLETED

# name, position, unit, {year: rating}, {award code: [years]}, [(year, level, kind)]
PEOPLE: list[
    tuple[str, str, str, dict[int, str], dict[str, list[int]], list[tuple[int, str, str]]]
] = [
    # Eligible for a provincial Bằng khen (2 consecutive CSTĐCS); not yet for provincial CSTĐ.
    (
        "Lý Văn Thành (minh họa)",
        "Đội trưởng, Công an tỉnh",
        "H-HG-CA",
        {2022: E, 2023: E, 2024: E, 2025: E},
        {"ldtt": [2022, 2023, 2024], "cstdcs": [2024, 2025]},
        [(2024, Level.GRASSROOTS, "initiative"), (2025, Level.GRASSROOTS, "initiative")],
    ),
    # 3 consecutive CSTĐCS and a provincial initiative: eligible for provincial CSTĐ.
    (
        "Hoàng Thị Dung (minh họa)",
        "Phó trưởng phòng, Công an tỉnh",
        "H-HG-CA",
        {2022: E, 2023: E, 2024: E, 2025: E},
        {"ldtt": [2022, 2023, 2024, 2025], "cstdcs": [2023, 2024, 2025]},
        [
            (2023, Level.GRASSROOTS, "initiative"),
            (2024, Level.MINISTRY_PROVINCE, "initiative"),
            (2025, Level.GRASSROOTS, "research"),
        ],
    ),
    # Good, no initiative: LĐTT yes, CSTĐCS no.
    (
        "Sùng Mí Chứ (minh họa)",
        "Cán bộ, Công an tỉnh",
        "H-HG-CA",
        {2024: G, 2025: G},
        {"ldtt": [2024]},
        [],
    ),
    # Only "completed": not even LĐTT.
    ("Vàng Thị Mỷ (minh họa)", "Cán bộ, Công an tỉnh", "H-HG-CA", {2025: C}, {}, []),
    # Prime Minister's Bằng khen: a provincial Bằng khen, then 5 good years with 3 CSTĐCS.
    (
        "Nguyễn Đức Hạnh (minh họa)",
        "Trưởng phòng, Công an tỉnh",
        "H-HG-CA",
        {2020: G, 2021: E, 2022: G, 2023: E, 2024: G, 2025: E},
        {"bk-tinh": [2020], "cstdcs": [2021, 2023, 2025], "ldtt": [2021, 2022, 2023, 2024, 2025]},
        [
            (2021, Level.GRASSROOTS, "initiative"),
            (2023, Level.GRASSROOTS, "initiative"),
            (2025, Level.GRASSROOTS, "initiative"),
        ],
    ),
    # Xã Lũng Cú: four members, three with LĐTT and one CSTĐCS in 2025.
    (
        "Giàng Mí Sử (minh họa)",
        "Trưởng Công an xã",
        "H-HG-D-DV-01",
        {2023: E, 2024: E, 2025: E},
        {"ldtt": [2023, 2024, 2025], "cstdcs": [2024, 2025]},
        [(2024, Level.GRASSROOTS, "initiative"), (2025, Level.GRASSROOTS, "initiative")],
    ),
    ("Vừ Thị Dính (minh họa)", "Công an viên", "H-HG-D-DV-01", {2025: G}, {"ldtt": [2025]}, []),
    ("Thào Mí Lử (minh họa)", "Công an viên", "H-HG-D-DV-01", {2025: G}, {"ldtt": [2025]}, []),
    ("Sùng Thị Pà (minh họa)", "Công an viên", "H-HG-D-DV-01", {2025: C}, {}, []),
    # Xã Sủng Là: five members, two with LĐTT — not an advanced collective.
    ("Mua Mí Chá (minh họa)", "Trưởng Công an xã", "H-HG-D-DV-02", {2025: G}, {"ldtt": [2025]}, []),
    ("Ly Thị Mai (minh họa)", "Công an viên", "H-HG-D-DV-02", {2025: G}, {"ldtt": [2025]}, []),
    ("Giàng Seo Chính (minh họa)", "Công an viên", "H-HG-D-DV-02", {2025: C}, {}, []),
    # Citizens commended by the police director in S4 (no rating: they are not staff).
    ("Lù Văn Páo (minh họa)", "Người dân thôn Lô Lô Chải", "H-HG-D-DV-01", {}, {}, []),
    ("Hầu Thị Súa (minh họa)", "Trưởng thôn, tổ tự quản", "H-HG-D-MV-01", {}, {}, []),
]

# unit, rating, headcount, all completed, disciplined, serious breach, exceeded targets
UNIT_YEARS = [
    ("H-HG-D-DV-01", E, 4, True, 0, False, True),
    ("H-HG-D-DV-02", G, 5, False, 0, False, False),
    ("P42", E, None, True, 0, False, True),
    ("P24", G, None, True, 0, False, False),
]


def _admin() -> User:
    return User.objects.get(username="admin")


def _person(user: User, units: dict[str, OrgUnit], name: str, position: str, code: str) -> Person:
    found = Person.objects.filter(full_name=name, unit=units[code]).first()
    return found or services.person_create(
        user=user, full_name=name, position=position, unit=units[code]
    )


def load_history(
    user: User, types: dict[str, AwardType], units: dict[str, OrgUnit]
) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for name, position, code, ratings, titles, initiatives in PEOPLE:
        person = _person(user, units, name, position, code)
        people[name] = person
        for year, rating in ratings.items():
            services.person_year_set(user=user, person=person, year=year, rating=rating)
        for award_code, years in titles.items():
            for year in years:
                if not Award.objects.filter(
                    award_type=types[award_code], year=year, person=person
                ).exists():
                    services.award_record_past(
                        user=user,
                        award_type=types[award_code],
                        year=year,
                        person=person,
                        decision_ref=f"(minh họa) quyết định năm {year}",
                        granted_by="(trước khi dùng thidua)",
                    )
        if not person.initiatives.exists():
            for year, level, kind in initiatives:
                services.initiative_add(
                    user=user,
                    person=person,
                    year=year,
                    level=level,
                    kind=kind,
                    title=f"(minh họa) {'Đề tài' if kind == 'research' else 'Sáng kiến'} năm {year}",
                )
    for code, rating, headcount, completed, disciplined, breach, exceeded in UNIT_YEARS:
        services.unit_year_set(
            user=user,
            unit=units[code],
            year=YEAR,
            rating=rating,
            headcount=headcount,
            all_members_completed=completed,
            members_disciplined=disciplined,
            serious_breach=breach,
            exceeded_targets=exceeded,
        )
    return people


def load_s4(
    user: User, types: dict[str, AwardType], units: dict[str, OrgUnit], people: dict[str, Person]
) -> None:
    movement = Movement.objects.filter(code="toan-dan-bao-ve-antq").first()
    review = "Hội nghị tổng kết 10 năm Chương trình phối hợp số 09 (2013-2023), sơ kết 3 năm Kế hoạch số 55 và Chỉ thị số 700 của UBND tỉnh Hà Giang"
    Grant = services.Grant
    decisions = [
        (
            "H-HG-UBND",
            "901/QĐ-UBND",
            "Chủ tịch UBND tỉnh Hà Giang",
            "Nguyễn Văn Sơn",
            [
                Grant(
                    types["bk-tinh"],
                    unit=units["H-HG-D-DV-01"],
                    citation="Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc giai đoạn 2013-2023",
                ),
                Grant(
                    types["bk-tinh"],
                    unit=units["H-HG-D-MV-01"],
                    citation="Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc giai đoạn 2013-2023",
                ),
                Grant(
                    types["bk-tinh"],
                    unit=units["H-HG-D-QB"],
                    citation="Có thành tích xuất sắc trong thực hiện Chương trình phối hợp số 09",
                ),
            ],
        ),
        (
            "H-HG-MTTQ",
            "902/QĐ-MTTQ",
            "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Hà Giang",
            "Hoàng Seo Con",
            [
                Grant(
                    types["bk-mttq"],
                    unit=units["H-HG-D-DV-02"],
                    citation="Có thành tích trong vận động nhân dân tham gia bảo vệ an ninh, trật tự",
                ),
                Grant(
                    types["bk-mttq"],
                    unit=units["H-HG-D-YM"],
                    citation="Có thành tích trong thực hiện Chương trình phối hợp số 09",
                ),
                Grant(
                    types["bk-mttq"],
                    person=people["Hầu Thị Súa (minh họa)"],
                    citation="Có thành tích trong xây dựng tổ tự quản về an ninh, trật tự",
                ),
            ],
        ),
        (
            "H-HG-CA",
            "903/QĐ-CAT",
            "Giám đốc Công an tỉnh Hà Giang",
            "Phan Huy Ngọc",
            [
                Grant(
                    types["giay-khen"],
                    person=people["Sùng Mí Chứ (minh họa)"],
                    citation="Có thành tích trong tham mưu xây dựng phong trào",
                ),
                Grant(
                    types["giay-khen"],
                    person=people["Lù Văn Páo (minh họa)"],
                    citation="Có thành tích tham gia phát hiện, tố giác tội phạm",
                ),
            ],
        ),
    ]
    for code, symbol, title, signer, grants in decisions:
        done = AwardDecision.objects.filter(document__symbol=symbol, authority_unit=units[code])
        if done.exists():
            # A database loaded before numbers were marked: mark them now.
            update_logged(
                Document.objects.filter(award_decision__in=done),
                event="revised",
                illustrative=True,
            )
            continue
        services.decision_create(
            user=user,
            authority_unit=units[code],
            symbol=symbol,
            decided_on=S4_DAY,
            authority_title=title,
            signer=signer,
            place="Hà Giang",
            occasion=Occasion.REVIEW,
            movement=movement,
            reason=review,
            grants=grants,
            year=2023,
            illustrative=True,
        )


def load_nominations(
    user: User, types: dict[str, AwardType], units: dict[str, OrgUnit], people: dict[str, Person]
) -> None:
    """Two dossiers in flight: one from Lũng Cú commune under review at the district, one
    from the provincial police waiting for the provincial chair."""
    chair = GrantingAuthority.objects.filter(
        award_type=types["bk-tinh"], unit_kind__code="people_committee"
    ).first()
    if chair is None:
        return
    flows = [
        (people["Giàng Mí Sử (minh họa)"], "H-HG-D-DV-01", 1),
        (people["Lý Văn Thành (minh họa)"], "H-HG-CA", 9),
    ]
    for person, proposer, steps in flows:
        if Nomination.objects.filter(
            person=person, award_type=types["bk-tinh"], year=YEAR
        ).exists():
            continue
        n = services.nomination_create(
            user=user,
            proposing_unit=units[proposer],
            award_type=types["bk-tinh"],
            year=YEAR,
            person=person,
            authority=chair,
            achievements="(minh họa) Hai năm liền đạt Chiến sĩ thi đua cơ sở (2024, 2025); có sáng kiến "
            "được áp dụng tại cơ sở; tích cực xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc.",
        )
        n = services.nomination_submit(user=user, nomination=n, expected_version=n.version)
        for _ in range(steps - 1):
            if n.status != Nomination.Status.SUBMITTED:
                break
            n = services.nomination_forward(
                user=user, nomination=n, expected_version=n.version, note="Đồng ý đề nghị."
            )


def load() -> None:
    user = _admin()
    types = ensure_catalogue()
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith="H-HG")}
    units.update({u.code: u for u in OrgUnit.objects.filter(code__in=["P42", "P24", "P01", "P08"])})
    people = load_history(user, types, units)
    load_s4(user, types, units, people)
    load_nominations(user, types, units, people)
