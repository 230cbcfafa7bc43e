"""The approval and read paths read the synthesis by the cell's unique index, on form,
period and unit, whatever the planner's statistics say: none, stale ones, or statistics
that claim another index is the better one (SQLite planned the approval's id read on a
period index once sampled statistics said ~1,000 rows per period, and walked 4.7 million
rows; PostgreSQL with no statistics read a whole period by form and period alone, and
filtered the units out of half a million rows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.orgunits.models import OrgUnit
from thidua.reporting import selectors, services
from thidua.reporting.models import Indicator, Period, SynthesisValue
from thidua.reporting.synthesis import synthesis_check
from thidua.reporting.tests.test_synthesis_property import _values

TABLE = SynthesisValue._meta.db_table


def _synthesis_reads(queries: list[dict]) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT") and TABLE in q["sql"].split("WHERE")[0]
    ]


def _plan(sql: str) -> str:
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    with connection.cursor() as cur:
        cur.execute(f"{explain} {sql}")
        return "\n".join(str(row[-1]) for row in cur.fetchall())


def _uses_the_cell_index(plan: str) -> bool:
    if connection.vendor == "sqlite":
        return "sqlite_autoindex" in plan and "unit_id=?" in plan
    # Every scan of the table is on the cell index, its condition on form, period and
    # unit (not form and period, the units filtered out of everything the period holds).
    lines = plan.splitlines()
    scans = [n for n, line in enumerate(lines) if f" on {TABLE}" in line]
    conditions = [line for line in lines if "Index Cond:" in line]
    return (
        bool(scans)
        and all("using synthesis_cell" in lines[n] for n in scans)
        and len(conditions) == len(scans)
        and all("unit_id =" in line for line in conditions)
        and not any("Filter:" in line and "unit_id" in line for line in lines)
    )


def _set_statistics(statistics: str, period: Period, province: OrgUnit) -> None:
    """Leave the planner with the given statistics of the synthesis table, inside the
    test's transaction (rolled back after it)."""
    if connection.vendor == "sqlite":
        _set_sqlite_statistics(statistics)
        return
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cur.fetchone()[0]:
            pytest.skip("rewriting the planner's statistics needs a superuser")
        # PostgreSQL scales what it knows by the table's actual size: the period gets a
        # country's worth of rows (some 200,000, on the units outside the province).
        indicator = Indicator.objects.order_by("pk").values_list("pk", flat=True)[0]
        others = OrgUnit.objects.exclude(path__startswith=province.path)
        keys = -(-200_000 // others.count())
        cur.execute(
            f"INSERT INTO {TABLE} (form_id, period_id, unit_id, indicator_id, key, total, count) "
            "SELECT %s, %s, u.id, %s, 'k' || g, 1, 1 FROM orgunits_orgunit u "
            "CROSS JOIN generate_series(1, %s) g WHERE NOT u.path LIKE %s",
            [period.form_id, period.pk, indicator, keys, province.path + "%"],
        )
        # No column statistics at all, as before autovacuum first runs (or right after
        # a bulk load); the table's size unknown, or claimed large.
        cur.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", [TABLE])
        tuples, pages = (-1, 0) if statistics == "none" else (5_000_000, 60_000)
        cur.execute(
            "UPDATE pg_class SET reltuples = %s, relpages = %s WHERE oid = %s::regclass",
            [tuples, pages, TABLE],
        )


STATISTICS = ["none", "misleading"] if connection.vendor == "sqlite" else ["none", "stale"]


@pytest.mark.parametrize("statistics", STATISTICS)
def test_approval_and_reads_use_the_cell_index(statistics, s4_2024, unit, user_named) -> None:
    commune = unit("H-HG-D-DV-01")
    _set_statistics(statistics, s4_2024, unit("H-HG"))
    sub = services.submission_save(
        user=user_named("admin"),
        form=s4_2024.form,
        period=s4_2024,
        unit=commune,
        values=_values(7),
        submit=True,
    )
    with CaptureQueriesContext(connection) as approving:
        services.submission_approve(user=user_named("hg.police"), submission=sub)
    with CaptureQueriesContext(connection) as reading:
        table = selectors.synthesis_table(
            user=user_named("hg.police"), period=s4_2024, unit=commune.parent
        )
    assert table.children  # the read returned the unit's children
    approval_reads = _synthesis_reads(approving.captured_queries)
    table_reads = _synthesis_reads(reading.captured_queries)
    assert len(approval_reads) >= 2 and table_reads  # the unit and its ancestors; the table
    for sql in approval_reads + table_reads:
        plan = _plan(sql)
        assert _uses_the_cell_index(plan), (sql, plan)


def _set_sqlite_statistics(statistics: str) -> None:
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute("DELETE FROM sqlite_stat1")
        if statistics == "misleading":
            # The unique index claimed useless, the unit index claimed one row per unit.
            cur.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) "
                "SELECT %s, name, CASE WHEN name LIKE 'sqlite_autoindex%%' "
                "THEN '5000000 5000000 5000000 5000000 5000000 5000000' ELSE '5000000 1' END "
                "FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                [TABLE, TABLE],
            )
        cur.execute("ANALYZE sqlite_schema")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan of the check")
@pytest.mark.parametrize("statistics", ["none", "full"])
def test_the_check_looks_recomputed_cells_up_by_the_cell_index(statistics, s4_2023) -> None:
    """The check's look-up of every recomputed cell in the synthesis table goes by its
    unique index on all five columns: joined to a filtered subquery instead, SQLite
    scanned that subquery for each recomputed cell (152 s for one province of 4,000
    communes)."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    if statistics == "none":
        _set_sqlite_statistics("none")
    with CaptureQueriesContext(connection) as checking:
        assert synthesis_check(period_id=s4_2023.pk) == []
    lookups = [q["sql"] for q in checking.captured_queries if f"LEFT JOIN {TABLE} st" in q["sql"]]
    assert lookups  # one per tree level
    for sql in lookups:
        plan = _plan(sql)
        assert "SEARCH st USING INDEX sqlite_autoindex" in plan, plan
        assert "unit_id=? AND indicator_id=? AND key=?" in plan, plan
