"""Writes of the concerns app: the workflow of an issue of public concern.

recorded → referred to the standing committees → forwarded to the competent body →
answered → closed (and reopened, back to the competent body). Services follow the house
rules (keyword-only, ``full_clean()``, one transaction, permission re-checked inside it
with the app's rules, ``thidua.concerns.permissions.rules``, which the pages read too);
``today`` is the service's clock, as in ``thidua.plans.services``. Notices go out through
``thidua.core.notifications.notify``, with the same kinds and dedupe keys as before the
issues moved out of the plans app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.concerns.models import ConcernIssue
from thidua.concerns.permissions import rules
from thidua.core.changelog import log_event
from thidua.core.figures import format_day
from thidua.core.notifications import Notice, NotifyResult, notify
from thidua.core.services import bump_version, lock_for_update
from thidua.orgunits.models import OrgUnit
from thidua.plans.models import Plan


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


@transaction.atomic
def concern_record(
    *,
    user: Any,
    unit: OrgUnit,
    summary: str,
    category: str,
    raised_where: str,
    raised_on: dt.date,
    channel: str = ConcernIssue.Channel.OTHER,
    raiser_contact: str = "",
    plan: Plan | None = None,
    today: dt.date | None = None,
) -> ConcernIssue:
    """Record an issue raised by the public, at the unit that collects such issues."""
    rules.require("record", user, unit=unit)
    if raised_on and raised_on > _today(today):
        raise ValidationError({"raised_on": _("The date it was raised is in the future.")})
    issue = ConcernIssue(
        unit=unit,
        summary=(summary or "").strip(),
        category=category,
        channel=channel or ConcernIssue.Channel.OTHER,
        raised_where=(raised_where or "").strip(),
        raised_on=raised_on,
        raiser_contact=(raiser_contact or "").strip(),
        plan=plan,
    )
    issue.full_clean()
    issue.save()
    log_event(issue, "recorded")
    return issue


@transaction.atomic
def concern_refer(
    *, user: Any, issue: ConcernIssue, standing_units: Sequence[OrgUnit], note: str = ""
) -> ConcernIssue:
    """Send the issue to the standing committees (of the People's Council and Committee)."""
    fresh = lock_for_update(issue, expected_version=None)
    rules.require("refer", user, fresh)
    if not standing_units:
        raise ValidationError({"referred_to": _("Choose at least one standing committee.")})
    fresh.state = ConcernIssue.State.REFERRED
    bump_version(fresh)
    fresh.save()
    fresh.referred_to.set(standing_units)
    log_event(
        fresh, "referred", message=note.strip(), data={"to": [u.code for u in standing_units]}
    )
    url = reverse("concerns:detail", args=[fresh.pk])
    notify(
        [
            Notice(
                unit=u,
                kind="plans.concern",
                key=f"plans:concern-referred:c{fresh.pk}:u{u.pk}",
                url=url,
                title=lambda: _("An issue of public concern to study: %s") % fresh,
            )
            for u in standing_units
        ]
    )
    return fresh


@transaction.atomic
def concern_forward(
    *,
    user: Any,
    issue: ConcernIssue,
    competent_unit: OrgUnit,
    answer_due: dt.date,
    request_text: str = "",
    today: dt.date | None = None,
) -> ConcernIssue:
    """Forward a written request to the competent body, with the date an answer is due."""
    day = _today(today)
    fresh = lock_for_update(issue, expected_version=None)
    rules.require("forward", user, fresh)
    if answer_due is None or answer_due < day:
        raise ValidationError({"answer_due": _("The answer date must be today or later.")})
    fresh.state = ConcernIssue.State.FORWARDED
    fresh.competent_unit = competent_unit
    fresh.answer_due = answer_due
    fresh.forwarded_on = day
    fresh.request_text = (request_text or "").strip()
    fresh.full_clean()
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "forwarded", data={"to": competent_unit.code, "answer_due": answer_due})
    notify(
        [
            Notice(
                unit=competent_unit,
                kind="plans.concern",
                key=f"plans:concern-forwarded:c{fresh.pk}:r{fresh.reopen_count}",
                url=reverse("concerns:detail", args=[fresh.pk]),
                title=lambda: (
                    _("Please answer by %(due)s: %(issue)s")
                    % {"due": format_day(answer_due), "issue": fresh}
                ),
            )
        ]
    )
    return fresh


