"""Demo issues of public concern of scenario S3 (Hà Tĩnh), in every state.

Recorded by the provincial Propaganda Department (P42-BTGTU) under the 2024 joint plan of
the People's Committee and the Department (loaded by ``thidua.plans.demo``; without it
the issues are under no plan), through the services as the demo users would. Dated
relative to the day the demo is loaded, so that one answer is due soon and one overdue.
Idempotent: nothing is loaded if the first issue exists.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.accounts.models import User
from thidua.concerns import services
from thidua.concerns.models import ConcernIssue
from thidua.core.context import acting_as
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import Plan

PLAN_TITLE = "Kế hoạch phối hợp năm 2024 giữa UBND tỉnh và Ban Tuyên giáo Tỉnh ủy"
FIRST_SUMMARY = (
    "Người dân đề nghị làm rõ tiến độ cấp giấy chứng nhận quyền sử dụng đất sau dồn điền đổi thửa"
)


def _u(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def load_concerns(plan: Plan | None) -> None:
    """Issues of public concern in every state, dated relative to today (see the module doc)."""
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    btg, hdnd, ubnd = _u("P42-BTGTU"), _u("P42-HDND"), _u("P42-UBND")
    head, hd, ub, stp, admin = (
        _user(n) for n in ("ht.btg", "ht.hdnd", "ht.ubnd", "ht.stp", "admin")
    )

    def record(
        summary: str, category: str, where: str, raised: dt.date, channel: str, contact: str = ""
    ) -> ConcernIssue:
        return services.concern_record(
            user=head,
            unit=btg,
            summary=summary,
            category=category,
            raised_where=where,
            raised_on=raised,
            channel=channel,
            raiser_contact=contact,
            plan=plan,
            today=raised,
        )

    # recorded, not yet sent on (with a contact, because the person asked for a reply)
    record(
        FIRST_SUMMARY,
        "land",
        "Tiếp xúc cử tri tại huyện Hương Sơn",
        ago(3),
        "voters",
        contact="Điện thoại 0900 000 000 (số minh họa)",
    )
    # referred to the standing committees
    c = record(
        "Phản ánh về mùi hôi từ trại chăn nuôi tập trung gần khu dân cư",
        "environment",
        "Báo chí địa phương",
        ago(12),
        "press",
    )
    services.concern_refer(user=head, issue=c, standing_units=[hdnd, ubnd])
    # forwarded, answer due in a few days (ht.stp sees it on the home page)
    c = record(
        "Đề nghị hướng dẫn thủ tục chứng thực, đăng ký hộ tịch trực tuyến cho người cao tuổi",
        "administration",
        "Hội nghị báo cáo viên tháng",
        ago(20),
        "meeting",
    )
    services.concern_refer(user=head, issue=c, standing_units=[ubnd])
    services.concern_forward(
        user=ub,
        issue=c,
        competent_unit=_u("P42-STP"),
        answer_due=today + dt.timedelta(days=3),
        request_text="Đề nghị Sở Tư pháp hướng dẫn, trả lời.",
        today=ago(18),
    )
    # forwarded and overdue, urged once
    c = record(
        "Tiến độ giải phóng mặt bằng, tái định cư dự án mở rộng đường tỉnh còn chậm",
        "infrastructure",
        "Tiếp xúc cử tri tại huyện Kỳ Anh",
        ago(60),
        "voters",
    )
    services.concern_refer(user=head, issue=c, standing_units=[hdnd, ubnd])
    services.concern_forward(
        user=hd,
        issue=c,
        competent_unit=_u("P42-SXD"),
        answer_due=ago(15),
        request_text="Đề nghị Sở Xây dựng báo cáo tiến độ, giải pháp.",
        today=ago(45),
    )
    services.concern_urge(user=hd, issue=c, message="Đề nghị trả lời trước kỳ họp.", today=ago(5))
    # answered, waiting to be closed
    c = record(
        "Kiến nghị phổ biến rộng rãi quy định mới về hòa giải ở cơ sở",
        "policy",
        "Hội nghị cộng tác viên dư luận xã hội",
        ago(50),
        "meeting",
    )
    services.concern_forward(
        user=head, issue=c, competent_unit=_u("P42-STP"), answer_due=ago(20), today=ago(48)
    )
    services.concern_answer(
        user=stp,
        issue=c,
        today=ago(25),
        answer="Sở Tư pháp đã biên soạn tài liệu và tổ chức 12 hội nghị phổ biến.",
    )
    # closed (the contact was erased on closing)
    c = record(
        "Sạt lở bờ sông ảnh hưởng đến nhà dân ven sông",
        "environment",
        "Tiếp xúc cử tri tại huyện Can Lộc",
        ago(120),
        "voters",
        contact="Qua Ủy ban MTTQ xã (minh họa)",
    )
    services.concern_refer(user=head, issue=c, standing_units=[ubnd])
    services.concern_forward(
        user=ub, issue=c, competent_unit=_u("P42-SNNMT"), answer_due=ago(90), today=ago(115)
    )
    services.concern_answer(
        user=admin, issue=c, today=ago(95), answer="Đã bố trí kinh phí kè khẩn cấp 300 m bờ sông."
    )
    services.concern_close(user=ub, issue=c, note="Đã thông tin kết quả tới cử tri.", today=ago(80))
    # closed, then reopened: back with the competent body
    c = record(
        "Chậm giải quyết hồ sơ trợ giúp pháp lý cho người thuộc hộ nghèo",
        "social",
        "Đường dây nóng của Ban Tuyên giáo",
        ago(70),
        "letter",
    )
    services.concern_forward(
        user=head, issue=c, competent_unit=_u("P42-STP"), answer_due=ago(50), today=ago(68)
    )
    services.concern_answer(
        user=stp, issue=c, answer="Đã chuyển cơ quan chuyên môn xử lý.", today=ago(52)
    )
    services.concern_close(user=head, issue=c, today=ago(45))
    services.concern_reopen(
        user=head,
        issue=c,
        reason="Cử tri tiếp tục phản ánh chưa được chi trả.",
        answer_due=today + dt.timedelta(days=10),
        today=ago(2),
    )


def load() -> None:
    if ConcernIssue.objects.filter(unit__code="P42-BTGTU", summary=FIRST_SUMMARY).exists():
        return
    # Events are written as in real use; the actor in the change log is the system.
    with acting_as(None):
        load_concerns(Plan.objects.filter(title=PLAN_TITLE).first())
