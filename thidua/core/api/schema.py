"""The OpenAPI schema's shared part: the one error shape every operation may answer.

drf-spectacular documents an operation's success only; but every ``/api/`` view can also
refuse, through ``thidua.core.api.errors.exception_handler``, with one JSON body. This
post-processing hook adds that body once, as the ``Error`` component, and the refusals to
every operation: a schema-driven client (or the fuzzer, ``test_api_schema_fuzz``) then
finds every status it is answered documented.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A refusal: what, where and what to do next (thidua.core.api.errors).",
    "properties": {
        "detail": {"type": "string", "description": "one line for a person"},
        "code": {"type": "string", "description": "what kind of refusal, for a program"},
        "errors": {
            "type": "object",
            "description": "for `invalid` only: the messages by field",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "current_version": {
            "type": "integer",
            "description": "for `conflict` only: the version the object has now",
        },
    },
    "required": ["detail", "code"],
}

# Every operation: bad input, no or a dead credential, a refused role, out of reach.
ANY_OPERATION = {
    "400": "Invalid input (`invalid`): the messages by field.",
    "401": "Not signed in, or an unknown, expired or revoked token.",
    "403": "Signed in, but the caller's roles do not allow this.",
    "404": "No such object, or one out of the caller's reach.",
}
# Writes also: a concurrent edit, a reused Idempotency-Key with another body.
WRITES = {
    "409": "Changed meanwhile (`conflict`): `current_version` is the version now.",
    "422": "This Idempotency-Key was used with another body (`idempotency_conflict`).",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]: the refusals of every operation."""
    if not result.get("paths"):
        return result
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result["paths"].values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            refusals = ANY_OPERATION | (WRITES if method in WRITE_METHODS else {})
            for status, description in refusals.items():
                operation["responses"].setdefault(
                    status, {"content": body, "description": description}
                )
    return result
