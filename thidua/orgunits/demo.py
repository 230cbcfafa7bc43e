"""Demo units: central bodies and the bodies named in the five seed scenarios.

Codes here are referenced by the other apps' demo loaders and by tests (see
``thidua/conftest.py``); change them together. Bắc Giang and Hà Giang ceased to exist
on 1 July 2025 (merged into Bắc Ninh and Tuyên Quang): they are kept as historical
units with their successor, because the seeds (2023) speak of them.
"""

from __future__ import annotations

import datetime as dt

from thidua.orgunits.models import OrgUnit, UnitKind
from thidua.orgunits.reference import ensure_kind, ensure_nation, load_vietnam_units

REFORM_DAY = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DAY - dt.timedelta(days=1)

# code: (name, English name, Thai spellings used in the seeds)
EXTRA_KINDS = {
    "party_body": ("Cơ quan Đảng", "Party body"),
    "government": ("Cơ quan hành chính nhà nước", "Government body"),
    "ministry": ("Bộ, ngành trung ương", "Ministry or central branch"),
    "council": ("Hội đồng", "Council"),
    "front": ("Mặt trận Tổ quốc, đoàn thể", "Front or socio-political organisation"),
    "people_council": ("Hội đồng nhân dân", "People's Council"),
    "people_committee": ("Ủy ban nhân dân", "People's Committee"),
    "department": ("Sở, ban, ngành", "Department"),
    "police": ("Công an", "Police"),
    "steering_committee": ("Ban Chỉ đạo", "Steering committee"),
    "district": ("Huyện, thành phố thuộc tỉnh (đến 30/6/2025)", "District (until 30 Jun 2025)"),
    "agency": ("Cơ quan, đơn vị", "Agency"),
    "enterprise": ("Doanh nghiệp", "Enterprise"),
    "school": ("Trường học", "School"),
}

# (code, parent code, kind, name, English name, aliases, valid_to)
Row = tuple[str, str, str, str, str, list[str], dt.date | None]
CENTRAL: list[Row] = [
    (
        "TW",
        "VN",
        "party_body",
        "Ban Chấp hành Trung ương Đảng",
        "Party Central Committee",
        ["BCH TW", "คณะกรรมการกลางพรรค"],
        None,
    ),
    ("BCT", "TW", "party_body", "Bộ Chính trị", "Politburo", ["โปลิตบูโร"], None),
    ("CP", "VN", "government", "Chính phủ", "Government", ["รัฐบาล"], None),
    (
        "TTG",
        "CP",
        "government",
        "Thủ tướng Chính phủ",
        "Prime Minister",
        ["TTg", "นายกรัฐมนตรี"],
        None,
    ),
    (
        "BCA",
        "CP",
        "ministry",
        "Bộ Công an",
        "Ministry of Public Security",
        ["กระทรวงความมั่นคงสาธารณะ"],
        None,
    ),
    (
        "BCA-V05",
        "BCA",
        "agency",
        "Cục Công tác đảng và công tác chính trị (V05)",
        "Department of Party and Political Work",
        ["V05"],
        None,
    ),
    ("BNV", "CP", "ministry", "Bộ Nội vụ", "Ministry of Home Affairs", ["กระทรวงมหาดไทย"], None),
    (
        "BTDKT",
        "BNV",
        "agency",
        "Ban Thi đua - Khen thưởng Trung ương",
        "Central Emulation and Commendation Committee",
        [],
        None,
    ),
    (
        "HDTDKT",
        "VN",
        "council",
        "Hội đồng Thi đua - Khen thưởng Trung ương",
        "Central Emulation and Commendation Council",
        ["สภาการแข่งขันและยกย่องชมเชยกลาง"],
        None,
    ),
    ("BQP", "CP", "ministry", "Bộ Quốc phòng", "Ministry of National Defence", [], None),
    (
        "BGDDT",
        "CP",
        "ministry",
        "Bộ Giáo dục và Đào tạo",
        "Ministry of Education and Training",
        [],
        None,
    ),
    ("BYT", "CP", "ministry", "Bộ Y tế", "Ministry of Health", [], None),
    ("BTC", "CP", "ministry", "Bộ Tài chính", "Ministry of Finance", [], None),
    ("BNG", "CP", "ministry", "Bộ Ngoại giao", "Ministry of Foreign Affairs", [], None),
    ("BTP", "CP", "ministry", "Bộ Tư pháp", "Ministry of Justice", [], None),
    (
        "BVHTTDL",
        "CP",
        "ministry",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Ministry of Culture, Sports and Tourism",
        [],
        None,
    ),
    (
        "MTTQ",
        "VN",
        "front",
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Central Committee of the Viet Nam Fatherland Front",
        ["แนวร่วมปิตุภูมิเวียดนาม"],
        None,
    ),
    (
        "TLD",
        "MTTQ",
        "front",
        "Tổng Liên đoàn Lao động Việt Nam",
        "Viet Nam General Confederation of Labour",
        [],
        None,
    ),
    (
        "DTN",
        "MTTQ",
        "front",
        "Trung ương Đoàn TNCS Hồ Chí Minh",
        "Ho Chi Minh Communist Youth Union",
        [],
        None,
    ),
    ("HLHPN", "MTTQ", "front", "Hội Liên hiệp Phụ nữ Việt Nam", "Viet Nam Women's Union", [], None),
    ("HND", "MTTQ", "front", "Hội Nông dân Việt Nam", "Viet Nam Farmers' Union", [], None),
    (
        "HCCB",
        "MTTQ",
        "front",
        "Hội Cựu chiến binh Việt Nam",
        "Viet Nam Veterans' Association",
        [],
        None,
    ),
    ("VNPT", "VN", "enterprise", "Tập đoàn Bưu chính Viễn thông Việt Nam", "VNPT Group", [], None),
]

