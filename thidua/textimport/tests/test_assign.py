"""Who does what, by when: tasks read from assignment sentences and labelled lines, in
Vietnamese, English and Thai, with their parties, classes of units and timing."""

from __future__ import annotations

from thidua.textimport.extract import assign, draft, extract
from thidua.textimport.scoring import FieldScore, score

NEWS_VI = """Tuyên Quang triển khai kế hoạch chuyển đổi số năm 2025
Ngày 10/3/2025, Ủy ban nhân dân tỉnh Tuyên Quang ban hành Kế hoạch số 45/KH-UBND về "Đẩy mạnh chuyển đổi số trong cơ quan nhà nước năm 2025".
Theo kế hoạch, Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh và Sở Nội vụ rà soát hạ tầng dữ liệu của các cơ quan, hoàn thành trước ngày 30/9/2025. Sở Tài chính chịu trách nhiệm bố trí kinh phí thực hiện trong tháng 6/2025. Ủy ban nhân dân các xã, phường báo cáo kết quả trước ngày 25 hằng tháng. Năm 2024, toàn tỉnh có 1.250 thủ tục được số hóa.
"""  # noqa: E501

NEWS_EN = """Lao Cai steps up digital transformation
On 5 May 2025 the People's Committee of Lao Cai Province issued Plan No. 21/KH-UBND on "Accelerating digital transformation in 2025".
Under the plan, the Department of Science and Technology will lead, in coordination with the Provincial Police, the review of data infrastructure, to be completed by 30 September 2025. The Department of Finance is responsible for allocating funds in the third quarter of 2025. People's Committees of communes and wards shall report monthly, by the 25th. The Provincial Youth Union will display banners from 1 June 2025 to 30 June 2025.
"""  # noqa: E501


def _tasks(text: str, language: str | None = None) -> list[dict]:
    d = draft(extract(text, language=language))
    return [t for g in d["plan"]["task_groups"] for t in g["tasks"]]


def test_vietnamese_news_sentences_are_tasks_with_parties_and_timing() -> None:
    tasks = _tasks(NEWS_VI)
    # The sentence that issues the plan and the one of figures are no tasks.
    assert [t["title"] for t in tasks] == [
        "rà soát hạ tầng dữ liệu của các cơ quan",
        "bố trí kinh phí thực hiện trong tháng 6/2025",
        "báo cáo kết quả trước ngày 25 hằng tháng",
    ]
    review, funds, report = tasks
    assert review["leads"] == ["Sở Khoa học và Công nghệ"]
    assert review["coordinators"] == ["Công an tỉnh", "Sở Nội vụ"]
    assert review["due_date"] == "2025-09-30" and review["recurrence"] is None
    assert funds["leads"] == ["Sở Tài chính"] and funds["due_date"] == "2025-06-30"
    # A class of units, not a lead named "các xã".
    assert report["leads"] == [] and report["unit_classes"] == ["commune", "ward"]
    assert report["recurrence"]["every"] == "monthly" and report["recurrence"]["day"] == 25
    assert report["due_date"] == ""


