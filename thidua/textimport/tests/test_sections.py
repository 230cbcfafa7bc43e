"""The sections of a plan by their role, and each numbered item once (issue 14, point 2):
purpose and funding sections yield no task, the organisation section only its items that
assign work, a numbered item is one task (never also a group of its own), sub-items stay
inside their task, a task's title stops where "Cơ quan chủ trì: …" begins, and nothing
after "Nơi nhận:" is a task. The plans are written here; none is a seed."""

from __future__ import annotations

import pytest

from thidua.plans.models import Task
from thidua.textimport import services
from thidua.textimport.extract import draft, extract
from thidua.textimport.extract.draft import section_role

PLAN = """KẾ HOẠCH
Triển khai phong trào thi đua năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, đảng viên và nhân dân.
2. Bảo đảm thiết thực, hiệu quả, tránh hình thức.

II. NHIỆM VỤ
1. Tuyên truyền, phổ biến nội dung phong trào
Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch; cơ quan phối hợp: Báo Hà Tĩnh.
2. Rà soát các tiêu chí nông thôn mới
Cơ quan chủ trì: Sở Nông nghiệp và Môi trường. Thời gian hoàn thành: trước ngày 30/9/2025.

III. TỔ CHỨC THỰC HIỆN
1. Kinh phí thực hiện từ ngân sách tỉnh năm 2025.
2. Giao Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""

# Another shape, not the one the rules were written on: targets, tasks with lettered
# sub-items, a funding section, a numbered organisation section.
PROGRAMME = """CHƯƠNG TRÌNH
Chuyển đổi số giai đoạn 2025 - 2026

I. MỤC TIÊU
1. 100% hồ sơ công việc được xử lý trên môi trường mạng.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Hoàn thiện hạ tầng số
a) Nâng cấp mạng nội bộ của các sở;
b) Trang bị máy tính cho các xã.
2. Phát triển nguồn nhân lực số
3. Bảo đảm an toàn thông tin

III. KINH PHÍ
1. Ngân sách tỉnh bảo đảm theo phân cấp.

IV. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì, hướng dẫn các cơ quan thực hiện.
2. Chế độ báo cáo: định kỳ hằng quý.
"""


def _groups(text: str) -> list[dict]:
    return draft(extract(text))["plan"]["task_groups"]


def test_only_task_sections_and_assignments_yield_tasks_and_each_item_once():
    groups = _groups(PLAN)
    assert [(g["title"], g["role"]) for g in groups] == [
        ("NHIỆM VỤ", "tasks"),
        ("TỔ CHỨC THỰC HIỆN", "organisation"),
    ]
    tasks = [[t["title"] for t in g["tasks"]] for g in groups]
    assert tasks == [
        ["Tuyên truyền, phổ biến nội dung phong trào", "Rà soát các tiêu chí nông thôn mới"],
        ["Giao Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả"],
    ]


def test_in_another_shape_sub_items_stay_inside_their_task_and_funding_gives_none():
    groups = _groups(PROGRAMME)
    assert [g["role"] for g in groups] == ["tasks", "organisation"]
    tasks = groups[0]["tasks"]
    assert [t["title"] for t in tasks] == [
        "Hoàn thiện hạ tầng số",
        "Phát triển nguồn nhân lực số",
        "Bảo đảm an toàn thông tin",
    ]
    # a) and b) stay inside the first task, as its description; no task of their own.
    assert tasks[0]["detail"].splitlines() == [
        "a) Nâng cấp mạng nội bộ của các sở;",
        "b) Trang bị máy tính cho các xã.",
    ]
    assert not tasks[1]["detail"]
    assert [t["title"] for t in groups[1]["tasks"]] == [
        "Sở Khoa học và Công nghệ chủ trì, hướng dẫn các cơ quan thực hiện"
    ]


def test_section_roles_read_headings_with_or_without_marks():
    assert section_role("MỤC ĐÍCH, YÊU CẦU") == "purpose"
    assert section_role("Muc tieu") == "purpose"
    assert section_role("NHIỆM VỤ VÀ GIẢI PHÁP") == "tasks"
    assert section_role("Tổ chức thực hiện") == "organisation"
    assert section_role("KINH PHÍ THỰC HIỆN") == "funding"
    assert section_role("Một số kết quả nổi bật") == ""


@pytest.mark.django_db
def test_confirming_creates_each_task_once_with_its_sub_items_as_description(user_named):
    text = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
Số: 31/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Giang, ngày 2 tháng 4 năm 2025

KẾ HOẠCH
Chuyển đổi số năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiệu quả chỉ đạo, điều hành.

II. NHIỆM VỤ
1. Hoàn thiện hạ tầng số
a) Nâng cấp mạng nội bộ của các sở;
b) Trang bị máy tính cho các xã.
2. Bảo đảm an toàn thông tin
"""
    user = user_named("bg.supervisor")
    session = services.import_session_create(user=user, text=text, source_name="kh31.txt")
    draft = session.draft
    plan = draft["plan"]
    assert plan["issuing_units"], "the header's issuer, inside the supervisor's reach"
    plan["create"] = True
    draft["document"]["action"] = "create"
    services.import_session_confirm(user=user, session=session, draft=draft)
    tasks = Task.objects.filter(plan__title__startswith="Kế hoạch chuyển đổi số năm 2025")
    assert sorted(t.title for t in tasks) == [
        "Bảo đảm an toàn thông tin",
        "Hoàn thiện hạ tầng số",
    ]
    first = tasks.get(title="Hoàn thiện hạ tầng số")
    assert first.description.splitlines() == [
        "a) Nâng cấp mạng nội bộ của các sở;",
        "b) Trang bị máy tính cho các xã.",
    ]


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("Thời gian hoàn thành: trước ngày 30/4/2025.", "2025-04-30"),
        ("hoàn thành trước ngày 15 tháng 9 năm 2025", "2025-09-15"),
        ("Thời gian: trong tháng 10/2025.", "2025-10-31"),
        ("trong tháng 2 năm 2024", "2024-02-29"),
        ("Thời gian thực hiện: quý II năm 2025", "2025-06-30"),
        ("hoàn thành trong quý 4/2025", "2025-12-31"),
        ("báo cáo trước ngày 25 hằng tháng", None),  # a recurrence, not a due date
        ("trước ngày 31/2/2025", None),  # no such day
    ],
)
def test_a_tasks_due_date_is_read_as_the_decree_texts_write_it(words, due):
    from thidua.textimport.extract.draft import task_due

    found = task_due(words)
    assert (found.isoformat() if found else None) == due


