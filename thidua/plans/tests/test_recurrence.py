"""Tasks that repeat monthly, quarterly, every six months or yearly: the dates of their
occurrences, and each occurrence's deadline, status, reminders and completion per unit."""

import calendar
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.core.changelog import history_for
from thidua.core.models import Notification
from thidua.core.reminders import reminders_send
from thidua.plans import services
from thidua.plans.forms import TaskForm
from thidua.plans.models import PERIOD_MONTHS, Plan, Task, TaskStatus

D = dt.date
FAR = D(2100, 12, 31)


def _rule(recurrence, day, month=None, until=None, period_end=FAR):
    """An unsaved task with a repeating rule, in an unsaved plan ending ``period_end``."""
    plan = Plan(period_start=D(2000, 1, 1), period_end=period_end)
    return Task(
        plan=plan, recurrence=recurrence, recur_day=day, recur_month=month, recur_until=until
    )


def _series(task, first, n):
    days, day = [], first
    for _ in range(n):
        day = task.next_occurrence(day)
        days.append(day)
    return days


# --- the dates ---------------------------------------------------------------------------


def test_a_monthly_task_on_day_31_falls_on_the_last_day_of_shorter_months():
    task = _rule("monthly", 31)
    assert _series(task, D(2023, 12, 31), 5) == [
        D(2024, 1, 31),
        D(2024, 2, 29),  # a leap year
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
    ]
    assert task.next_occurrence(D(2025, 1, 31)) == D(2025, 2, 28)


def test_a_monthly_task_crosses_the_year_end():
    assert _series(_rule("monthly", 20), D(2025, 11, 20), 3) == [
        D(2025, 12, 20),
        D(2026, 1, 20),
        D(2026, 2, 20),
    ]
    # On the day itself the next occurrence is the following month's.
    assert _rule("monthly", 20).next_occurrence(D(2026, 1, 19)) == D(2026, 1, 20)


def test_a_quarterly_task_is_due_in_the_last_month_of_each_quarter_unless_told_otherwise():
    last = _rule("quarterly", 20)
    assert _series(last, D(2025, 10, 1), 4) == [
        D(2025, 12, 20),
        D(2026, 3, 20),
        D(2026, 6, 20),
        D(2026, 9, 20),
    ]
    first = _rule("quarterly", 15, month=1)  # the previous quarter's report, next quarter
    assert _series(first, D(2025, 11, 30), 3) == [D(2026, 1, 15), D(2026, 4, 15), D(2026, 7, 15)]
    second = _rule("quarterly", 31, month=2)
    assert _series(second, D(2025, 12, 31), 3) == [D(2026, 2, 28), D(2026, 5, 31), D(2026, 8, 31)]


def test_a_half_yearly_task_is_due_in_its_month_and_six_months_later():
    assert _series(_rule("half_yearly", 30, month=6), D(2025, 6, 30), 3) == [
        D(2025, 12, 30),
        D(2026, 6, 30),
        D(2026, 12, 30),
    ]
    assert _series(_rule("half_yearly", 31, month=2), D(2023, 12, 31), 3) == [
        D(2024, 2, 29),
        D(2024, 8, 31),
        D(2025, 2, 28),
    ]


def test_a_series_stops_at_its_end_or_at_the_plans_end():
    assert _rule("monthly", 20, until=D(2026, 3, 31)).next_occurrence(D(2026, 3, 20)) is None
    ends_2026 = _rule("quarterly", 20, period_end=D(2026, 12, 31))
    assert ends_2026.next_occurrence(D(2026, 9, 20)) == D(2026, 12, 20)
    assert ends_2026.next_occurrence(D(2026, 12, 20)) is None
    assert _rule("", 20).next_occurrence(D(2026, 1, 1)) is None


def _old_yearly_next(month, day, after, until):
    """``Task.next_occurrence`` as it was for yearly tasks, before the other kinds."""
    year = after.year
    while True:
        try:
            d = dt.date(year, month, day)
        except ValueError:
            d = dt.date(year, month, 28)
        if d > after:
            return d if until is None or d <= until else None
        year += 1


