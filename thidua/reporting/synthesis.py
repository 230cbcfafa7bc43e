"""Incremental synthesis up the unit tree, and the full recompute that checks it.

An approved submission adds its numeric values to the ``SynthesisValue`` rows of its
unit and of every ancestor (ids read straight off the fixed-width materialized path),
in the approving transaction: O(depth × cells) rows, three statements (insert the
missing rows, lock them in primary-key order, one UPDATE joined to the deltas). A
retraction (return of an approved report, or a correction superseding it) subtracts them;
when it removes a node's current minimum or maximum, that node's extreme is recomputed
from its subtree's raw values (sum and count are exact under subtraction, extremes are not).

Concurrency: two approvals in the same province update the same ancestor rows. Rows are
created (``ON CONFLICT DO NOTHING``) in a fixed order and then locked with ``SELECT … FOR
UPDATE`` ordered by primary key, so concurrent approvals queue on PostgreSQL instead of
deadlocking; SQLite serialises writers (IMMEDIATE transactions).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Max, Min

from thidua.orgunits.models import OrgUnit, path_ids, path_upper_bound
from thidua.reporting.models import Indicator, Submission, SynthesisValue, Value

Cell = tuple[int, str]  # (indicator id, disaggregation key)
ZERO = Decimal(0)
Q4 = Decimal("0.0001")


def rolling_indicator_ids() -> set[int]:
    return set(
        Indicator.objects.exclude(value_type=Indicator.ValueType.TEXT)
        .exclude(aggregation=Indicator.Aggregation.NONE)
        .values_list("pk", flat=True)
    )


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


def _apply(submission: Submission, cells: dict[Cell, Decimal], sign: int) -> None:
    """Add (sign +1) or remove (-1) a submission's cells on its unit and every ancestor.

    Plain parameterised SQL, portable between SQLite (3.35+) and PostgreSQL: the ORM
    would spend tens of milliseconds compiling a CASE branch per cell. At most three
    statements per thousand rows whatever the depth and the number of indicators:
    insert the missing rows, lock them in primary-key order (PostgreSQL), and one
    ``UPDATE … FROM`` joined to the cells' deltas (given as a ``VALUES`` list).
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
        if connection.features.has_select_for_update:
            # Lock in primary-key order first: concurrent approvals under the same
            # province then wait for each other instead of deadlocking.
            cur.execute(
                f"SELECT id FROM {table} WHERE form_id = %s AND period_id = %s "
                f"AND unit_id IN ({', '.join(['%s'] * len(unit_ids))}) ORDER BY id FOR UPDATE",
                [form_id, period_id, *unit_ids],
            )
            cur.fetchall()
        if sign > 0:
            assign = (
                "total = total + d.v, count = count + 1, "
                f"min = {least}(COALESCE(min, d.v), d.v), "
                f"max = {greatest}(COALESCE(max, d.v), d.v)"
            )
        else:
            assign = "total = total - d.v, count = count - 1"
        changed = []
        for chunk in _chunks(rows):
            cur.execute(
                "WITH d (unit_id, indicator_id, key, v) AS (VALUES "
                + ", ".join(["(%s, %s, %s, CAST(%s AS NUMERIC))"] * len(chunk))
                + f") UPDATE {table} SET {assign} FROM d "
                f"WHERE {table}.form_id = %s AND {table}.period_id = %s "
                f"AND {table}.unit_id = d.unit_id AND {table}.indicator_id = d.indicator_id "
                f"AND {table}.key = d.key "
                f"RETURNING {table}.id, {table}.unit_id, {table}.indicator_id, {table}.key, "
                f"{table}.count, {table}.min, {table}.max",
                [x for row in chunk for x in row] + [form_id, period_id],
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


def _chunks(rows: list) -> list[list]:
    return [rows[n : n + CHUNK] for n in range(0, len(rows), CHUNK)]


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


def apply_submission(submission: Submission) -> None:
    """Add an approved submission to the synthesis of its unit and every ancestor."""
    _apply(submission, submission_cells(submission), +1)


def retract_submission(submission: Submission) -> None:
    """Remove a submission that is no longer approved (returned or superseded)."""
    _apply(submission, submission_cells(submission), -1)


@dataclass
class Agg:
    total: Decimal = ZERO
    count: int = 0
    min: Decimal | None = None
    max: Decimal | None = None

    def add(self, total: Decimal, count: int, lo: Decimal | None, hi: Decimal | None) -> None:
        self.total += total
        self.count += count
        if lo is not None:
            self.min = lo if self.min is None else min(self.min, lo)
        if hi is not None:
            self.max = hi if self.max is None else max(self.max, hi)

    def key(self) -> tuple:
        q = lambda d: None if d is None else Decimal(d).quantize(Q4)  # noqa: E731
        return (q(self.total), self.count, q(self.min), q(self.max))


SynthKey = tuple[int, int, int, int, str]  # form, period, unit, indicator, key


def recompute(*, form_id: int | None = None, period_id: int | None = None) -> dict[SynthKey, Agg]:
    """The synthesis from scratch: one GROUP BY over the raw values per unit, then each
    unit's aggregate is added to its ancestors (read off the path) in Python."""
    from django.db.models import Count, Sum

    qs = approved_values()
    if form_id is not None:
        qs = qs.filter(submission__form_id=form_id)
    if period_id is not None:
        qs = qs.filter(submission__period_id=period_id)
    grouped = qs.values_list(
        "submission__form_id",
        "submission__period_id",
        "submission__unit__path",
        "indicator_id",
        "key",
    ).annotate(t=Sum("number"), c=Count("id"), lo=Min("number"), hi=Max("number"))
    result: dict[SynthKey, Agg] = {}
    for f, p, path, i, k, t, c, lo, hi in grouped.iterator(chunk_size=20000):
        t = Decimal(str(t)) if t is not None else ZERO
        lo = Decimal(str(lo)) if lo is not None else None
        hi = Decimal(str(hi)) if hi is not None else None
        for u in path_ids(path):
            agg = result.get((f, p, u, i, k))
            if agg is None:
                agg = result[(f, p, u, i, k)] = Agg()
            agg.add(t, c, lo, hi)
    return result


@dataclass(frozen=True)
class Difference:
    cell: SynthKey
    stored: tuple | None
    expected: tuple | None


def synthesis_check(
    *, repair: bool = False, form_id: int | None = None, period_id: int | None = None
) -> list[Difference]:
    """Compare the stored synthesis with a full recompute; optionally repair it."""
    expected = recompute(form_id=form_id, period_id=period_id)
    stored_qs = SynthesisValue.objects.all()
    if form_id is not None:
        stored_qs = stored_qs.filter(form_id=form_id)
    if period_id is not None:
        stored_qs = stored_qs.filter(period_id=period_id)
    diffs: list[Difference] = []
    seen: set[SynthKey] = set()
    fields = ("form_id", "period_id", "unit_id", "indicator_id", "key")
    for row in stored_qs.values_list(*fields, "total", "count", "min", "max").iterator(
        chunk_size=20000
    ):
        cell: SynthKey = row[:5]  # type: ignore[assignment]
        got = Agg(Decimal(str(row[5])), row[6], row[7], row[8])
        seen.add(cell)
        want = expected.get(cell)
        if want is None:
            if got.count:  # rows left at zero by retractions are harmless
                diffs.append(Difference(cell, got.key(), None))
        elif want.key() != got.key():
            diffs.append(Difference(cell, got.key(), want.key()))
    for cell, want in expected.items():
        if cell not in seen:
            diffs.append(Difference(cell, None, want.key()))
    if repair and diffs:
        _repair(diffs, expected)
    return diffs


@transaction.atomic
def _repair(diffs: list[Difference], expected: dict[SynthKey, Agg]) -> None:
    """Write the recomputed figures over the differing cells, in bulk."""
    fields = ("form_id", "period_id", "unit_id", "indicator_id", "key")
    existing: dict[SynthKey, SynthesisValue] = {}
    for form_id, period_id in {d.cell[:2] for d in diffs}:
        wanted = {d.cell for d in diffs if d.cell[:2] == (form_id, period_id)}
        for row in SynthesisValue.objects.filter(form_id=form_id, period_id=period_id):
            cell = tuple(getattr(row, f) for f in fields)
            if cell in wanted:
                existing[cell] = row  # type: ignore[index]
    to_update, to_create = [], []
    for d in diffs:
        want = expected.get(d.cell) or Agg()
        row = existing.get(d.cell)
        if row is None:
            row = SynthesisValue(**dict(zip(fields, d.cell, strict=True)))
            to_create.append(row)
        else:
            to_update.append(row)
        row.total, row.count, row.min, row.max = want.total, want.count, want.min, want.max
    SynthesisValue.objects.bulk_create(to_create, batch_size=5000)
    SynthesisValue.objects.bulk_update(to_update, ["total", "count", "min", "max"], batch_size=5000)


def display_value(indicator: Indicator, row: Any) -> Decimal | None:
    """The figure to show for a synthesis cell, by the indicator's aggregation."""
    if row is None or not row.count:
        return None
    agg = indicator.aggregation
    if agg == Indicator.Aggregation.AVERAGE:
        return (row.total / row.count).quantize(Decimal("0.01"))
    if agg == Indicator.Aggregation.MIN:
        return row.min
    if agg == Indicator.Aggregation.MAX:
        return row.max
    return row.total