def test_news_header_is_read_from_the_sentence_that_issues_the_plan() -> None:
    head = draft(extract(NEWS_VI))["header"]
    assert head["layout"] == "news"
    assert head["symbol"] == "45/KH-UBND" and head["kind"] == "KH"
    assert head["issued_on"] == "2025-03-10"
    assert head["issuer"] == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert head["title"].startswith("Đẩy mạnh chuyển đổi số")
    assert head["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    en = draft(extract(NEWS_EN))["header"]
    assert en["issued_on"] == "2025-05-05"  # "No. 21" does not end the sentence
    assert en["issuer"] == "People's Committee of Lao Cai Province"


def test_english_sentences_windows_and_quarters() -> None:
    tasks = _tasks(NEWS_EN)
    assert len(tasks) == 4
    review, funds, report, banners = tasks
    assert review["leads"] == ["Department of Science and Technology"]
    assert review["coordinators"] == ["Provincial Police"]
    assert review["title"] == "the review of data infrastructure"
    assert funds["due_date"] == "2025-09-30"  # the third quarter's last day
    assert report["unit_classes"] == ["commune", "ward"]
    assert report["recurrence"]["every"] == "monthly"
    assert banners["window"]["start"] == "2025-06-01" and banners["window"]["end"] == "2025-06-30"
    assert banners["due_date"] == ""


def test_thai_phrases_that_open_with_a_body_and_a_verb() -> None:
    text = (
        "กรมการคลังรับผิดชอบจัดสรรงบประมาณให้แล้วเสร็จก่อนวันที่ 30 กันยายน 2568 "
        "สำนักงานคณะกรรมการประชาชนจังหวัดประสานงานกับตำรวจภูธรจังหวัดเพื่อติดตามผลการดำเนินงาน "
        "ประชาชนในจังหวัดให้ความสนใจเป็นอย่างมาก"
    )
    tasks = _tasks(text, "th")
    assert [t["leads"] for t in tasks] == [["กรมการคลัง"], ["สำนักงานคณะกรรมการประชาชนจังหวัด"]]
    assert tasks[0]["due_date"] == "2025-09-30"  # Buddhist Era year converted
    assert tasks[1]["coordinators"] == ["ตำรวจภูธรจังหวัด"]
    assert "ติดตามผลการดำเนินงาน" in tasks[1]["title"]


def test_parties_split_only_where_a_name_begins() -> None:
    assert assign.split_parties("Sở Văn hóa, Thể thao và Du lịch", "vi") == [
        "Sở Văn hóa, Thể thao và Du lịch"
    ]
    assert assign.split_parties("Sở Tài chính, Sở Nội vụ và Công an tỉnh", "vi") == [
        "Sở Tài chính",
        "Sở Nội vụ",
        "Công an tỉnh",
    ]
    assert assign.split_parties(
        "the Department of Home Affairs and the Provincial Police", "en"
    ) == [
        "Department of Home Affairs",
        "Provincial Police",
    ]
    assert assign.split_parties("", "vi") == []


def test_labelled_lines_in_three_languages() -> None:
    vi = "Xây dựng cơ sở dữ liệu.\nĐơn vị chủ trì: Sở Y tế; Phối hợp: Sở Tài chính\nThời hạn: quý III năm 2025"  # noqa: E501
    en = "Build the database.\nLead agency: Department of Health\nCoordinating agencies: Department of Finance\nDeadline: before 30 June 2025"  # noqa: E501
    th = "จัดทำฐานข้อมูล\nหน่วยงานหลัก: กรมสาธารณสุข\nหน่วยงานประสาน: กรมการคลัง\nกำหนดเสร็จ: ภายในเดือนตุลาคม 2568"  # noqa: E501
    for text, lang, lead, coord in (
        (vi, "vi", "Sở Y tế", "Sở Tài chính"),
        (en, "en", "Department of Health", "Department of Finance"),
        (th, "th", "กรมสาธารณสุข", "กรมการคลัง"),
    ):
        fields = assign.labelled_fields(text)
        assert fields["lead"][0] == lead, lang
        assert fields["coord"][0] == coord, lang
        assert "time" in fields, lang
    assert assign.due_by_words("Thời hạn: quý III năm 2025")[0].isoformat() == "2025-09-30"
    assert assign.due_by_words("ภายในเดือนตุลาคม 2568")[0].isoformat() == "2025-10-31"
    assert assign.due_by_words("no date here") is None


def test_recurrences_by_frequency_and_day() -> None:
    rule = assign.recurrence_of
    assert rule("month", None, 25, "") == {"every": "monthly", "day": 25, "month": None}
    last = rule("quarter", None, 15, "hằng quý, trước ngày 15 của tháng cuối quý")
    assert last == {"every": "quarterly", "day": 15, "month": 3}
    assert rule("year", "12-15", 15, "") == {"every": "yearly", "day": 15, "month": 12}
    assert rule("half_year", "06-20", 20, "") == {"every": "half_yearly", "day": 20, "month": 6}
    assert rule("year", None, 15, "") is None  # a yearly rule needs its month
    assert rule("month", None, 40, "") is None


def test_a_dated_deadline_is_not_a_recurrence_and_sentences_bound_frequencies() -> None:
    e = extract(
        "Báo cáo hằng năm. Hoàn thành trước ngày 30/9/2025. Báo cáo 6 tháng trước ngày 15/6."
    )
    assert [(d.every, d.before) for d in e.deadlines] == [("half_year", "06-15")]


def test_structural_scoring_counts_duplicates_and_wrong_parties() -> None:
    gold = {
        "header": {"symbol": "45/KH-UBND", "issued_on": "2025-03-10", "kind": "KH"},
        "tasks": [
            {"title": "rà soát hạ tầng dữ liệu", "leads": ["Sở Khoa học và Công nghệ"],
             "coordinators": ["Công an tỉnh", "Sở Nội vụ"], "due": "2025-09-30"},
            {"title": "bố trí kinh phí", "leads": ["Sở Nội vụ"], "due": "2025-06-30"},
        ],
        "not_tasks": ["toàn tỉnh có 1.250 thủ tục"],
    }  # fmt: skip
    res = score(extract(NEWS_VI), gold, "news")
    checks = dict(res.checks)
    assert checks["header.symbol"] and checks["header.issued_on"] and checks["header.kind"]
    assert checks["task 1 found once"] and checks["task 1 coordinators"]
    assert not checks["task 2 leads"]  # Sở Tài chính leads it, not Sở Nội vụ
    assert res.structure["leads"] == FieldScore(1, 1, 1)
    assert not checks["no task beyond the gold's"]  # the monthly report is a third task
    assert res.structure["not_tasks"] == FieldScore(1, 0, 0)
    held, total = res.checks_held
    assert 0 < held < total
