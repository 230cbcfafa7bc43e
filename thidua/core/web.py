"""How a page turns a service's refusal into what the officer reads: one helper for forms,
one for buttons. Views call services through these and never catch errors themselves.

- ``attempt(form, call)`` runs ``call`` (one or several service calls, in one transaction:
  all take effect or none) and puts any refusal on the form: a ``ValidationError`` on the
  fields it names (else above the form), a refusal of permission or a concurrent edit
  above the form, each saying what to do next.
- ``act(request, call, success=...)`` does the same for a button (no form): the refusal
  becomes an error message on the page the officer is sent back to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thidua.core.services import ConflictError

T = TypeVar("T")


def conflict_message(exc: ConflictError) -> str:
    return _(
        "Someone else changed this while you were editing it (you started from version "
        "%(expected)s, it is now at version %(actual)s). Nothing was saved: reload the page "
        "to see their change, then apply yours again."
    ) % {"expected": exc.expected, "actual": exc.actual}


def refusal_message(exc: PermissionDenied) -> str:
    return str(exc) or _("You may not do that here. Ask a manager of the unit if you should.")


def error_messages(exc: ValidationError) -> list[str]:
    """Every message of a ValidationError, field-named ones prefixed by nothing: the
    services already write messages that say what and where."""
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return list(exc.messages)


def add_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on its fields where the form has them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for e in exc.messages:
            form.add_error(None, e)


def attempt(form: Form, call: Callable[[], T]) -> T | None:
    """Run ``call`` in one transaction; on refusal put the reason on ``form``, return None."""
    try:
        with transaction.atomic():
            return call()
    except ConflictError as exc:
        form.add_error(None, conflict_message(exc))
    except PermissionDenied as exc:
        form.add_error(None, refusal_message(exc))
    except ValidationError as exc:
        add_errors(form, exc)
    return None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What ``act`` did: ``ok`` False when the action was refused; ``value`` its result."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def act(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str | Callable[[T], str] | None = None,
    limit: int = 30,
) -> Outcome[T]:
    """Run ``call`` for a button in one transaction; the outcome becomes a message.

    ``success`` is the message on success (or a function of the result that builds it,
    returning "" for none).
    """
    try:
        with transaction.atomic():
            result = call()
    except ConflictError as exc:
        messages.error(request, conflict_message(exc))
    except PermissionDenied as exc:
        messages.error(request, refusal_message(exc))
    except ValidationError as exc:
        for m in error_messages(exc)[:limit]:
            messages.error(request, m)
    else:
        text = success(result) if callable(success) else success
        if text:
            messages.success(request, text)
        return Outcome(True, result)
    return Outcome(False)
