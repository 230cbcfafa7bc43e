"""How figures read wherever a person reads them: pages, Word, charts (one formatter)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from thidua.core import charts
from thidua.core.figures import (
    format_day,
    format_figure,
    format_moment,
    format_percent,
    parse_day,
    plain_figure,
)
from thidua.core.templatetags.figures import figure, plain, signed


def test_a_whole_figure_loses_the_stored_decimals_and_groups_thousands():
    assert figure(Decimal("1123.0000")) == "1,123"
    with translation.override("vi"):
        assert figure(Decimal("1123.0000")) == "1.123"
    with translation.override("th"):
        assert figure(Decimal("1123.0000")) == "1,123"


def test_a_fraction_keeps_its_significant_digits_only():
    assert figure(Decimal("12.5000")) == "12.5"
    assert figure(Decimal("1000000.2500")) == "1,000,000.25"
    with translation.override("vi"):
        assert figure(Decimal("1000000.2500")) == "1.000.000,25"


def test_two_and_a_half_reads_the_same_in_every_output():
    """The Word synthesis wrote "2,5" and the review report "2,50": one rule now."""
    for raw in (Decimal("2.5000"), Decimal("2.50"), 2.5, "2.50"):
        assert format_figure(raw, language="vi") == "2,5"
        assert format_figure(raw, language="en") == "2.5"


def test_a_language_can_be_asked_for_whatever_the_page_speaks():
    with translation.override("en"):
        assert format_figure(Decimal("11300"), language="vi") == "11.300"
        assert translation.get_language() == "en"


def test_places_round_and_still_drop_trailing_zeros():
    assert format_figure(Decimal("33.3333"), places=1) == "33.3"
    assert format_figure(Decimal("40.0000"), places=1) == "40"
    assert format_percent(Decimal("12.345"), language="vi") == "12,3 %"


def test_no_figure_reads_as_a_dash_or_what_the_page_asks_for():
    assert figure(None) == "–"
    assert figure(None, "no data") == "no data"
    assert figure("") == "–"
    assert plain(None) == ""
    assert str(plain(Decimal("30.0000"))) == "30"
    assert plain_figure("abc") == "abc"


def test_a_change_carries_its_sign():
    assert signed(Decimal("5")) == "+5"
    assert signed(Decimal("-5")) == "-5"
    assert signed(Decimal("0")) == "0"
    assert signed(None) == "—"


def test_text_that_is_not_a_figure_is_shown_as_it_is():
    assert format_figure("n/a") == "n/a"


@pytest.mark.parametrize("draw", [charts.bar_chart, charts.column_chart, charts.line_chart])
def test_every_chart_writes_its_figures_like_the_tables(draw):
    with translation.override("vi"):
        svg = str(draw([("A", Decimal("11300.0000")), ("B", None), ("C", 2.5)], title="T <x>"))
    assert "11.300" in svg and "2,5" in svg
    assert "11,300" not in svg and "11300.0000" not in svg
    assert 'aria-label="T &lt;x&gt;"' in svg  # escaped, never raw markup


def test_bar_lengths_follow_the_figures_and_a_missing_figure_is_no_bar():
    marks = charts.marks([("A", 10), ("B", 5), ("C", None), ("D", 0)])
    assert [m.share for m in marks] == [1.0, 0.5, 0.0, 0.0]
    assert marks[2].text == "–" and marks[3].text == "0"


def test_a_chart_without_figures_draws_nothing():
    assert charts.line_chart([("2020", None)], title="x") == ""
    assert charts.bar_chart([], title="x") == ""


def test_a_day_reads_dd_mm_yyyy_and_in_thai_in_the_buddhist_era():
    day = dt.date(2026, 12, 2)
    for language in ("vi", "en"):
        with translation.override(language):
            assert format_day(day) == "02/12/2026"
    with translation.override("th"):
        assert format_day(day) == "02/12/2569"
    assert format_day(day, language="th") == "02/12/2569"
    assert format_day(None) == "—"


def test_a_moment_is_read_in_the_current_time_zone():
    moment = dt.datetime(2026, 12, 2, 17, 5, tzinfo=dt.UTC)  # 00:05 next day in Hà Nội
    with timezone.override("Asia/Ho_Chi_Minh"), translation.override("vi"):
        assert format_moment(moment) == "03/12/2026 00:05"
    with timezone.override("Asia/Ho_Chi_Minh"), translation.override("th"):
        assert format_moment(moment) == "03/12/2569 00:05"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("28/02/2023", dt.date(2023, 2, 28)),
        ("2023-02-28", dt.date(2023, 2, 28)),
        ("28.02.2023", dt.date(2023, 2, 28)),
        ("05/03/2025", dt.date(2025, 3, 5)),  # day first: 5 March, never 3 May
        ("15/03/2568", dt.date(2025, 3, 15)),  # a Thai officer's Buddhist-era year
        ("31/02/2023", None),
        ("next week", None),
        ("", None),
    ],
)
def test_a_typed_day_is_read_day_first(typed, expected):
    assert parse_day(typed) == expected


@pytest.mark.parametrize("language", ["vi", "en", "th"])
def test_every_language_reads_a_typed_date_day_first(language):
    from django import forms

    with translation.override(language):
        assert forms.DateField().clean("05/03/2025") == dt.date(2025, 3, 5)
        assert forms.DateField().clean("2025-03-05") == dt.date(2025, 3, 5)


def _day_form():
    from django import forms

    from thidua.core.forms import DayInput

    class DayForm(forms.Form):
        day = forms.DateField(widget=DayInput())

    return DayForm


@pytest.mark.parametrize(
    "typed", ["15/03/2025", "15/3/2025", "2025-03-15", "15.03.2025", "15/03/2568"]
)
def test_a_date_field_takes_a_day_as_officers_type_it(typed):
    form = _day_form()({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2025, 3, 15)


def test_a_date_field_shows_its_day_dd_mm_yyyy_in_the_page_s_era_and_keeps_bad_text():
    form = _day_form()(initial={"day": dt.date(2025, 3, 15)})
    with translation.override("vi"):
        html = str(form["day"])
        assert 'value="15/03/2025"' in html and "data-day" in html and 'type="text"' in html
    with translation.override("th"):
        assert 'value="15/03/2568"' in str(form["day"])
    bad = _day_form()({"day": "31/02/2025"})
    assert not bad.is_valid() and "day" in bad.errors
    assert 'value="31/02/2025"' in str(bad["day"])  # shown again as typed, to correct
