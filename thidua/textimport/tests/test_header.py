"""The Decree 30 header of a plan, read as an officer reads it (issue 14, point 1): its
own symbol, the date under the motto, the issuer block resolved to a unit, the kind, the
title under it, and the period the title names — not a task's window, not "Số: …" as
the title. The texts are written here, in the layouts plans come in; none is a seed."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.textimport import services
from thidua.textimport.extract.header import period_of, read_header

PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
Số: 15/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Tĩnh, ngày 14 tháng 3 năm 2025

KẾ HOẠCH
Triển khai phong trào thi đua "Chung tay xây dựng nông thôn mới"
năm 2025

Thực hiện Chỉ thị số 05/CT-TTg ngày 20/02/2025 của Thủ tướng Chính phủ, Ủy ban nhân dân
tỉnh ban hành Kế hoạch như sau:

II. NHIỆM VỤ
1. Rà soát các tiêu chí nông thôn mới, từ ngày 01/6/2025 đến ngày 30/9/2025.
"""

# The same header as a Word file gives it: the layout's table, a row a line, its cells
# separated by tabs.
PLAN_FROM_WORD = (
    "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
    "Hạnh phúc\nSố: 7/CTr-UBND\tHà Tĩnh, ngày 06 tháng 6 năm 2023\n\nCHƯƠNG TRÌNH\n"
    "Thực hiện chuyển đổi số giai đoạn 2023 - 2025\nCăn cứ Luật Tổ chức chính quyền địa "
    "phương ngày 19 tháng 6 năm 2015;\n"
)

NEWS = (
    "Sáng 5/3, Ủy ban nhân dân tỉnh Hà Tĩnh ban hành Kế hoạch số 15/KH-UBND triển khai "
    "phong trào thi đua năm 2025. KẾ HOẠCH được gửi đến các sở, ngành."
)


def test_the_formal_header_gives_symbol_date_issuer_kind_title_and_period():
    h = read_header(PLAN)
    assert h is not None
    assert h.symbol == "15/KH-UBND"
    assert h.issued_on == dt.date(2025, 3, 14) and h.place == "Hà Tĩnh"
    assert h.issuer_lines == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"]
    assert (h.kind, h.type_code) == ("KẾ HOẠCH", "KH")
    assert h.title == 'Triển khai phong trào thi đua "Chung tay xây dựng nông thôn mới" năm 2025'
    assert h.full_title.startswith("Kế hoạch triển khai phong trào")
    assert h.period == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert PLAN[h.title_span[0] : h.title_span[1]].startswith("Triển khai")


def test_a_header_from_a_word_table_reads_the_same_and_a_title_may_open_with_thuc_hien():
    h = read_header(PLAN_FROM_WORD)
    assert h is not None
    assert (h.symbol, h.issued_on) == ("7/CTr-UBND", dt.date(2023, 6, 6))
    assert h.issuer_lines == ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"]
    assert h.title == "Thực hiện chuyển đổi số giai đoạn 2023 - 2025"
    assert h.period == (dt.date(2023, 1, 1), dt.date(2025, 12, 31))


def test_a_news_report_has_no_header():
    assert read_header(NEWS) is None


def test_an_impossible_date_under_the_motto_is_left_empty_not_a_crash():
    h = read_header(PLAN.replace("ngày 14 tháng 3", "ngày 31 tháng 2"))
    assert h is not None and h.issued_on is None and h.symbol == "15/KH-UBND"


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Thực hiện Nghị quyết giai đoạn 2021 – 2025", ((2021, 1, 1), (2025, 12, 31))),
        ("Công tác thi đua, khen thưởng năm 2024", ((2024, 1, 1), (2024, 12, 31))),
        ("Tổng kết phong trào", None),
    ],
)
def test_the_period_is_the_one_the_title_names(title, period):
    expected = None if period is None else (dt.date(*period[0]), dt.date(*period[1]))
    assert period_of(title) == expected


@pytest.mark.django_db
def test_the_draft_takes_title_date_issuer_and_period_from_the_header(user_named):
    extraction, raw = services.run_extraction(PLAN)
    proposal = services.proposal_from(user=user_named("ht.btg"), extraction=extraction, raw=raw)
    document = proposal["document"]
    assert document["symbol"] == "15/KH-UBND"
    assert document["title"].startswith("Kế hoạch triển khai phong trào thi đua")
    assert not document["title"].startswith("Số")
    assert document["issued_on"] == "2025-03-14"
    from thidua.orgunits.models import OrgUnit

    names = [OrgUnit.objects.get(pk=pk).name for pk in document["issuing_units"]]
    assert names == ["Ủy ban nhân dân tỉnh Hà Tĩnh"]
    # The period of the title, not the task's window (June to September).
    plan = proposal["plan"]
    assert (plan["period_start"], plan["period_end"]) == ("2025-01-01", "2025-12-31")
    assert plan["title"] == document["title"]