@transaction.atomic
def concern_answer(
    *, user: Any, issue: ConcernIssue, answer: str, today: dt.date | None = None
) -> ConcernIssue:
    """The competent body records its answer."""
    day = _today(today)
    fresh = lock_for_update(issue, expected_version=None)
    rules.require("answer", user, fresh)
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer.")})
    fresh.answer = answer.strip()
    fresh.answered_on = day
    fresh.state = ConcernIssue.State.ANSWERED
    bump_version(fresh)
    fresh.save()
    late = fresh.answer_due is not None and day > fresh.answer_due
    log_event(fresh, "answered", data={"late": late})
    notify(
        [
            Notice(
                unit=fresh.unit,
                kind="plans.concern",
                key=f"plans:concern-answered:c{fresh.pk}:r{fresh.reopen_count}",
                url=reverse("concerns:detail", args=[fresh.pk]),
                title=lambda: _("Answered: %s") % fresh,
            )
        ]
    )
    return fresh


@transaction.atomic
def concern_close(
    *, user: Any, issue: ConcernIssue, note: str = "", today: dt.date | None = None
) -> ConcernIssue:
    """Close the issue; the raiser's contact is erased, it is no longer needed."""
    fresh = lock_for_update(issue, expected_version=None)
    rules.require("close", user, fresh)
    fresh.state = ConcernIssue.State.CLOSED
    fresh.closed_on = _today(today)
    fresh.close_note = (note or "").strip()
    had_contact = bool(fresh.raiser_contact)
    fresh.raiser_contact = ""
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "closed", message=fresh.close_note, data={"contact_erased": had_contact})
    return fresh


@transaction.atomic
def concern_reopen(
    *,
    user: Any,
    issue: ConcernIssue,
    reason: str,
    answer_due: dt.date,
    today: dt.date | None = None,
) -> ConcernIssue:
    """Reopen a closed or answered issue: it goes back to the competent body."""
    day = _today(today)
    fresh = lock_for_update(issue, expected_version=None)
    rules.require("reopen", user, fresh)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the issue is reopened.")})
    if answer_due is None or answer_due < day:
        raise ValidationError({"answer_due": _("The answer date must be today or later.")})
    fresh.reopen_count += 1
    fresh.state = ConcernIssue.State.FORWARDED
    fresh.answer_due = answer_due
    fresh.forwarded_on = day
    fresh.closed_on = None
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "reopened", message=reason.strip(), data={"answer_due": answer_due})
    notify(
        [
            Notice(
                unit=fresh.competent_unit,
                kind="plans.concern",
                key=f"plans:concern-forwarded:c{fresh.pk}:r{fresh.reopen_count}",
                url=reverse("concerns:detail", args=[fresh.pk]),
                title=lambda: (
                    _("Reopened, please answer by %(due)s: %(issue)s")
                    % {"due": format_day(answer_due), "issue": fresh}
                ),
            )
        ]
    )
    return fresh


@transaction.atomic
def concern_urge(
    *, user: Any, issue: ConcernIssue, message: str = "", today: dt.date | None = None
) -> NotifyResult | None:
    """Urge the competent body to answer; once per day. None if already urged today, else
    what was notified (``without_officers`` names the body if nobody there could be told)."""
    day = _today(today)
    fresh = lock_for_update(issue, expected_version=None)
    rules.require("urge", user, fresh)
    if fresh.last_urged_on == day:
        return None
    fresh.urge_count += 1
    fresh.last_urged_on = day
    bump_version(fresh)
    fresh.save()
    log_event(fresh, "urged", message=(message or "").strip()[:1000])
    return notify(
        [
            Notice(
                unit=fresh.competent_unit,
                kind="plans.urged",
                key=f"plans:concern-urge:c{fresh.pk}:{day.isoformat()}",
                url=reverse("concerns:detail", args=[fresh.pk]),
                title=lambda: (
                    _("Urged: answer requested by %(due)s: %(issue)s")
                    % {"due": format_day(fresh.answer_due), "issue": fresh}
                ),
                body=lambda: message,
            )
        ]
    )