_END = LAST_DAY_BEFORE_REFORM
# S1 — Bắc Giang (until 30 Jun 2025; merged into Bắc Ninh, P24).
BAC_GIANG: list[Row] = [
    (
        "H-BG",
        "VN",
        "province",
        "Tỉnh Bắc Giang",
        "Bac Giang province",
        ["Bắc Giang", "Bac Giang", "บั๊กซาง", "บักซาง", "บัคซาง"],
        _END,
    ),
    (
        "H-BG-TU",
        "H-BG",
        "party_body",
        "Tỉnh ủy Bắc Giang",
        "Bac Giang Provincial Party Committee",
        ["TU Bắc Giang"],
        _END,
    ),
    (
        "H-BG-BTGTU",
        "H-BG-TU",
        "party_body",
        "Ban Tuyên giáo Tỉnh ủy Bắc Giang",
        "Bac Giang Party Propaganda Department",
        ["BTGTU", "กรมโฆษณาชวนเชื่อ"],
        _END,
    ),
    (
        "H-BG-BCDNQ",
        "H-BG",
        "steering_committee",
        "Ban Chỉ đạo Nghị quyết (BCĐNQ) tỉnh Bắc Giang",
        "Bac Giang provincial steering committee",
        ["BCĐNQ", "คณะกรรมการอำนวยการ"],
        _END,
    ),
    (
        "H-BG-UBND",
        "H-BG",
        "people_committee",
        "Ủy ban nhân dân tỉnh Bắc Giang",
        "Bac Giang Provincial People's Committee",
        ["UBND tỉnh Bắc Giang", "คณะกรรมการประชาชนจังหวัด"],
        _END,
    ),
    (
        "H-BG-VP",
        "H-BG-UBND",
        "agency",
        "Văn phòng UBND tỉnh Bắc Giang",
        "Office of the Bac Giang Provincial People's Committee",
        ["สำนักงานคณะกรรมการประชาชนจังหวัด"],
        _END,
    ),
    (
        "H-BG-CA",
        "H-BG",
        "police",
        "Công an tỉnh Bắc Giang",
        "Bac Giang Provincial Police",
        ["ตำรวจภูธรจังหวัด", "ตำรวจจังหวัด"],
        _END,
    ),
    (
        "H-BG-SNGV",
        "H-BG-UBND",
        "department",
        "Sở Ngoại vụ tỉnh Bắc Giang",
        "Bac Giang Department of Foreign Affairs",
        ["กรมการต่างประเทศ"],
        _END,
    ),
    (
        "H-BG-STTTT",
        "H-BG-UBND",
        "department",
        "Sở Thông tin và Truyền thông tỉnh Bắc Giang",
        "Bac Giang Department of Information and Communications",
        ["กรมสารสนเทศและการสื่อสาร"],
        _END,
    ),
    (
        "H-BG-SVHTTDL",
        "H-BG-UBND",
        "department",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Giang",
        "Bac Giang Department of Culture, Sports and Tourism",
        [],
        _END,
    ),
    (
        "H-BG-SGDDT",
        "H-BG-UBND",
        "department",
        "Sở Giáo dục và Đào tạo tỉnh Bắc Giang",
        "Bac Giang Department of Education and Training",
        [],
        _END,
    ),
    ("H-BG-D-TP", "H-BG", "district", "Thành phố Bắc Giang", "Bac Giang city", [], _END),
    ("H-BG-D-LN", "H-BG", "district", "Huyện Lục Ngạn", "Luc Ngan district", [], _END),
    ("H-BG-D-LNA", "H-BG", "district", "Huyện Lục Nam", "Luc Nam district", [], _END),
    ("H-BG-D-YT", "H-BG", "district", "Huyện Yên Thế", "Yen The district", [], _END),
    ("H-BG-D-HH", "H-BG", "district", "Huyện Hiệp Hòa", "Hiep Hoa district", [], _END),
]
# S2 and S3 — Hà Tĩnh (current province P42; its districts until 30 Jun 2025).
HA_TINH: list[Row] = [
    (
        "P42-TU",
        "P42",
        "party_body",
        "Tỉnh ủy Hà Tĩnh",
        "Ha Tinh Provincial Party Committee",
        ["คณะกรรมการพรรคประจำจังหวัด"],
        None,
    ),
    (
        "P42-BCD35",
        "P42-TU",
        "steering_committee",
        "Ban Chỉ đạo 35 tỉnh Hà Tĩnh",
        "Ha Tinh Steering Committee 35",
        ["BCĐ 35", "คณะกรรมการอำนวยการ 35"],
        None,
    ),
    (
        "P42-BTGTU",
        "P42-TU",
        "party_body",
        "Ban Tuyên giáo Tỉnh ủy Hà Tĩnh",
        "Ha Tinh Party Propaganda Department",
        ["BTGTU", "กรมโฆษณาชวนเชื่อของคณะกรรมการพรรคประจำจังหวัด"],
        None,
    ),
    (
        "P42-HDND",
        "P42",
        "people_council",
        "Hội đồng nhân dân tỉnh Hà Tĩnh",
        "Ha Tinh Provincial People's Council",
        ["HĐND tỉnh", "สภาประชาชนจังหวัด"],
        None,
    ),
    (
        "P42-UBND",
        "P42",
        "people_committee",
        "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "Ha Tinh Provincial People's Committee",
        ["UBND tỉnh", "คณะกรรมการประชาชนจังหวัด"],
        None,
    ),
    ("P42-CA", "P42", "police", "Công an tỉnh Hà Tĩnh", "Ha Tinh Provincial Police", [], None),
    (
        "P42-STP",
        "P42-UBND",
        "department",
        "Sở Tư pháp tỉnh Hà Tĩnh",
        "Ha Tinh Department of Justice",
        [],
        None,
    ),
    (
        "P42-SXD",
        "P42-UBND",
        "department",
        "Sở Xây dựng tỉnh Hà Tĩnh",
        "Ha Tinh Department of Construction",
        [],
        None,
    ),
    (
        "P42-SNNMT",
        "P42-UBND",
        "department",
        "Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh",
        "Ha Tinh Department of Agriculture and Environment",
        [],
        None,
    ),
    ("P42-D-HS", "P42", "district", "Huyện Hương Sơn", "Huong Son district", [], _END),
    ("P42-D-CL", "P42", "district", "Huyện Can Lộc", "Can Loc district", [], _END),
    ("P42-D-KA", "P42", "district", "Huyện Kỳ Anh", "Ky Anh district", [], _END),
    (
        "P42-D-HS-BCD35",
        "P42-D-HS",
        "steering_committee",
        "Ban Chỉ đạo 35 huyện Hương Sơn",
        "Huong Son Steering Committee 35",
        [],
        _END,
    ),
    (
        "P42-D-CL-BCD35",
        "P42-D-CL",
        "steering_committee",
        "Ban Chỉ đạo 35 huyện Can Lộc",
        "Can Loc Steering Committee 35",
        [],
        _END,
    ),
    (
        "P42-D-KA-BCD35",
        "P42-D-KA",
        "steering_committee",
        "Ban Chỉ đạo 35 huyện Kỳ Anh",
        "Ky Anh Steering Committee 35",
        [],
        _END,
    ),
]
# S4 — Hà Giang (until 30 Jun 2025; merged into Tuyên Quang, P08).
HA_GIANG: list[Row] = [
    (
        "H-HG",
        "VN",
        "province",
        "Tỉnh Hà Giang",
        "Ha Giang province",
        ["Hà Giang", "Ha Giang", "ห่าซาง", "ฮาซาง", "ห่าเกียง"],
        _END,
    ),
    (
        "H-HG-UBND",
        "H-HG",
        "people_committee",
        "Ủy ban nhân dân tỉnh Hà Giang",
        "Ha Giang Provincial People's Committee",
        ["คณะกรรมการประชาชนจังหวัด"],
        _END,
    ),
    (
        "H-HG-CA",
        "H-HG",
        "police",
        "Công an tỉnh Hà Giang",
        "Ha Giang Provincial Police",
        ["ตำรวจภูธรจังหวัด"],
        _END,
    ),
    (
        "H-HG-MTTQ",
        "H-HG",
        "front",
        "Ủy ban MTTQ Việt Nam tỉnh Hà Giang",
        "Ha Giang Fatherland Front Committee",
        ["แนวร่วมปิตุภูมิจังหวัด"],
        _END,
    ),
]
# Districts of Hà Giang and a few of their communes (names as they were before 2025).
HA_GIANG_COMMUNES = {
    "HSP": ("Huyện Hoàng Su Phì", ["Thông Nguyên", "Nậm Dịch", "Hồ Thầu", "Pố Lồ"]),
    "DV": ("Huyện Đồng Văn", ["Lũng Cú", "Sủng Là", "Phố Bảng", "Lũng Táo"]),
    "MV": ("Huyện Mèo Vạc", ["Pả Vi", "Xín Cái", "Sơn Vĩ", "Giàng Chu Phìn"]),
    "QB": ("Huyện Quản Bạ", ["Quyết Tiến", "Tùng Vài", "Cán Tỷ", "Thái An"]),
    "YM": ("Huyện Yên Minh", ["Mậu Duệ", "Lao Và Chải", "Du Già", "Ngọc Long"]),
    "VX": ("Huyện Vị Xuyên", ["Thanh Thủy", "Minh Tân", "Phú Linh", "Thuận Hòa"]),
    "XM": ("Huyện Xín Mần", ["Cốc Pài", "Nấm Dẩn", "Chế Là", "Quảng Nguyên"]),
    "BM": ("Huyện Bắc Mê", ["Yên Phong", "Minh Ngọc", "Lạc Nông", "Đường Âm"]),
    "BQ": ("Huyện Bắc Quang", ["Vĩnh Tuy", "Tân Quang", "Hùng An", "Đồng Yên"]),
    "QBI": ("Huyện Quang Bình", ["Yên Bình", "Tân Trịnh", "Xuân Giang", "Bằng Lang"]),
    "TP": ("Thành phố Hà Giang", ["Minh Khai", "Ngọc Đường", "Phương Thiện", "Trần Phú"]),
}


