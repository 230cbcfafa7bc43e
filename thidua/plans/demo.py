"""Demo plans of scenarios S1, S3 and S4, built through the services as the demo users would.

S1 — Bắc Giang plan 92/KH-BCĐNQ (2023): three task groups, the bodies it assigns, the
banner window 30 Nov – 30 Dec 2023 with the slogans, progress from several bodies and
one late district (Lục Ngạn). S3 — Hà Tĩnh: the 2021–2025 coordination programme, the
2023 joint plans 84-KH/HDND-BTGTU and 81-KH/UBND-BTGTU (28 Feb 2023) and the 2024 plans;
its issues of public concern are loaded by ``thidua.concerns.demo``.

Dates of 2023–2025 are replayed through the services' ``today`` argument, so statuses
read honestly on the real date (done, done late, overdue).
Idempotent: a plan that exists (found by its document or title) is left alone.
"""

from __future__ import annotations

import datetime as dt

from thidua.accounts.models import User
from thidua.core.context import acting_as
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit
from thidua.plans import services
from thidua.plans.models import Plan, Task, TaskAssignment

D = dt.date

# The slogans of S1 (the seed lists them in a Thai machine translation; these are the
# Vietnamese texts it renders, in the seed's order).
S1_SLOGANS = [
    "Kỷ niệm 75 năm Ngày Quốc tế Nhân quyền (10/12/1948 - 10/12/2023)!",
    "Việt Nam tích cực, chủ động phát huy vai trò thành viên Hội đồng Nhân quyền Liên hợp quốc!",
    "Việt Nam cam kết đóng góp vào nỗ lực chung của thế giới trong thúc đẩy và bảo vệ quyền con người!",
    "Việt Nam coi trọng việc thực hiện các nghĩa vụ quốc tế về quyền con người!",
    "Việt Nam luôn bảo đảm quyền tự do tín ngưỡng, tôn giáo!",
    "Việt Nam bảo đảm quyền của người dân tộc thiểu số!",
    "Việt Nam kiên quyết phòng, chống mua bán người!",
]