_valid_yearly = st.tuples(st.integers(1, 12), st.integers(1, 31)).filter(
    lambda md: md[1] <= calendar.monthrange(2000, md[0])[1]
)


@settings(max_examples=300, deadline=None)
@given(
    md=_valid_yearly,
    after=st.dates(D(2000, 1, 1), D(2060, 12, 31)),
    until=st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2070, 12, 31))),
)
def test_a_yearly_task_falls_on_the_same_days_as_before(md, after, until):
    month, day = md
    task = _rule("yearly", day, month=month, until=until)
    assert task.next_occurrence(after) == _old_yearly_next(month, day, after, until or FAR)


def _on_rule(task, day):
    """Whether ``day`` is an occurrence of ``task``'s rule, read off the calendar."""
    period = PERIOD_MONTHS[task.recurrence]
    month = {"monthly": 1, "quarterly": task.recur_month or 3}.get(
        task.recurrence, task.recur_month
    )
    last = calendar.monthrange(day.year, day.month)[1]
    return (day.month - month) % period == 0 and day.day == min(task.recur_day, last)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["monthly", "quarterly", "half_yearly", "yearly"]),
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    after=st.dates(D(2020, 1, 1), D(2040, 12, 31)),
)
def test_the_next_occurrence_is_the_first_day_on_the_rule_after_the_given_day(
    kind, day, month, after
):
    month = {
        "monthly": None,
        "quarterly": (month - 1) % 3 + 1,
        "half_yearly": (month - 1) % 6 + 1,
    }.get(kind, month)
    task = _rule(kind, day, month=month)
    found = task.next_occurrence(after)
    assert found is not None and found > after and _on_rule(task, found)
    assert (found - after).days <= 31 * PERIOD_MONTHS[kind]
    between = (after + dt.timedelta(days=n) for n in range(1, (found - after).days))
    assert not any(_on_rule(task, d) for d in between)


MIGRATE_A_YEARLY_TASK = """
import datetime as dt, json
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
before = [("plans", "0002_concernissue_moved_to_concerns")]
executor = MigrationExecutor(connection)
executor.migrate(before)
old = executor.loader.project_state(before).apps
plan = old.get_model("plans", "Plan").objects.create(
    title="P", period_start=dt.date(2021, 1, 1), period_end=dt.date(2025, 12, 31)
)
old.get_model("plans", "Task").objects.create(
    plan=plan, title="T", due_date=dt.date(2021, 11, 30),
    recurrence="yearly", recur_month=11, recur_day=30,
)
executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())
from thidua.plans.models import Task
t = Task.objects.get(title="T")
t.full_clean()
print(json.dumps([
    t.recurrence, t.recur_month, t.recur_day, str(t.due_date),
    [str(t.next_occurrence(dt.date(y, 11, 30))) for y in range(2021, 2026)],
]))
"""


def test_the_migration_keeps_a_yearly_task_as_it_was(tmp_path):
    """On a database of its own: a yearly task saved before the migration reads, validates
    and repeats the same after it."""
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrate.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE_A_YEARLY_TASK],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        "yearly",
        11,
        30,
        "2021-11-30",
        ["2022-11-30", "2023-11-30", "2024-11-30", "2025-11-30", "None"],
    ]


# --- the rule is checked where it is typed -------------------------------------------------


