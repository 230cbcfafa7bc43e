"""The legal texts a decision cites and the base salary its cash awards are counted in,
by the date of the decision (docs/RULES.md §2). Facts, in one place.

- The Law on Emulation and Commendation of 2003 (amended 2005 and 2013) with Decree
  91/2017/NĐ-CP governed until 31/12/2023; Law 06/2022/QH15 (passed 15/6/2022) from
  1/1/2024, detailed by Decree 98/2023/NĐ-CP until 30/6/2025 and by Decree
  152/2025/NĐ-CP from 1/7/2025.
- The base salary (mức lương cơ sở) of public employees, VND a month, by the date it took
  effect. A cash award is a multiple of it, rounded up to tens of thousands of đồng.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

LAW_2022_IN_FORCE = dt.date(2024, 1, 1)
DECREE_152_IN_FORCE = dt.date(2025, 7, 1)

_LAW_2003 = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một "
    "số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm "
    "2013;"
)
_DECREE_91 = (
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
)
_LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
_DECREE_98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
)
_DECREE_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
    "Luật Thi đua, khen thưởng;"
)

BASE_SALARY: list[tuple[dt.date, Decimal]] = [
    (dt.date(2016, 5, 1), Decimal("1210000")),
    (dt.date(2017, 7, 1), Decimal("1300000")),
    (dt.date(2018, 7, 1), Decimal("1390000")),
    (dt.date(2019, 7, 1), Decimal("1490000")),
    (dt.date(2023, 7, 1), Decimal("1800000")),
    (dt.date(2024, 7, 1), Decimal("2340000")),
]
_TENS_OF_THOUSANDS = Decimal("10000")


def legal_basis(day: dt.date) -> list[str]:
    """The "Căn cứ …" lines on emulation and commendation in force on ``day``."""
    if day < LAW_2022_IN_FORCE:
        return [_LAW_2003, _DECREE_91]
    if day < DECREE_152_IN_FORCE:
        return [_LAW_2022, _DECREE_98]
    return [_LAW_2022, _DECREE_152]


def decree_in_force(day: dt.date) -> str:
    """The decree detailing the law on ``day``, as the cash article names it."""
    if day < LAW_2022_IN_FORCE:
        return "Nghị định số 91/2017/NĐ-CP"
    if day < DECREE_152_IN_FORCE:
        return "Nghị định số 98/2023/NĐ-CP"
    return "Nghị định số 152/2025/NĐ-CP"


def base_salary_on(day: dt.date) -> Decimal | None:
    """The base salary in force on ``day`` (None before the first one known here)."""
    found = None
    for start, amount in BASE_SALARY:
        if start <= day:
            found = amount
    return found


def cash_amount(multiple: Decimal, day: dt.date) -> Decimal | None:
    """``multiple`` base salaries on ``day`` in đồng, rounded up to tens of thousands."""
    base = base_salary_on(day)
    if base is None or not multiple:
        return None
    units = (multiple * base / _TENS_OF_THOUSANDS).to_integral_value(rounding=ROUND_CEILING)
    return units * _TENS_OF_THOUSANDS
