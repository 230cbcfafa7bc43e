import datetime as dt

import pytest

from thidua.reporting import rules
from thidua.reporting.models import Holiday, ReportForm
from thidua.reporting.services import period_dates

D = dt.date


def _se(w):
    return (w.start, w.end)


def test_a_month_runs_from_the_15th_of_the_previous_month_to_the_14th():
    w = rules.cutoff_window("month", 2024, 1)
    assert (w.start, w.end) == (D(2023, 12, 15), D(2024, 1, 14))


def test_a_quarter_runs_from_the_15th_of_the_month_before_it_to_the_14th_of_its_last_month():
    w = rules.cutoff_window("quarter", 2024, 2)
    assert (w.start, w.end) == (D(2024, 3, 15), D(2024, 6, 14))


def test_half_years_nine_months_and_years_follow_decree_09():
    assert _se(rules.cutoff_window("half", 2024, 1)) == (D(2023, 12, 15), D(2024, 6, 14))
    assert _se(rules.cutoff_window("half", 2024, 2)) == (D(2024, 6, 15), D(2024, 12, 14))
    assert _se(rules.cutoff_window("nine", 2024)) == (D(2023, 12, 15), D(2024, 9, 14))
    assert _se(rules.cutoff_window("year", 2024)) == (D(2023, 12, 15), D(2024, 12, 14))


def test_bad_period_numbers_are_refused():
    with pytest.raises(ValueError):
        rules.cutoff_window("month", 2024, 13)
    with pytest.raises(ValueError):
        rules.cutoff_window("adhoc", 2024)


def test_working_days_skip_weekends_holidays_and_count_make_up_saturdays():
    # Friday 14 June 2024 + 2 working days = Tuesday 18 June.
    assert rules.add_working_days(D(2024, 6, 14), 2) == D(2024, 6, 18)
    off = {D(2024, 6, 17)}
    assert rules.add_working_days(D(2024, 6, 14), 2, off) == D(2024, 6, 19)
    work = {D(2024, 6, 15)}
    assert rules.add_working_days(D(2024, 6, 14), 2, off, work) == D(2024, 6, 18)


def test_a_fixed_deadline_is_the_date_in_the_periods_year():
    w = rules.cutoff_window("year", 2025)
    assert rules.fixed_deadline(w, 11, 30) == D(2025, 11, 30)


def test_a_form_deadline_reads_the_holiday_calendar(db):
    form = ReportForm(periodicity="quarter", deadline_kind="working_days", deadline_working_days=2)
    _, before = period_dates(form, 2024, 2)
    Holiday.objects.create(date=D(2024, 6, 17), name="test")
    _, after = period_dates(form, 2024, 2)
    assert (before, after) == (D(2024, 6, 18), D(2024, 6, 19))
