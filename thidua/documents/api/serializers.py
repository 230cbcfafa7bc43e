from rest_framework import serializers

from thidua.documents.models import Document, DocumentRelation, DocumentType
from thidua.orgunits.models import OrgUnit
from thidua.signing.serializers import SignatureSerializer


class RelationInput(serializers.Serializer):
    """A link to add: ``source`` (the document of the URL) → ``target``."""

    target = serializers.IntegerField(help_text="The id of a document you can read.")
    kind = serializers.ChoiceField(choices=DocumentRelation.Kind.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RelationSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentRelation
        fields = ["id", "source", "target", "kind", "note"]


class DocumentSerializer(serializers.ModelSerializer):
    """A document; the symbol is given as printed and parsed by the server."""

    doc_type = serializers.SlugRelatedField(
        slug_field="code", queryset=DocumentType.objects.all(), required=False, allow_null=True
    )
    issuing_units = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=OrgUnit.objects.all()
    )
    recipient_units = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=OrgUnit.objects.all(), required=False
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you edited; a stale one is refused with 409."
    )
    signature = SignatureSerializer(
        source="signed_copy",
        read_only=True,
        allow_null=True,
        help_text="The digital signature of its copy of record; null while unsigned. A "
        "signed document cannot be changed.",
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "symbol",
            "symbol_normalized",
            "number",
            "year",
            "type_code",
            "issuer_codes",
            "style",
            "doc_type",
            "title",
            "summary",
            "full_text",
            "issued_on",
            "place",
            "signer",
            "issuing_units",
            "recipient_units",
            "is_public",
            "version",
            "signature",
        ]
        read_only_fields = [
            "symbol_normalized",
            "number",
            "type_code",
            "issuer_codes",
            "style",
        ]
