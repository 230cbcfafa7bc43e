"""Synthesis reads kept in memory under the period's stamp: a repeated read costs no
query of the synthesis table, and no read is ever stale — every change of the period's
synthesis (approval, return, bulk load, repair) writes a new token in its transaction,
and a change rolled back leaves the old token, whose cells are the old ones."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from thidua.reporting import selectors, services
from thidua.reporting.models import (
    DefinitionStamp,
    Dimension,
    FormItem,
    Indicator,
    SynthesisStamp,
    SynthesisValue,
)
from thidua.reporting.synthesis import Figures, _ReadCache, read_cache, synthesis_check
from thidua.reporting.tests.test_synthesis_property import _values

LUNG_CU, SA_PHIN = "H-HG-D-DV-01", "H-HG-D-DV-02"
CODE = "antq-movement-models"
TABLE = SynthesisValue._meta.db_table


@pytest.fixture(autouse=True)
def _empty_cache():
    read_cache.clear()
    yield
    read_cache.clear()


def _report(period, unit, n: int, user_named):  # type: ignore[no-untyped-def]
    sub = services.submission_save(
        user=user_named("admin"),
        form=period.form,
        period=period,
        unit=unit,
        values=_values(n),
        submit=True,
    )
    services.submission_approve(user=user_named("hg.police"), submission=sub)
    return sub


def _read(period, unit, user) -> tuple[Decimal | None, int]:  # type: ignore[no-untyped-def]
    """The province's figure for CODE, and how many queries read the synthesis table."""
    with CaptureQueriesContext(connection) as queries:
        figure = selectors.synthesis_totals(user=user, period=period, unit=unit)[CODE]
    return figure, sum(TABLE in q["sql"] for q in queries.captured_queries)


def test_repeated_reads_come_from_memory_and_every_change_is_seen(s4_form, unit, user_named):
    admin, approver = user_named("admin"), user_named("hg.police")
    period = services.period_open(user=admin, form=s4_form, year=2012)
    province = unit("H-HG")
    first = _report(period, unit(LUNG_CU), 30, user_named)
    assert _read(period, province, approver) == (30, 1)  # read from the database
    assert _read(period, province, approver) == (30, 0)  # unchanged: from memory
    _report(period, unit(SA_PHIN), 12, user_named)
    assert _read(period, province, approver) == (42, 1)  # an approval is seen at once
    assert _read(period, province, approver) == (42, 0)
    services.submission_return(user=approver, submission=first, reason="Sai số liệu")
    assert _read(period, province, approver) == (12, 1)  # and so is a return
    # Another unit's read is its own entry: the commune reads its own cells.
    assert _read(period, unit(SA_PHIN), approver) == (12, 1)
    assert _read(period, province, approver) == (12, 0)


def test_a_rolled_back_approval_leaves_the_reads_as_they_were(s4_form, unit, user_named):
    admin, approver = user_named("admin"), user_named("hg.police")
    period = services.period_open(user=admin, form=s4_form, year=2012)
    province = unit("H-HG")
    _report(period, unit(LUNG_CU), 30, user_named)
    assert _read(period, province, approver) == (30, 1)
    token = SynthesisStamp.objects.get(period=period).token
    with pytest.raises(RuntimeError), transaction.atomic():
        _report(period, unit(SA_PHIN), 12, user_named)
        assert SynthesisStamp.objects.get(period=period).token != token
        assert _read(period, province, approver) == (42, 1)  # seen inside its transaction
        raise RuntimeError("the request failed after the approval")
    assert SynthesisStamp.objects.get(period=period).token == token
    assert _read(period, province, approver) == (30, 0)  # the old state, the old cells


def test_a_repair_is_seen_by_the_next_read(s4_2023, unit, user_named):
    approver, province = user_named("hg.police"), unit("H-HG")
    before, _ = _read(s4_2023, province, approver)
    assert before is not None
    row = SynthesisValue.objects.get(period=s4_2023, unit=province, indicator__code=CODE, key="")
    row.total += 5
    row.save()  # a write past the services, as a faulty script would do
    assert _read(s4_2023, province, approver) == (before, 0)  # not stamped: not seen
    synthesis_check(repair=True)
    assert _read(s4_2023, province, approver) == (before, 1)  # repaired and stamped


