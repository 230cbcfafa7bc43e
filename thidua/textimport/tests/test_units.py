"""Unit names in texts: a name that says what it is matches folded; a bare proper name
only as the text writes it; never on the national title, the motto or ordinary words."""

from __future__ import annotations

from thidua.textimport.extract import UnitMatcher, UnitName, extract

UNITS = [
    UnitName(1, ("Phường Chũ", "Chũ")),
    UnitName(2, ("Xã Văn Hán", "Văn Hán")),
    UnitName(3, ("Xã Độc Lập", "Độc Lập")),
    UnitName(4, ("Xã Hạnh Phúc", "Hạnh Phúc")),
    UnitName(5, ("Tỉnh Hà Giang", "Hà Giang", "Ha Giang", "ห่าซาง")),
    UnitName(6, ("Việt Nam", "Viet Nam")),
    UnitName(7, ("Sở Tài chính tỉnh Hà Giang", "Sở Tài chính", "Department of Finance")),
    UnitName(8, ("Xã An Toàn", "An Toàn")),
]
HEADER = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Giang, ngày 14 tháng 3 năm 2025
1. Bảo đảm an toàn giao thông; cơ quan chủ trì: Sở Tài chính.
"""


def _found(text: str) -> list[tuple[str, int]]:
    e = extract(text, units=UNITS)
    return [(u.text, u.unit_id) for u in e.units]


def test_a_plan_header_yields_only_the_units_it_names() -> None:
    assert _found(HEADER) == [("TỈNH HÀ GIANG", 5), ("Hà Giang", 5), ("Sở Tài chính", 7)]


def test_bare_names_match_as_written_and_full_names_in_any_case() -> None:
    assert _found("Trao thưởng cho xã Độc Lập và xã hạnh phúc.") == [
        ("xã Độc Lập", 3),
        ("xã hạnh phúc", 4),
    ]
    assert _found("Đoàn công tác đến Văn Hán và Chũ.") == [("Văn Hán", 2), ("Chũ", 1)]
    # Lower case, or another tone, is an ordinary word: "văn hán", "chủ trì".
    assert _found("các văn hán nôm; chủ trì; hà giang") == []
    # ASCII names in any case, never with a tone added.
    assert _found("the department of finance and HA GIANG") == [
        ("department of finance", 7),
        ("HA GIANG", 5),
    ]
    assert _found("ห่าซางจัดประชุม") == [("ห่าซาง", 5)]


def test_without_the_original_text_every_folded_match_counts() -> None:
    m = UnitMatcher(UNITS)
    assert [h.unit_ids for h in m.find("chu tri")] == [(1,)]
