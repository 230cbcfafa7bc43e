"""How figures read on report pages (the synthesis stores four decimal places)."""

from decimal import Decimal

from django.utils import translation

from thidua.reporting.templatetags.reporting_tags import figure, plain


def test_a_whole_figure_loses_the_stored_decimals_and_groups_thousands():
    assert figure(Decimal("1123.0000")) == "1,123"
    with translation.override("vi"):
        assert figure(Decimal("1123.0000")) == "1.123"


def test_a_fraction_keeps_its_significant_digits_only():
    assert figure(Decimal("12.5000")) == "12.5"
    assert figure(Decimal("1000000.2500")) == "1,000,000.25"


def test_no_figure_reads_as_a_dash_and_an_empty_input():
    assert figure(None) == "–"
    assert plain(None) == ""
    assert plain(Decimal("30.0000")) == Decimal(30) and str(plain(Decimal("30.0000"))) == "30"


def test_the_synthesis_page_shows_tidy_figures(s4_2023, user_named, client_for, unit):
    page = client_for(user_named("hg.police")).get(
        f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={unit('H-HG').pk}"
    )
    body = page.content.decode()
    assert "857 " in body and "857.0000" not in body
    assert "11,300" in body  # self-management members, grouped
