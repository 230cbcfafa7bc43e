"""The one notification service: in-app notices to a unit's officers, and e-mail digests.

Every app that tells people something (a task assigned, a unit urged, a report due, an
issue to answer, a reminder) builds ``Notice`` objects and calls ``notify``:

- A notice goes to the **officers of a unit**: active users holding reporter or a higher
  role *at* that unit (not above it: the province's officers are not told of every
  commune's task). Inactive users receive nothing.
- Texts are built **in each recipient's language** (``title`` and ``body`` are callables
  evaluated with ``translation.override(user.language)``), never in the language of the
  officer whose action sent the notice.
- Sending is **idempotent**: ``key`` names the event, and the unique (user, dedupe key)
  constraint of ``Notification`` lets each user receive it once, whatever the number of
  runs, retries or concurrent workers.
- The result says which units had **nobody to notify**, so that an urge of eight units
  where three have no officer says so instead of reporting success.

``digest_send`` e-mails each user one digest of every notification not yet e-mailed, of
every kind (task, report, issue, nomination…).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.models import ROLE_RANK, Role, RoleAssignment, User
from thidua.core.models import Notification
from thidua.orgunits.models import OrgUnit

log = logging.getLogger(__name__)

# Roles whose holders are a unit's officers: they receive its tasks, urges and reminders.
OFFICER_ROLES = [r.value for r in Role if ROLE_RANK[r] >= ROLE_RANK[Role.REPORTER]]


def unit_officers(units: Iterable[OrgUnit]) -> dict[int, list[User]]:
    """Active users holding reporter or higher *at* each unit (not above it), by unit id."""
    ids = [u.pk for u in units]
    result: dict[int, list[User]] = {}
    rows = (
        RoleAssignment.objects.filter(unit_id__in=ids, role__in=OFFICER_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("unit_id", "user_id")
    )
    for ra in rows:
        users = result.setdefault(ra.unit_id, [])
        if all(u.pk != ra.user_id for u in users):
            users.append(ra.user)
    return result


@dataclass(frozen=True)
class Notice:
    """One notification to the officers of one unit.

    ``title`` and ``body`` are callables returning the text, called once per recipient
    with the recipient's language active. ``key`` names the event (the dedupe key).
    """

    unit: OrgUnit
    kind: str
    key: str
    url: str
    title: Callable[[], Any]
    body: Callable[[], Any] | None = None


@dataclass
class NotifyResult:
    """What ``notify`` did: notifications created, and the units nobody could be told of."""

    created: int = 0
    units: list[OrgUnit] = field(default_factory=list)
    without_officers: list[OrgUnit] = field(default_factory=list)

    @property
    def reached(self) -> int:
        """Units with at least one officer to notify."""
        return len(self.units) - len(self.without_officers)

    def summary(self, done: str) -> str:
        """A message for the officer who acted, e.g. "8 units urged; 3 have no officer to
        notify: A, B, C. Phone them or ask an administrator to give them an officer."

        ``done`` is the action in the past tense, with ``%(n)d`` for the count of units
        (a translated string such as ``ngettext("%(n)d unit urged", …)``).
        """
        head = done % {"n": len(self.units)}
        if not self.without_officers:
            return head + "."
        names = ", ".join(u.name for u in self.without_officers[:10])
        if len(self.without_officers) > 10:
            names += ", …"
        return (
            head
            + "; "
            + ngettext(
                "%(n)d has no officer to notify: %(names)s. Contact it another way, or ask an "
                "administrator to give it an officer in thidua.",
                "%(n)d have no officer to notify: %(names)s. Contact them another way, or ask "
                "an administrator to give them an officer in thidua.",
                len(self.without_officers),
            )
            % {"n": len(self.without_officers), "names": names}
        )


def urged_message(result: NotifyResult) -> str:
    """What the urging officer reads: "8 units urged; 3 have no officer to notify: …"."""
    return result.summary(ngettext("%(n)d unit urged", "%(n)d units urged", len(result.units)))


def _language(user: User) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notify(notices: Sequence[Notice]) -> NotifyResult:
    """Create the notifications, once per (user, key): re-sending an event is a no-op.

    Safe under concurrent runs: the unique constraint on (user, dedupe_key) decides, and
    conflicting inserts are skipped.
    """
    units = list({n.unit.pk: n.unit for n in notices}.values())
    result = NotifyResult(units=units)
    if not notices:
        return result
    officers = unit_officers(units)
    result.without_officers = [u for u in units if not officers.get(u.pk)]
    wanted: dict[tuple[int, str], Notification] = {}
    for n in notices:
        key = n.key[:200]
        for user in officers.get(n.unit.pk, []):
            if (user.pk, key) in wanted:
                continue
            with translation.override(_language(user)):
                wanted[(user.pk, key)] = Notification(
                    user=user,
                    kind=n.kind,
                    title=str(n.title())[:300],
                    body=str(n.body() or "") if n.body else "",
                    url=n.url,
                    dedupe_key=key,
                )
    if not wanted:
        return result
    existing = set(
        Notification.objects.filter(
            user_id__in={u for u, _k in wanted}, dedupe_key__in={k for _u, k in wanted}
        ).values_list("user_id", "dedupe_key")
    )
    fresh = [n for pair, n in wanted.items() if pair not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    result.created = len(fresh)
    return result


# --- reading them ----------------------------------------------------------------------


def notification_open(*, user: Any, pk: int) -> Notification | None:
    """Mark one of the user's notifications read and return it (None if not theirs)."""
    note = Notification.objects.filter(pk=pk, user=user).first()
    if note is not None and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_mark_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- e-mail digests ---------------------------------------------------------------------


def _send_digest(user: User, site_url: str) -> bool:
    """Claim the user's un-mailed notifications, mail them as one digest; on a failed send
    release the claim so that the next run tries again and nothing is mailed twice."""
    stamp = timezone.now()
    with transaction.atomic():
        claimed = Notification.objects.filter(user=user, emailed_at__isnull=True).update(
            emailed_at=stamp
        )
    if not claimed:
        return False
    items = list(
        Notification.objects.filter(user=user, emailed_at=stamp).order_by("created_at", "id")
    )
    with translation.override(_language(user)):
        subject = ngettext(
            "thidua: %(n)d item needs your attention",
            "thidua: %(n)d items need your attention",
            len(items),
        ) % {"n": len(items)}
        lines = [_("Hello %(name)s,") % {"name": user}, ""]
        for n in items:
            lines.append(f"- {n.title}")
            if n.body:
                lines.append(f"  {n.body}")
            if n.url:
                lines.append(f"  {site_url}{n.url}")
        lines += ["", _("This is one digest of everything new since the last one.")]
    try:
        send_mail(subject, "\n".join(lines), None, [user.email])
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in items], emailed_at=stamp).update(
            emailed_at=None
        )
        raise
    return True


def digest_send(*, site_url: str | None = None) -> int:
    """E-mail one digest to every active user with an address and something new.

    Returns the number of e-mails sent. A user whose mail fails is retried next run and
    does not stop the others (the failure is logged).
    """
    base = (site_url if site_url is not None else getattr(settings, "SITE_URL", "")).rstrip("/")
    recipients = User.objects.filter(
        Q(is_active=True) & ~Q(email=""), notifications__emailed_at__isnull=True
    ).distinct()
    sent = 0
    for user in recipients:
        try:
            sent += _send_digest(user, base)
        except Exception:
            log.exception("digest to user %s failed; it will be retried on the next run", user.pk)
    return sent
