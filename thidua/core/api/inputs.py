"""What API views of every app share to read their input: ids in URLs, request bodies
validated by a serializer, units named by their codes, an optional message.

A refused input raises (DRF's ``ValidationError``); ``thidua.core.api.errors`` writes the
answer, so that no view builds an error body.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.request import Request

from thidua.core import converters
from thidua.orgunits.models import OrgUnit

# Object ids in URLs are numbers that fit a 64-bit integer; anything else does not match a
# route at all ("/api/plans/abc/" and "/api/plans/99999999999999999999/" are 404s, not
# server errors): one rule for pages and API (``thidua.core.converters``).
ID = converters.ID


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An object given by its id, looked up only among those the caller may see
    (``Model.objects.restrict(user, "view")``): an id out of reach is answered exactly as an
    id that does not exist, so that the answer tells nothing of other units' objects."""

    def __init__(self, model: type[models.Model], **kw: Any) -> None:
        self.model = model
        super().__init__(queryset=model.objects.none(), **kw)

    def get_queryset(self) -> models.QuerySet[Any]:
        user = self.context.get("user")
        if user is None:  # the schema generator builds serializers without a caller
            return self.model.objects.none()
        return self.model.objects.restrict(user, "view")


def valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request body validated by ``serializer_class`` (400 with the field errors); the
    serializer's context holds the caller (``user``) for fields that look objects up."""
    ser = serializer_class(data=request.data, context={"user": request.user})
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


def unit_code(**kw: Any) -> serializers.SlugRelatedField:
    """One unit, given by its code ("H-BG-CA")."""
    return serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), **kw)


def unit_codes(**kw: Any) -> serializers.SlugRelatedField:
    """Several units, given by their codes."""
    return serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), many=True, **kw
    )


class MessageSerializer(serializers.Serializer):
    """An optional message with an action: an urge's words, a cancellation's reason."""

    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
