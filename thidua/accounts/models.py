"""Users, the roles they hold at units, and failed-login records for throttling."""

from __future__ import annotations

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

    class Meta:
        ordering = ["user", "unit__path"]
        verbose_name = _("role assignment")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"


class LoginFailure(models.Model):
    """A failed sign-in, kept for the throttle window (``thidua.accounts.throttle``)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    time = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.time:%Y-%m-%d %H:%M}"
