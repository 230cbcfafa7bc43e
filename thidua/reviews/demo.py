"""Demo reviews for scenarios S4 and S2 (idempotent; objects found by natural keys).

S4 — Hà Giang's ten-year final review (2013–2023) of coordination programme 09, held on
6 Jun 2023: the provincial police (``H-HG-CA``, owner of the report form) reviews the
whole province (``H-HG``). Its indicators come from the reporting demo, where 2019–2023
are reported: the years before show "no data", as they honestly have none. The three
decisions of 6 Jun 2023 from the awards demo are linked as taken on its occasion. It is
finalised, so its figures are frozen.

S2 — Hà Tĩnh's five-year preliminary review (2018–2023) of resolution 35-NQ/TW by the
provincial steering committee 35 (``P42-BCD35``) over the province (``P42``), with the
essay contest run under the resolution (7,671 entries in 2023, 66 sent to the central
round; one A prize and one consolation prize in 2022). Left as a draft for the tour. The
seed dates its meeting 25 Aug 2018, which contradicts its own content, so no meeting
date is recorded.
"""

from __future__ import annotations

import datetime as dt

from thidua.accounts.models import User
from thidua.awards.models import AwardDecision
from thidua.documents.models import Document
from thidua.documents.services import find_by_symbol
from thidua.emulation.models import Movement
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import ReportForm
from thidua.reviews import services
from thidua.reviews.models import Review

S4_TITLE = "Tổng kết 10 năm thực hiện Chương trình phối hợp số 09 (2013 - 2023)"
S2_TITLE = "Sơ kết 5 năm thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị"
S4_DECISIONS = ["901/QĐ-UBND", "902/QĐ-MTTQ", "903/QĐ-CAT"]


def _programme_09() -> Document | None:
    try:
        from thidua.documents.demo import demo_document

        return demo_document("S4-CTr-09")
    except (ImportError, LookupError):
        return None


def load_s4(user: User) -> Review | None:
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["H-HG", "H-HG-CA"])}
    if len(units) < 2:
        return None
    existing = Review.objects.filter(title=S4_TITLE, unit=units["H-HG-CA"]).first()
    if existing:
        return existing
    decisions = AwardDecision.objects.filter(
        document__symbol__in=S4_DECISIONS, decided_on=dt.date(2023, 6, 6)
    )
    review = services.review_create(
        user=user,
        kind=Review.Kind.FINAL,
        title=S4_TITLE,
        start_year=2013,
        end_year=2023,
        unit=units["H-HG-CA"],
        area=units["H-HG"],
        document=_programme_09(),
        movement=Movement.objects.filter(code="toan-dan-bao-ve-antq").first(),
        meeting_date=dt.date(2023, 6, 6),
        summary=(
            "Hội nghị tổng kết 10 năm Chương trình phối hợp số 09 giữa Bộ Công an và Ban "
            "Thường trực Ủy ban Trung ương MTTQ Việt Nam, sơ kết 3 năm Kế hoạch hành động "
            "số 55 và Chỉ thị số 700 của UBND tỉnh Hà Giang. Số liệu các chỉ tiêu được tổng "
            "hợp từ báo cáo của các xã (có số liệu từ năm 2019)."
        ),
        forms=ReportForm.objects.filter(code="hg-antq-annual"),
        decisions=decisions,
    )
    return services.review_finalise(user=user, review=review, expected_version=review.version)


def load_s2(user: User) -> Review | None:
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["P42", "P42-BCD35"])}
    doc = find_by_symbol("35-NQ/TW", year=2018)
    if len(units) < 2 or doc is None:
        return None
    existing = Review.objects.filter(title=S2_TITLE, unit=units["P42-BCD35"]).first()
    if existing:
        return existing
    return services.review_create(
        user=user,
        kind=Review.Kind.PRELIMINARY,
        title=S2_TITLE,
        start_year=2018,
        end_year=2023,
        unit=units["P42-BCD35"],
        area=units["P42"],
        document=doc,
        summary=(
            "Ban Chỉ đạo 35 các cấp được kiện toàn; cuộc thi chính luận về bảo vệ nền tảng tư "
            "tưởng của Đảng được tổ chức hằng năm. Hội nghị quán triệt Chỉ thị 23-CT/TW, Nghị "
            "quyết 14-NQ/TU và 15-NQ/TU."
        ),
    )


def load() -> None:
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        return
    load_s4(user)
    load_s2(user)
