from rest_framework import serializers

from thidua.orgunits.models import OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    successor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "name_en",
            "aliases",
            "kind",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "successor",
            "is_current",
            "external_code",
            "version",
        ]
        read_only_fields = fields
