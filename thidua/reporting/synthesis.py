"""Incremental synthesis up the unit tree, and the full recompute that checks it.

An approved submission adds its numeric values to the ``SynthesisValue`` rows of its
unit and of every ancestor (ids read straight off the fixed-width materialized path),
in the approving transaction: O(depth × cells) rows, a few statements (insert the missing
rows, lock them unit by unit in the cell index's order, one UPDATE joined to the deltas).
A retraction (return of an approved report, or a correction superseding it) subtracts them;
when it removes a node's current minimum or maximum, that node's extreme is recomputed
from its subtree's raw values (sum and count are exact under subtraction, extremes are not).

Concurrency: two approvals in the same province update the same ancestor rows. Rows are
created (``ON CONFLICT DO NOTHING``) in a fixed order and then locked with ``SELECT … FOR
UPDATE`` in (unit, indicator, key) order, so concurrent approvals queue on PostgreSQL
instead of deadlocking; SQLite serialises writers (IMMEDIATE transactions).

Plans: every statement on the approval and read paths names the form, the period and one
unit by equality, the three leading columns of the cell's unique index, so the planner
takes that index whatever its statistics (none, sampled, full or stale); on SQLite the
index is also named (``INDEXED BY``).

Reads: every transaction that changes a period's synthesis writes a fresh random token
for it (``SynthesisStamp``, in ``_changed``), and every change of a form's definition a
token for the definitions (``DefinitionStamp``, from the signals of every definition
model: ``stamp_definitions``). ``read_derived`` keeps the cells it read in memory under
the period's token, and what it derived from them and the form's definition (the items,
the figures as shown) under both: a repeated read costs one statement of two primary-key
lookups and is never stale, since a token names one state of what it stamps.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from django.db import connections, router, transaction
from django.db.models import Max, Min

from thidua.orgunits.models import SEGMENT, OrgUnit, path_ids, path_upper_bound
from thidua.reporting.models import (
    DefinitionStamp,
    FormItem,
    Indicator,
    Period,
    Submission,
    SynthesisStamp,
    SynthesisValue,
    Value,
)
from thidua.reporting.signals import SynthesisChange, synthesis_changed

Cell = tuple[int, str]  # (indicator id, disaggregation key)
ZERO = Decimal(0)
Q4 = Decimal("0.0001")


def submission_cells(submission: Submission) -> dict[Cell, Decimal]:
    """The numeric values of ``submission`` that roll up, by (indicator, key)."""
    rows = Value.objects.filter(submission=submission, number__isnull=False).exclude(
        indicator__value_type=Indicator.ValueType.TEXT
    )
    rows = rows.exclude(indicator__aggregation=Indicator.Aggregation.NONE)
    return {(i, k): n for i, k, n in rows.values_list("indicator_id", "key", "number")}


# Rows per statement: (depth × cells) rows of 4–9 parameters stay well under SQLite's
# 32,766 bound variables.
CHUNK = 1000


def _least(connection: Any) -> tuple[str, str]:
    """The two-argument minimum and maximum: LEAST/GREATEST, or SQLite's scalar MIN/MAX."""
    return ("MIN", "MAX") if connection.vendor == "sqlite" else ("LEAST", "GREATEST")


_CELL_COLUMNS = ["form_id", "period_id", "unit_id", "indicator_id", "key"]
_cell_index_names: dict[tuple[str, str], str] = {}


def cell_index(connection: Any) -> str:
    """The hint that reads the synthesis by its cell index on SQLite, whatever the
    statistics say (PostgreSQL has no other index on form and period to be misled by).

    SQLite keeps a plain unique constraint inside the table, under a name of its own
    making ("sqlite_autoindex_…_1"): the name is read once per database."""
    if connection.vendor != "sqlite":
        return ""
    where = (connection.alias, str(connection.settings_dict["NAME"]))
    if where not in _cell_index_names:
        table = SynthesisValue._meta.db_table
        found = ""
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA index_list('{table}')")
            for row in cur.fetchall():
                name, unique = row[1], row[2]
                cur.execute(f"PRAGMA index_info('{name}')")
                columns = [c[2] for c in sorted(cur.fetchall())]
                if unique and columns == _CELL_COLUMNS:
                    found = name
        _cell_index_names[where] = found
    name = _cell_index_names[where]
    return f' INDEXED BY "{name}"' if name else ""


