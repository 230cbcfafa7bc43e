"""Shared service helpers: optimistic concurrency and the errors services raise."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models

M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """The object changed since the caller loaded it (a concurrent edit)."""

    def __init__(self, obj: models.Model, expected: int, actual: int) -> None:
        self.obj = obj
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{obj._meta.verbose_name} “{obj}” was changed by someone else "
            f"(you edited version {expected}, it is now at version {actual}). "
            "Reload it and apply your change again."
        )


class IdempotencyConflict(Exception):
    """A request reused an ``Idempotency-Key`` with a different body (HTTP 422)."""


def lock_for_update(obj: M, *, expected_version: int | None) -> M:
    """Re-read ``obj`` locked for update and refuse it if its version moved on.

    Call inside ``transaction.atomic``. ``expected_version`` None skips the check (a
    service acting on fresh state it just read itself).
    """
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    actual = getattr(fresh, "version", None)
    if expected_version is not None and actual is not None and actual != expected_version:
        raise ConflictError(fresh, expected_version, actual)
    return fresh


def bump_version(obj: models.Model) -> None:
    if hasattr(obj, "version"):
        obj.version = (obj.version or 0) + 1


def validation_message(exc: ValidationError) -> str:
    """A one-line readable message from a ValidationError, naming the fields."""
    if hasattr(exc, "error_dict"):
        parts = []
        for field, errors in exc.message_dict.items():
            label = "" if field == "__all__" else f"{field}: "
            parts.append(label + " ".join(errors))
        return "; ".join(parts)
    return " ".join(exc.messages)


def refuse_unknown_fields(changes: dict[str, object], allowed: set[str]) -> None:
    """A service's edit takes only the fields it lists; anything else is a caller's bug."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Fields that cannot be edited here: {', '.join(sorted(unknown))}")


def edit_locked(
    obj: M,
    *,
    changes: dict[str, object],
    allowed: set[str],
    expected_version: int | None,
    clean_exclude: tuple[str, ...] = (),
) -> M:
    """The edit every service does: refuse unknown fields, re-read the row locked and
    refuse a stale version, apply ``changes``, validate, bump the version and save.

    Call inside ``transaction.atomic`` after the permission check; returns the saved row.
    """
    refuse_unknown_fields(changes, allowed)
    fresh = lock_for_update(obj, expected_version=expected_version)
    for name, value in changes.items():
        setattr(fresh, name, value)
    fresh.full_clean(exclude=list(clean_exclude) or None)
    bump_version(fresh)
    fresh.save()
    return fresh
