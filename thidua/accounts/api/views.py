"""The caller's own account and roles."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.accounts.selectors import roles_of


class MeView(APIView):
    """Who the caller is and which roles they hold (open to any signed-in caller)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "username": serializers.CharField(),
                "full_name": serializers.CharField(),
                "is_superuser": serializers.BooleanField(),
                "roles": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    def get(self, request: Request) -> Response:
        roles = roles_of(user=request.user)
        return Response(
            {
                "username": request.user.username,
                "full_name": request.user.full_name,
                "is_superuser": request.user.is_superuser,
                "roles": [
                    {
                        "unit": r.unit_id,
                        "unit_code": r.unit.code,
                        "unit_name": r.unit.name,
                        "role": r.role,
                    }
                    for r in roles
                ],
            }
        )
