"""Demo documents: every document the five seeds cite, and the laws the domain follows.

Only facts read off the seeds and docs/RULES.md; where a seed names a document without its
number and symbol (S4's programme 09, plan 55, directive 700) it is registered by title,
without an invented symbol.
"""

from __future__ import annotations

import datetime as dt

from thidua.documents.models import Document, DocumentRelation
from thidua.documents.services import apply_symbol, find_by_symbol
from thidua.orgunits.models import OrgUnit

D = dt.date
# key: (symbol, year, issued_on, issuers, recipients, title, public, summary)
DOCS: dict[str, tuple] = {
    "35-NQ/TW": (
        "35-NQ/TW",
        2018,
        D(2018, 10, 22),
        ["BCT"],
        [],
        "Nghị quyết về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới",
        True,
        "Nghị quyết của Bộ Chính trị; Hà Tĩnh sơ kết 5 năm thực hiện (S2).",
    ),
    "23-CT/TW": (
        "23-CT/TW",
        2023,
        D(2023, 5, 25),
        ["TW"],
        [],
        "Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác bảo đảm trật tự, an toàn giao thông trong tình hình mới",
        True,
        "",
    ),
    "14-NQ/TU": (
        "14-NQ/TU",
        2023,
        D(2023, 3, 31),
        ["P42-TU"],
        ["P42"],
        "Nghị quyết của Tỉnh ủy Hà Tĩnh (ngày 31/3/2023)",
        False,
        "Được quán triệt tại hội nghị sơ kết (S2).",
    ),
    "15-NQ/TU": (
        "15-NQ/TU",
        2023,
        D(2023, 5, 31),
        ["P42-TU"],
        ["P42"],
        "Nghị quyết của Tỉnh ủy Hà Tĩnh (ngày 31/5/2023)",
        False,
        "Được quán triệt tại hội nghị sơ kết (S2).",
    ),
    "92/KH-BCĐNQ": (
        "92/KH-BCĐNQ",
        2023,
        None,
        ["H-BG-BCDNQ"],
        [
            "H-BG-CA",
            "H-BG-SNGV",
            "H-BG-VP",
            "H-BG-STTTT",
            "H-BG-D-TP",
            "H-BG-D-LN",
            "H-BG-D-LNA",
            "H-BG-D-YT",
            "H-BG-D-HH",
        ],
        "Kế hoạch tổ chức các hoạt động thông tin, tuyên truyền kỷ niệm 75 năm Ngày ra đời Tuyên ngôn Quốc tế Nhân quyền (10/12/1948 - 10/12/2023)",
        False,
        "S1: giao các cơ quan, đơn vị tổ chức hoạt động thông tin, tuyên truyền; treo băng rôn, khẩu hiệu từ 30/11 đến 30/12/2023.",
    ),
    "S3-CTr-2021": (
        "",
        2021,
        None,
        ["P42-BTGTU", "P42-HDND", "P42-UBND"],
        [],
        "Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy, Thường trực HĐND tỉnh và UBND tỉnh giai đoạn 2021 - 2025",
        False,
        "S3: chương trình phối hợp nhiều năm, thực hiện qua các kế hoạch hằng năm.",
    ),
    "84-KH/HDND-BTGTU": (
        "84-KH/HDND-BTGTU",
        2023,
        D(2023, 2, 28),
        ["P42-HDND", "P42-BTGTU"],
        [],
        "Kế hoạch phối hợp năm 2023 giữa Thường trực HĐND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        False,
        "Kế hoạch liên tịch của hai cơ quan ban hành (S3).",
    ),
    "81-KH/UBND-BTGTU": (
        "81-KH/UBND-BTGTU",
        2023,
        D(2023, 2, 28),
        ["P42-UBND", "P42-BTGTU"],
        [],
        "Kế hoạch phối hợp năm 2023 giữa UBND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        False,
        "Kế hoạch liên tịch của hai cơ quan ban hành (S3).",
    ),
    "S3-KH-2024-HDND": (
        "",
        2024,
        None,
        ["P42-HDND", "P42-BTGTU"],
        [],
        "Kế hoạch phối hợp năm 2024 giữa Thường trực HĐND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        False,
        "Ký kết tại hội nghị ngày 23/02/2024 (S3).",
    ),
    "S3-KH-2024-UBND": (
        "",
        2024,
        None,
        ["P42-UBND", "P42-BTGTU"],
        [],
        "Kế hoạch phối hợp năm 2024 giữa UBND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        False,
        "Ký kết tại hội nghị ngày 23/02/2024 (S3).",
    ),
    "S4-CTr-09": (
        "",
        2013,
        None,
        ["BCA", "MTTQ"],
        ["H-HG-CA", "H-HG-MTTQ"],
        "Chương trình phối hợp số 09 giữa Bộ Công an và Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam về đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc",
        False,
        "S4: Hà Giang tổng kết 10 năm thực hiện (2013 - 2023).",
    ),
    "S4-KH-55": (
        "",
        2021,
        None,
        ["H-HG-UBND"],
        ["H-HG"],
        "Kế hoạch hành động số 55 của UBND tỉnh Hà Giang giai đoạn 2021 - 2025",
        False,
        "S4: sơ kết 3 năm thực hiện.",
    ),
    "S4-CT-700": (
        "",
        None,
        None,
        ["H-HG-UBND"],
        ["H-HG"],
        "Chỉ thị số 700 của UBND tỉnh Hà Giang về nâng cao chất lượng, hiệu quả phong trào toàn dân bảo vệ an ninh Tổ quốc",
        False,
        "S4: được quán triệt trong tổng kết phong trào.",
    ),
    "09-CT/TW": (
        "09-CT/TW",
        2011,
        D(2011, 12, 1),
        ["TW"],
        [],
        "Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với phong trào toàn dân bảo vệ an ninh Tổ quốc trong tình hình mới",
        True,
        "",
    ),
    "44-KL/TW": (
        "44-KL/TW",
        2019,
        D(2019, 1, 22),
        ["TW"],
        [],
        "Kết luận về tiếp tục thực hiện Chỉ thị số 09-CT/TW về tăng cường sự lãnh đạo của Đảng đối với phong trào toàn dân bảo vệ an ninh Tổ quốc trong tình hình mới",
        True,
        "S5: kế hoạch phong trào toàn quốc thực hiện Kết luận này.",
    ),
    "S5-KH": (
        "",
        2019,
        None,
        ["BCA"],
        ["HDTDKT"],
        'Kế hoạch triển khai phong trào thi đua "Toàn dân bảo vệ an ninh Tổ quốc" thực hiện Kết luận số 44-KL/TW',
        True,
        "S5: sáu nội dung, năm nhóm đối tượng với tiêu chí riêng; báo cáo hằng năm trước ngày 30/11.",
    ),
    "06/2022/QH15": (
        "06/2022/QH15",
        2022,
        D(2022, 6, 15),
        ["VN"],
        [],
        "Luật Thi đua, khen thưởng",
        True,
        "Có hiệu lực từ ngày 01/01/2024.",
    ),
    "30/2020/NĐ-CP": (
        "30/2020/NĐ-CP",
        2020,
        D(2020, 3, 5),
        ["CP"],
        [],
        "Nghị định về công tác văn thư",
        True,
        "Thể thức văn bản, số và ký hiệu.",
    ),
    "09/2019/NĐ-CP": (
        "09/2019/NĐ-CP",
        2019,
        D(2019, 1, 24),
        ["CP"],
        [],
        "Nghị định quy định về chế độ báo cáo của cơ quan hành chính nhà nước",
        True,
        "Chế độ báo cáo, chốt số liệu.",
    ),
    "152/2025/NĐ-CP": (
        "152/2025/NĐ-CP",
        2025,
        None,
        ["CP"],
        [],
        "Nghị định quy định chi tiết Luật Thi đua, khen thưởng (từ 1/7/2025, thay thế Nghị định 98/2023/NĐ-CP)",
        True,
        "",
    ),
}
RELATIONS = [
    ("44-KL/TW", "09-CT/TW", DocumentRelation.Kind.BASED_ON),
    ("S5-KH", "44-KL/TW", DocumentRelation.Kind.IMPLEMENTS),
    ("S5-KH", "09-CT/TW", DocumentRelation.Kind.IMPLEMENTS),
    ("84-KH/HDND-BTGTU", "S3-CTr-2021", DocumentRelation.Kind.IMPLEMENTS),
    ("81-KH/UBND-BTGTU", "S3-CTr-2021", DocumentRelation.Kind.IMPLEMENTS),
    ("S3-KH-2024-HDND", "S3-CTr-2021", DocumentRelation.Kind.IMPLEMENTS),
    ("S3-KH-2024-UBND", "S3-CTr-2021", DocumentRelation.Kind.IMPLEMENTS),
    ("S4-KH-55", "S4-CTr-09", DocumentRelation.Kind.IMPLEMENTS),
    ("152/2025/NĐ-CP", "06/2022/QH15", DocumentRelation.Kind.BASED_ON),
]


