"""The award catalogue of docs/RULES.md §2 as data: award types, rules, cash multiples, powers.

``ensure_catalogue()`` creates what is missing and never overwrites an administrator's
later edits (get-or-create by code). Loaded by the demo and by the
``load_award_catalogue`` command on a fresh installation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.awards.models import AwardType, GrantingAuthority, Level, RecipientKind
from thidua.orgunits.models import OrgUnit, UnitKind

DISTRICTS_ABOLISHED = dt.date(2025, 6, 30)  # last day of district-level powers
LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
# Said to officers on the catalogue page: the law texts of docs/RULES.md §2 give no cash
# multiple for these awards.
CASH_NOTE = "Hệ số tiền thưởng chưa có trong văn bản đã đối chiếu: do quản trị viên thiết lập."

IND, C, B = RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE, RecipientKind.BOTH
T, K, F = AwardType.Category.TITLE, AwardType.Category.COMMENDATION, AwardType.Category.FLAG

# code: (name, English, short, category, recipient, level, cash, rule, params, verified,
# criteria in Vietnamese: what an officer reads on the catalogue page)
TYPES: dict[str, tuple] = {
    "ldtt": (
        "Lao động tiên tiến / Chiến sĩ tiên tiến",
        "Advanced worker / advanced soldier",
        "LĐTT",
        T,
        IND,
        Level.GRASSROOTS,
        "0.3",
        "ltt",
        {"min_rating": "good"},
        True,
        "Hoàn thành tốt nhiệm vụ trở lên; tích cực tham gia phong trào thi đua (tiêu chuẩn cụ thể do bộ, ngành, tỉnh quy định).",
    ),
    "cstdcs": (
        "Chiến sĩ thi đua cơ sở",
        "Grassroots emulation fighter",
        "CSTĐCS",
        T,
        IND,
        Level.GRASSROOTS,
        "1",
        "cstdcs",
        {"title": "ldtt", "initiative_level": "grassroots"},
        True,
        "Đạt danh hiệu LĐTT và một trong các tiêu chuẩn: hoàn thành xuất sắc nhiệm vụ; có sáng kiến được công nhận ở cấp cơ sở; có đề tài nghiên cứu được nghiệm thu và áp dụng.",
    ),
    "cstd-tinh": (
        "Chiến sĩ thi đua cấp bộ, ngành, tỉnh",
        "Ministry-, branch- or province-level emulation fighter",
        "CSTĐ cấp bộ, ngành, tỉnh",
        T,
        IND,
        Level.MINISTRY_PROVINCE,
        "3",
        "consecutive",
        {"title": "cstdcs", "years": 3, "initiative_level": "ministry_province"},
        False,
        "Được chọn trong số những người 3 lần liên tục đạt CSTĐCS, có sáng kiến có phạm vi ảnh hưởng ở cấp bộ, ngành, tỉnh (chưa đối chiếu với văn bản năm 2022).",
    ),
    "cstd-tq": (
        "Chiến sĩ thi đua toàn quốc",
        "National emulation fighter",
        "CSTĐ toàn quốc",
        T,
        IND,
        Level.NATIONAL,
        "4.5",
        "consecutive",
        {"title": "cstd-tinh", "years": 2, "initiative_level": "national"},
        True,
        "2 lần liên tục đạt CSTĐ cấp bộ, ngành, tỉnh và có sáng kiến có phạm vi ảnh hưởng toàn quốc.",
    ),
    "ttldtt": (
        "Tập thể lao động tiên tiến",
        "Advanced collective",
        "TTLĐTT",
        T,
        C,
        Level.GRASSROOTS,
        "0.8",
        "ttldtt",
        {"min_rating": "good", "min_ltt_percent": 50},
        False,
        "Hoàn thành tốt nhiệm vụ; trên 50% thành viên đạt LĐTT; không có thành viên bị kỷ luật từ khiển trách trở lên (theo quy định năm 2013).",
    ),
    "ttldxs": (
        "Tập thể lao động xuất sắc",
        "Excellent collective",
        "TTLĐXS",
        T,
        C,
        Level.MINISTRY_PROVINCE,
        "1.5",
        "ttldxs",
        {"min_ltt_percent": 70, "min_cstdcs": 1},
        True,
        "Hoàn thành xuất sắc nhiệm vụ; 100% thành viên hoàn thành nhiệm vụ, trong đó ít nhất 70% đạt LĐTT; có ít nhất một CSTĐCS; không có vi phạm nghiêm trọng.",
    ),
    "co-tinh": (
        "Cờ thi đua cấp bộ, ngành, tỉnh",
        "Ministry or provincial emulation flag",
        "Cờ thi đua tỉnh",
        F,
        C,
        Level.MINISTRY_PROVINCE,
        "0",
        "flag",
        {"top_n": 1, "requires_exceeded_targets": True},
        True,
        "Tập thể tiêu biểu xuất sắc, dẫn đầu cụm, khối thi đua, hoàn thành vượt mức chỉ tiêu. "
        + CASH_NOTE,
    ),
    "co-cp": (
        "Cờ thi đua của Chính phủ",
        "Government emulation flag",
        "Cờ thi đua Chính phủ",
        F,
        C,
        Level.NATIONAL,
        "12",
        "flag",
        {"top_n": 1, "requires_exceeded_targets": True},
        True,
        "Tập thể tiêu biểu xuất sắc, dẫn đầu các cụm, khối thi đua trong toàn quốc, hoàn thành vượt mức chỉ tiêu.",
    ),
    "giay-khen": (
        "Giấy khen",
        "Certificate of commendation",
        "Giấy khen",
        K,
        B,
        Level.GRASSROOTS,
        "0",
        "merit",
        {"min_rating": ""},
        False,
        "Do thủ trưởng cơ quan, đơn vị, Chủ tịch UBND cấp xã hoặc giám đốc doanh nghiệp tặng cho thành tích do mình đánh giá. "
        + CASH_NOTE,
    ),
    "bk-tinh": (
        "Bằng khen cấp bộ, ngành, tỉnh",
        "Certificate of merit of a minister or provincial chair",
        "Bằng khen cấp bộ, ngành, tỉnh",
        K,
        B,
        Level.MINISTRY_PROVINCE,
        "0",
        "bk",
        {
            "title": "cstdcs",
            "title_years": 2,
            "excellent_years": 2,
            "initiatives": 2,
            "initiative_level": "grassroots",
            "collective_excellent_years": 2,
        },
        True,
        "Một trong các trường hợp: tiêu biểu trong phong trào thi đua do cấp bộ, ngành, tỉnh phát động; có thành tích đột xuất có phạm vi ảnh hưởng; có đóng góp lớn; 2 lần liên tục đạt CSTĐCS, hoặc từ 2 năm liên tục trở lên hoàn thành xuất sắc nhiệm vụ và có 2 sáng kiến được áp dụng ở cấp cơ sở. "
        + CASH_NOTE,
    ),
    "bk-ttg": (
        "Bằng khen của Thủ tướng Chính phủ",
        "Certificate of merit of the Prime Minister",
        "Bằng khen Thủ tướng",
        K,
        IND,
        Level.NATIONAL,
        "0",
        "bk_pm",
        {"prerequisite": ["bk-tinh"], "years": 5, "title": "cstdcs", "title_count": 3},
        True,
        "Đã được tặng Bằng khen cấp bộ, ngành, tỉnh, sau đó từ 5 năm liên tục trở lên hoàn thành tốt nhiệm vụ trở lên, trong đó có 3 lần đạt CSTĐCS. "
        + CASH_NOTE,
    ),
    "bk-mttq": (
        "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh",
        "Certificate of merit of the provincial Fatherland Front",
        "Bằng khen MTTQ tỉnh",
        K,
        B,
        Level.MINISTRY_PROVINCE,
        "0",
        "merit",
        {"min_rating": ""},
        False,
        "Do Chủ tịch Ủy ban MTTQ Việt Nam tỉnh tặng cho tập thể, cá nhân (S4); tiêu chuẩn do Mặt trận quy định. "
        + CASH_NOTE,
    ),
}
ORDER = list(TYPES)

# (award code, title, unit code or None, unit kind code or None, valid_to)
AUTHORITIES: list[tuple[str, str, str | None, str | None, dt.date | None]] = [
    *[
        (code, title, None, kind, None)
        for code in ("ldtt", "cstdcs", "ttldtt", "giay-khen")
        for title, kind in (
            ("Thủ trưởng sở, ban, ngành", "department"),
            ("Thủ trưởng cơ quan, đơn vị", "agency"),
            ("Giám đốc doanh nghiệp", "enterprise"),
            ("Giám đốc Công an tỉnh", "police"),
        )
    ],
    *[(code, "Chủ tịch UBND cấp xã", None, "commune", None) for code in ("ldtt", "giay-khen")],
    *[
        (code, "Chủ tịch UBND cấp huyện (đến 30/6/2025)", None, "district", DISTRICTS_ABOLISHED)
        for code in ("ldtt", "cstdcs", "ttldtt", "giay-khen")
    ],
    *[
        (code, "Chủ tịch UBND tỉnh", None, "people_committee", None)
        for code in ("cstd-tinh", "ttldxs", "co-tinh", "bk-tinh")
    ],
    *[
        (code, "Bộ trưởng, Thủ trưởng ngành trung ương", None, "ministry", None)
        for code in ("cstdcs", "cstd-tinh", "ttldxs", "co-tinh", "bk-tinh")
    ],
    ("bk-mttq", "Chủ tịch Ủy ban MTTQ tỉnh", None, "front", None),
    *[(code, "Thủ tướng Chính phủ", "TTG", None, None) for code in ("cstd-tq", "co-cp", "bk-ttg")],
]


def ensure_catalogue() -> dict[str, AwardType]:
    types: dict[str, AwardType] = {}
    for order, (code, row) in enumerate(TYPES.items(), start=1):
        name, name_en, short, category, kind, level, cash, rule, params, verified, text = row
        types[code], _created = AwardType.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                name_en=name_en,
                short=short,
                category=category,
                recipient_kind=kind,
                level=level,
                cash_multiple=Decimal(cash),
                rule_kind=rule,
                rule_params=params,
                verified=verified,
                rule_text=text,
                legal_basis=LAW,
                order=order * 10,
            ),
        )
    kinds = {k.code: k for k in UnitKind.objects.all()}
    units = {
        u.code: u for u in OrgUnit.objects.filter(code__in={a[2] for a in AUTHORITIES if a[2]})
    }
    for code, title, unit_code, kind_code, valid_to in AUTHORITIES:
        unit = units.get(unit_code) if unit_code else None
        kind = kinds.get(kind_code) if kind_code else None
        if unit is None and kind is None:
            continue  # the tree of this installation has no such unit or kind
        GrantingAuthority.objects.get_or_create(
            award_type=types[code],
            title=title,
            unit=unit,
            unit_kind=kind,
            defaults={"valid_to": valid_to, "legal_basis": "Art. 80, " + LAW},
        )
    return types
