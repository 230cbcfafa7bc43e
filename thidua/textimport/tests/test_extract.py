"""Tests of the extraction library, extractor by extractor, in Vietnamese, Thai and English.

The hand-written texts here are not seeds; the seed tests at the end assert the facts of
the gold files and of the seed summaries (S2's contradiction, S4's figures).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from thidua.textimport.extract import UnitMatcher, UnitName, draft, extract
from thidua.textimport.extract.figures import parse_number
from thidua.textimport.scoring import find_seeds_dir


def _symbols_available() -> bool:
    try:
        import thidua.utils.symbols  # noqa: F401
    except ImportError:
        return False
    return True


needs_symbols = pytest.mark.skipif(
    not _symbols_available(), reason="thidua.utils.symbols is not installed"
)

SEEDS = find_seeds_dir(Path(__file__).resolve().parent)
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="shared/seeds not found")


def seed(prefix: str) -> str:
    assert SEEDS is not None
    return next(SEEDS.glob(prefix + "_*.txt")).read_text(encoding="utf-8")


def iso_dates(text: str, **kw: object) -> list[str]:
    return [d.value.isoformat() for d in extract(text, **kw).dates]  # type: ignore[arg-type]


# --- language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kế hoạch thực hiện Nghị quyết của Bộ Chính trị trong năm 2024.", "vi"),
        ("แผนการประสานงานระหว่างกรมโฆษณาชวนเชื่อและสภาประชาชนจังหวัด", "th"),
        ("The plan sets out the tasks of the provincial departments for the year.", "en"),
        ("The plan of the province. แผนการประสานงานระหว่างกรม Kế hoạch của tỉnh năm nay", "mixed"),
        ("", "unknown"),
        ("12345 !!!", "unknown"),
    ],
)
def test_language_is_detected_by_script_and_function_words(text: str, expected: str) -> None:
    assert extract(text).language == expected


def test_unaccented_names_in_thai_text_do_not_make_it_english() -> None:
    text = "รองเลขาธิการพรรคประจำจังหวัด Tran The Dung ได้ร้องขอให้หน่วยงานในท้องถิ่นดำเนินการ"
    assert extract(text).language == "th"


def test_language_argument_overrides_detection() -> None:
    assert extract("2.028 groups", language="vi").figures[0].value == 2028
    assert extract("2.028 groups", language="en").figures[0].value == pytest.approx(2.028)


# --- dates ----------------------------------------------------------------------------


def test_vietnamese_dates() -> None:
    text = "Hà Nội, ngày 22 tháng 10 năm 2018. Kết luận ngày 22/1/2019; hạn 05-02-2020."
    assert iso_dates(text) == ["2018-10-22", "2019-01-22", "2020-02-05"]


def test_vietnamese_dates_without_accents_or_in_capitals() -> None:
    assert iso_dates("NGÀY 3 THÁNG 2 NĂM 2021 và ngay 4 thang 3 nam 2021") == [
        "2021-02-03",
        "2021-03-04",
    ]


def test_thai_dates_with_buddhist_era_and_common_era_mixed() -> None:
    text = "เมื่อวันที่ 25 สิงหาคม พ.ศ. 2561 และ 22 ตุลาคม 2561 กับ 25 พฤษภาคม 2023"
    e = extract(text)
    assert [d.value.isoformat() for d in e.dates] == ["2018-08-25", "2018-10-22", "2023-05-25"]
    assert [d.era for d in e.dates] == ["be", "be", "ce"]


def test_thai_month_abbreviations_thai_digits_and_two_digit_years() -> None:
    assert iso_dates("ลงวันที่ ๒๒ ม.ค. ๒๕๖๒") == ["2019-01-22"]
    assert iso_dates("ประชุม 3 มี.ค. 67") == ["2024-03-03"]
    assert iso_dates("ส่งภายใน 1 ธ.ค 2566") == ["2023-12-01"]


def test_english_dates_both_orders() -> None:
    text = "Signed on 22 January 2019, amended January 5, 2020 and the 3rd of May 2021."
    assert iso_dates(text) == ["2019-01-22", "2020-01-05", "2021-05-03"]


def test_may_the_verb_is_not_a_month() -> None:
    assert extract("Units may 20 times a year report.").dates == ()


def test_era_marker_that_contradicts_the_year_is_flagged() -> None:
    e = extract("ประชุมเมื่อ 5 มีนาคม พ.ศ. 2023")
    assert [d.value.isoformat() for d in e.dates] == ["2023-03-05"]
    assert "era_marker_conflict" in {w.code for w in e.warnings}


def test_impossible_date_is_a_warning_not_a_date() -> None:
    e = extract("ngày 31/02/2023")
    assert e.dates == ()
    assert [w.code for w in e.warnings] == ["invalid_date"]


def test_day_month_without_year_is_a_partial_date() -> None:
    e = extract("hằng năm trước ngày 30/11, và วันที่ 23 กุมภาพันธ์")
    assert [(p.month, p.day) for p in e.partial_dates] == [(11, 30), (2, 23)]
    assert e.dates == ()


def test_date_spans_point_at_the_date() -> None:
    text = "Ký ngày 22/1/2019 tại Hà Nội"
    (d,) = extract(text).dates
    assert text[d.span[0] : d.span[1]] == "22/1/2019"


# --- periods and years -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("giai đoạn 2021 - 2025", "2021-01-01", "2025-12-31"),
        ("programme 2021–2025", "2021-01-01", "2025-12-31"),
        ("ช่วงปี 2013 - 2023", "2013-01-01", "2023-12-31"),
        ("ช่วงปี 2564-2568", "2021-01-01", "2025-12-31"),
        ("từ năm 2016 đến năm 2020", "2016-01-01", "2020-12-31"),
        ("between 2016 and 2020", "2016-01-01", "2020-12-31"),
        ("(10 ธันวาคม 2491 - 10 ธันวาคม 2566)", "1948-12-10", "2023-12-10"),
        ("từ ngày 30/11/2023 đến ngày 30/12/2023", "2023-11-30", "2023-12-30"),
        ("from 1 March to 15 April 2024", "2024-03-01", "2024-04-15"),
        ("ตั้งแต่วันที่ 30 พฤศจิกายน 2566 ถึง 30 ธันวาคม 2566", "2023-11-30", "2023-12-30"),
    ],
)
def test_periods(text: str, start: str, end: str) -> None:
    periods = extract(text).periods
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [(start, end)]


def test_reversed_period_is_flagged() -> None:
    e = extract("giai đoạn 2025 - 2021")
    assert e.periods == ()
    assert [w.code for w in e.warnings] == ["period_reversed"]


def test_years_standalone_in_ranges_and_in_single_dates_but_not_in_date_ranges() -> None:
    text = "Năm 2023, giai đoạn 2021-2025; ký ngày 5/5/2019; (10/12/1948 - 10/12/2023)."
    assert sorted({y.year for y in extract(text).years}) == [2019, 2021, 2023, 2025]


def test_years_are_not_read_inside_symbols_figures_or_urls() -> None:
    text = "Nghị định 98/2023/NĐ-CP; 2,028 tổ; https://x.vn/2024/a; 19:45"
    assert {y.year for y in extract(text).years} <= {2023}
    assert 2024 not in {y.year for y in extract(text).years}


def test_buddhist_era_years_become_common_era() -> None:
    assert [y.year for y in extract("ในปี 2566 และ ปี 2024").years] == [2023, 2024]


# --- recurring deadlines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "every", "before"),
    [
        ("Provinces report every year before 30 November.", "year", "11-30"),
        ("Báo cáo hằng năm trước ngày 30/11 về Bộ Công an.", "year", "11-30"),
        ("Hàng quý, chậm nhất ngày 15 tháng 3 gửi báo cáo", "quarter", "03-15"),
        ("รายงานต่อนายกรัฐมนตรีก่อนวันที่ 30 พฤศจิกายนของทุกปี", "year", "11-30"),
        ("Annually, reports are due by 15 December.", "year", "12-15"),
    ],
)
def test_recurring_deadlines(text: str, every: str, before: str) -> None:
    assert [(d.every, d.before) for d in extract(text).deadlines] == [(every, before)]


def test_monthly_deadline_with_a_day_only() -> None:
    (d,) = extract("Các đơn vị báo cáo hằng tháng trước ngày 20.").deadlines
    assert (d.every, d.before, d.before_day) == ("month", None, 20)


def test_a_one_off_deadline_is_not_recurring() -> None:
    assert extract("Submit before 30 November 2024.").deadlines == ()


# --- numbered lists ----------------------------------------------------------------------

VI_PLAN = """KẾ HOẠCH
Kế hoạch gồm 3 nhóm nhiệm vụ sau:
1. Tuyên truyền, phổ biến nghị quyết.
- Sở Thông tin và Truyền thông chủ trì.
- Công an tỉnh phối hợp.
2. Kiểm tra, giám sát
việc thực hiện ở cơ sở.
3. Sơ kết, tổng kết.
Các sở, ngành báo cáo kết quả hằng năm trước ngày 30/11.
"""


def test_numbered_list_with_bullets_and_continuation_lines() -> None:
    (lst,) = extract(VI_PLAN).numbered_lists
    assert [i.number for i in lst.items] == [1, 2, 3]
    assert [len(i.bullets) for i in lst.items] == [2, 0, 0]
    assert lst.items[1].text == "Kiểm tra, giám sát việc thực hiện ở cơ sở."
    assert lst.items[0].bullets[1].text == "Công an tỉnh phối hợp."
    assert lst.announced_count == 3
    assert "Các sở" not in lst.items[2].text  # trailing prose is not part of the list


def test_item_text_span_is_the_item_text() -> None:
    (lst,) = extract(VI_PLAN).numbered_lists
    item = lst.items[0]
    assert VI_PLAN[item.text_span[0] : item.text_span[1]] == "Tuyên truyền, phổ biến nghị quyết."


def test_nested_outline_roman_arabic_letters() -> None:
    text = (
        "I. MỤC ĐÍCH\n1. Nâng cao nhận thức\n2. Phát huy vai trò\n"
        "II. NỘI DUNG\n1. Tuyên truyền\na) Trên báo chí\nb) Trên mạng xã hội\n2. Kiểm tra\n"
    )
    lists = extract(text).numbered_lists
    shapes = [(len(lst.items), [len(i.bullets) for i in lst.items]) for lst in lists]
    assert (2, [2, 2]) in shapes  # I, II with their numbered children
    assert (2, [0, 0]) in shapes  # 1-2 under I
    assert (2, [2, 0]) in shapes  # 1-2 under II, with a) b)


def test_inline_numbered_list_and_announced_count_mismatch() -> None:
    text = "The plan sets out the following five tasks:\n1) propaganda; 2) inspection; 3) review."
    e = extract(text)
    (lst,) = e.numbered_lists
    assert [i.text for i in lst.items] == ["propaganda", "inspection", "review"]
    assert lst.inline and lst.announced_count == 5
    assert "announced_count_mismatch" in {w.code for w in e.warnings}


def test_thai_list_with_subject_groups() -> None:
    text = "เกณฑ์การแข่งขันดังนี้:\n1. สำหรับกระทรวง:\n- เกณฑ์หนึ่ง\n- เกณฑ์สอง\n2. สำหรับบุคคล:\n- เกณฑ์สาม\n"
    (lst,) = extract(text).numbered_lists
    assert [len(i.bullets) for i in lst.items] == [2, 1]


def test_a_lone_numbered_line_is_not_a_list() -> None:
    assert extract("1. Only one item here.\nThen prose.").numbered_lists == ()


# --- figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "language", "value"),
    [
        ("2,028", "th", 2028),
        ("2.028", "vi", 2028),
        ("11.300", "vi", 11300),
        ("11,300", "en", 11300),
        ("1.234.567", "vi", 1234567),
        ("1,234.5", "en", 1234.5),
        ("1.234,5", "vi", 1234.5),
        ("2,5", "vi", 2.5),
        ("95.5", "en", 95.5),
    ],
)
def test_number_separators_follow_the_language(token: str, language: str, value: float) -> None:
    parsed = parse_number(token, language)
    assert parsed is not None
    assert parsed[0] == pytest.approx(value)


def test_vietnamese_figures_with_qualifiers() -> None:
    text = "Toàn tỉnh có 2.028 tổ tự quản với hơn 11.300 thành viên, 614 lớp tập huấn."
    figs = [(f.value, f.qualifier, f.counted) for f in extract(text).figures]
    assert figs == [
        (2028, None, "tổ tự quản"),
        (11300, "more_than", "thành viên"),
        (614, None, "lớp tập huấn"),
    ]


def test_english_figures_kinds() -> None:
    text = (
        "Over 18,400 participants joined 614 classes; 95.5% of communes; "
        "a budget of 1.5 million USD; after 5 years."
    )
    figs = {f.value: (f.kind, f.qualifier) for f in extract(text).figures}
    assert figs[18400] == ("count", "more_than")
    assert figs[614] == ("count", None)
    assert figs[95.5] == ("percent", None)
    assert figs[1_500_000] == ("amount", None)
    assert figs[5] == ("duration", None)


def test_thai_figures_find_the_noun_before_and_the_classifier_after() -> None:
    text = "จัดตั้งกลุ่มบริหารจัดการตนเองจำนวน 2,028 กลุ่ม มีสมาชิกมากกว่า 11,300 คน"
    figs = [(f.value, f.qualifier, f.unit) for f in extract(text).figures]
    assert figs == [(2028, None, "กลุ่ม"), (11300, "more_than", "คน")]
    assert extract(text).figures[1].counted.startswith("สมาชิก")


def test_counts_that_announce_a_list_and_identifiers_are_not_indicators() -> None:
    text = "Kế hoạch gồm 3 nhóm nhiệm vụ, gồm: … Quyết định số 15; คำสั่งที่ 700; ครั้งที่ 11"
    kinds = {f.value: f.kind for f in extract(text).figures}
    assert kinds.get(3) == "enumeration"
    assert 15 not in kinds and 700 not in kinds and 11 not in kinds


# --- document references ----------------------------------------------------------------


@needs_symbols
def test_document_refs_of_both_grammars_with_their_dates() -> None:
    text = (
        "Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị và "
        "Quyết định 2447/QĐ-TTg; resolution 15-NQ/TU of 31 May 2023."
    )
    refs = extract(text).document_refs
    assert [(r.symbol.number, r.symbol.type_code, r.symbol.style) for r in refs] == [
        ("35", "NQ", "party"),
        ("2447", "QĐ", "state"),
        ("15", "NQ", "party"),
    ]
    assert [r.date for r in refs] == [date(2018, 10, 22), None, date(2023, 5, 31)]


@needs_symbols
def test_symbol_digits_are_not_dates_years_or_figures() -> None:
    e = extract("Nghị định 98/2023/NĐ-CP và Luật 06/2022/QH15")
    assert len(e.document_refs) == 2
    assert e.figures == () and e.dates == ()


# --- units -----------------------------------------------------------------------------

UNITS = [
    UnitName(1, ("Bắc Giang", "Bac Giang", "บั๊กซาง")),
    UnitName(2, ("Hà Giang", "Ha Giang", "ห่าซาง")),
    UnitName(3, ("Công an tỉnh Bắc Giang", "Bac Giang Provincial Police")),
    UnitName(4, ("Mặt trận Tổ quốc", "หวาง ซอ คอน")),
]


def test_units_accent_case_and_tone_mark_insensitive_longest_wins() -> None:
    text = "CÔNG AN TỈNH BẮC GIANG phối hợp; bac giang; บักซาง; ห่าซาง; Bac Giang Provincial Police"
    hits = [(text[u.span[0] : u.span[1]], u.unit_id) for u in extract(text, units=UNITS).units]
    assert hits == [
        ("CÔNG AN TỈNH BẮC GIANG", 3),
        ("bac giang", 1),
        ("บักซาง", 1),
        ("ห่าซาง", 2),
        ("Bac Giang Provincial Police", 3),
    ]


def test_units_spacing_variants_and_word_boundaries() -> None:
    text = "ประธาน หวางซอคอน กล่าว; Bac Giangese is not a unit"
    ids = [u.unit_id for u in extract(text, units=UNITS).units]
    assert ids == [4]


def test_shared_names_report_every_candidate() -> None:
    units = [UnitName(10, ("Tân Phú",)), UnitName(11, ("Tân Phú",))]
    (hit,) = extract("xã Tân Phú", units=units).units
    assert hit.candidates == (10, 11) and hit.confidence < 0.9


def test_prebuilt_matcher_is_accepted() -> None:
    matcher = UnitMatcher(UNITS)
    assert [u.unit_id for u in extract("Hà Giang", units=matcher).units] == [2]


# --- contradictions --------------------------------------------------------------------


@needs_symbols
def test_text_dated_before_the_document_it_reviews() -> None:
    text = (
        "Hà Tĩnh, ngày 25/8/2018. Hội nghị sơ kết 5 năm thực hiện Nghị quyết "
        "số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị."
    )
    codes = [w.code for w in extract(text).warnings]
    assert "cited_after_text" in codes
    assert "review_too_early" in codes


@needs_symbols
def test_consistent_review_is_not_flagged() -> None:
    text = (
        "Hà Tĩnh, ngày 25/8/2023. Hội nghị sơ kết 5 năm thực hiện Nghị quyết "
        "số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị."
    )
    assert extract(text).warnings == ()


def test_review_of_a_year_range_too_early() -> None:
    text = "Ha Giang, 6 June 2015. The meeting reviewed 10 years of the programme (2013 - 2023)."
    assert "review_too_early" in {w.code for w in extract(text).warnings}


@needs_symbols
def test_one_document_with_two_dates() -> None:
    text = "Chỉ thị 23-CT/TW ngày 25/5/2023 … Chỉ thị 23-CT/TW ngày 25/6/2023"
    assert "document_dates_differ" in {w.code for w in extract(text).warnings}


def test_text_dated_in_the_future_needs_today() -> None:
    text = "Hà Nội, ngày 1/1/2030."
    assert extract(text).warnings == ()
    codes = {w.code for w in extract(text, today=date(2025, 1, 1)).warnings}
    assert codes == {"text_dated_in_future"}


# --- serialisation and draft --------------------------------------------------------------


@needs_symbols
def test_to_dict_is_json_and_draft_has_the_plan() -> None:
    text = (
        "Số: 15/KH-UBND\nBắc Giang, ngày 5 tháng 1 năm 2024\n"
        "Thực hiện Nghị quyết 35-NQ/TW ngày 22/10/2018, giai đoạn 2021 - 2025.\n" + VI_PLAN
    )
    e = extract(text, units=UNITS)
    data = json.loads(json.dumps(e.to_dict()))
    assert data["language"] == "vi"
    assert data["document_refs"][0]["symbol"]["normalized"] == "15/KH-UBND"
    d = json.loads(json.dumps(draft(e)))
    assert d["document"]["symbol"] == "15/KH-UBND"
    assert d["cited_documents"][0]["date"] == "2018-10-22"
    assert d["plan"]["period"]["start"] == "2021-01-01"
    assert [len(g["tasks"]) for g in d["plan"]["task_groups"]] == [2, 0, 0]
    assert d["plan"]["units"][0]["unit_id"] == 1
    (deadline,) = d["plan"]["deadlines"]
    assert (deadline["every"], deadline["before"]) == ("year", "11-30")


def test_draft_of_an_empty_text() -> None:
    d = draft(extract(""))
    assert d["document"] is None and d["plan"]["task_groups"] == [] and d["movement"] is None


def test_non_str_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError):
        extract(b"bytes")  # type: ignore[arg-type]


def test_decomposed_unicode_maps_spans_back_to_the_original() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Báo cáo hằng năm trước ngày 30/11 về Bắc Giang")
    e = extract(text, units=UNITS)
    (u,) = e.units
    assert unicodedata.normalize("NFC", text[u.span[0] : u.span[1]]) == "Bắc Giang"
    (p,) = e.partial_dates
    assert text[p.span[0] : p.span[1]] == "30/11"


# --- the seeds ---------------------------------------------------------------------------


@needs_seeds
@needs_symbols
def test_seeds_match_their_gold_files() -> None:
    from thidua.textimport.scoring import score_dir

    assert SEEDS is not None
    results = score_dir(SEEDS)
    assert results, "no gold files"
    for res in results:
        assert res.language_ok, res.name
        for field, sc in res.fields.items():
            assert sc.f1 == 1.0, (res.name, field, sc)


@needs_seeds
@needs_symbols
def test_s2_meeting_date_contradicts_the_review() -> None:
    e = extract(seed("001"))
    codes = [w.code for w in e.warnings]
    assert "cited_after_text" in codes and "review_too_early" in codes
    review = next(w for w in e.warnings if w.code == "review_too_early")
    text = e.text
    assert any("2561" in text[s:t] for s, t in review.spans)  # points at the meeting date


@needs_seeds
def test_s4_indicator_figures() -> None:
    e = extract(seed("003"))
    got = {(f.value, f.qualifier) for f in e.figures if f.kind == "count"}
    assert {
        (857, None),
        (299, None),
        (2028, None),
        (11300, "more_than"),
        (614, None),
        (18400, "more_than"),
    } <= got
    assert sorted({(p.start.year, p.end.year) for p in e.periods}) == [(2013, 2023), (2021, 2025)]
    assert extract(seed("003")).warnings == ()


@needs_seeds
@needs_symbols
def test_s5_movement_draft_has_contents_and_subject_groups() -> None:
    d = draft(extract(seed("004")))
    assert len(d["movement"]["contents"]) == 6
    groups = d["movement"]["subject_groups"]
    assert [len(g["criteria"]) for g in groups] == [4, 4, 4, 2, 2]
    assert d["document"]["symbol"] in ("44-KL/TW", "09-CT/TW")


@needs_seeds
def test_every_seed_drafts_without_warnings_except_s2() -> None:
    assert SEEDS is not None
    for path in sorted(SEEDS.glob("*.txt")):
        e = extract(path.read_text(encoding="utf-8"))
        json.dumps(draft(e))
        if not path.name.startswith("001"):
            assert e.warnings == (), path.name


def test_draft_period_prefers_a_plan_window_to_an_anniversary_span() -> None:
    text = (
        "Kỷ niệm 75 năm (10/12/1948 - 10/12/2023). Treo băng rôn "
        "từ ngày 30/11/2023 đến ngày 30/12/2023."
    )
    period = draft(extract(text))["plan"]["period"]
    assert (period["start"], period["end"]) == ("2023-11-30", "2023-12-30")