def hagiang_rows() -> list[Row]:
    rows: list[Row] = []
    for dcode, (dname, communes) in HA_GIANG_COMMUNES.items():
        district = f"H-HG-D-{dcode}"
        rows.append((district, "H-HG", "district", dname, "", [], _END))
        for i, cname in enumerate(communes, start=1):
            prefix = "Phường" if dcode == "TP" else "Xã"
            rows.append(
                (f"{district}-{i:02d}", district, "commune", f"{prefix} {cname}", "", [], _END)
            )
    return rows


# How the seed bodies sign their documents (thidua.core.wordlayout): code: (abbreviation in
# document numbers, superior body's code, title of its head, collective that signs). An
# empty value falls back to the rule of the unit's kind (wordlayout.issuers.KIND_STYLES).
# A provincial police is under the Ministry of Public Security (its documents' header
# names it); abbreviations are those the bodies print ("903/QĐ-CAT", "92/KH-BCĐNQ").
# The heads whose names the demo's documents print (the signers of its decisions).
HEAD_NAMES = {
    "H-HG-UBND": "Nguyễn Văn Sơn",
    "H-HG-CA": "Phan Huy Ngọc",
    "H-HG-MTTQ": "Hoàng Seo Con",
}

DOCUMENT_STYLE: dict[str, tuple[str, str, str, str]] = {
    "BCA": ("BCA", "", "Bộ trưởng", ""),
    "BNV": ("BNV", "", "Bộ trưởng", ""),
    "BTDKT": ("BTĐKT", "", "Trưởng ban", ""),
    "HDTDKT": ("HĐTĐKT", "", "Chủ tịch", "Hội đồng"),
    "H-BG-TU": ("TU", "", "Bí thư", "Ban Thường vụ"),
    "H-BG-BTGTU": ("BTGTU", "", "Trưởng ban", ""),
    "H-BG-BCDNQ": ("BCĐNQ", "", "Trưởng ban", "Ban Chỉ đạo"),
    "H-BG-UBND": ("UBND", "", "Chủ tịch", "Ủy ban nhân dân"),
    "H-BG-VP": ("VP", "", "Chánh Văn phòng", ""),
    "H-BG-CA": ("CAT", "BCA", "Giám đốc", ""),
    "H-BG-SNGV": ("SNgV", "", "Giám đốc", ""),
    "H-BG-STTTT": ("STTTT", "", "Giám đốc", ""),
    "H-BG-SVHTTDL": ("SVHTTDL", "", "Giám đốc", ""),
    "H-BG-SGDDT": ("SGDĐT", "", "Giám đốc", ""),
    "P42-TU": ("TU", "", "Bí thư", "Ban Thường vụ"),
    "P42-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "P42-BTGTU": ("BTGTU", "", "Trưởng ban", ""),
    "P42-HDND": ("HĐND", "", "Chủ tịch", "Thường trực Hội đồng nhân dân"),
    "P42-UBND": ("UBND", "", "Chủ tịch", "Ủy ban nhân dân"),
    "P42-CA": ("CAT", "BCA", "Giám đốc", ""),
    "P42-STP": ("STP", "", "Giám đốc", ""),
    "P42-SXD": ("SXD", "", "Giám đốc", ""),
    "P42-SNNMT": ("SNNMT", "", "Giám đốc", ""),
    "P42-D-HS-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "P42-D-CL-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "P42-D-KA-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "H-HG-UBND": ("UBND", "", "Chủ tịch", "Ủy ban nhân dân"),
    "H-HG-CA": ("CAT", "BCA", "Giám đốc", ""),
    "H-HG-MTTQ": ("MTTQ", "", "Chủ tịch", "Ban Thường trực"),
}


