"""Workflow rules: who may do what to an object, and when. One home per rule.

Each app's ``permissions.py`` declares its rules on one ``Rules`` table. A rule is a
function ``(user, obj, **context) -> Refusal | None``: it returns ``None`` when the action
is allowed, else why not: ``denied(...)`` when the *user* may not (a role or a unit out
of reach: HTTP 403), ``not_now(...)`` when the *object's state* forbids it (HTTP 400).
A rule checks who first, then when, so that nobody learns the state of an object they
may not act on::

    rules = Rules()

    @rules.rule("approve")
    def _approve(user, sub):
        if not may_supervise(user, sub.form, sub.unit):
            return denied(_("Only a supervising or receiving unit may approve this report."))
        if sub.status != Submission.Status.SUBMITTED:
            return not_now(_("Only a submitted report can be approved."))
        return None

Then, everywhere else:

- **services** call ``rules.require("approve", user, sub)`` inside their transaction
  (raises ``PermissionDenied`` or ``ValidationError`` with the rule's message);
- **views** compute ``actions = rules.actions(user, sub)`` once and pass it to the
  template; ``selectors`` and serializers may read ``rules.may(...)``;
- **templates** show a button only ``{% if actions.approve %}`` and mark it
  ``data-action="approve"``; they never compare statuses or roles themselves.

A button that is shown is therefore a button the service accepts: both read the same
rule. ``thidua.core.testing.WorkflowActionTests`` checks it for each workflow action.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused: ``by_state`` False → the user may not (403); True → not
    in the object's current state (400). ``field`` places a state refusal on a form field."""

    message: str
    by_state: bool = False
    field: str | None = None

    def raise_(self) -> None:
        if self.by_state:
            raise ValidationError({self.field: self.message} if self.field else self.message)
        raise PermissionDenied(self.message)


def denied(message: Any) -> Refusal:
    """The user may not do this (role, or unit out of reach)."""
    return Refusal(str(message))


def not_now(message: Any, *, field: str | None = None) -> Refusal:
    """The object's state does not allow it now."""
    return Refusal(str(message), by_state=True, field=field)


RuleFn = Callable[..., Refusal | None]


class Actions(Mapping[str, bool]):
    """What one user may do to one object, for a template: ``actions.approve`` is a bool,
    ``actions.why.approve`` the reason it is refused (empty when allowed)."""

    def __init__(self, verdicts: dict[str, Refusal | None]) -> None:
        self._verdicts = verdicts
        self.why = {k: (v.message if v else "") for k, v in verdicts.items()}

    def __getitem__(self, name: str) -> bool:
        return self._verdicts[name] is None

    def __getattr__(self, name: str) -> bool:
        try:
            return self._verdicts[name] is None
        except KeyError:  # a template asking for an unknown action gets False, not an error
            if name.startswith("__"):
                raise AttributeError(name) from None
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._verdicts)

    def __len__(self) -> int:
        return len(self._verdicts)

    @property
    def any(self) -> bool:
        return any(v is None for v in self._verdicts.values())

    def __repr__(self) -> str:
        return f"Actions({ {k: self[k] for k in self} })"


class Rules:
    """The workflow rules of one app, by action name."""

    def __init__(self) -> None:
        self._rules: dict[str, RuleFn] = {}
        self._context: dict[str, frozenset[str] | None] = {}
        self._groups: dict[str, tuple[str, ...]] = {}

    def rule(self, name: str, *, group: str | None = None) -> Callable[[RuleFn], RuleFn]:
        """Register ``fn`` as the rule of action ``name``; ``group`` names the kind of
        object it applies to (``rules.actions(user, obj, group="submission")``)."""

        def register(fn: RuleFn) -> RuleFn:
            if name in self._rules:
                raise ValueError(f"rule {name!r} is defined twice")
            self._rules[name] = fn
            params = inspect.signature(fn).parameters.values()
            takes_any = any(p.kind is p.VAR_KEYWORD for p in params)
            # The context keywords the rule takes: ``actions`` passes each rule its own.
            self._context[name] = (
                None if takes_any else frozenset(p.name for p in params if p.kind is p.KEYWORD_ONLY)
            )
            if group is not None:
                self._groups[group] = (*self._groups.get(group, ()), name)
            return fn

        return register

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._rules)

    def group(self, group: str) -> tuple[str, ...]:
        return self._groups.get(group, ())

    def check(self, name: str, user: Any, obj: Any = None, **context: Any) -> Refusal | None:
        wanted = self._context[name]
        if wanted is not None:
            context = {k: v for k, v in context.items() if k in wanted}
        return self._rules[name](user, obj, **context)

    def may(self, name: str, user: Any, obj: Any = None, **context: Any) -> bool:
        return self.check(name, user, obj, **context) is None

    def require(self, name: str, user: Any, obj: Any = None, **context: Any) -> None:
        """Raise ``PermissionDenied`` / ``ValidationError`` with the rule's reason."""
        refusal = self.check(name, user, obj, **context)
        if refusal is not None:
            refusal.raise_()

    def actions(
        self,
        user: Any,
        obj: Any = None,
        *,
        group: str | None = None,
        names: Iterable[str] | None = None,
        **context: Any,
    ) -> Actions:
        """Every action of ``group`` (or ``names``) evaluated once for the template."""
        chosen = tuple(names) if names is not None else self.group(group) if group else ()
        if not chosen:
            raise ValueError("name a group or the actions to evaluate")
        return Actions({n: self.check(n, user, obj, **context) for n in chosen})
