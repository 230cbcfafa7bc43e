"""Administrators maintain the unit tree and its catalogues here."""

from django.contrib import admin

from thidua.orgunits.models import OrgUnit, SubjectGroup, UnitKind


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "is_local_government"]
    search_fields = ["code", "name", "name_en"]


@admin.register(SubjectGroup)
class SubjectGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_to", "successor"]
    list_filter = ["kind", "depth"]
    search_fields = ["code", "name", "short_name", "search_text"]
    raw_id_fields = ["parent", "successor", "superior_body"]
    filter_horizontal = ["subject_groups"]
    readonly_fields = ["path", "depth", "version"]
    list_select_related = ["kind", "parent", "successor"]