def _clean_errors(**fields):
    task = Task(plan=Plan(period_start=D(2026, 1, 1), period_end=D(2026, 12, 31)), **fields)
    try:
        task.clean()
    except ValidationError as exc:
        return exc.message_dict, task
    return {}, task


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"recurrence": "monthly"}, "recur_day", "day of the month"),
        (
            {"recurrence": "quarterly", "recur_month": 5, "recur_day": 20},
            "recur_month",
            "1, 2 or 3",
        ),
        ({"recurrence": "half_yearly", "recur_day": 20}, "recur_month", "first month, 1–6"),
        ({"recurrence": "half_yearly", "recur_month": 7, "recur_day": 20}, "recur_month", "1–6"),
        ({"recurrence": "half_yearly", "recur_month": 6}, "recur_day", "day it is due"),
        ({"recurrence": "yearly", "recur_day": 20}, "recur_month", "day and month"),
        ({"recurrence": "yearly", "recur_month": 4, "recur_day": 31}, "recur_day", "no such day"),
    ],
)
def test_an_incomplete_rule_is_refused_on_the_field_at_fault(fields, field, words):
    errors, _task = _clean_errors(due_date=D(2026, 1, 20), **fields)
    assert words in " ".join(errors[field])


def test_a_quarter_without_a_month_means_its_last_month_and_a_month_means_nothing_monthly():
    errors, quarterly = _clean_errors(recurrence="quarterly", recur_day=20, due_date=D(2026, 3, 20))
    assert errors == {} and quarterly.recur_month == 3
    errors, monthly = _clean_errors(
        recurrence="monthly", recur_day=5, recur_month=7, due_date=D(2026, 1, 5)
    )
    assert errors == {} and monthly.recur_month is None


def test_a_series_cannot_end_before_its_first_occurrence():
    errors, _task = _clean_errors(
        recurrence="monthly", recur_day=5, due_date=D(2026, 3, 5), recur_until=D(2026, 2, 1)
    )
    assert list(errors) == ["recur_until"]


# --- occurrences of a real task ------------------------------------------------------------


def _plan(unit, user_named, year):
    return services.plan_create(
        user=user_named("admin"),
        kind=Plan.Kind.PLAN,
        title=f"Kế hoạch {year}",
        issuing_units=[unit("P42-UBND")],
        period_start=D(year, 1, 1),
        period_end=D(year, 12, 31),
    )


@pytest.fixture
def plan_2026(unit, user_named):
    return _plan(unit, user_named, 2026)


@pytest.fixture
def plan_2099(unit, user_named):
    """A plan whose first deadlines are ahead whatever day the test runs (pages and forms
    read the real clock)."""
    return _plan(unit, user_named, 2099)


def _monthly(plan, unit, user_named, **extra):
    fields = {"due_date": D(2026, 1, 20), "today": D(2026, 1, 2), **extra}
    return services.task_create(
        user=user_named("admin"),
        plan=plan,
        title="Báo cáo tình hình hằng tháng",
        recurrence="monthly",
        recur_day=20,
        lead_units=[unit("P42-STP")],
        **fields,
    )


def _report(assignment, user_named, day, percent=100):
    return services.progress_update_create(
        user=user_named("ht.stp"),
        assignment=assignment,
        text="Đã báo cáo",
        percent=percent,
        today=day,
    )


def test_each_occurrence_has_its_deadline_status_and_completion(plan_2026, unit, user_named):
    task = _monthly(plan_2026, unit, user_named)
    a = task.assignments.get()
    assert a.status_on(D(2026, 1, 19)) == TaskStatus.NOT_STARTED
    assert a.status_on(D(2026, 1, 21)) == TaskStatus.OVERDUE
    _report(a, user_named, D(2026, 1, 25))  # January's, five days late
    a.refresh_from_db()
    assert (a.due_date, a.percent, a.started_at, a.completed_on) == (D(2026, 2, 20), 0, None, None)
    assert a.status_on(D(2026, 1, 26)) == TaskStatus.NOT_STARTED
    assert not a.late_on(D(2026, 1, 26))  # February's occurrence is not late for January's
    _report(a, user_named, D(2026, 2, 10), percent=40)
    a.refresh_from_db()
    assert a.status_on(D(2026, 2, 11)) == TaskStatus.IN_PROGRESS
    assert a.status_on(D(2026, 2, 21)) == TaskStatus.OVERDUE
    january = a.updates.get(percent=100)
    assert (january.occurrence_due, january.reported_on) == (D(2026, 1, 20), D(2026, 1, 25))
    completed = [e for e in history_for(task) if e.event == "occurrence completed"]
    assert [e.after["due"] for e in completed] == ["2026-01-20"]