def _apply(submission: Submission, cells: dict[Cell, Decimal], sign: int) -> None:
    """Add (sign +1) or remove (-1) a submission's cells on its unit and every ancestor.

    Plain parameterised SQL, portable between SQLite (3.35+) and PostgreSQL: the ORM
    would spend tens of milliseconds compiling a CASE branch per cell. Three statements
    per thousand rows whatever the depth and the number of indicators: insert the
    missing rows, read their ids (locking them in primary-key order on PostgreSQL), and
    one ``UPDATE … FROM`` joined by id to the cells' deltas (a ``VALUES`` list).
    """
    if not cells:
        return
    unit_ids = path_ids(submission.unit.path)
    form_id, period_id = submission.form_id, submission.period_id
    table = SynthesisValue._meta.db_table
    connection = connections[router.db_for_write(SynthesisValue)]
    rows = sorted((u, i, k, v) for u in unit_ids for (i, k), v in cells.items())
    least, greatest = _least(connection)
    with connection.cursor() as cur:
        if sign > 0:
            for chunk in _chunks(rows):
                cur.execute(
                    f"INSERT INTO {table} (form_id, period_id, unit_id, indicator_id, key, "
                    "total, count) VALUES "
                    + ", ".join(["(%s, %s, %s, %s, %s, 0, 0)"] * len(chunk))
                    + " ON CONFLICT DO NOTHING",
                    [x for u, i, k, _ in chunk for x in (form_id, period_id, u, i, k)],
                )
        # The rows' ids, one unit at a time by equality on the three leading columns of the
        # cell's index: a plan no statistics can change (an ``IN`` list let PostgreSQL,
        # with none, read the whole period by form and period alone). Locked in the
        # index's order, units ascending, on PostgreSQL: concurrent approvals under the
        # same province then wait for each other instead of deadlocking.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        ids = {}
        for u in sorted(unit_ids):
            cur.execute(
                f"SELECT id, indicator_id, key FROM {table}{cell_index(connection)} "
                "WHERE form_id = %s AND period_id = %s AND unit_id = %s "
                f"ORDER BY indicator_id, key{lock}",
                [form_id, period_id, u],
            )
            ids.update(((u, i, k), pk) for pk, i, k in cur.fetchall())
        deltas = sorted((ids[u, i, k], v) for u, i, k, v in rows if (u, i, k) in ids)
        if sign > 0:
            assign = (
                "total = total + d.v, count = count + 1, "
                f"min = {least}(COALESCE(min, d.v), d.v), "
                f"max = {greatest}(COALESCE(max, d.v), d.v)"
            )
        else:
            assign = "total = total - d.v, count = count - 1"
        changed = []
        for chunk in _chunks(deltas):
            # Joined on the primary key: joined on the five-column cell, SQLite's planner
            # builds a Bloom filter over the whole table first (milliseconds per 100,000
            # rows).
            cur.execute(
                "WITH d (id, v) AS (VALUES "
                + ", ".join(["(%s, CAST(%s AS NUMERIC))"] * len(chunk))
                + f") UPDATE {table} SET {assign} FROM d WHERE {table}.id = d.id "
                f"RETURNING {table}.id, {table}.unit_id, {table}.indicator_id, {table}.key, "
                f"{table}.count, {table}.min, {table}.max",
                [x for row in chunk for x in row],
            )
            changed += cur.fetchall()
    if sign > 0:
        return
    # Sum and count are exact under subtraction; an extreme equal to the removed value
    # may be gone: those nodes are recomputed from their subtree.
    stale: dict[int, set[Cell]] = defaultdict(set)
    emptied = []
    for pk, u, i, k, count, lo, hi in changed:
        v = cells.get((i, k))
        if v is None:
            continue
        if count <= 0:
            emptied.append(pk)
        elif v in (_decimal(lo), _decimal(hi)):
            stale[u].add((i, k))
    if emptied:
        SynthesisValue.objects.filter(pk__in=emptied).update(
            total=ZERO, count=0, min=None, max=None
        )
    if stale:
        _refresh_extremes(submission, stale)