# Successors of the historical provinces (current province codes from vietnam-provinces).
SUCCESSORS = {"H-BG": "P24", "H-HG": "P08"}


def _ensure(rows: list[Row], kinds: dict[str, UnitKind], by_code: dict[str, OrgUnit]) -> None:
    for code, parent_code, kind, name, name_en, aliases, valid_to in rows:
        unit = by_code.get(code) or OrgUnit.objects.filter(code=code).first()
        parent = by_code.get(parent_code) or OrgUnit.objects.get(code=parent_code)
        if unit is None:
            unit = OrgUnit(code=code, parent=parent)
        unit.name, unit.name_en, unit.aliases = name, name_en, aliases
        unit.kind = kinds[kind]
        unit.valid_to = valid_to
        unit.save()
        by_code[code] = unit


def load(*, with_communes: bool = True) -> None:
    """Idempotent: the reference tree, central bodies and seed bodies."""
    load_vietnam_units(with_communes=with_communes)
    ensure_nation()
    kinds = {c: ensure_kind(c, n, en) for c, (n, en) in EXTRA_KINDS.items()}
    kinds.update({k.code: k for k in UnitKind.objects.all()})
    by_code: dict[str, OrgUnit] = {}
    _ensure(CENTRAL + BAC_GIANG + HA_TINH + HA_GIANG + hagiang_rows(), kinds, by_code)
    for old, new in SUCCESSORS.items():
        unit = by_code[old]
        unit.successor = OrgUnit.objects.get(code=new)
        unit.save()
    for code, (abbreviation, superior, head, collective) in DOCUMENT_STYLE.items():
        unit = by_code[code]
        unit.abbreviation, unit.head_title, unit.collective_name = abbreviation, head, collective
        unit.head_name = HEAD_NAMES.get(code, "")
        unit.superior_body = by_code[superior] if superior else None
        unit.save()