def test_the_last_occurrence_completes_the_part(plan_2026, unit, user_named):
    task = services.task_create(
        user=user_named("admin"),
        plan=plan_2026,
        title="Sơ kết 6 tháng, tổng kết năm",
        recurrence="half_yearly",
        recur_month=6,
        recur_day=30,
        lead_units=[unit("P42-STP")],
        today=D(2026, 1, 2),
    )
    assert task.due_date == D(2026, 6, 30)  # filled in from the rule
    a = task.assignments.get()
    _report(a, user_named, D(2026, 6, 29))
    a.refresh_from_db()
    assert a.due_date == D(2026, 12, 30)
    _report(a, user_named, D(2026, 12, 28))
    a.refresh_from_db()
    assert (a.due_date, a.completed_on) == (D(2026, 12, 30), D(2026, 12, 28))
    assert a.status_on(D(2027, 1, 5)) == TaskStatus.DONE


def test_a_unit_assigned_later_starts_on_the_current_occurrence(plan_2026, unit, user_named):
    task = _monthly(plan_2026, unit, user_named)
    (later,) = services.task_assign(
        user=user_named("admin"), task=task, units=[unit("P42-SXD")], today=D(2026, 5, 21)
    )
    assert later.due_date == D(2026, 6, 20)
    assert task.assignments.get(unit__code="P42-STP").due_date == D(2026, 1, 20)


def test_a_task_given_no_first_deadline_starts_at_the_next_day_on_its_rule(
    plan_2026, unit, user_named
):
    task = _monthly(plan_2026, unit, user_named, due_date=None, today=D(2026, 4, 21))
    assert task.due_date == D(2026, 5, 20)
    assert task.assignments.get().due_date == D(2026, 5, 20)
    quarterly = services.task_create(
        user=user_named("admin"),
        plan=plan_2026,
        title="Báo cáo quý",
        recurrence="quarterly",
        recur_day=20,
        today=D(2025, 11, 1),  # before the plan: from the plan's start
    )
    assert (quarterly.due_date, quarterly.recur_month) == (D(2026, 3, 20), 3)


def _reminder_keys(user):
    return sorted(
        Notification.objects.filter(
            user=user, kind__in=["plans.due_soon", "plans.overdue"]
        ).values_list("dedupe_key", flat=True)
    )


def test_each_occurrence_is_reminded_once(plan_2026, unit, user_named):
    stp = user_named("ht.stp")
    task = _monthly(plan_2026, unit, user_named)
    a = task.assignments.get()
    reminders_send(today=D(2026, 1, 18), email=False)
    reminders_send(today=D(2026, 1, 18), email=False)
    assert _reminder_keys(stp) == [f"plans:due-soon:a{a.pk}:2026-01-20"]
    _report(a, user_named, D(2026, 1, 19))
    reminders_send(today=D(2026, 1, 19), email=False)  # February's is not due soon yet
    reminders_send(today=D(2026, 2, 18), email=False)
    reminders_send(today=D(2026, 2, 21), email=False)
    reminders_send(today=D(2026, 2, 21), email=False)
    assert _reminder_keys(stp) == [
        f"plans:due-soon:a{a.pk}:2026-01-20",
        f"plans:due-soon:a{a.pk}:2026-02-20",
        f"plans:overdue:a{a.pk}:2026-02-20",
    ]


# --- forms, API and pages ----------------------------------------------------------------


def test_the_form_offers_every_kind_and_says_what_the_day_means(plan_2026):
    form = TaskForm(plan=plan_2026)
    assert [v for v, _label in form.fields["recurrence"].choices] == [
        "",
        "monthly",
        "quarterly",
        "half_yearly",
        "yearly",
    ]
    assert "last day" in str(form.fields["recur_day"].help_text)


