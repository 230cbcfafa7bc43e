"""Who may register, edit, link and attach files to documents (``thidua.core.permissions``).

A document belongs to its issuers and its recipients: an officer (reporter or above) of
any of them keeps it. Published documents are read by every member, but kept only by them.
Services call ``rules.require(...)``; the pages show a button only when the same rule
allows it (``actions = rules.actions(user, document, group="document")``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.permissions import Refusal, Rules, denied
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit
from thidua.signing.permissions import already_signed

rules = Rules()


def _places(document: Document) -> list[OrgUnit]:
    # Prefetched by ``selectors.document_get``: no query on a detail page.
    return [*document.issuing_units.all(), *document.recipient_units.all()]


def _keeps(user: Any, units: Iterable[OrgUnit]) -> bool:
    r = reach(user, Action.REPORT)
    return any(r.covers(u) for u in units)


def _kept_by(user: Any, document: Document, message: str) -> Refusal | None:
    """Who keeps a document: an officer of one of its issuers or recipients."""
    return None if _keeps(user, _places(document)) else denied(message)


@rules.rule("create", group="registry")
def _create(
    user: Any, _obj: Any = None, *, units: Iterable[OrgUnit] | None = None
) -> Refusal | None:
    """Register a document: an officer who reports for a unit, for a document that unit
    issues or receives (``units``: the issuers and recipients named)."""
    r = reach(user, Action.REPORT)
    if r.nothing:
        return denied(
            _(
                "Only an officer who reports for a unit registers documents. Ask a manager "
                "of your unit for the reporter role."
            )
        )
    named = list(units or ())
    if named and not any(r.covers(u) for u in named):
        return denied(
            _(
                "You may register documents only for the units you report for: name your "
                "unit among the issuers or the recipients."
            )
        )
    return None


@rules.rule("edit", group="document")
def _edit(
    user: Any, document: Document, *, units: Iterable[OrgUnit] | None = None
) -> Refusal | None:
    """Edit a document: whoever keeps it as it is, and (``units``: its issuers and
    recipients after the edit) as it will be; never once it is signed."""
    refusal = _kept_by(
        user,
        document,
        _("Only an officer of an issuing or receiving unit may edit this document."),
    )
    named = list(units or ())  # none named: the service asks for an issuer instead
    if refusal is None and named and not _keeps(user, named):
        return denied(
            _(
                "After this change you would no longer keep the document: keep one of your "
                "units among its issuers or recipients."
            )
        )
    return refusal or already_signed(document)


@rules.rule("link", group="document")
def _link(user: Any, document: Document, *, target: Document | None = None) -> Refusal | None:
    """Link a document to another one the user can read."""
    refusal = _kept_by(
        user,
        document,
        _("Only an officer of an issuing or receiving unit may link this document to others."),
    )
    if (
        refusal is None
        and target is not None
        and not Document.objects.restrict(user).filter(pk=target.pk).exists()
    ):
        return denied(
            _(
                "You cannot read the document you are linking to: choose one registered "
                "for your units or published."
            )
        )
    return refusal


@rules.rule("unlink", group="document")
def _unlink(user: Any, document: Document) -> Refusal | None:
    return _kept_by(
        user,
        document,
        _("Only an officer of an issuing or receiving unit may remove this document's links."),
    )


@rules.rule("attach", group="document")
def _attach(user: Any, document: Document) -> Refusal | None:
    return _kept_by(
        user,
        document,
        _("Only an officer of an issuing or receiving unit may attach files to this document."),
    )
