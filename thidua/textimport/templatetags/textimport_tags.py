"""Template helpers of the import page: field errors by computed name, unit selects."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


@register.simple_tag
def unit_select(
    name: str, selected: Any, choices: list[tuple[int, str]], multiple: bool = True, label: str = ""
) -> SafeString:
    """A select of units with ``selected`` (an id or a list of ids) chosen."""
    chosen = set(selected if isinstance(selected, list | tuple) else [selected])
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, " selected" if pk in chosen else "", lab) for pk, lab in choices),
    )
    empty = SafeString("" if multiple else '<option value="">—</option>')
    return format_html(
        '<select name="{}" id="id-{}"{}{}>{}{}</select>',
        name,
        name,
        SafeString(' multiple size="4"' if multiple else ""),
        format_html(' aria-label="{}"', label) if label else "",
        empty,
        options,
    )


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return (mapping or {}).get(key)