def test_the_new_task_page_puts_a_rule_error_on_its_field(plan_2099, user_named, client_for):
    client = client_for(user_named("admin"))
    url = f"/plans/{plan_2099.pk}/tasks/new/"
    body = {
        "title": "Báo cáo 6 tháng",
        "recurrence": "half_yearly",
        "recur_day": "30",
        "recur_month": "8",
    }
    r = client.post(url, body)
    assert r.status_code == 200
    assert "1–6" in " ".join(r.context["form"].errors["recur_month"])
    assert not plan_2099.tasks.exists()
    body["recur_month"] = "6"
    r = client.post(url, body)
    assert r.status_code == 302
    task = plan_2099.tasks.get()
    assert (task.recurrence, task.recur_month, task.due_date) == ("half_yearly", 6, D(2099, 6, 30))


def test_the_api_accepts_the_new_kinds_and_locates_errors(plan_2026, user_named, client_for):
    client = client_for(user_named("admin"))
    body = {"plan": plan_2026.pk, "title": "Báo cáo tháng", "recurrence": "monthly"}
    r = client.post("/api/tasks/", body, content_type="application/json")
    assert r.status_code == 400
    assert "day of the month" in r.json()["errors"]["recur_day"][0]
    r = client.post(
        "/api/tasks/", {**body, "recurrence": "weekly"}, content_type="application/json"
    )
    assert r.status_code == 400 and "recurrence" in r.json()["errors"]
    assert not plan_2026.tasks.exists()
    r = client.post(
        "/api/tasks/",
        {**body, "recur_day": 31, "due_date": "2026-01-31", "recur_until": "2026-06-30"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    answer = r.json()
    assert (answer["recurrence"], answer["recur_day"], answer["recur_until"]) == (
        "monthly",
        31,
        "2026-06-30",
    )


def test_the_task_page_says_the_rule_in_words_and_the_next_deadline(
    plan_2099, unit, user_named, client_for, outsider
):
    head = user_named("admin")
    task = services.task_create(
        user=head,
        plan=plan_2099,
        title="Báo cáo quý",
        recurrence="quarterly",
        recur_day=20,
        lead_units=[unit("P42-STP")],
        today=D(2099, 1, 1),
    )
    r = client_for(head).get(f"/plans/tasks/{task.pk}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "Quarterly, by day 20 of the last month of the quarter" in page
    assert 'id="next-deadline">20/03/2099<' in page
    assert "until 31/12/2099" in page
    assert "First deadline" in page
    assert "<td>20/03/2099</td>" in page  # the unit's current occurrence, in its row
    with translation.override("vi"):
        vi = client_for(head).get(f"/plans/tasks/{task.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
        expected = gettext("Quarterly, by day %(day)d of the last month of the quarter") % {
            "day": 20
        }
    assert vi.status_code == 200 and expected in vi.content.decode()
    assert client_for(outsider).get(f"/plans/tasks/{task.pk}/").status_code == 403
    # Another province's officer: no hint that the task exists.
    assert client_for(user_named("bg.police")).get(f"/plans/tasks/{task.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"recurrence": "monthly", "recur_day": 20}, "Monthly, by day 20"),
        ({"recurrence": "monthly", "recur_day": 31}, "Monthly, by the last day of the month"),
        (
            {"recurrence": "quarterly", "recur_day": 15, "recur_month": 1},
            "Quarterly, by day 15 of the first month of the quarter",
        ),
        (
            {"recurrence": "half_yearly", "recur_day": 30, "recur_month": 6},
            "Every six months, by day 30 of months 6 and 12",
        ),
        ({"recurrence": "yearly", "recur_day": 30, "recur_month": 11}, "Yearly, by 30/11"),
        ({"recurrence": "", "recur_day": 30, "recur_month": 11}, ""),
    ],
)
def test_the_rule_in_words(fields, text):
    with translation.override("en"):
        assert Task(**fields).recurrence_text() == text