def test_lead_and_coordinating_bodies_are_read_from_labels_and_from_a_sentence():
    from thidua.textimport.extract.draft import task_parties

    assert task_parties(
        "Tuyên truyền Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch; cơ quan phối hợp: "
        "Báo Hà Tĩnh. Thời gian hoàn thành: trước ngày 30/4/2025."
    ) == ("Sở Văn hóa, Thể thao và Du lịch", "Báo Hà Tĩnh")
    assert task_parties("Rà soát hồ sơ. Chủ trì: Công an tỉnh, phối hợp với Sở Tư pháp.") == (
        "Công an tỉnh",
        "Sở Tư pháp",
    )


@pytest.mark.django_db
def test_each_task_is_created_with_its_lead_its_coordinators_and_its_due_date(user_named):
    from thidua.plans.models import TaskAssignment

    text = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
Số: 32/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Giang, ngày 3 tháng 4 năm 2025

KẾ HOẠCH
Tuyên truyền phòng, chống tội phạm năm 2025

II. NHIỆM VỤ
1. Tổ chức tuyên truyền trên báo, đài
Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Giang; cơ quan phối hợp: Công an tỉnh Bắc Giang. Thời gian hoàn thành: trước ngày 30/6/2025.
2. Tập huấn báo cáo viên
Cơ quan chủ trì: Công an tỉnh Bắc Giang. Thời gian: trong tháng 8/2025.
"""  # noqa: E501
    user = user_named("bg.supervisor")
    session = services.import_session_create(user=user, text=text, source_name="kh32.txt")
    draft_ = session.draft
    first, second = draft_["plan"]["groups"][0]["tasks"]
    from thidua.orgunits.models import OrgUnit

    def codes(ids):
        return [OrgUnit.objects.get(pk=i).code for i in ids]

    assert codes(first["lead_units"]) == ["H-BG-SVHTTDL"]
    assert codes(first["coordinating_units"]) == ["H-BG-CA"]
    assert (first["due_date"], second["due_date"]) == ("2025-06-30", "2025-08-31")
    assert codes(second["lead_units"]) == ["H-BG-CA"] and second["coordinating_units"] == []
    draft_["plan"]["create"] = True
    draft_["document"]["action"] = "create"
    services.import_session_confirm(user=user, session=session, draft=draft_)
    task = Task.objects.get(title="Tổ chức tuyên truyền trên báo, đài")
    assert task.due_date.isoformat() == "2025-06-30"
    roles = dict(TaskAssignment.objects.filter(task=task).values_list("unit__code", "role"))
    assert roles == {"H-BG-SVHTTDL": "lead", "H-BG-CA": "coordinating"}
