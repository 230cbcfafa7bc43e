"""Demo: S5's national movement with contents, criteria, pledges, evaluations and rankings,
and S2's essay contest in Hà Tĩnh with its rounds, figures and prizes.

Facts come from the seeds (six contents; five subject groups with 4, 4, 4, 2 and 2
criteria; 7,671 entries in 2023 with 66 sent to the central round; one A prize and one
consolation prize in 2022). Scores, pledges' wording and individually registered entries
are illustrations, marked as such. Idempotent: every write is an upsert or is skipped
when present.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.accounts.models import User
from thidua.emulation import services
from thidua.emulation.models import Contest, Criterion, Evaluation, Movement, MovementGroup
from thidua.orgunits.models import OrgUnit

MOVEMENT_CODE = "toan-dan-bao-ve-antq"
MOVEMENT_NAME = "Toàn dân bảo vệ an ninh Tổ quốc"
YEAR = 2025

CONTENTS = [
    "Thi đua thực hiện hiệu quả các nghị quyết, chỉ thị, kết luận, quy định của Đảng, Chính phủ, Bộ Công an và cấp ủy, chính quyền địa phương về bảo đảm an ninh, trật tự và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    "Thi đua xây dựng chính quyền các cấp lãnh đạo, chỉ đạo, điều hành, tổ chức thực hiện đồng bộ, quyết liệt, hiệu quả công tác bảo đảm an ninh, trật tự và xây dựng phong trào ở địa phương, cơ quan, đơn vị.",
    "Thi đua nâng cao chất lượng, hiệu quả phong trào; phát huy, nhân rộng mô hình tiên tiến điển hình gắn với phát triển kinh tế - xã hội, bảo đảm an sinh xã hội, với phương châm tự quản, tự phòng, tự bảo vệ, tự hòa giải từ gia đình đến cộng đồng dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục, nhất là ở địa bàn trọng điểm, biên giới, biển đảo và không gian mạng.",
    "Thi đua nghiên cứu, ứng dụng khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số trong xây dựng phong trào, chú trọng bảo đảm an ninh mạng, xây dựng thế trận an ninh nhân dân trên không gian mạng.",
    "Thi đua xây dựng lực lượng Công an nhân dân vững mạnh và lực lượng nòng cốt tham gia bảo vệ an ninh, trật tự ở cơ sở đủ về số lượng, vững về chuyên môn, sẵn sàng hoàn thành xuất sắc nhiệm vụ trong tình hình mới.",
    "Thi đua làm tốt công tác tuyên truyền, vận động nhân dân tham gia phong trào, tạo nhận thức trong toàn xã hội rằng bảo vệ an ninh Tổ quốc là quyền lợi và trách nhiệm của mỗi người dân.",
]

# (name, who is judged, [criteria]) — S5's five subject groups with 4, 4, 4, 2, 2 criteria.
GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "Các bộ, ban, ngành trung ương",
        "collective",
        [
            "Ban hành hoặc hướng dẫn cơ quan, đơn vị trực thuộc xây dựng kế hoạch, chương trình thực hiện phong trào thi đua kịp thời, hằng năm hoặc theo giai đoạn, phù hợp đặc điểm của bộ, ngành.",
            "Tổ chức triển khai phong trào thi đua thiết thực, hiệu quả, nội dung và hình thức đa dạng; chú trọng xây dựng mô hình bảo đảm an ninh, trật tự; cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An toàn về an ninh, trật tự”.",
            "Tăng cường ứng dụng công nghệ thông tin, mạng xã hội; bảo đảm an ninh, an toàn hệ thống thông tin và dữ liệu của bộ, ngành; phòng ngừa lộ, lọt thông tin.",
            "Chỉ đạo cơ quan báo chí trực thuộc đẩy mạnh tuyên truyền, vận động cán bộ, công chức, viên chức, người lao động và nhân dân hưởng ứng phong trào; tuyên truyền gương hy sinh, bị thương trong phòng, chống tội phạm, tệ nạn xã hội.",
        ],
    ),
    (
        "Các tỉnh, thành phố trực thuộc trung ương",
        "collective",
        [
            "Xây dựng, ban hành đề án, kế hoạch và tổ chức thực hiện hiệu quả phong trào toàn dân bảo vệ an ninh Tổ quốc, phòng, chống tội phạm, tệ nạn xã hội ở địa phương.",
            "Kiện toàn, nâng cao chất lượng, hiệu quả hoạt động của Ban Chỉ đạo xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc các cấp, các sở, ban, ngành.",
            "Nâng cao chất lượng phong trào ở cơ sở; xây dựng, nhân rộng mô hình bảo đảm an ninh, trật tự phù hợp đặc điểm địa phương (tôn giáo, dân tộc, biên giới, biển đảo, đô thị) và ở cấp xã, đặc khu, cơ quan, doanh nghiệp, cơ sở giáo dục.",
            "Đẩy mạnh tuyên truyền, vận động trên báo chí và mạng xã hội về gương hy sinh, bị thương, hành động dũng cảm cứu người, cứu tài sản trong thiên tai, bão lũ, phòng, chống tội phạm.",
        ],
    ),
    (
        "Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội",
        "collective",
        [
            "Tăng cường trao đổi, phối hợp thực hiện nhiệm vụ bảo vệ an ninh quốc gia, giữ gìn trật tự, an toàn xã hội, phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào.",
            "Thực hiện hiệu quả các chương trình phối hợp xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc.",
            "Phổ biến, tuyên truyền, vận động hội viên, đoàn viên hiểu rõ vai trò, mục đích, ý nghĩa của phong trào và tích cực tham gia.",
            "Phát huy vai trò giám sát, phản biện xã hội, tham gia xây dựng pháp luật, cơ chế, chính sách về xây dựng phong trào.",
        ],
    ),
    (
        "Cơ quan, tổ chức, doanh nghiệp",
        "collective",
        [
            "Tích cực tham gia, hưởng ứng phong trào với phương châm: xây dựng cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An toàn về an ninh, trật tự” là thực hiện tốt phong trào thi đua.",
            "Có chế độ, chính sách đối với lực lượng bảo vệ cơ quan, doanh nghiệp đủ về số lượng, vững về chuyên môn, nghiệp vụ.",
        ],
    ),
    (
        "Cá nhân",
        "individual",
        [
            "Cán bộ, chiến sĩ, công chức, viên chức: gương mẫu, tích cực hưởng ứng, tham gia phong trào và vận động người thân, nhân dân tham gia; có sáng kiến, giải pháp hiệu quả.",
            "Các đối tượng khác: tích cực hưởng ứng, tham gia phong trào; phối hợp lan tỏa hình ảnh đẹp, việc làm ý nghĩa, cách làm hiệu quả.",
        ],
    ),
]

# Criteria computed from the national annual report (S5's form, "antq-models-built"): the
# models a ministry or province built, against a target of 100, then reviewed by hand.
# Approving, returning or correcting that report moves these scores (the chain).
COMPUTED_CRITERIA = {
    (1, 2): ("antq-models-built", Decimal("100")),
    (2, 3): ("antq-models-built", Decimal("100")),
}

BANDS = [
    ("Xuất sắc", "90", True),
    ("Tốt", "75", False),
    ("Hoàn thành", "50", False),
    ("Chưa hoàn thành", "0", False),
]

# Illustrative scores per criterion (out of 25), and how far each evaluation has gone.
EVALUATIONS: list[tuple[str, int, list[int], str]] = [
    ("BQP", 1, [24, 23, 24, 23], "final"),
    ("BYT", 1, [21, 20, 19, 20], "final"),
    ("BTC", 1, [18, 17, 19, 18], "final"),
    ("BGDDT", 1, [22, 21, 0, 0], "draft"),
    ("P42", 2, [24, 24, 23, 24], "final"),
    ("P24", 2, [23, 22, 22, 21], "final"),
    ("P08", 2, [20, 18, 19, 17], "final"),
    ("P01", 2, [23, 23, 22, 23], "self_assessed"),
    ("HLHPN", 3, [22, 23, 21, 22], "final"),
    ("DTN", 3, [20, 21, 19, 20], "final"),
    ("VNPT", 4, [45, 42], "reviewed"),
]


def _admin() -> User:
    return User.objects.get(username="admin")


def _doc(key: str):
    try:
        from thidua.documents.demo import demo_document

        return demo_document(key)
    except (ImportError, LookupError):
        return None


def load_s5(user: User) -> Movement:
    units = {
        u.code: u for u in OrgUnit.objects.filter(code__in=["BCA", *{c for c, *_ in EVALUATIONS}])
    }
    movement = Movement.objects.filter(code=MOVEMENT_CODE).first()
    if movement is None:
        plan = _doc("S5-KH")
        movement = services.movement_create(
            user=user,
            code=MOVEMENT_CODE,
            name=MOVEMENT_NAME,
            kind=Movement.Kind.REGULAR,
            owner_unit=units["BCA"],
            # The plan's own date is not in the seed; the conclusion it implements stands in.
            starts_on=dt.date(2019, 1, 22),
            launch_document=plan,
            basis_documents=[d for d in (_doc("44-KL/TW"), _doc("09-CT/TW")) if d],
            participant_units=[u for c, u in units.items() if c != "BCA"],
            description="Kế hoạch triển khai phong trào thi đua thực hiện Kết luận số 44-KL/TW ngày "
            "22/01/2019 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 09-CT/TW. Các bộ, ngành, "
            "địa phương có thể lồng ghép phong trào với các phong trào thi đua khác.",
            report_deadline="Hằng năm, báo cáo Bộ Công an và Bộ Nội vụ (Hội đồng Thi đua - Khen "
            "thưởng Trung ương) trước ngày 30/11 để tổng hợp báo cáo Thủ tướng Chính phủ.",
        )
    for number, text in enumerate(CONTENTS, start=1):
        services.content_set(user=user, movement=movement, number=number, text=text)
    groups: dict[int, MovementGroup] = {}
    for number, (name, kind, criteria) in enumerate(GROUPS, start=1):
        groups[number] = services.group_set(
            user=user, movement=movement, number=number, name=name, recipient_kind=kind
        )
        top = Decimal("100") / len(criteria)
        for cnum, text in enumerate(criteria, start=1):
            indicator, target = COMPUTED_CRITERIA.get((number, cnum), ("", None))
            services.criterion_set(
                user=user,
                group=groups[number],
                number=cnum,
                text=text,
                max_score=top.quantize(Decimal("0.01")),
                method=Criterion.Method.BOTH if indicator else Criterion.Method.MANUAL,
                indicator_code=indicator,
                indicator_target=target,
            )
    for name, percent, outstanding in BANDS:
        services.band_set(
            user=user,
            movement=movement,
            name=name,
            min_percent=Decimal(percent),
            is_outstanding=outstanding,
        )
    for code, gnum, scores, stage in EVALUATIONS:
        unit, group = units[code], groups[gnum]
        services.pledge_register(
            user=user,
            movement=movement,
            group=group,
            unit=unit,
            year=YEAR,
            targets="(minh họa) 100% cơ quan, đơn vị trực thuộc xây dựng kế hoạch thực hiện phong "
            "trào; nhân rộng ít nhất 3 mô hình bảo đảm an ninh, trật tự; báo cáo đúng hạn trước 30/11.",
        )
        if Evaluation.objects.filter(
            movement=movement, unit=unit, year=YEAR, person__isnull=True
        ).exists():
            continue
        e = services.evaluation_open(
            user=user, movement=movement, group=group, unit=unit, year=YEAR
        )
        criteria = list(group.criteria.order_by("number"))
        if stage == "draft":
            continue
        e = services.evaluation_self_assess(
            user=user,
            evaluation=e,
            expected_version=e.version,
            submit=True,
            scores={
                c.pk: (Decimal(s), "(minh họa) Báo cáo kết quả kèm kế hoạch, số liệu mô hình.")
                for c, s in zip(criteria, scores, strict=True)
            },
        )
        if stage == "self_assessed":
            continue
        # The reviewer trims the first criterion by one point: the log shows both values.
        e = services.evaluation_review(
            user=user,
            evaluation=e,
            expected_version=e.version,
            scores={criteria[0].pk: (Decimal(scores[0] - 1), "Thiếu minh chứng một kế hoạch.")},
            note="Đã thẩm định.",
        )
        if stage == "reviewed":
            continue
        services.evaluation_finalise(user=user, evaluation=e, expected_version=e.version)
    return movement


def load_s2(user: User) -> None:
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith="P42")}
    rounds = [
        ("commune", "Vòng sơ khảo cấp xã"),
        ("district", "Vòng cấp huyện"),
        ("province", "Vòng chung khảo cấp tỉnh"),
        ("central", "Vòng Trung ương"),
    ]
    name = "Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng"
    organiser = "Học viện Chính trị quốc gia Hồ Chí Minh (vòng Trung ương); Ban Chỉ đạo 35 tỉnh Hà Tĩnh (các vòng trong tỉnh)"
    topic = "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới"
    basis = _doc("35-NQ/TW")
    for year in (2022, 2023):
        if Contest.objects.filter(name=name, year=year, unit=units["P42-BCD35"]).exists():
            continue
        contest = services.contest_create(
            user=user,
            name=name,
            year=year,
            unit=units["P42-BCD35"],
            organiser=organiser,
            topic=topic,
            basis_document=basis,
            rounds=rounds,
            prizes=["Giải A", "Giải B", "Giải C", "Giải Khuyến khích"],
        )
        r = {x.level: x for x in contest.rounds.all()}
        # Illustrative registered entries, one per district, carried through the rounds.
        picks = [
            (
                "P42-D-HS",
                "(minh họa) Giữ vững trận địa tư tưởng trên không gian mạng ở Hương Sơn",
                "Tác giả minh họa 1",
            ),
            (
                "P42-D-CL",
                "(minh họa) Phản bác luận điệu xuyên tạc về quyền con người",
                "Tác giả minh họa 2",
            ),
            (
                "P42-D-KA",
                "(minh họa) Vai trò của báo chí địa phương trong bảo vệ nền tảng tư tưởng",
                "Tác giả minh họa 3",
            ),
        ]
        entries = []
        for code, title, author in picks:
            e = services.entry_register(
                user=user, contest=contest, title=title, author=author, unit=units[code]
            )
            for level in ("district", "province", "central"):
                services.entry_select(user=user, entry=e, round=r[level])
            entries.append(e)
        if year == 2022:
            # S2: in 2022 the province won one A prize and one consolation prize.
            prizes = {p.name: p for p in contest.prizes.all()}
            services.entry_award_prize(user=user, entry=entries[0], prize=prizes["Giải A"])
            services.entry_award_prize(
                user=user, entry=entries[1], prize=prizes["Giải Khuyến khích"]
            )
        else:
            # S2: more than 7,671 entries in the province in 2023; 66 sent to the central round.
            services.tally_report(
                user=user,
                round=r["province"],
                unit=units["P42"],
                entries=7671,
                note="Toàn tỉnh có hơn 7.671 bài dự thi (báo cáo sơ kết 5 năm).",
            )
            services.tally_report(
                user=user,
                round=r["central"],
                unit=units["P42"],
                entries=66,
                note="Tỉnh thẩm định, chọn 66 bài chất lượng gửi dự thi cấp Trung ương.",
            )


def load() -> None:
    user = _admin()
    load_s5(user)
    load_s2(user)