def test_a_period_never_stamped_is_read_from_the_database_each_time(s4_form, unit, user_named):
    admin, approver = user_named("admin"), user_named("hg.police")
    period = services.period_open(user=admin, form=s4_form, year=2017)
    province = unit("H-HG")
    assert _read(period, province, approver) == (None, 1)
    SynthesisValue.objects.create(
        form=s4_form,
        period=period,
        unit=province,
        indicator=s4_form.sections.first().items.get(indicator__code=CODE).indicator,
        total=7,
        count=1,
    )
    assert _read(period, province, approver) == (7, 1)


def test_an_outsider_is_refused_even_when_the_read_is_in_memory(s4_2023, unit, user_named):
    province = unit("H-HG")
    selectors.synthesis_table(user=user_named("hg.police"), period=s4_2023, unit=province)
    with pytest.raises(Http404):
        selectors.synthesis_table(user=user_named("bg.police"), period=s4_2023, unit=province)


def test_the_cache_keeps_within_its_budget_least_recently_used_first_out() -> None:
    cache = _ReadCache(budget=10)
    cell = Figures(1, 1, None, None)

    def cells(n: int) -> dict:
        return {1: {(i, ""): cell for i in range(n)}}

    cache.put("a", cells(4))  # 5 with its entry
    cache.put("b", cells(3))  # 4
    assert cache.get("a") is not None  # "b" is now the least recently used
    cache.put("c", cells(2))  # 3: over the budget, "b" goes
    assert cache.get("b") is None and cache.get("a") and cache.get("c")
    assert cache.held <= 10
    cache.put("d", cells(20))  # larger than the whole budget: not kept
    assert cache.get("d") is None and cache.get("a")


ITEMS = FormItem._meta.db_table


def _derived_queries(period, unit, user) -> tuple[dict, int, int]:  # type: ignore[no-untyped-def]
    """The province's totals, and how many queries read the synthesis and the form's items."""
    with CaptureQueriesContext(connection) as queries:
        totals = selectors.synthesis_totals(user=user, period=period, unit=unit)
    sqls = [q["sql"] for q in queries.captured_queries]
    return totals, sum(TABLE in q for q in sqls), sum(ITEMS in q for q in sqls)


def test_the_figures_as_shown_come_from_memory_until_the_definition_changes(
    s4_2023, unit, user_named
):
    approver, province = user_named("hg.police"), unit("H-HG")
    first, table_reads, item_reads = _derived_queries(s4_2023, province, approver)
    assert (table_reads, item_reads) == (1, 1)
    again = _derived_queries(s4_2023, province, approver)
    assert again == (first, 0, 0)  # neither the cells nor the items read again
    # An indicator edited (its name, its aggregation): the next read derives afresh from
    # the cells still in memory, and shows the figure by the new aggregation.
    indicator = Indicator.objects.get(code=CODE)
    figures = SynthesisValue.objects.get(period=s4_2023, unit=province, indicator=indicator, key="")
    assert figures.count > 1 and figures.max != figures.total
    indicator.aggregation = Indicator.Aggregation.MAX
    indicator.save()
    totals, table_reads, item_reads = _derived_queries(s4_2023, province, approver)
    assert (table_reads, item_reads) == (0, 1)
    assert totals[CODE] == figures.max != first[CODE]


def test_a_rolled_back_definition_edit_leaves_the_cached_figures(s4_2023, unit, user_named):
    approver, province = user_named("hg.police"), unit("H-HG")
    first, *_ = _derived_queries(s4_2023, province, approver)
    token = DefinitionStamp.objects.get().token
    with pytest.raises(RuntimeError), transaction.atomic():
        indicator = Indicator.objects.get(code=CODE)
        indicator.aggregation = Indicator.Aggregation.MIN
        indicator.save()
        assert DefinitionStamp.objects.get().token != token
        raise RuntimeError("the edit failed")
    assert DefinitionStamp.objects.get().token == token
    assert _derived_queries(s4_2023, province, approver) == (first, 0, 0)


def test_a_dimension_added_to_an_indicator_is_seen_by_the_next_read(s4_2023, unit, user_named):
    approver, province = user_named("hg.police"), unit("H-HG")
    selectors.synthesis_table(user=approver, period=s4_2023, unit=province)
    sex = Dimension.objects.create(code="sex-t", name="Giới tính", categories=[["m", "Nam"]])
    Indicator.objects.get(code=CODE).dimensions.add(sex)  # m2m: no save of the indicator
    table = selectors.synthesis_table(user=approver, period=s4_2023, unit=province)
    assert any(key == "sex-t=m" for _it, key, _label, _v in table.breakdown)
