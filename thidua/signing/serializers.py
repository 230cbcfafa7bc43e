"""The signature of a document as the API shows it (read only)."""

from rest_framework import serializers

from thidua.signing.models import SignedCopy


class SignatureSerializer(serializers.ModelSerializer):
    """Who signed the document's copy of record, when, with which certificate."""

    class Meta:
        model = SignedCopy
        fields = [
            "signer_name",
            "signer_organisation",
            "signed_at",
            "timestamped_at",
            "origin",
            "certificate_issuer",
            "certificate_serial",
            "certificate_sha256",
            "certificate_valid_from",
            "certificate_valid_until",
            "digest",
            "sha256",
        ]
        read_only_fields = fields
