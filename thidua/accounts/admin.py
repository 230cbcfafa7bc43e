"""Administrators manage users and the roles they hold at units here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thidua.accounts.models import LoginFailure, RoleAssignment, User


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


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "address", "time"]
    search_fields = ["username", "address"]
