"""How figures read wherever a person reads them: pages, Word, charts (one formatter)."""

from decimal import Decimal

import pytest
from django.utils import translation

from thidua.core import charts
from thidua.core.figures import format_figure, format_percent, plain_figure
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
