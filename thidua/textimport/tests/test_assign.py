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


# Shapes met in texts the rules were not written on (written anew here, in other words).
SHAPES_VI = """Ngày 2/4/2026, UBND tỉnh Lai Châu ban hành Kế hoạch số 61/KH-UBND về “Phát triển du lịch cộng đồng và bảo đảm an toàn cho du khách năm 2026”.
Theo kế hoạch, UBND tỉnh giao Sở Y tế chủ trì, cùng Công an tỉnh kiểm tra các cơ sở lưu trú homestay; việc kiểm tra phải xong trước ngày 30/6/2026. Sở Nông nghiệp và Môi trường có nhiệm vụ lập bản đồ các tuyến đi bộ an toàn. Bộ Chỉ huy Quân sự tỉnh sẽ tổ chức diễn tập cứu hộ trên núi, phối hợp với Sở Xây dựng; đợt diễn tập kéo dài từ ngày 01/10/2026 đến hết ngày 15/10/2026. Còn UBND các xã có bản du lịch phải niêm yết giá dịch vụ, báo cáo trước ngày 10 hằng tháng.
"""  # noqa: E501


def test_vietnamese_sentence_shapes_cung_co_nhiem_vu_late_coordinators_and_con() -> None:
    head = draft(extract(SHAPES_VI))["header"]
    assert head["issuer"] == "UBND tỉnh Lai Châu"
    tasks = _tasks(SHAPES_VI)
    # The sentence that issues the plan names its title, which holds a verb: no task.
    assert [t["leads"] for t in tasks] == [
        ["Sở Y tế"],
        ["Sở Nông nghiệp và Môi trường"],
        ["Bộ Chỉ huy Quân sự tỉnh"],
        [],
    ]
    inspect, maps, drill, prices = tasks
    assert inspect["coordinators"] == ["Công an tỉnh"]  # "cùng" + a body
    assert inspect["due_date"] == "2026-06-30"  # said after ";" with no body of its own
    assert maps["title"].startswith("lập bản đồ")
    assert drill["coordinators"] == ["Sở Xây dựng"]  # said after the work
    assert "phối hợp" not in drill["title"]
    assert drill["window"]["start"] == "2026-10-01" and drill["window"]["end"] == "2026-10-15"
    assert prices["unit_classes"] == ["commune"]
    assert prices["recurrence"]["every"] == "monthly" and prices["recurrence"]["day"] == 10


SHAPES_EN = """PEOPLE'S COMMITTEE OF CAO BANG PROVINCE
No.: 14/KH-UBND
Cao Bang, 5 February 2026

PLAN
On improving forest fire prevention in 2026

II. MAIN TASKS
1. Patrolling high-risk forest areas
Lead agency: Cao Bang Provincial Forest Protection Sub-department
Coordinating agencies: Department of Industry and Trade; Provincial Police
Timeline: every month, no later than the 15th

III. IMPLEMENTATION ARRANGEMENTS
1. The Department of Agriculture and Environment is the standing agency for this Plan. It shall compile the results and report to the Provincial People's Committee before 10 December each year.
"""  # noqa: E501


def test_english_key_sections_names_ending_in_their_kind_and_it_shall() -> None:
    tasks = _tasks(SHAPES_EN)
    assert len(tasks) == 2
    patrol, compile_ = tasks
    # "MAIN TASKS" is a task section; a name may end with its kind word; "and Trade"
    # begins no name of its own.
    assert patrol["leads"] == ["Cao Bang Provincial Forest Protection Sub-department"]
    assert patrol["coordinators"] == ["Department of Industry and Trade", "Provincial Police"]
    assert patrol["recurrence"]["every"] == "monthly" and patrol["recurrence"]["day"] == 15
    # "It shall …" goes on with the body the sentence before named.
    assert compile_["leads"] == ["Department of Agriculture and Environment"]
    assert compile_["recurrence"] == {**compile_["recurrence"], "every": "yearly", "day": 10}


SHAPES_TH = """(ลายเจิว) - คณะกรรมการประชาชนจังหวัดลายเจิว ได้ลงนามออกแผนเลขที่ 33/KH-UBND ลงวันที่ 3 มีนาคม 2026 ว่าด้วย "การป้องกันอัคคีภัยในตลาดและชุมชน ปี 2569"

ตามแผนนี้ กรมการก่อสร้างและผังเมืองเป็นหน่วยงานหลัก ร่วมมือกับตำรวจภูธรจังหวัด ดำเนินการตรวจสอบระบบดับเพลิงในตลาดทุกแห่ง ให้เสร็จสิ้นก่อนวันที่ 30 มิถุนายน 2569

กรมสาธารณสุขมีความรับผิดชอบอบรมการปฐมพยาบาลให้ผู้ค้าในตลาด ประสานงานกับกรมอุตสาหกรรมและการค้า โดยดำเนินการทุกไตรมาส

นอกจากนี้ แผนยังกำหนดให้โรงเรียนทุกแห่งในจังหวัด จัดการซ้อมอพยพหนีไฟ และรายงานผลทุก 6 เดือน

สหภาพเยาวชนจังหวัดได้แสดงความพร้อมที่จะส่งอาสาสมัครเข้าร่วมการรณรงค์
"""  # noqa: E501


def test_thai_lead_phrases_late_coordinators_asked_classes_and_reported_acts() -> None:
    head = draft(extract(SHAPES_TH))["header"]
    assert head["issuer"] == "คณะกรรมการประชาชนจังหวัดลายเจิว"  # "ได้ลงนามออก"
    tasks = _tasks(SHAPES_TH)
    assert len(tasks) == 3  # the youth union's readiness is no task
    check, train, drill = tasks
    # "ศึกษา…", "ก่อสร้าง" are a name's letters; the lead phrase ends the name.
    assert check["leads"] == ["กรมการก่อสร้างและผังเมือง"]
    assert check["coordinators"] == ["ตำรวจภูธรจังหวัด"]
    assert check["due_date"] == "2026-06-30"
    assert train["coordinators"] == ["กรมอุตสาหกรรมและการค้า"]  # said after the work
    assert train["recurrence"]["every"] == "quarterly"
    assert drill["leads"] == [] and drill["unit_classes"] == ["school"]
    assert drill["recurrence"]["every"] == "half_yearly"