def _u(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _document(
    key: str, *, symbol: str, title: str, year: int, issued_on: dt.date | None, issuers: list[str]
) -> Document:
    """The documents demo's record of ``key``; created here only if that demo is absent."""
    try:
        from thidua.documents.demo import demo_document

        return demo_document(key)
    except (ImportError, LookupError, KeyError):
        pass
    doc = (
        Document.objects.filter(symbol=symbol).first()
        if symbol
        else Document.objects.filter(title=title, symbol="").first()
    )
    if doc is None:
        doc = Document(symbol=symbol, title=title, year=year, issued_on=issued_on)
        try:
            from thidua.utils.symbols import symbol_search_key

            doc.symbol_key = symbol_search_key(symbol) if symbol else ""
        except ImportError:  # pragma: no cover - the symbols helper ships with documents
            doc.symbol_key = symbol
        doc.symbol_normalized = symbol
        doc.save()
        doc.issuing_units.set([_u(c) for c in issuers])
    return doc


def _plan_exists(title: str) -> Plan | None:
    return Plan.objects.filter(title=title).first()


def _progress(task: Task, unit: str, user: str, day: dt.date, percent: int, text: str) -> None:
    a = TaskAssignment.objects.get(task=task, unit__code=unit)
    services.progress_update_create(
        user=_user(user), assignment=a, text=text, percent=percent, today=day
    )


def load_s1() -> Plan:
    title = (
        "Kế hoạch tổ chức các hoạt động thông tin, tuyên truyền kỷ niệm 75 năm Ngày ra đời "
        "Tuyên ngôn Quốc tế Nhân quyền (10/12/1948 - 10/12/2023)"
    )
    existing = _plan_exists(title)
    if existing:
        return existing
    doc = _document(
        "92/KH-BCĐNQ",
        symbol="92/KH-BCĐNQ",
        title=title,
        year=2023,
        issued_on=None,
        issuers=["H-BG-BCDNQ"],
    )
    boss = _user("bg.supervisor")
    plan = services.plan_create(
        user=boss,
        kind=Plan.Kind.PLAN,
        title=title,
        summary=(
            "Tuyên truyền, nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về quan điểm, "
            "chủ trương của Đảng, chính sách, pháp luật của Nhà nước về quyền con người; tăng "
            "cường phối hợp giữa các sở, ngành, địa phương và cơ quan báo chí."
        ),
        issuing_units=[_u("H-BG-BCDNQ")],
        monitoring_units=[_u("H-BG-VP")],
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        issued_as=doc,
        place="Bắc Giang",
    )
    g1 = services.task_group_create(
        user=boss,
        plan=plan,
        title="Thông tin, tuyên truyền thành tựu bảo đảm quyền con người ở địa phương trên các "
        "lĩnh vực chính trị, kinh tế, văn hóa, xã hội",
    )
    g2 = services.task_group_create(
        user=boss,
        plan=plan,
        title="Phổ biến quan điểm, chủ trương, chính sách của Đảng và Nhà nước về quyền con người "
        "đến cán bộ, đảng viên và Nhân dân",
    )
    g3 = services.task_group_create(
        user=boss,
        plan=plan,
        title="Tăng cường quản lý thông tin trên báo chí, xuất bản, internet; phát hiện, ngăn chặn "
        "thông tin sai sự thật",
    )
    assigned_on = D(2023, 11, 15)
    police = services.task_create(
        user=boss,
        plan=plan,
        group=g1,
        title="Cung cấp thông tin, tài liệu về kết quả đấu tranh phòng, chống tội phạm, bảo đảm "
        "an ninh, trật tự cho Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông và các cơ quan báo chí",
        description="Kết quả thực hiện Công ước chống tra tấn, cải cách tư pháp, thi hành án, "
        "quản lý tạm giữ, tạm giam, tái hòa nhập cộng đồng và đặc xá.",
        due_date=D(2023, 12, 5),
        expected_outputs="Bộ tài liệu cung cấp cho báo chí",
        lead_units=[_u("H-BG-CA")],
        coordinating_units=[_u("H-BG-BTGTU"), _u("H-BG-STTTT")],
        today=assigned_on,
    )
    foreign = services.task_create(
        user=boss,
        plan=plan,
        group=g1,
        title="Chủ trì, phối hợp các sở, ngành thông tin về chính sách, pháp luật và thành tựu "
        "quyền con người, nhất là về dân tộc, tôn giáo, cho đối tác và đoàn nước ngoài",
        due_date=D(2023, 12, 31),
        expected_outputs="Thông tin cung cấp cho đối tác nước ngoài; báo cáo kết quả",
        lead_units=[_u("H-BG-SNGV")],
        coordinating_units=[_u("H-BG-STTTT"), _u("H-BG-SVHTTDL"), _u("H-BG-CA")],
        today=assigned_on,
    )
    office = services.task_create(
        user=boss,
        plan=plan,
        group=g2,
        title="Tham mưu Trưởng Ban Chỉ đạo theo dõi, đôn đốc các sở, ngành và UBND các huyện, "
        "thành phố thực hiện nhiệm vụ được giao trong Kế hoạch",
        due_date=D(2023, 12, 31),
        lead_units=[_u("H-BG-VP")],
        coordinating_units=[_u("H-BG-CA")],
        today=assigned_on,
    )
    banners = services.task_create(
        user=boss,
        plan=plan,
        group=g2,
        title="Treo băng rôn, khẩu hiệu kỷ niệm 75 năm Ngày Quốc tế Nhân quyền",
        description="Lựa chọn, tổ chức treo băng rôn, khẩu hiệu phù hợp với tình hình thực tế.",
        start_date=D(2023, 11, 30),
        due_date=D(2023, 12, 30),
        expected_outputs="Băng rôn, khẩu hiệu tại trụ sở và các tuyến phố chính",
        content_items=S1_SLOGANS,
        coordinating_units=[_u("H-BG-VP"), _u("H-BG-CA")],
        today=assigned_on,
    )
    # Every district and city of the province in one action.
    services.task_assign_bulk(
        user=boss,
        task=banners,
        under=_u("H-BG"),
        kinds=["district"],
        whole_subtree=False,
        today=assigned_on,
    )
    press = services.task_create(
        user=boss,
        plan=plan,
        group=g3,
        title="Tăng cường quản lý thông tin trên báo chí, xuất bản, internet; kịp thời phát hiện, "
        "xử lý thông tin sai sự thật",
        due_date=D(2023, 12, 31),
        lead_units=[_u("H-BG-STTTT")],
        coordinating_units=[_u("H-BG-CA")],
        today=assigned_on,
    )
    _progress(
        police,
        "H-BG-CA",
        "bg.police",
        D(2023, 11, 24),
        60,
        "Đã tổng hợp số liệu đấu tranh phòng, chống tội phạm 11 tháng năm 2023.",
    )
    _progress(
        police,
        "H-BG-CA",
        "bg.police",
        D(2023, 12, 1),
        100,
        "Đã cung cấp tài liệu cho Ban Tuyên giáo Tỉnh ủy, Sở TT&TT và 4 cơ quan báo chí.",
    )
    _progress(
        foreign,
        "H-BG-SNGV",
        "bg.foreign",
        D(2023, 12, 12),
        70,
        "Đã cung cấp thông tin cho 2 đoàn khách nước ngoài.",
    )
    _progress(
        foreign,
        "H-BG-SNGV",
        "bg.foreign",
        D(2023, 12, 28),
        100,
        "Hoàn thành; báo cáo kết quả gửi Ban Chỉ đạo.",
    )
    _progress(
        office,
        "H-BG-VP",
        "bg.supervisor",
        D(2023, 12, 29),
        100,
        "Đã đôn đốc các sở, ngành, địa phương; tổng hợp báo cáo.",
    )
    _progress(
        press,
        "H-BG-STTTT",
        "bg.supervisor",
        D(2023, 12, 20),
        100,
        "Đã rà soát, xử lý thông tin sai sự thật trên mạng xã hội.",
    )
    for code, day in [
        ("H-BG-D-TP", D(2023, 12, 1)),
        ("H-BG-D-LNA", D(2023, 11, 30)),
        ("H-BG-D-YT", D(2023, 12, 2)),
    ]:
        _progress(
            banners, code, "bg.supervisor", day, 100, "Đã treo băng rôn, khẩu hiệu theo kế hoạch."
        )
    _progress(
        banners,
        "H-BG-D-HH",
        "bg.supervisor",
        D(2023, 12, 4),
        70,
        "Đã treo tại trụ sở; đang triển khai ở các tuyến phố.",
    )
    _progress(banners, "H-BG-D-HH", "bg.supervisor", D(2023, 12, 27), 100, "Hoàn thành.")
    # Lục Ngạn: started late and never reported completion — the late unit of the tour.
    _progress(
        banners,
        "H-BG-D-LN",
        "bg.luc-ngan",
        D(2023, 12, 8),
        40,
        "Đã in băng rôn; chưa treo tại các xã.",
    )
    return plan


def load_s3() -> Plan:
    prog_title = (
        "Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy, Thường trực HĐND tỉnh và UBND tỉnh "
        "giai đoạn 2021 - 2025"
    )
    existing = _plan_exists(prog_title)
    if existing:
        return existing
    btg, hdnd, ubnd = _u("P42-BTGTU"), _u("P42-HDND"), _u("P42-UBND")
    head = _user("ht.btg")
    prog_doc = _document(
        "S3-CTr-2021",
        symbol="",
        title=prog_title,
        year=2021,
        issued_on=None,
        issuers=["P42-BTGTU", "P42-HDND", "P42-UBND"],
    )
    programme = services.plan_create(
        user=head,
        kind=Plan.Kind.COORDINATION,
        title=prog_title,
        summary="Phối hợp tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà nước, "
        "hoạt động của HĐND, UBND tỉnh; nắm bắt, định hướng dư luận xã hội; thực hiện qua các "
        "kế hoạch phối hợp hằng năm.",
        issuing_units=[btg, hdnd, ubnd],
        period_start=D(2021, 1, 1),
        period_end=D(2025, 12, 31),
        issued_as=prog_doc,
        place="Hà Tĩnh",
    )
    review = services.task_create(
        user=head,
        plan=programme,
        title="Đánh giá, rút kinh nghiệm kết quả phối hợp hằng năm",
        due_date=D(2021, 12, 31),
        recurrence=Task.Recurrence.YEARLY,
        recur_month=12,
        recur_day=31,
        expected_outputs="Báo cáo kết quả phối hợp năm; kế hoạch phối hợp năm sau",
        lead_units=[btg],
        coordinating_units=[hdnd, ubnd],
        today=D(2021, 3, 1),
    )
    for day in [D(2021, 12, 28), D(2022, 12, 27)]:
        _progress(
            review,
            "P42-BTGTU",
            "ht.btg",
            day,
            100,
            "Đã tổ chức hội nghị đánh giá kết quả phối hợp.",
        )
    # The 2023 review took place at the conference of 23 Feb 2024: late for that year.
    _progress(
        review,
        "P42-BTGTU",
        "ht.btg",
        D(2024, 2, 23),
        100,
        "Hội nghị đánh giá năm 2023 và ký kết kế hoạch phối hợp năm 2024.",
    )
    _progress(review, "P42-BTGTU", "ht.btg", D(2024, 12, 26), 100, "Đã đánh giá kết quả năm 2024.")
    _progress(
        review, "P42-BTGTU", "ht.btg", D(2025, 12, 24), 100, "Tổng kết giai đoạn 2021 - 2025."
    )

    def annual(
        key: str, symbol: str, title: str, year: int, partner: OrgUnit, issued_on: dt.date | None
    ) -> Plan:
        doc = _document(
            key,
            symbol=symbol,
            title=title,
            year=year,
            issued_on=issued_on,
            issuers=[partner.code, "P42-BTGTU"],
        )
        return services.plan_create(
            user=head,
            kind=Plan.Kind.PLAN,
            title=title,
            issuing_units=[partner, btg],
            parent=programme,
            period_start=D(year, 1, 1),
            period_end=D(year, 12, 31),
            issued_as=doc,
            place="Hà Tĩnh",
        )

    p84 = annual(
        "84-KH/HDND-BTGTU",
        "84-KH/HDND-BTGTU",
        "Kế hoạch phối hợp năm 2023 giữa Thường trực HĐND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        2023,
        hdnd,
        D(2023, 2, 28),
    )
    p81 = annual(
        "81-KH/UBND-BTGTU",
        "81-KH/UBND-BTGTU",
        "Kế hoạch phối hợp năm 2023 giữa UBND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        2023,
        ubnd,
        D(2023, 2, 28),
    )
    p24h = annual(
        "S3-KH-2024-HDND",
        "",
        "Kế hoạch phối hợp năm 2024 giữa Thường trực HĐND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        2024,
        hdnd,
        None,
    )
    p24u = annual(
        "S3-KH-2024-UBND",
        "",
        "Kế hoạch phối hợp năm 2024 giữa UBND tỉnh và Ban Tuyên giáo Tỉnh ủy",
        2024,
        ubnd,
        None,
    )

    def task(
        plan: Plan,
        title: str,
        lead: OrgUnit,
        coord: list[OrgUnit],
        due: dt.date,
        done: tuple[str, dt.date, int, str] | None,
    ) -> Task:
        t = services.task_create(
            user=head,
            plan=plan,
            title=title,
            due_date=due,
            lead_units=[lead],
            coordinating_units=coord,
            today=plan.period_start,
        )
        if done:
            user, day, percent, text = done
            _progress(t, lead.code, user, day, percent, text)
        return t

    task(
        p84,
        "Thông tin, tuyên truyền các kỳ họp, phiên họp và nghị quyết của HĐND tỉnh",
        hdnd,
        [btg],
        D(2023, 12, 31),
        ("ht.hdnd", D(2023, 12, 15), 100, "Đã thực hiện tại 3 kỳ họp."),
    )
    task(
        p84,
        "Tuyên truyền hoạt động tiếp xúc cử tri, chất vấn và trả lời chất vấn; giám sát "
        "việc giải quyết ý kiến, kiến nghị của cử tri",
        hdnd,
        [btg],
        D(2023, 12, 31),
        ("ht.hdnd", D(2023, 12, 20), 100, "Đã tuyên truyền 2 đợt tiếp xúc cử tri."),
    )
    task(
        p81,
        "Tuyên truyền kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm "
        "quốc phòng, an ninh của UBND tỉnh",
        ubnd,
        [btg],
        D(2023, 12, 31),
        ("ht.ubnd", D(2023, 12, 22), 100, "Đã thực hiện."),
    )
    task(
        p81,
        "Phối hợp nắm bắt dư luận xã hội, định hướng giải quyết vấn đề bức xúc Nhân dân quan tâm",
        btg,
        [ubnd],
        D(2023, 12, 31),
        (
            "ht.btg",
            D(2023, 12, 29),
            100,
            "Đã tổng hợp và chuyển 14 vấn đề đến Thường trực HĐND, UBND tỉnh.",
        ),
    )
    task(
        p24h,
        "Tuyên truyền hoạt động chất vấn và giám sát chuyên đề của HĐND tỉnh năm 2024",
        hdnd,
        [btg],
        D(2024, 12, 31),
        ("ht.hdnd", D(2024, 12, 18), 100, "Đã thực hiện."),
    )
    task(
        p24u,
        "Động viên tham gia Giải Búa liềm vàng năm 2024 và các giải báo chí hằng năm",
        btg,
        [ubnd],
        D(2024, 9, 30),
        ("ht.btg", D(2024, 9, 20), 100, "12 tác phẩm dự giải cấp tỉnh."),
    )
    task(
        p24u,
        "Phối hợp nâng cao chất lượng thu thập, phản ánh, định hướng dư luận xã hội năm 2024",
        btg,
        [ubnd],
        D(2024, 12, 31),
        ("ht.btg", D(2024, 11, 10), 80, "Đang tổng hợp báo cáo năm."),
    )
    return programme


S4_TITLE = (
    "Kế hoạch triển khai phong trào Toàn dân bảo vệ an ninh Tổ quốc trên địa bàn "
    "huyện Đồng Văn 6 tháng đầu năm 2025"
)


def load_s4() -> Plan:
    """Illustrative, not from the seed: the Hà Giang police's yearly plan for the S4
    movement, whose task the communes of Đồng Văn (Lũng Cú, Đồng Văn) follow up — the
    offline step of the tour posts Lũng Cú's progress on it with no connection."""
    existing = _plan_exists(S4_TITLE)
    if existing:
        return existing
    police = _user("hg.police")
    plan = services.plan_create(
        user=police,
        kind=Plan.Kind.PLAN,
        title=S4_TITLE,
        summary="Xây dựng, nhân rộng mô hình tự quản về an ninh, trật tự ở khu dân cư; "
        "báo cáo kết quả 6 tháng đầu năm 2025, trước khi các xã được sắp xếp lại.",
        issuing_units=[_u("H-HG-CA")],
        period_start=D(2025, 1, 1),
        period_end=D(2025, 6, 30),
        place="Hà Giang",
    )
    services.task_create(
        user=police,
        plan=plan,
        title="Xây dựng, duy trì mô hình tự quản về an ninh, trật tự ở khu dân cư",
        start_date=D(2025, 1, 15),
        due_date=D(2025, 6, 30),
        expected_outputs="Mỗi xã có ít nhất một mô hình; báo cáo kết quả kèm biên bản",
        lead_units=[_u("H-HG-D-DV-01"), _u("H-HG-D-DV-02")],
        today=D(2025, 1, 15),
    )
    return plan


def load() -> None:
    # Bulk assignment, notifications and events are written as in real use; the actor
    # recorded in the change log is the system (``load_demo`` runs as nobody).
    with acting_as(None):
        load_s1()
        load_s3()
        load_s4()
