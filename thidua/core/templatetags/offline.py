"""The offline script's settings and words on every signed-in page (``core.offline``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from thidua.core import offline

register = template.Library()


@register.simple_tag
def offline_texts() -> SafeString:
    return json_script(offline.texts(), "offline-text")


@register.filter
def offline_user(user: Any) -> str:
    return offline.user_token(user)
