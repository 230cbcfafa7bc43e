"""Template helpers of the import page: field errors by computed name, unit pickers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from thidua.orgunits.picker import render_picker
from thidua.textimport import selectors
from thidua.textimport.forms import UNIT_PURPOSES

register = template.Library()


def _key(parts: tuple[Any, ...]) -> str:
    return "".join(str(p) for p in parts)


@register.simple_tag
def fname(*parts: Any) -> str:
    """``{% fname "plan-g" gi "-title" %}`` → ``plan-g0-title``."""
    return _key(parts)


@register.simple_tag
def field_errors(errors: dict[str, list[str]], *parts: Any) -> SafeString:
    msgs = (errors or {}).get(_key(parts)) or []
    if not msgs:
        return SafeString("")
    items = format_html_join("", "<li>{}</li>", ((m,) for m in msgs))
    return format_html('<ul class="errorlist" id="{}-error">{}</ul>', _key(parts), items)


@register.simple_tag(takes_context=True)
def unit_picker(context: Any, name: str, value: Any, multiple: bool = True) -> SafeString:
    """The unit picker of the draft field ``name`` (the one ``UnitPickerWidget``, with the
    purpose its service accepts, ``forms.UNIT_PURPOSES``) showing the draft's ``value``,
    or, on a page sent back with errors (``posted``), what was sent."""
    posted = context.get("posted")
    if posted is not None:
        value = posted.getlist(name)
    purpose = UNIT_PURPOSES[name.rsplit("-", 1)[-1]]
    user = context["request"].user
    return SafeString(render_picker(name, value, user=user, purpose=purpose, multiple=multiple))


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return (mapping or {}).get(key)


@register.filter
def deadline_words(deadline: dict) -> str:
    """``{{ dl|deadline_words }}``: "every year before 30/11" (``selectors.deadline_words``)."""
    return selectors.deadline_words(deadline)
