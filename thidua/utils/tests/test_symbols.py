"""Tests for the document symbol parser (thidua.utils.symbols).

The seed texts and their hand-made gold extractions live in a ``shared/seeds`` folder
beside the repository; the tests that read them are skipped when it is not there.
"""

from __future__ import annotations

import json
from dataclasses import astuple, replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.utils.symbols import (
    DEFAULT_PARTY_TYPE_CODES,
    DEFAULT_STATE_TYPE_CODES,
    ParsedSymbol,
    clean_symbol_text,
    find_symbols,
    parse_symbol,
    symbol_search_key,
)

# --- Helpers --------------------------------------------------------------------------------


@cache
def _seeds_dir() -> Path | None:
    """Walk up from this file to the first folder that holds ``shared/seeds``."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def _seeds() -> Path:
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("no shared/seeds folder above the repository: seed texts not available")
    return seeds


def _gold_names() -> list[str]:
    seeds = _seeds_dir()
    if seeds is None:
        return ["(no shared/seeds folder found)"]
    return sorted(path.stem for path in (seeds / "gold").glob("*.json"))


def _without_printed(parsed: ParsedSymbol) -> tuple[object, ...]:
    return astuple(replace(parsed, printed=""))


def _unique_in_order(text: str) -> list[ParsedSymbol]:
    seen: dict[str, ParsedSymbol] = {}
    for match in find_symbols(text):
        seen.setdefault(match.parsed.normalized, match.parsed)
    return list(seen.values())


# --- Both grammars --------------------------------------------------------------------------

FORMS = [
    # printed, normalized, number, year, type_code, issuers, style
    ("92/KH-BCĐNQ", "92/KH-BCĐNQ", "92", None, "KH", ("BCĐNQ",), "state"),
    ("2447/QĐ-TTg", "2447/QĐ-TTg", "2447", None, "QĐ", ("TTg",), "state"),
    ("06/CT-BCA-V05", "06/CT-BCA-V05", "06", None, "CT", ("BCA", "V05"), "state"),
    ("15/ABC-VP", "15/ABC-VP", "15", None, None, ("ABC", "VP"), "state"),
    ("06/2022/QH15", "06/2022/QH15", "06", 2022, None, ("QH15",), "state"),
    ("98/2023/NĐ-CP", "98/2023/NĐ-CP", "98", 2023, "NĐ", ("CP",), "state"),
    ("152/2025/NĐ-CP", "152/2025/NĐ-CP", "152", 2025, "NĐ", ("CP",), "state"),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "30", 2020, "NĐ", ("CP",), "state"),
    ("35-NQ/TW", "35-NQ/TW", "35", None, "NQ", ("TW",), "party"),
    ("15-NQ/TU", "15-NQ/TU", "15", None, "NQ", ("TU",), "party"),
    ("14-NQ/TU", "14-NQ/TU", "14", None, "NQ", ("TU",), "party"),
    ("23-CT/TW", "23-CT/TW", "23", None, "CT", ("TW",), "party"),
    ("84-KH/HDND-BTGTU", "84-KH/HDND-BTGTU", "84", None, "KH", ("HDND", "BTGTU"), "party"),
    ("81-KH/UBND-BTGTU", "81-KH/UBND-BTGTU", "81", None, "KH", ("UBND", "BTGTU"), "party"),
    ("234-CV/BTGTU", "234-CV/BTGTU", "234", None, "CV", ("BTGTU",), "party"),
    ("44-KL/TW", "44-KL/TW", "44", None, "KL", ("TW",), "party"),
    ("09-CT/TW", "09-CT/TW", "09", None, "CT", ("TW",), "party"),
    ("08-QĐi/TW", "08-QĐi/TW", "08", None, "QĐi", ("TW",), "party"),
    ("37-QĐ/TW", "37-QĐ/TW", "37", None, "QĐ", ("TW",), "party"),
    ("36-HD/VPTW", "36-HD/VPTW", "36", None, "HD", ("VPTW",), "party"),
]


@pytest.mark.parametrize(
    ("printed", "normalized", "number", "year", "type_code", "issuers", "style"), FORMS
)
def test_every_form_from_the_rules_and_the_seeds_parses_to_its_parts(
    printed: str,
    normalized: str,
    number: str,
    year: int | None,
    type_code: str | None,
    issuers: tuple[str, ...],
    style: str,
) -> None:
    parsed = parse_symbol(printed)
    assert parsed is not None
    assert parsed.printed == printed
    assert parsed.normalized == normalized
    assert parsed.number == number
    assert parsed.year == year
    assert parsed.type_code == type_code
    assert parsed.issuers == issuers
    assert parsed.style == style


def test_a_law_has_a_year_and_an_issuer_but_no_type_code() -> None:
    law = parse_symbol("06/2022/QH15")
    assert law is not None
    assert (law.year, law.type_code, law.issuers) == (2022, None, ("QH15",))


def test_an_ordinance_of_the_standing_committee_reads_like_a_law() -> None:
    ordinance = parse_symbol("02/2022/UBTVQH15")
    assert ordinance is not None
    assert (ordinance.type_code, ordinance.issuers) == (None, ("UBTVQH15",))


def test_a_joint_circular_lists_every_issuer_after_its_type() -> None:
    joint = parse_symbol("01/2020/TTLT-BCA-BQP")
    assert joint is not None
    assert (joint.type_code, joint.issuers) == ("TTLT", ("BCA", "BQP"))


def test_a_cong_van_has_no_type_code_and_two_issuer_parts() -> None:
    letter = parse_symbol("123/UBND-VX")
    assert letter is not None
    assert (letter.type_code, letter.issuers, letter.style) == (None, ("UBND", "VX"), "state")


def test_the_leading_zero_of_the_number_is_kept_as_printed() -> None:
    parsed = parse_symbol("06/CT-BCA-V05")
    assert parsed is not None
    assert parsed.number == "06"
    assert parsed.normalized.startswith("06/")


def test_an_unknown_type_code_in_a_party_symbol_still_parses() -> None:
    parsed = parse_symbol("12-xyz/TW")
    assert parsed is not None
    assert (parsed.type_code, parsed.style) == ("XYZ", "party")


def test_an_unknown_type_code_in_the_year_grammar_is_still_the_type() -> None:
    parsed = parse_symbol("05/2019/XYZ-BCA")
    assert parsed is not None
    assert (parsed.type_code, parsed.issuers) == ("XYZ", ("BCA",))


def test_the_callers_catalogue_decides_between_type_code_and_cong_van_issuer() -> None:
    default = parse_symbol("15/ABC-VP")
    with_abc = parse_symbol("15/ABC-VP", type_codes=["ABC", "KH"])
    without_kh = parse_symbol("92/KH-BCĐNQ", type_codes=["QĐ"])
    assert default is not None and default.type_code is None
    assert with_abc is not None and with_abc.type_code == "ABC"
    assert without_kh is not None
    assert (without_kh.type_code, without_kh.issuers) == (None, ("KH", "BCĐNQ"))


def test_the_callers_catalogue_gives_the_canonical_spelling_of_its_codes() -> None:
    parsed = parse_symbol("15/qdhc-UBND", type_codes=["QĐHC"])
    assert parsed is not None
    assert parsed.normalized == "15/QĐHC-UBND"


def test_bad_rows_in_the_callers_catalogue_are_ignored() -> None:
    catalogue = ["", "  ", "KH", None, 42, "QĐ-TTg", "Q Đ"]
    parsed = parse_symbol("92/KH-BCĐNQ", type_codes=catalogue)  # type: ignore[list-item]
    assert parsed is not None and parsed.type_code == "KH"
    assert parse_symbol("92/KH-BCĐNQ", type_codes=12) is not None  # type: ignore[arg-type]


def test_a_single_string_catalogue_is_one_code_not_its_letters() -> None:
    parsed = parse_symbol("15/KH-UBND", type_codes="KH")
    assert parsed is not None and parsed.type_code == "KH"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "22/10/2018",
        "10/12/2023",
        "06/06/2023",
        "1/2",
        "3/4",
        "50%",
        "50/ha",
        "km/h",
        "and/or",
        "2021-2025",
        "COVID-19",
        "0912-345-678",
        "15/UBND",
        "15/KH",
        "Quyết định",
        "https://baotintuc.vn/thoi-su/abc.htm",
        "2447/QĐ-TTg và 35-NQ/TW",
        "/QĐ-TTg",
        "2447/",
        "Sơ kết 15/ABC-VP",
    ],
)
def test_strings_that_are_not_a_symbol_give_none(text: str) -> None:
    assert parse_symbol(text) is None


def test_non_string_input_gives_none_rather_than_an_error() -> None:
    assert parse_symbol(None) is None  # type: ignore[arg-type]
    assert find_symbols(None) == []  # type: ignore[arg-type]
    assert clean_symbol_text(None) == ""  # type: ignore[arg-type]
    assert symbol_search_key(None) == ""  # type: ignore[arg-type]


# --- Normalisation --------------------------------------------------------------------------


def test_d_without_stroke_is_read_as_dj_in_type_code() -> None:
    parsed = parse_symbol("2447/QD-TTg")
    assert parsed is not None
    assert (parsed.type_code, parsed.normalized) == ("QĐ", "2447/QĐ-TTg")


def test_decree_type_code_without_stroke_becomes_nd_with_stroke() -> None:
    parsed = parse_symbol("98/2023/ND-CP")
    assert parsed is not None
    assert parsed.normalized == "98/2023/NĐ-CP"


def test_party_regulation_code_without_stroke_becomes_qdi() -> None:
    parsed = parse_symbol("08-QDi/TW")
    assert parsed is not None
    assert parsed.type_code == "QĐi"
    assert parse_symbol("08-QDI/TW") == replace(parsed, printed="08-QDI/TW")


def test_programme_code_gets_its_mixed_case_back() -> None:
    parsed = parse_symbol("15/CTR-UBND")
    assert parsed is not None
    assert parsed.type_code == "CTr"


def test_lower_case_symbol_is_upper_cased_with_catalogue_spellings() -> None:
    parsed = parse_symbol("2447/qđ-ttg")
    assert parsed is not None
    assert parsed.normalized == "2447/QĐ-TTg"


def test_prime_minister_issuer_code_gets_its_canonical_case() -> None:
    parsed = parse_symbol("2447/QĐ-TTG")
    assert parsed is not None
    assert parsed.issuers == ("TTg",)


def test_national_assembly_term_keeps_its_number_when_recased() -> None:
    parsed = parse_symbol("06/2022/Qh15")
    assert parsed is not None
    assert parsed.issuers == ("QH15",)


def test_guidance_without_stroke_stays_guidance_and_is_not_read_as_contract() -> None:
    guidance = parse_symbol("36-HD/VPTW")
    contract = parse_symbol("12/HĐ-UBND")
    assert guidance is not None and guidance.type_code == "HD"
    assert contract is not None and contract.type_code == "HĐ"


def test_project_and_scheme_codes_stay_apart() -> None:
    project = parse_symbol("15/DA-UBND")
    scheme = parse_symbol("15/ĐA-UBND")
    lower_project = parse_symbol("15/da-ubnd")
    assert project is not None and project.type_code == "DA"
    assert scheme is not None and scheme.type_code == "ĐA"
    assert lower_project is not None and lower_project.type_code == "DA"


def test_d_without_stroke_in_an_issuer_code_is_kept_as_printed() -> None:
    printed_plain = parse_symbol("84-KH/HDND-BTGTU")
    printed_stroke = parse_symbol("84-KH/HĐND-BTGTU")
    steering = parse_symbol("92/KH-BCDNQ")
    assert printed_plain is not None and printed_plain.issuers == ("HDND", "BTGTU")
    assert printed_stroke is not None and printed_stroke.issuers == ("HĐND", "BTGTU")
    assert steering is not None and steering.issuers == ("BCDNQ",)
    assert printed_plain.search_key == printed_stroke.search_key


def test_an_unknown_mixed_case_issuer_keeps_its_case() -> None:
    parsed = parse_symbol("15/ABC-PhQ")
    assert parsed is not None
    assert parsed.issuers == ("ABC", "PhQ")


def test_a_lower_case_issuer_of_a_well_known_body_gets_its_catalogue_case() -> None:
    parsed = parse_symbol("15/KH-Ubnd")
    assert parsed is not None
    assert parsed.issuers == ("UBND",)


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
def test_unicode_dash_variants_read_as_a_hyphen(dash: str) -> None:
    state = parse_symbol(f"2447/QĐ{dash}TTg")
    party = parse_symbol(f"35{dash}NQ/TW")
    assert state is not None and state.normalized == "2447/QĐ-TTg"
    assert party is not None and party.normalized == "35-NQ/TW"


@pytest.mark.parametrize("slash", ["\u2044", "\u2215", "\uff0f"])
def test_slash_look_alikes_read_as_a_slash(slash: str) -> None:
    parsed = parse_symbol(f"2447{slash}QĐ-TTg")
    assert parsed is not None and parsed.normalized == "2447/QĐ-TTg"


def test_stray_spaces_around_slash_and_dash_are_ignored() -> None:
    parsed = parse_symbol("  2447 / QĐ - TTg  ")
    assert parsed is not None
    assert parsed.normalized == "2447/QĐ-TTg"
    assert parsed.printed == "2447 / QĐ - TTg"


def test_eth_typed_for_dj_by_a_wrong_code_page_reads_as_dj() -> None:
    parsed = parse_symbol("92/KH-BC\u00d0NQ")
    assert parsed is not None
    assert parsed.normalized == "92/KH-BCĐNQ"


def test_decomposed_unicode_reads_like_composed() -> None:
    decomposed = "So\u0302\u0301 2447/QĐ-TTg"
    parsed = parse_symbol(decomposed)
    assert parsed is not None and parsed.normalized == "2447/QĐ-TTg"


@pytest.mark.parametrize(
    "prefixed",
    [
        "Số 2447/QĐ-TTg",
        "số 2447/QĐ-TTg",
        "SỐ 2447/QĐ-TTg",
        "Số: 2447/QĐ-TTg",
        "Số:2447/QĐ-TTg",
        "So 2447/QĐ-TTg",
        "No. 2447/QĐ-TTg",
        "No.2447/QĐ-TTg",
        "No 2447/QĐ-TTg",
        "Nº 2447/QĐ-TTg",
        "หมายเลข 2447/QĐ-TTg",
        "ที่ 2447/QĐ-TTg",
        "ที่2447/QĐ-TTg",
        "เลขที่ 2447/QĐ-TTg",
    ],
)
def test_a_leading_number_word_is_removed_from_the_printed_symbol(prefixed: str) -> None:
    parsed = parse_symbol(prefixed)
    assert parsed is not None
    assert parsed.printed == "2447/QĐ-TTg"
    assert parsed.normalized == "2447/QĐ-TTg"


def test_clean_symbol_text_repairs_dashes_spaces_and_prefix() -> None:
    assert clean_symbol_text("  Số:  2447 / qđ – ttg ") == "2447/qđ-ttg"
    assert clean_symbol_text("No. 35 — NQ / TW") == "35-NQ/TW"


def test_clean_symbol_text_leaves_the_case_and_accents_alone() -> None:
    assert clean_symbol_text("Hà Nội") == "Hà Nội"


def test_clean_symbol_text_returns_nfc() -> None:
    assert clean_symbol_text("Ha\u0300 No\u0323\u0302i") == "Hà Nội"


def test_a_prefix_word_not_followed_by_a_number_is_kept() -> None:
    assert clean_symbol_text("Sơ kết năm") == "Sơ kết năm"


# --- Search key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "2447/QD-TTg",
        "2447/QĐ-TTg",
        "2447 / qđ – ttg",
        "Số 2447/QĐ-TTg",
        "2447/QD-TTG",
        "No. 2447/qd-ttg",
        "ที่ 2447 / QĐ—TTg",
    ],
)
def test_every_spelling_of_a_symbol_has_the_same_search_key(spelling: str) -> None:
    assert symbol_search_key(spelling) == "2447/QD-TTG"


def test_the_search_key_ignores_a_missing_leading_zero() -> None:
    assert symbol_search_key("6/CT-BCA-V05") == symbol_search_key("06/CT-BCA-V05")
    assert symbol_search_key("9-CT/TW") == symbol_search_key("09-CT/TW") == "09-CT/TW"


def test_the_search_key_of_a_party_symbol_keeps_the_party_shape() -> None:
    assert symbol_search_key("84-KH/HĐND-BTGTU") == "84-KH/HDND-BTGTU"
    assert symbol_search_key("35-NQ/TW") != symbol_search_key("35/NQ-TW")


def test_the_search_key_of_a_plain_string_is_its_folded_form() -> None:
    assert symbol_search_key("  Quyết   định ") == "QUYET DINH"
    assert symbol_search_key("Đảng ủy") == "DANG UY"


def test_the_search_key_keeps_thai_vowel_and_tone_signs() -> None:
    assert symbol_search_key("มติที่") == "มติที่"


def test_the_search_key_of_a_string_that_folds_into_a_symbol_is_that_symbols_key() -> None:
    assert symbol_search_key("15/ÁBC-VP") == symbol_search_key("15/ABC-VP")


# --- Finding symbols in text ----------------------------------------------------------------


@pytest.mark.parametrize("name", _gold_names())
def test_find_symbols_finds_exactly_the_gold_document_refs(name: str) -> None:
    seeds = _seeds()
    gold = json.loads((seeds / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    text = (seeds / gold["seed"]).read_text(encoding="utf-8")
    found = _unique_in_order(text)
    expected = gold["document_refs"]
    assert [parsed.normalized for parsed in found] == [ref["symbol"] for ref in expected]
    for parsed, ref in zip(found, expected, strict=True):
        assert parsed.number == ref["number"]
        assert parsed.type_code == ref["type"]
        assert list(parsed.issuers) == ref["issuers"]
        assert parsed.style == ref["style"]


def test_find_symbols_finds_the_resolutions_and_directive_of_the_five_year_review() -> None:
    # The seeds README lists them for S2, which has no gold file.
    text = (_seeds() / "001_1add70f814a3cce3.txt").read_text(encoding="utf-8")
    found = {parsed.normalized for parsed in _unique_in_order(text)}
    assert found == {"35-NQ/TW", "23-CT/TW", "14-NQ/TU", "15-NQ/TU"}


def test_find_symbols_reports_nothing_in_a_seed_whose_only_slashes_are_a_date() -> None:
    text = (_seeds() / "003_98baff08d2a06518.txt").read_text(encoding="utf-8")
    assert "06/06/2023" in text
    assert find_symbols(text) == []


def test_find_symbols_in_a_vietnamese_sentence_gives_spans_of_the_original_text() -> None:
    text = "Thực hiện Quyết định số 2447/QĐ-TTg ngày 22/10/2018 và Nghị quyết 35-NQ/TW."
    matches = find_symbols(text)
    assert [text[m.start : m.end] for m in matches] == ["2447/QĐ-TTg", "35-NQ/TW"]
    assert [m.parsed.style for m in matches] == ["state", "party"]


def test_find_symbols_reads_thai_written_without_spaces_around_the_symbol() -> None:
    text = "ตามมติที่35-NQ/TWของโปลิตบูโร และแผนที่ 92/KH-BCĐNQ"
    assert [m.parsed.normalized for m in find_symbols(text)] == ["35-NQ/TW", "92/KH-BCĐNQ"]


def test_find_symbols_reads_english_with_a_number_word_before_the_symbol() -> None:
    text = "Law No. 06/2022/QH15 and Decree No.98/2023/ND-CP (replaced by 152/2025/NĐ-CP)."
    found = [m.parsed.normalized for m in find_symbols(text)]
    assert found == ["06/2022/QH15", "98/2023/NĐ-CP", "152/2025/NĐ-CP"]


def test_find_symbols_keeps_stray_spaces_and_odd_dashes_in_the_printed_span() -> None:
    text = "văn bản số 2447 / QĐ–TTg đã"
    (match,) = find_symbols(text)
    assert text[match.start : match.end] == "2447 / QĐ–TTg"
    assert match.parsed.normalized == "2447/QĐ-TTg"


def test_find_symbols_reads_a_state_symbol_with_a_unit() -> None:
    (match,) = find_symbols("Chỉ thị 06/CT-BCA-V05 của Bộ Công an")
    assert match.parsed.issuers == ("BCA", "V05")


@pytest.mark.parametrize(
    "text",
    [
        "ngày 22/10/2018 và 10/12/2023",
        "lúc 19:49 น. 06/06/2023",
        "đạt 1/2 kế hoạch, 3/4 số xã, tăng 50% so với 2022",
        "điện thoại 0912-345-678, (024) 3823-4567, +84 24/3823 4567",
        "https://baotintuc.vn/thoi-su/35-NQ/TW-20251106190502397.htm",
        "xem thuvienphapluat.vn/van-ban/2447/QD-TTg ngay",
        "giai đoạn 2021-2025, COVID-19, km/h, and/or, 24/7",
        "Form 10-K/A, phòng 305/B-2, lớp 12/A1",
        "mẫu 5/A-B hay 7-X/Y",
        "đơn giá 1.92/KH-AB, 1,15/ABC-VP",
        "tệp 92/KH-BCĐNQ.pdf",
        "chuẩn Euro 5/EURO-6, ISO 9001/TCVN-2015",
        "số 2020-35-NQ/TW",
        "mã ABC15/ABC-VP và 35-NQ/TW/2018",
        "văn bản 2447/qđ-ttg viết thường",
    ],
)
def test_find_symbols_ignores_dates_fractions_phones_urls_and_words(text: str) -> None:
    assert find_symbols(text) == []


def test_find_symbols_ignores_a_symbol_inside_an_email_address() -> None:
    assert find_symbols("gửi 15/ABC-VP@example.vn") == []


def test_find_symbols_uses_the_callers_catalogue() -> None:
    text = "Kế hoạch 92/KH-BCĐNQ"
    (default,) = find_symbols(text)
    (custom,) = find_symbols(text, type_codes=["QĐ"])
    assert default.parsed.type_code == "KH"
    assert custom.parsed.type_code is None


def test_find_symbols_accepts_a_one_letter_code_only_when_the_catalogue_knows_it() -> None:
    text = "Lệnh 09/2022/L-CTN"
    assert [m.parsed.type_code for m in find_symbols(text)] == ["L"]
    assert find_symbols(text, type_codes=["NĐ"]) == []


# --- Properties -----------------------------------------------------------------------------

_SYMBOL_ALPHABET = (
    "0123456789/-–—‐‑−/⁄ ./:,%QĐđDdÐKkHhTtWwgGVvBbCcAaNnUuiIRrSsốơáÁ"
    "\u0302\u0301\u00a0\u200bหมายเลขที่"
)
symbol_like_text = st.text(alphabet=_SYMBOL_ALPHABET, max_size=40)

_numbers = st.one_of(
    st.integers(min_value=1, max_value=99999).map(str),
    st.integers(min_value=1, max_value=9).map(lambda n: f"0{n}"),
)
_issuer_codes = st.one_of(
    st.from_regex(r"[A-ZĐ][A-Z0-9Đ]{1,6}", fullmatch=True),
    st.sampled_from(["TTg", "CP", "TW", "TU", "UBND", "HĐND", "HDND", "BTGTU", "VPTW", "QH15"]),
)
_state_types = st.sampled_from(sorted(DEFAULT_STATE_TYPE_CODES))
_party_types = st.sampled_from(sorted(DEFAULT_PARTY_TYPE_CODES))
_issuer_lists = st.lists(_issuer_codes, min_size=1, max_size=3).map("-".join)
_years = st.integers(min_value=1990, max_value=2099).map(str)

well_formed_symbols = st.one_of(
    st.builds(lambda n, t, i: f"{n}/{t}-{i}", _numbers, _state_types, _issuer_lists),
    st.builds(lambda n, a, b: f"{n}/{a}-{b}", _numbers, _issuer_codes, _issuer_codes),
    st.builds(lambda n, y, t, i: f"{n}/{y}/{t}-{i}", _numbers, _years, _state_types, _issuer_lists),
    st.builds(lambda n, y, i: f"{n}/{y}/{i}", _numbers, _years, _issuer_codes),
    st.builds(lambda n, t, i: f"{n}-{t}/{i}", _numbers, _party_types, _issuer_lists),
)

_fillers = st.lists(
    st.sampled_from(
        [
            "Quyết định",
            "số",
            "ngày 22/10/2018",
            "theo",
            "มติที่",
            "ของ",
            "Decision",
            "No.",
            "của Thủ tướng",
            "50%",
            "2021-2025",
            "(",
            ")",
            ",",
        ]
    ),
    max_size=4,
).map(" ".join)


def _respell(symbol: str, lower: bool, plain_d: bool, dash: str, spaced: bool, prefix: str) -> str:
    text = symbol.lower() if lower else symbol
    if plain_d:
        text = text.replace("Đ", "D").replace("đ", "d")
    text = text.replace("-", dash)
    if spaced:
        text = text.replace("/", " / ")
    return prefix + text


@given(st.text())
def test_no_function_raises_on_any_string(text: str) -> None:
    parse_symbol(text)
    symbol_search_key(text)
    clean_symbol_text(text)
    find_symbols(text)


@given(symbol_like_text)
def test_no_function_raises_on_symbol_like_strings(text: str) -> None:
    parse_symbol(text)
    parse_symbol(text, type_codes=["kh", "QĐ", "Đa", ""])
    symbol_search_key(text)
    clean_symbol_text(text)
    find_symbols(text)


@given(st.one_of(symbol_like_text, well_formed_symbols))
def test_a_normalized_symbol_reparses_to_the_same_fields(text: str) -> None:
    parsed = parse_symbol(text)
    if parsed is not None:
        again = parse_symbol(parsed.normalized)
        assert again is not None
        assert _without_printed(again) == _without_printed(parsed)


@given(well_formed_symbols)
def test_every_well_formed_symbol_parses(symbol: str) -> None:
    assert parse_symbol(symbol) is not None


@given(st.one_of(st.text(), symbol_like_text, well_formed_symbols))
def test_the_search_key_is_idempotent(text: str) -> None:
    key = symbol_search_key(text)
    assert symbol_search_key(key) == key


@given(st.one_of(st.text(), symbol_like_text))
def test_clean_symbol_text_is_idempotent(text: str) -> None:
    cleaned = clean_symbol_text(text)
    assert clean_symbol_text(cleaned) == cleaned


@given(
    well_formed_symbols,
    st.booleans(),
    st.booleans(),
    st.sampled_from(["-", "\u2013", "\u2014", "\u2011"]),
    st.booleans(),
    st.sampled_from(["", "Số ", "số: ", "No. ", "หมายเลข ", "ที่"]),
)
def test_every_spelling_of_a_generated_symbol_has_one_search_key(
    symbol: str, lower: bool, plain_d: bool, dash: str, spaced: bool, prefix: str
) -> None:
    respelled = _respell(symbol, lower, plain_d, dash, spaced, prefix)
    assert symbol_search_key(respelled) == symbol_search_key(symbol)


@given(_fillers, well_formed_symbols, _fillers)
def test_a_symbol_between_words_is_found_once_with_its_exact_span(
    before: str, symbol: str, after: str
) -> None:
    text = f"{before} {symbol} {after}"
    matches = find_symbols(text)
    assert len(matches) == 1
    (match,) = matches
    assert text[match.start : match.end] == symbol
    assert match.parsed == parse_symbol(symbol)


@given(
    st.lists(
        st.one_of(symbol_like_text, well_formed_symbols, st.text(max_size=10)), max_size=6
    ).map("".join)
)
def test_found_spans_are_in_order_non_overlapping_and_reparse(text: str) -> None:
    end = 0
    for match in find_symbols(text):
        assert end <= match.start < match.end <= len(text)
        assert text[match.start : match.end]
        assert parse_symbol(text[match.start : match.end]) == match.parsed
        end = match.end