def demo_document(key: str) -> Document:
    """The demo document registered under ``key`` (a symbol, or a title key for the
    documents the seeds cite without a symbol). Other apps' demo loaders use this."""
    symbol, year, title = DOCS[key][0], DOCS[key][1], DOCS[key][5]
    if symbol:
        doc = find_by_symbol(symbol, year=year)
    else:
        doc = Document.objects.filter(title=title, symbol="").first()
    if doc is None:
        raise LookupError(f"Demo document {key} is not loaded.")
    return doc


def load() -> None:
    units = {u.code: u for u in OrgUnit.objects.all().only("pk", "code")}
    by_key: dict[str, Document] = {}
    for key, (symbol, year, issued_on, issuers, recipients, title, public, summary) in DOCS.items():
        doc = (
            find_by_symbol(symbol, year=year)
            if symbol
            else Document.objects.filter(title=title, symbol="").first()
        )
        doc = doc or Document(symbol=symbol)
        doc.title, doc.year, doc.issued_on = title, year, issued_on
        doc.is_public, doc.summary = public, summary
        apply_symbol(doc)
        doc.save()
        doc.issuing_units.set([units[c] for c in issuers])
        doc.recipient_units.set([units[c] for c in recipients])
        by_key[key] = doc
    for source, target, kind in RELATIONS:
        DocumentRelation.objects.get_or_create(
            source=by_key[source], target=by_key[target], kind=kind
        )
