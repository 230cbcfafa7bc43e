"""Users, the roles they hold at units, their API tokens and second factors.

Failed sign-ins are counted by django-axes (``thidua.accounts.throttle``), in its own table.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TrackedModel


class User(AbstractUser):
    """A person who signs in (or a system account using an API token)."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # ``set_password`` leaves the new raw password in ``_password`` until the save;
        # a hash upgrade at sign-in (``check_password``'s setter) clears it first, so only
        # a real change of password (own page, reset, invitation, admin, command) counts.
        changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if changed:
            # Whoever knew the old password may have made tokens with it: all stop.
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )


class Role(models.TextChoices):
    """Roles in increasing order of power; each includes the ones before it."""

    VIEWER = "viewer", _("viewer")
    REPORTER = "reporter", _("reporter")
    APPROVER = "approver", _("approver")
    MANAGER = "manager", _("manager")
    ADMIN = "admin", _("administrator")


ROLE_RANK = {role: rank for rank, role in enumerate(Role)}


class RoleAssignment(TrackedModel):
    """A role held by a user at a unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.CASCADE, related_name="roles", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )

    # The restriction layer reads this (``scope.restrict``): a role is within reach of
    # whoever reaches its unit (the onboarding pages list users by their roles' units).
    scope_unit_fields = ("unit",)

    class Meta:
        ordering = ["user", "unit__path"]
        verbose_name = _("role assignment")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"


class ApiToken(models.Model):
    """A token another system signs in with (``Authorization: Token <secret>``).

    Only the SHA-256 of the secret is kept: the secret is shown once, when it is made
    (``thidua.accounts.services.token_create``), and cannot be read back. 32 random bytes
    need no slow hash: nobody can guess them, so a fast lookup by digest is safe. A token
    acts with its user's roles until it expires, is revoked, or its user's password
    changes (``User.save``). Not a ``TrackedModel``: the change log would copy the digest;
    its events are logged on the user instead.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return self.name

    def is_live(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238): once confirmed, sign-in asks for its
    code after the password (``thidua.accounts.twofactor``).

    The secret must be readable by the server to check codes, so it cannot be hashed; it
    is shown to its owner only while enrolling, never again. ``last_step`` is the time
    step of the last code accepted: a code is accepted once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="totp_device",
        verbose_name=_("user"),
    )
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("authenticator app")

    def __str__(self) -> str:
        return str(self.user)


class SecondFactorRule(models.Model):
    """A role whose holders must use a second factor: set by an administrator (Django
    admin); a holder who has not enrolled is sent to enrol before anything else."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, unique=True)

    class Meta:
        verbose_name = _("second factor required for a role")

    def __str__(self) -> str:
        return str(self.get_role_display())
