"""Who may sign a document (``thidua.core.permissions``).

A document is signed for its issuer: by an approver (or above) of one of its issuing
units — the officer who signs for the body, or the office that holds its seal. It is
signed once: the signed copy is its file of record, and a correction is a new document.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.figures import format_day
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.documents.models import Document

rules = Rules()


def signed_copy_of(document: Document) -> Any | None:
    """The document's signed copy, or None (no query when ``select_related``)."""
    try:
        return document.signed_copy  # type: ignore[attr-defined]
    except Document.signed_copy.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return None


def already_signed(document: Document) -> Refusal | None:
    """Refuse any change to a signed document, saying what to do instead."""
    copy = signed_copy_of(document)
    if copy is None:
        return None
    return not_now(
        _(
            "This document was signed digitally (%(who)s, %(day)s) and is kept as signed: "
            "it cannot be changed. To correct it, register a new document that amends or "
            "replaces it."
        )
        % {"who": copy.signer_name, "day": format_day(copy.signed_at or copy.verified_at)}
    )


@rules.rule("sign", group="signature")
def _sign(user: Any, document: Document) -> Refusal | None:
    """Sign (or record the signed copy of) a document: an approver of an issuing unit."""
    r = reach(user, Action.APPROVE)
    if not any(r.covers(u) for u in document.issuing_units.all()):
        return denied(
            _(
                "Only an approver of the issuing body signs this document: ask the officer "
                "who signs for %(issuer)s."
            )
            % {"issuer": ", ".join(str(u) for u in document.issuing_units.all()) or "—"}
        )
    return already_signed(document)
