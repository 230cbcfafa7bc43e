"""The Django admin, for superusers only: users, roles, tokens (never their secrets), the
second-factor rules, and the throttle's records (django-axes registers its own).

Officers' accounts and roles are managed by their units' managers on thidua's own pages
(``accounts:people``); the admin is the superusers' tool, and its login is thidua's one
sign-in page, with its throttle and second factor.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thidua.accounts.models import ApiToken, RoleAssignment, SecondFactorRule, TotpDevice, User
from thidua.accounts.views import admin_login


def _superuser_only(request: Any) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.login = admin_login  # type: ignore[method-assign,assignment]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    raw_id_fields = ["unit", "granted_by"]
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("thidua", {"fields": ("full_name", "position", "language")}),
    )
    list_display = ["username", "full_name", "position", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    raw_id_fields = ["user", "unit", "granted_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "expires_at", "revoked_at"]
    search_fields = ["name", "user__username"]
    fields = ["user", "name", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at", "expires_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False  # a token is made by its owner, who alone sees its secret once


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Delete a device when its owner lost their phone: they enrol again."""

    list_display = ["user", "created_at", "confirmed_at"]
    search_fields = ["user__username", "user__full_name"]
    fields = ["user", "created_at", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(SecondFactorRule)
class SecondFactorRuleAdmin(admin.ModelAdmin):
    list_display = ["role"]
