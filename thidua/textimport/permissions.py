"""Who may correct and confirm a text import (``thidua.core.permissions``).

An import is a personal worksheet: only its owner opens, corrects and confirms it, while it
is a draft. Confirming creates documents, plans and movements, so it also needs a role
that creates something (reporter or above somewhere); each thing created is then checked
by its own app's rules, and a refusal is filed under the draft field it belongs to.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.textimport.models import ImportSession

rules = Rules()


def _owner(user: Any, session: ImportSession) -> Refusal | None:
    if session.user_id != getattr(user, "pk", None):
        return denied(_("This import belongs to someone else."))
    return None


def _draft(session: ImportSession) -> Refusal | None:
    if session.status != ImportSession.Status.DRAFT:
        return not_now(_("This import has already been confirmed: open what it created."))
    return None


@rules.rule("save_draft", group="session")
def _save_draft(user: Any, session: ImportSession) -> Refusal | None:
    return _owner(user, session) or _draft(session)


@rules.rule("confirm", group="session")
def _confirm(user: Any, session: ImportSession) -> Refusal | None:
    """Create what the corrected draft describes: its owner, holding a role that creates."""
    if refusal := _owner(user, session):
        return refusal
    if reach(user, Action.REPORT).nothing:
        return denied(
            _(
                "With a viewer's role nothing can be created from a text. Save the draft and "
                "pass it to an officer who reports for the unit, or ask for the reporter role."
            )
        )
    return _draft(session)