def _chunks(rows: list, size: int = CHUNK) -> list[list]:
    return [rows[n : n + size] for n in range(0, len(rows), size)]


def _decimal(value: Any) -> Decimal | None:
    """A raw cursor's number as a Decimal (SQLite hands back int or float)."""
    return None if value is None else Decimal(str(value))


def _refresh_extremes(submission: Submission, stale: dict[int, set[Cell]]) -> None:
    """Recompute min/max of the nodes that lost their extreme, from approved raw values.

    Called after the retracted submission left the approved state, so the query sees the
    subtree as it now is.
    """
    paths = dict(OrgUnit.objects.filter(pk__in=stale).values_list("pk", "path"))
    for unit_id, cells in stale.items():
        path = paths[unit_id]
        found = (
            approved_values()
            .filter(
                submission__form_id=submission.form_id,
                submission__period_id=submission.period_id,
                submission__unit__path__gte=path,
                submission__unit__path__lt=path_upper_bound(path),
                indicator_id__in={i for i, _ in cells},
            )
            .values("indicator_id", "key")
            .annotate(lo=Min("number"), hi=Max("number"))
        )
        extremes = {(r["indicator_id"], r["key"]): (r["lo"], r["hi"]) for r in found}
        for i, k in cells:
            lo, hi = extremes.get((i, k), (None, None))
            SynthesisValue.objects.filter(
                form_id=submission.form_id,
                period_id=submission.period_id,
                unit_id=unit_id,
                indicator_id=i,
                key=k,
            ).update(min=lo, max=hi)


def approved_values():  # type: ignore[no-untyped-def]
    """Raw values that count: numeric, rolling up, of current approved submissions."""
    return (
        Value.objects.filter(
            # Only one version of a report is approved at a time: a correction
            # supersedes its predecessor in the same transaction as its approval.
            submission__status=Submission.Status.APPROVED,
            number__isnull=False,
        )
        .exclude(indicator__value_type=Indicator.ValueType.TEXT)
        .exclude(indicator__aggregation=Indicator.Aggregation.NONE)
    )


def _changed(form_id: int, period_id: int, unit_paths: set[str], indicator_ids: set[int]) -> None:
    """Stamp the period's synthesis as changed (a new token: cached reads of it are no
    longer served) and tell the apps that follow it (``reporting.signals``) which cells
    moved. Every write of ``SynthesisValue`` ends here, in its transaction."""
    _stamp(period_id)
    if not unit_paths or not indicator_ids:
        return
    unit_ids = frozenset(i for p in unit_paths for i in path_ids(p))
    synthesis_changed.send(
        sender=SynthesisValue,
        change=SynthesisChange(form_id, period_id, unit_ids, frozenset(indicator_ids)),
    )


def _stamp(period_id: int) -> None:
    """Write a fresh token for the period's synthesis (one row, upserted)."""
    connection = connections[router.db_for_write(SynthesisStamp)]
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {SynthesisStamp._meta.db_table} (period_id, token) VALUES (%s, %s) "
            "ON CONFLICT (period_id) DO UPDATE SET token = excluded.token",
            [period_id, secrets.randbits(62)],
        )


