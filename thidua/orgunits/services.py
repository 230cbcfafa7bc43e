"""Writes to the unit tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, LPad, Substr

from thidua.core.changelog import log_event
from thidua.core.services import bump_version, edit_locked, lock_for_update
from thidua.orgunits.models import SEGMENT, OrgUnit, SubjectGroup, UnitKind, path_segment
from thidua.orgunits.permissions import rules


@transaction.atomic
def orgunit_create(
    *,
    user: Any,
    parent: OrgUnit | None,
    code: str,
    name: str,
    kind: UnitKind,
    short_name: str = "",
    name_en: str = "",
    aliases: Sequence[str] = (),
    valid_from: dt.date | None = None,
    external_code: str = "",
    subject_groups: Iterable[SubjectGroup] = (),
) -> OrgUnit:
    rules.require("create", user, parent)
    unit = OrgUnit(
        parent=parent,
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        name_en=name_en.strip(),
        aliases=[a.strip() for a in aliases if a.strip()],
        valid_from=valid_from,
        external_code=external_code,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    if subject_groups:
        unit.subject_groups.set(subject_groups)
    return unit


_EDITABLE = {
    "code",
    "name",
    "short_name",
    "name_en",
    "aliases",
    "kind",
    "valid_from",
    "external_code",
    "abbreviation",
    "superior_body",
    "head_title",
    "head_name",
    "collective_name",
}


@transaction.atomic
def orgunit_update(
    *, user: Any, unit: OrgUnit, expected_version: int | None, **changes: Any
) -> OrgUnit:
    """Edit a unit's own fields; refuses a concurrent edit (``expected_version``)."""
    rules.require("edit", user, unit)
    return edit_locked(
        unit,
        changes=changes,
        allowed=_EDITABLE,
        expected_version=expected_version,
        clean_exclude=("path",),
    )


@transaction.atomic
def orgunit_merge(
    *, user: Any, unit: OrgUnit, successor: OrgUnit, on: dt.date, note: str = ""
) -> OrgUnit:
    """Close ``unit`` on the day before ``on`` and point it to ``successor``.

    The unit and its history stay; it stops being current (no new assignments, no
    roles reach through it) from ``on``. Its children are not moved automatically:
    the 2025 reform, for instance, re-created communes rather than moving them.
    """
    rules.require("merge", user, unit, successor=successor)
    fresh = lock_for_update(unit, expected_version=None)
    rules.require("merge", user, fresh, successor=successor)
    fresh.successor = successor
    fresh.valid_to = on - dt.timedelta(days=1)
    fresh.full_clean(exclude=["path"])
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "merged", message=note, data={"into": successor.pk, "on": on})
    return fresh


@transaction.atomic
def orgunit_move(*, user: Any, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Re-parent a unit; every descendant's path is rewritten in one UPDATE (one
    ``moved`` event on the unit names the old path and how many units moved with it)."""
    rules.require("move", user, unit, new_parent=new_parent)
    fresh = lock_for_update(unit, expected_version=None)
    rules.require("move", user, fresh, new_parent=new_parent)
    old_path = fresh.path
    new_path = new_parent.path + path_segment(fresh.pk)
    delta = new_parent.depth + 1 - fresh.depth
    # Paths are derived data (an expression per row): logged as the one event below
    # rather than row by row (``update_logged`` takes plain values only).
    moved = OrgUnit.objects.subtree_of(fresh).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    fresh.refresh_from_db()
    fresh.parent = new_parent
    bump_version(fresh)
    fresh.save(update_fields=["parent", "version", "updated_at"])
    log_event(
        fresh,
        "moved",
        data={"from_path": old_path, "to_parent": new_parent.pk, "units_moved": moved},
    )
    return fresh


def _set_placeholder_paths() -> None:
    """Give every unit still on a placeholder path ("~…") its real path, in SQL.

    One set-based UPDATE per tree level (the caller inserts level by level, so parents
    already have real paths): path = parent's path + id zero-padded to the segment width.
    Much faster than a per-row bulk_update, and the same on SQLite and PostgreSQL.
    """
    parent_path = OrgUnit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
    segment = LPad(Cast("id", output_field=CharField()), SEGMENT, Value("0"))
    pending = OrgUnit.objects.filter(path__startswith="~")
    pending.filter(parent__isnull=True).update(path=segment)
    pending.filter(parent__isnull=False).update(
        path=Concat(Subquery(parent_path), segment, output_field=CharField())
    )


@dataclass
class UnitRow:
    """One unit to create in bulk, under ``parent_code`` (None: under the bulk root)."""

    code: str
    name: str
    kind: UnitKind
    parent_code: str | None = None
    short_name: str = ""
    name_en: str = ""
    aliases: list[str] = field(default_factory=list)
    external_code: str = ""
    valid_from: dt.date | None = None


_BULK_FIELDS = (
    "name",
    "kind_id",
    "short_name",
    "name_en",
    "aliases",
    "external_code",
    "valid_from",
    "search_text",
)


def _bulk_fields(unit: OrgUnit) -> tuple[Any, ...]:
    return tuple(getattr(unit, f) for f in _BULK_FIELDS)


def units_bulk_upsert(
    *, root: OrgUnit | None, rows: Sequence[UnitRow], batch_size: int = 2000
) -> tuple[int, int]:
    """Create or update many units level by level (reference loads, benchmarks).

    Rows are keyed by ``code``; existing units get their names refreshed (only those whose
    fields change are written), new ones are bulk-inserted and their paths set right after.
    Signals are skipped on purpose (a national load is one event), so one ``imported``
    event on the root names how many units were created and which were changed.
    Returns (created, updated). Runs in one transaction: all rows or none.
    """
    with transaction.atomic():
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=[r.code for r in rows])}
        created = 0
        changed: list[str] = []
        pending = list(rows)
        while pending:
            ready, waiting = [], []
            for r in pending:
                parent_known = r.parent_code is None or r.parent_code in by_code
                (ready if parent_known else waiting).append(r)
            if not ready:
                missing = sorted({r.parent_code or "" for r in waiting})[:5]
                raise ValueError(f"Unknown parent codes: {', '.join(missing)}")
            to_create: list[OrgUnit] = []
            to_update: list[OrgUnit] = []
            for r in ready:
                parent = by_code[r.parent_code] if r.parent_code else root
                unit = by_code.get(r.code)
                if unit is None:
                    unit = OrgUnit(code=r.code, parent=parent, path="~" + r.code)
                    to_create.append(unit)
                before = _bulk_fields(unit) if unit.pk else None
                unit.name, unit.kind, unit.short_name = r.name, r.kind, r.short_name
                unit.name_en, unit.aliases = r.name_en, list(r.aliases)
                unit.external_code, unit.valid_from = r.external_code, r.valid_from
                unit.depth = parent.depth + 1 if parent else 0
                unit.refresh_search_text()
                if before is not None and before != _bulk_fields(unit):
                    to_update.append(unit)
            OrgUnit.objects.bulk_create(to_create, batch_size=batch_size)
            _set_placeholder_paths()
            for unit in to_create:
                by_code[unit.code] = unit
            OrgUnit.objects.bulk_update(to_update, list(_BULK_FIELDS), batch_size=batch_size)
            created += len(to_create)
            changed += [u.code for u in to_update]
            pending = waiting
        if root is not None and (created or changed):
            log_event(
                root,
                "imported",
                data={"created": created, "updated": len(changed), "updated_codes": changed[:500]},
            )
        return created, len(changed)
