"""Who may open, edit, finalise and correct multi-year reviews (``thidua.core.permissions``).

A review is written by a manager of the reviewing unit who may also read the figures of
the reviewed area. A draft is edited and finalised; a finalised review is frozen, and a
correction is a new edition of the current one (the old one is kept).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.scope import Action, reach
from thidua.core.permissions import Refusal, Rules, denied, not_now
from thidua.orgunits.models import OrgUnit
from thidua.reviews.models import Review

rules = Rules()


def _writer(user: Any, unit: OrgUnit, area: OrgUnit) -> Refusal | None:
    if not reach(user, Action.MANAGE).covers(unit):
        return denied(
            _("Only a manager of %(unit)s writes its reviews: ask one of them.") % {"unit": unit}
        )
    if not reach(user, Action.VIEW).covers(area):
        return denied(
            _("You cannot read the figures of %(area)s: choose an area inside your units.")
            % {"area": area}
        )
    return None


@rules.rule("create", group="reviews")
def _create(
    user: Any, _obj: Any = None, *, unit: OrgUnit | None = None, area: OrgUnit | None = None
) -> Refusal | None:
    """Open a review: a manager of a unit (``unit``, ``area``: the reviewing unit and the
    reviewed area, the unit itself when not given)."""
    if reach(user, Action.MANAGE).nothing:
        return denied(
            _("Only a manager of a unit opens a review. Ask a manager of your unit to open it.")
        )
    if unit is not None:
        return _writer(user, unit, area or unit)
    return None


@rules.rule("edit")  # no page yet: the API and the services edit drafts
def _edit(user: Any, review: Review) -> Refusal | None:
    if refusal := _writer(user, review.unit, review.area):
        return refusal
    if review.is_locked:
        return not_now(_("A finalised review cannot be changed: correct it as a new edition."))
    return None


@rules.rule("finalise", group="review")
def _finalise(user: Any, review: Review) -> Refusal | None:
    if refusal := _writer(user, review.unit, review.area):
        return refusal
    if review.is_locked:
        return not_now(_("This review is already finalised."))
    return None


@rules.rule("revise", group="review")
def _revise(user: Any, review: Review) -> Refusal | None:
    """Correct a finalised review: a new draft edition of the current one."""
    if refusal := _writer(user, review.unit, review.area):
        return refusal
    if not review.is_locked:
        return not_now(_("Only a finalised review is revised; edit the draft instead."))
    if not review.is_current:
        return not_now(_("A newer edition of this review exists: correct that one."))
    return None
