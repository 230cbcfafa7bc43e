import datetime as dt

from thidua.plans import demo
from thidua.plans.models import Plan, TaskAssignment, TaskStatus


def test_s1_demo_has_three_groups_the_slogans_and_one_late_district(s1, banners):
    assert [g.order for g in s1.groups.all()] == [1, 2, 3]
    assert banners.start_date == dt.date(2023, 11, 30)
    assert banners.due_date == dt.date(2023, 12, 30)
    assert len(banners.content_items) == len(demo.S1_SLOGANS) == 7
    today = dt.date(2026, 11, 22)
    rows = {
        a.unit.code: a.status_value
        for a in banners.assignments.filter(role="lead").with_status(today)
    }
    assert rows == {
        "H-BG-D-TP": "done",
        "H-BG-D-LN": "overdue",
        "H-BG-D-LNA": "done",
        "H-BG-D-YT": "done",
        "H-BG-D-HH": "done",
    }
    assert s1.document_links.get().document.symbol == "92/KH-BCĐNQ"


def test_s3_demo_has_the_programme_and_its_annual_plans(s3):
    children = {p.title[:31] for p in s3.children.all()}
    assert len(children) == 2 and s3.children.count() == 4
    symbols = set(
        s3.children.filter(document_links__document__symbol__gt="").values_list(
            "document_links__document__symbol", flat=True
        )
    )
    assert symbols == {"84-KH/HDND-BTGTU", "81-KH/UBND-BTGTU"}
    p84 = s3.children.get(document_links__document__symbol="84-KH/HDND-BTGTU")
    assert {u.code for u in p84.issuing_units.all()} == {"P42-HDND", "P42-BTGTU"}


def test_the_yearly_review_reads_done_with_the_2023_occurrence_late(s3):
    review = s3.tasks.get(recurrence="yearly")
    a = TaskAssignment.objects.get(task=review, role="lead")
    assert a.status_on(dt.date(2026, 11, 22)) == TaskStatus.DONE
    late = [u for u in a.updates.all() if u.reported_on > u.occurrence_due]
    assert [u.occurrence_due for u in late] == [dt.date(2023, 12, 31)]


def test_loading_the_demo_twice_changes_nothing(s1, s3, s4):
    counts = (Plan.objects.count(), TaskAssignment.objects.count())
    demo.load()
    assert (Plan.objects.count(), TaskAssignment.objects.count()) == counts