def stamp_definitions(*, using: str | None = None, **_: Any) -> None:
    """Write a fresh token for the forms' definitions (receiver of the definition models'
    ``post_save``, ``post_delete`` and ``m2m_changed``; see ``apps.ReportingConfig``).
    A write that bypasses the signals (``QuerySet.update``, raw SQL) must call it too."""
    connection = connections[using or router.db_for_write(DefinitionStamp)]
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {DefinitionStamp._meta.db_table} (id, token) VALUES (1, %s) "
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [secrets.randbits(62)],
        )


class Figures(NamedTuple):
    """One synthesis cell as read (see ``display_value``): the numbers as the database
    driver returns them (float or int on SQLite, Decimal on PostgreSQL)."""

    total: Decimal | float
    count: int
    min: Decimal | float | None
    max: Decimal | float | None


Cells = dict[int, dict[Cell, Figures]]  # unit id → (indicator, key) → figures

# SQLite refuses a compound SELECT of more than 500 terms.
BRANCHES = 250
# What the read cache may hold, in cells (about 200 bytes each): some 40 MB a process.
CACHE_CELLS = 200_000


class _ReadCache:
    """Reads of the synthesis by (database, period, token, units), and what is derived
    from them (``read_derived``), least recently used first out, bounded by the number of
    cells held; shared by a process's threads."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self.entries: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Any | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: tuple, cells: Any, size: int | None = None) -> None:
        if size is None:
            size = sum(len(c) for c in cells.values()) + 1
        if size > self.budget:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (cells, size)
            self.held += size
            while self.held > self.budget:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.held -= dropped

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.held = 0


read_cache = _ReadCache(CACHE_CELLS)


def _tokens(cur: Any, period_id: int) -> tuple[int | None, int | None]:
    """The period's synthesis token and the definitions' token, in one statement."""
    cur.execute(
        f"SELECT (SELECT token FROM {SynthesisStamp._meta.db_table} WHERE period_id = %s), "
        f"(SELECT token FROM {DefinitionStamp._meta.db_table} WHERE id = 1)",
        [period_id],
    )
    return cur.fetchone()


def _read(cur: Any, connection: Any, form_id: int, period_id: int, units: tuple) -> Cells:
    cells: Cells = {}
    table, hint = SynthesisValue._meta.db_table, cell_index(connection)
    branch = (
        f"SELECT unit_id, indicator_id, key, total, count, min, max FROM {table}{hint} "
        "WHERE form_id = %s AND period_id = %s AND unit_id = %s"
    )
    for chunk in _chunks(list(units), BRANCHES):
        cur.execute(
            " UNION ALL ".join([branch] * len(chunk)),
            [x for u in chunk for x in (form_id, period_id, u)],
        )
        for u, i, k, *figures in cur.fetchall():
            cells.setdefault(u, {})[i, k] = Figures._make(figures)
    return cells


T = TypeVar("T")


def read_derived(
    *,
    form_id: int,
    period_id: int,
    unit_ids: list[int],
    name: tuple,
    derive: Callable[[Cells], T],
) -> T:
    """``derive(cells)`` of the synthesis cells of ``unit_ids`` for one form and period,
    kept in memory under the period's token and the definitions' token
    (``DefinitionStamp``): what is computed from the cells and the form's definition
    together (its items, the figures as shown), named by ``name``. The cells themselves
    are kept under the period's token alone.

    The tokens are read before the cells: a change committed between the reads leaves
    newer cells under the older token, never older cells under the newer one. One branch
    per unit, by equality on the cell index's leading columns (see the module's "Plans").
    A period never stamped (nothing was ever approved in it through the services) is read
    from the database each time. The answer may be shared between requests and threads:
    read it, never change it.
    """
    connection = connections[router.db_for_read(SynthesisValue)]
    units = tuple(sorted(set(unit_ids)))
    with connection.cursor() as cur:
        stamp, definitions = _tokens(cur, period_id)
        where = (connection.alias, str(connection.settings_dict["NAME"]))
        key = (*where, form_id, period_id, stamp, units)
        derived_key = (*key, definitions, name)
        cacheable = stamp is not None and definitions is not None
        if cacheable:
            found = read_cache.get(derived_key)
            if found is not None:
                return found
        cells = read_cache.get(key) if stamp is not None else None
        if cells is None:
            cells = _read(cur, connection, form_id, period_id, units)
            if stamp is not None:
                read_cache.put(key, cells)
    result = derive(cells)
    if cacheable:
        read_cache.put(derived_key, result, size=sum(len(c) for c in cells.values()) + 1)
    return result


def apply_submission(submission: Submission) -> None:
    """Add an approved submission to the synthesis of its unit and every ancestor."""
    cells = submission_cells(submission)
    _apply(submission, cells, +1)
    _changed(
        submission.form_id, submission.period_id, {submission.unit.path}, {i for i, _ in cells}
    )


def retract_submission(submission: Submission) -> None:
    """Remove a submission that is no longer approved (returned or superseded)."""
    cells = submission_cells(submission)
    _apply(submission, cells, -1)
    _changed(
        submission.form_id, submission.period_id, {submission.unit.path}, {i for i, _ in cells}
    )


SynthKey = tuple[int, int, int, int, str]  # form, period, unit, indicator, key


@dataclass(frozen=True)
class Difference:
    cell: SynthKey
    stored: tuple | None  # (total, count, min, max), None when the row is missing
    expected: tuple | None  # the same recomputed, None when nothing should be there


def _tables() -> dict[str, str]:
    return {
        "sv": SynthesisValue._meta.db_table,
        "v": Value._meta.db_table,
        "s": Submission._meta.db_table,
        "u": OrgUnit._meta.db_table,
        "i": Indicator._meta.db_table,
    }


def _expected_sql(level: int, where: str) -> str:
    """The recomputed synthesis of the nodes at depth ``level``, straight from the raw
    approved values: each value counts for the ancestor at ``level`` of its unit, whose id
    is read off the fixed-width path (portable SQL: SUBSTR and CAST)."""
    t = _tables()
    node = f"CAST(SUBSTR(u.path, {level * SEGMENT + 1}, {SEGMENT}) AS INTEGER)"
    return f"""
        SELECT s.form_id AS form_id, s.period_id AS period_id, {node} AS unit_id,
               v.indicator_id AS indicator_id, v.key AS key, SUM(v.number) AS total,
               COUNT(*) AS cnt, MIN(v.number) AS lo, MAX(v.number) AS hi
        FROM {t["v"]} v
        JOIN {t["s"]} s ON s.id = v.submission_id
        JOIN {t["u"]} u ON u.id = s.unit_id
        JOIN {t["i"]} i ON i.id = v.indicator_id
        WHERE s.status = 'approved' AND v.number IS NOT NULL
          AND i.value_type <> 'text' AND i.aggregation <> 'none'
          AND u.depth >= {level} AND {where}
        GROUP BY s.form_id, s.period_id, {node}, v.indicator_id, v.key
    """


def apply_many(*, form_id: int, period_id: int, submission_ids: list[int]) -> None:
    """Add many approved submissions to the synthesis at once (bulk loads of past years):
    per tree level, one ``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE`` merges
    their aggregates into the existing rows — the set-based twin of ``apply_submission``.
    """
    t = _tables()
    connection = connections[router.db_for_write(SynthesisValue)]
    least, greatest = _least(connection)
    depth = OrgUnit.objects.aggregate(d=Max("depth"))["d"] or 0
    with connection.cursor() as cur:
        for chunk in _chunks(sorted(submission_ids), 5000):
            where = (
                f"s.form_id = {int(form_id)} AND s.period_id = {int(period_id)} "
                f"AND s.id IN ({', '.join(['%s'] * len(chunk))})"
            )
            for level in range(depth + 1):
                cur.execute(
                    f"""
                    INSERT INTO {t["sv"]}
                        (form_id, period_id, unit_id, indicator_id, key, total, count, min, max)
                    SELECT form_id, period_id, unit_id, indicator_id, key, total, cnt, lo, hi
                    FROM ({_expected_sql(level, where)}) e WHERE true
                    ON CONFLICT (form_id, period_id, unit_id, indicator_id, key) DO UPDATE SET
                        total = {t["sv"]}.total + excluded.total,
                        count = {t["sv"]}.count + excluded.count,
                        min = {least}(COALESCE({t["sv"]}.min, excluded.min), excluded.min),
                        max = {greatest}(COALESCE({t["sv"]}.max, excluded.max), excluded.max)
                    """,
                    chunk,
                )
    if submission_ids:
        paths: set[str] = set()
        for chunk in _chunks(sorted(submission_ids), 5000):
            paths.update(
                Submission.objects.filter(pk__in=chunk).values_list("unit__path", flat=True)
            )
        # Every indicator of the form: a superset of the cells a bulk load moved.
        indicators = set(
            FormItem.objects.filter(section__form_id=form_id).values_list("indicator_id", flat=True)
        )
        _changed(form_id, period_id, paths, indicators)


def _differences(cur: Any, level: int, form_id: int, period_id: int) -> list[Difference]:
    """The cells of depth ``level`` whose stored figures differ from the recompute: one
    query for cells recomputed but missing or different, one for stored cells with a
    count where the recompute has nothing (rows left at zero by retractions are fine)."""
    t = _tables()
    params = [form_id, period_id]
    expected = _expected_sql(level, "s.form_id = %s AND s.period_id = %s")
    stored = f"""
        SELECT sv.form_id, sv.period_id, sv.unit_id, sv.indicator_id, sv.key, sv.total,
               sv.count, sv.min, sv.max
        FROM {t["sv"]} sv JOIN {t["u"]} u ON u.id = sv.unit_id
        WHERE u.depth = {level} AND sv.form_id = %s AND sv.period_id = %s
    """
    same_cell = (
        "st.form_id = e.form_id AND st.period_id = e.period_id AND st.unit_id = e.unit_id "
        "AND st.indicator_id = e.indicator_id AND st.key = e.key"
    )

    def differs(a: str, b: str) -> str:  # null-safe, tolerant of SQLite's binary floats
        return f"(({a} IS NULL) <> ({b} IS NULL) OR ABS({a} - {b}) > 0.00005)"

    out: list[Difference] = []
    # The recomputed cells looked up in the synthesis table itself, by its unique cell
    # index (every recomputed cell is at depth ``level``): a join to the filtered
    # subquery was planned on SQLite as a scan of it for every recomputed cell (152 s
    # for a province of 4,000 communes).
    cur.execute(
        f"""
        SELECT e.form_id, e.period_id, e.unit_id, e.indicator_id, e.key,
               st.total, st.count, st.min, st.max, e.total, e.cnt, e.lo, e.hi
        FROM ({expected}) e LEFT JOIN {t["sv"]} st ON {same_cell}
        WHERE st.form_id IS NULL OR st.count <> e.cnt OR {differs("st.total", "e.total")}
           OR {differs("st.min", "e.lo")} OR {differs("st.max", "e.hi")}
        """,
        params,
    )
    for row in cur.fetchall():
        stored_t = None if row[5] is None else _quantized(row[5:9])
        out.append(Difference(tuple(row[:5]), stored_t, _quantized(row[9:13])))  # type: ignore[arg-type]
    cur.execute(
        f"""
        SELECT st.form_id, st.period_id, st.unit_id, st.indicator_id, st.key,
               st.total, st.count, st.min, st.max
        FROM ({stored}) st LEFT JOIN ({expected}) e ON {same_cell}
        WHERE st.count > 0 AND e.form_id IS NULL
        """,
        params + params,
    )
    for row in cur.fetchall():
        out.append(Difference(tuple(row[:5]), _quantized(row[5:9]), None))  # type: ignore[arg-type]
    return out


def _quantized(figures: Any) -> tuple:
    """(total, count, min, max) as exact decimals at the stored precision."""
    total, count, lo, hi = (_decimal(f) for f in figures)
    q = [None if d is None else d.quantize(Q4) for d in (total, lo, hi)]
    return (q[0], int(count or 0), q[1], q[2])


def synthesis_check(
    *, repair: bool = False, form_id: int | None = None, period_id: int | None = None
) -> list[Difference]:
    """Compare the stored synthesis with a full recompute from the raw approved values;
    with ``repair``, write the recomputed figures over the differing cells.

    The recompute runs in the database, one period and one level of the tree at a time
    (a GROUP BY over the raw values joined to the stored rows), so it streams nothing but
    differences, and neither its memory nor its sorts grow with the number of years.
    """
    periods = Period.objects.order_by("pk")
    if form_id is not None:
        periods = periods.filter(form_id=form_id)
    if period_id is not None:
        periods = periods.filter(pk=period_id)
    depth = OrgUnit.objects.aggregate(d=Max("depth"))["d"] or 0
    connection = connections[router.db_for_read(SynthesisValue)]
    diffs: list[Difference] = []
    with connection.cursor() as cur:
        for form, period in periods.values_list("form_id", "pk"):
            for level in range(depth + 1):
                diffs += _differences(cur, level, form, period)
    if repair and diffs:
        _repair(diffs)
    return diffs


@transaction.atomic
def _repair(diffs: list[Difference]) -> None:
    """Write the recomputed figures over the differing cells, in bulk."""
    fields = ("form_id", "period_id", "unit_id", "indicator_id", "key")
    by_pair: dict[tuple[int, int], list[Difference]] = defaultdict(list)
    for d in diffs:
        by_pair[d.cell[:2]].append(d)
    to_update, to_create = [], []
    for (form_id, period_id), group in by_pair.items():
        existing = {
            tuple(cell[2:]): pk
            for pk, *cell in SynthesisValue.objects.filter(
                form_id=form_id, period_id=period_id, unit_id__in={d.cell[2] for d in group}
            )
            .select_for_update()
            .values_list("pk", *fields)
        }
        for d in group:
            total, count, lo, hi = d.expected or (ZERO, 0, None, None)
            row = SynthesisValue(**dict(zip(fields, d.cell, strict=True)))
            row.total, row.count, row.min, row.max = total, count, lo, hi
            row.pk = existing.get(tuple(d.cell[2:]))
            (to_create if row.pk is None else to_update).append(row)
    SynthesisValue.objects.bulk_create(to_create, batch_size=5000)
    SynthesisValue.objects.bulk_update(to_update, ["total", "count", "min", "max"], batch_size=5000)
    for (form_id, period_id), group in by_pair.items():
        paths = set(
            OrgUnit.objects.filter(pk__in={d.cell[2] for d in group}).values_list("path", flat=True)
        )
        _changed(form_id, period_id, paths, {d.cell[3] for d in group})


def display_value(indicator: Indicator, row: Any) -> Decimal | None:
    """The figure to show for a synthesis cell, by the indicator's aggregation (``row``
    is a ``SynthesisValue`` or a raw tuple-like cell whose numbers may be floats)."""
    if row is None or not row.count:
        return None
    agg = indicator.aggregation
    if agg == Indicator.Aggregation.AVERAGE:
        return (_exact(row.total) / row.count).quantize(Decimal("0.01"))
    if agg == Indicator.Aggregation.MIN:
        return _exact(row.min)
    if agg == Indicator.Aggregation.MAX:
        return _exact(row.max)
    return _exact(row.total)


def _exact(value: Any) -> Decimal | None:
    """A stored figure as the exact decimal the model field would give (4 places)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Q4)
