"""The document type catalogue and documents, for administrators."""

from django.contrib import admin

from thidua.documents.models import Document, DocumentRelation, DocumentType


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "party_only"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "issued_on", "doc_type", "is_public"]
    list_filter = ["doc_type", "style", "is_public"]
    search_fields = ["symbol", "symbol_key", "title"]
    filter_horizontal = ["issuing_units", "recipient_units"]
    readonly_fields = [
        "symbol_normalized",
        "number",
        "type_code",
        "issuer_codes",
        "style",
        "version",
    ]


admin.site.register(DocumentRelation)
