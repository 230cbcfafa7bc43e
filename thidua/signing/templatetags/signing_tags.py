"""``{% signature_panel document %}``: the signed copy of a document, or how to sign it."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.signing.permissions import rules, signed_copy_of

register = template.Library()


@register.inclusion_tag("signing/partials/panel.html", takes_context=True)
def signature_panel(context: dict[str, Any], document: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "document": document,
        "copy": signed_copy_of(document),
        "may_sign": rules.may("sign", user, document),
    }


@register.inclusion_tag("signing/partials/signed_mark.html")
def signed_mark(document: Any) -> dict[str, Any]:
    """A short mark beside a document in a list: signed digitally, by whom."""
    return {"copy": signed_copy_of(document)}
