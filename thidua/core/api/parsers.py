"""The API's JSON parser: DRF's, and a NUL character anywhere in the body is refused,
located by its path (``extra.deep[1]``), before any view or service sees it (see
``thidua.core.inputguard`` for why NUL is refused everywhere)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.parsers import JSONParser as DRFJSONParser

from thidua.core.inputguard import NUL, nul_message


def _nul_path(value: Any, path: str = "") -> str | None:
    if isinstance(value, str):
        return path or "body" if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return here.replace(NUL, "\\0")
            found = _nul_path(item, here)
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _nul_path(item, f"{path}[{i}]")
            if found:
                return found
    return None


class JSONParser(DRFJSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        where = _nul_path(data)
        if where:
            raise exceptions.ValidationError({where: [nul_message(where)]})
        return data
