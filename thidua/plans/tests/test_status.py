import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.plans import services
from thidua.plans.models import TaskAssignment, TaskStatus, rollup_status

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 11, 20), {"H-BG-D-TP": "not_started", "H-BG-D-LN": "not_started"}),
        (D(2023, 12, 2), {"H-BG-D-TP": "done", "H-BG-D-LN": "not_started"}),
        (D(2023, 12, 10), {"H-BG-D-TP": "done", "H-BG-D-LN": "in_progress"}),
        (D(2023, 12, 31), {"H-BG-D-TP": "done", "H-BG-D-LN": "overdue"}),
    ],
)
def test_status_is_derived_from_dates_and_updates_per_unit(banners, day, expected):
    # Statuses of the demo as they read on past days: only updates up to that day count.
    rows = {}
    for a in TaskAssignment.objects.filter(task=banners, unit__code__in=expected):
        updates = [u for u in a.updates.all() if u.reported_on <= day]
        a.percent = updates[0].percent if updates else 0
        a.started_at = updates[-1].reported_on if updates else None
        a.completed_on = next((u.reported_on for u in updates if u.percent == 100), None)
        rows[a.unit.code] = a.status_on(day)
    assert rows == expected


def test_sql_and_python_status_agree_on_every_demo_assignment(s1, s3):
    for day in [D(2023, 12, 1), D(2023, 12, 31), D(2026, 11, 22)]:
        for a in TaskAssignment.objects.with_status(day).select_related("task"):
            assert a.status_value == a.status_on(day), (a, day)
            assert a.is_late == a.late_on(day), (a, day)


def test_a_cancelled_task_reads_cancelled_for_every_unit(banners, province_supervisor):
    services.task_cancel(user=province_supervisor, task=banners, reason="test")
    statuses = {a.status_value for a in banners.assignments.with_status(D(2026, 1, 1))}
    assert statuses == {"cancelled"}


def test_one_late_lead_unit_makes_the_task_overdue():
    assert rollup_status(["done", "overdue", "in_progress"]) == TaskStatus.OVERDUE
    assert rollup_status(["done", "done"]) == TaskStatus.DONE
    assert rollup_status(["done", "not_started"]) == TaskStatus.IN_PROGRESS
    assert rollup_status(["cancelled", "done"]) == TaskStatus.DONE
    assert rollup_status([]) == TaskStatus.NOT_STARTED


def test_finishing_a_yearly_occurrence_moves_the_unit_to_the_next_year(s3, user_named):
    review = s3.tasks.get(recurrence="yearly")
    assert review.next_occurrence(D(2021, 12, 31)) == D(2022, 12, 31)
    assert review.next_occurrence(D(2025, 12, 31)) is None  # the programme ends in 2025
    task = services.task_create(
        user=user_named("ht.btg"),
        plan=s3,
        title="Báo cáo trước 30 tháng 11 hằng năm",
        due_date=D(2021, 11, 30),
        recurrence="yearly",
        recur_month=11,
        recur_day=30,
        lead_units=[review.assignments.get(role="lead").unit],
        today=D(2021, 1, 10),
    )
    a = task.assignments.get()
    services.progress_update_create(
        user=user_named("ht.btg"), assignment=a, text="2021", percent=100, today=D(2021, 11, 20)
    )
    a.refresh_from_db()
    assert (a.due_date, a.percent, a.completed_on) == (D(2022, 11, 30), 0, None)
    assert a.status_on(D(2022, 12, 1)) == TaskStatus.OVERDUE


_dates = st.one_of(st.none(), st.dates(min_value=D(2023, 1, 1), max_value=D(2023, 12, 31)))
_moments = st.one_of(st.none(), st.just(dt.datetime(2023, 6, 1, tzinfo=dt.UTC)))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cancelled_at=_moments,
    task_cancelled_at=_moments,
    completed_on=_dates,
    due_date=_dates,
    started_at=_dates,
    percent=st.integers(min_value=0, max_value=100),
    today=st.dates(min_value=D(2023, 1, 1), max_value=D(2023, 12, 31)),
    recurrence=st.sampled_from(["", "monthly", "quarterly", "half_yearly", "yearly"]),
)
def test_the_one_status_rule_reads_the_same_in_sql_and_in_python(
    banners,
    cancelled_at,
    task_cancelled_at,
    completed_on,
    due_date,
    started_at,
    percent,
    today,
    recurrence,
):
    """Any combination of dates and progress, on a task of any repeating kind (whose
    current occurrence is the part's ``due_date``): the SQL status and lateness equal
    Python's."""
    from thidua.plans.models import Task

    a = banners.assignments.first()
    TaskAssignment.objects.filter(pk=a.pk).update(
        cancelled_at=cancelled_at,
        completed_on=completed_on,
        due_date=due_date,
        started_at=started_at,
        percent=percent,
    )
    Task.objects.filter(pk=banners.pk).update(
        cancelled_at=task_cancelled_at,
        recurrence=recurrence,
        recur_day=20 if recurrence else None,
        recur_month={"": None, "monthly": None, "quarterly": 3}.get(recurrence, 6),
    )
    row = TaskAssignment.objects.with_status(today).select_related("task").get(pk=a.pk)
    assert row.status_value == row.status_on(today)
    assert row.is_late == row.late_on(today)
    in_open = TaskAssignment.objects.open_on(today).filter(pk=a.pk).exists()
    assert in_open == (row.status_on(today) not in {TaskStatus.DONE, TaskStatus.CANCELLED})
