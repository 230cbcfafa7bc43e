"""The approval and read paths read the synthesis by the cell's unique index whatever the
planner's statistics say: none, or statistics that claim another index is the better
one (SQLite planned the approval's id read on a period index once sampled statistics
said ~1,000 rows per period, and walked 4.7 million rows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.reporting import selectors, services
from thidua.reporting.models import SynthesisValue
from thidua.reporting.tests.test_synthesis_property import _values

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL has no other index"
)
TABLE = SynthesisValue._meta.db_table


def _synthesis_reads(queries: list[dict]) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT") and TABLE in q["sql"].split("WHERE")[0]
    ]


def _plan(sql: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(str(row[-1]) for row in cur.fetchall())


@pytest.mark.parametrize("statistics", ["none", "misleading"])
def test_approval_and_reads_use_the_cell_index(statistics, s4_2024, unit, user_named) -> None:
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
    commune = unit("H-HG-D-DV-01")
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
    reads = _synthesis_reads(approving.captured_queries) + _synthesis_reads(
        reading.captured_queries
    )
    assert len(reads) >= 2
    for sql in reads:
        plan = _plan(sql)
        assert "sqlite_autoindex" in plan or "PRIMARY KEY" in plan, (sql, plan)
