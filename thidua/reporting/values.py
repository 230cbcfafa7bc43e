"""The cells of a report form and the checks of their values, shared by every way in.

The items and cells of a form (``form_items``, ``item_keys``), the parsing of a raw
value (screen, Excel, API), the refusals (``clean_values``, ``check_rules``) and the
flags for a reviewer (``find_outliers``). Pure reads and checks, no writes: selectors,
the Excel and API layers and the services all use them (``thidua.reporting.services``
re-exports them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from thidua.core.figures import format_figure
from thidua.reporting.models import FormItem, Indicator, ReportForm, ValidationRule

VT = Indicator.ValueType


def form_items(form: ReportForm) -> list[FormItem]:
    return list(
        FormItem.objects.filter(section__form=form)
        .select_related("indicator", "section")
        .prefetch_related("indicator__dimensions")
        .order_by("section__order", "order", "id")
    )


def item_keys(indicator: Indicator) -> list[tuple[str, str]]:
    """The cells of an indicator: the total ("") then one per disaggregation category."""
    keys = [("", "")]
    for dim in indicator.dimensions.all():
        keys.extend(dim.category_keys())
    return keys


def value_text(indicator: Indicator, value: Any) -> str:
    """A stored value as a person reads it: "yes" or "no" for a yes/no indicator (never
    1 or 0), the text of a text indicator, a figure otherwise (``core.figures``)."""
    if value is None or value == "":
        return format_figure(None)
    if indicator.value_type == VT.YESNO:
        return _("yes") if value else _("no")
    if indicator.value_type == VT.TEXT:
        return str(value)
    return format_figure(value)


_THOUSANDS = re.compile(r"^-?\d{1,3}([.,  ]\d{3})+$")


def parse_value(indicator: Indicator, raw: Any) -> tuple[Decimal | None, str]:
    """(number, text) from a raw cell or form value; ValueError with a readable message."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None, ""
    vt = indicator.value_type
    if vt == VT.TEXT:
        return None, str(raw).strip()
    if vt == VT.YESNO:
        if isinstance(raw, bool):
            return Decimal(int(raw)), ""
        word = str(raw).strip().lower()
        if word in {"1", "x", "có", "co", "yes", "y", "true", "đạt"}:
            return Decimal(1), ""
        if word in {"0", "không", "khong", "no", "n", "false", "chưa"}:
            return Decimal(0), ""
        raise ValueError(_("“%(v)s” is not yes or no") % {"v": raw})
    if isinstance(raw, bool):
        raise ValueError(_("“%(v)s” is not a number") % {"v": raw})
    if isinstance(raw, (int, float, Decimal)):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("%", "") if vt == VT.PERCENT else str(raw).strip()
        if _THOUSANDS.match(text):
            text = re.sub(r"[.,  ]", "", text)
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("“%(v)s” is not a number") % {"v": raw}) from None
    if not number.is_finite():
        raise ValueError(_("“%(v)s” is not a number") % {"v": raw})
    if vt == VT.INTEGER and number != number.to_integral_value():
        raise ValueError(_("“%(v)s” is not a whole number") % {"v": raw})
    if vt == VT.PERCENT and not (0 <= number <= 100):
        raise ValueError(_("%(v)s is not a percentage between 0 and 100") % {"v": raw})
    if abs(number) >= Decimal(10) ** 15:
        raise ValueError(_("%(v)s is too large") % {"v": raw})
    low, high = indicator.min_value, indicator.max_value
    if low is not None and number < low:
        raise ValueError(
            _("%(v)s is below the lowest value this figure may take (%(low)s)")
            % {"v": raw, "low": format_figure(low)}
        )
    if high is not None and number > high:
        raise ValueError(
            _("%(v)s is above the highest value this figure may take (%(high)s)")
            % {"v": raw, "high": format_figure(high)}
        )
    return number, ""


@dataclass
class CellError:
    """A refused value: ``indicator`` is the code (for machines: the API's ``errors``),
    ``name`` and ``label`` what a person reads, ``where`` the cell of a file it came from."""

    indicator: str
    key: str
    message: str
    where: str = ""
    name: str = ""
    label: str = ""

    @property
    def field(self) -> str:
        """The cell as the API names it: ``code`` or ``code[key]``."""
        return f"{self.indicator}[{self.key}]" if self.key else self.indicator

    def __str__(self) -> str:
        cell = self.name or self.indicator
        if self.label:
            cell = f"{cell} ({self.label})"
        if self.where:
            return _("%(where)s — %(indicator)s: %(message)s") % {
                "where": self.where,
                "indicator": cell,
                "message": self.message,
            }
        return _("%(indicator)s: %(message)s") % {"indicator": cell, "message": self.message}


Cells = dict[tuple[int, str], tuple[Decimal | None, str]]


def _error(
    indicator: Indicator,
    key: str,
    message: str,
    where: Mapping[tuple[str, str], str] | None,
) -> CellError:
    label = dict(item_keys(indicator)).get(key, key) if key else ""
    return CellError(
        indicator.code,
        key,
        message,
        (where or {}).get((indicator.code, key), ""),
        indicator.name,
        label,
    )


def clean_values(
    form: ReportForm,
    raw: Mapping[tuple[str, str], Any],
    *,
    where: Mapping[tuple[str, str], str] | None = None,
    items: list[FormItem] | None = None,
) -> tuple[Cells, list[CellError]]:
    """Parse raw values keyed by (indicator code, key) against the form's items."""
    items = form_items(form) if items is None else items
    known = {
        (it.indicator.code, k): (it.indicator, label)
        for it in items
        for k, label in item_keys(it.indicator)
    }
    cells: Cells = {}
    errors: list[CellError] = []
    for (code, key), value in raw.items():
        indicator, label = known.get((code, key), (None, ""))
        loc = (where or {}).get((code, key), "")
        if indicator is None:
            errors.append(
                CellError(code, key, _("not an indicator of this form"), loc, str(code), key)
            )
            continue
        try:
            cells[(indicator.pk, key)] = parse_value(indicator, value)
        except ValueError as exc:
            errors.append(CellError(code, key, str(exc), loc, indicator.name, label))
    return cells, errors


def refusal(errors: list[CellError], problems: list[str] | None = None) -> ValidationError:
    """Every refusal at once: the messages (names, cells) by the code of their cell, for
    the API, and a file's own ``problems`` above them."""
    by: dict[str, list[str]] = {}
    if problems:
        by[NON_FIELD_ERRORS] = list(problems)
    for e in errors:
        by.setdefault(e.field, []).append(str(e))
    return ValidationError(by)


def validate_values(
    form: ReportForm,
    raw: Mapping[tuple[str, str], Any],
    *,
    complete: bool,
    where: Mapping[tuple[str, str], str] | None = None,
    items: list[FormItem] | None = None,
    rules_: list[ValidationRule] | None = None,
    unread: set[str] | frozenset[str] = frozenset(),
) -> tuple[Cells, list[CellError]]:
    """``clean_values`` and ``check_rules`` in one pass: every refusal at once. A rule
    is checked on the values that could be read; an indicator whose value could not be
    read (a type error, or a code in ``unread``: a cell its file already refused) is not
    also told that it is required."""
    items = form_items(form) if items is None else items
    cells, errors = clean_values(form, raw, where=where, items=items)
    unread = {*unread, *(e.indicator for e in errors)}
    errors.extend(
        e
        for e in check_rules(
            form, cells, complete=complete, items=items, rules_=rules_, where=where
        )
        if e.indicator not in unread
    )
    return cells, errors


_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def check_rules(
    form: ReportForm,
    cells: Cells,
    *,
    complete: bool,
    items: list[FormItem] | None = None,
    rules_: list[ValidationRule] | None = None,
    where: Mapping[tuple[str, str], str] | None = None,
) -> list[CellError]:
    """Required values (when ``complete``) and rules between indicators: refusals."""
    errors: list[CellError] = []
    items = form_items(form) if items is None else items
    if rules_ is None:
        rules_ = list(form.rules.select_related("left", "right"))
    if complete:
        for it in items:
            if it.required and cells.get((it.indicator_id, ""), (None, ""))[0] is None:
                if (
                    it.indicator.value_type == VT.TEXT
                    and cells.get((it.indicator_id, ""), ("", ""))[1]
                ):
                    continue
                errors.append(_error(it.indicator, "", _("a value is required"), where))
    for rule in rules_:
        a = cells.get((rule.left_id, ""), (None, ""))[0]
        b = cells.get((rule.right_id, ""), (None, ""))[0]
        if a is not None and b is not None and not _OPS[rule.op](a, b):
            msg = rule.message or _("%(l)s must be %(op)s %(r)s") % {
                "l": rule.left.name,
                "op": rule.get_op_display(),
                "r": rule.right.name,
            }
            errors.append(
                _error(
                    rule.left,
                    "",
                    f"{msg} ({format_figure(a)} / {format_figure(b)})",
                    where,
                )
            )
    # A disaggregated total must equal the sum of its categories when both are given.
    for it in items:
        for dim in it.indicator.dimensions.all():
            parts = [
                cells.get((it.indicator_id, k), (None, ""))[0] for k, _l in dim.category_keys()
            ]
            total = cells.get((it.indicator_id, ""), (None, ""))[0]
            complete = parts and all(p is not None for p in parts)
            if total is not None and complete and sum(parts) != total:
                errors.append(
                    _error(
                        it.indicator,
                        "",
                        _("the total %(t)s differs from the sum by %(d)s (%(s)s)")
                        % {
                            "t": format_figure(total),
                            "d": dim.name,
                            "s": format_figure(sum(parts)),
                        },
                        where,
                    )
                )
    return errors


def find_outliers(
    form: ReportForm, cells: Cells, items: list[FormItem] | None = None
) -> list[dict[str, str]]:
    """Values outside an item's expected range: flagged for the reviewer, not refused."""
    flagged = []
    for it in form_items(form) if items is None else items:
        v = cells.get((it.indicator_id, ""), (None, ""))[0]
        if v is None:
            continue
        low, high = it.expected_min, it.expected_max
        if (low is not None and v < low) or (high is not None and v > high):
            flagged.append(
                {
                    "indicator": it.indicator.code,
                    "name": it.indicator.name,
                    "value": str(v),
                    "expected": f"{'' if low is None else low}–{'' if high is None else high}",
                }
            )
    return flagged


def client_checks(
    form: ReportForm, items: list[FormItem], rules_: list[ValidationRule]
) -> dict[str, Any]:
    """The checks of ``validate_values`` as data, for the fill page to apply as the
    officer types and while offline (``static/thidua/offline.js``): each cell's type,
    bounds and refusals, the rules between indicators and the sums of categories. The
    messages are this module's own, in the reader's language, with ``{v}`` (the value
    typed), ``{a}`` and ``{b}`` (the two figures of a rule) and ``{s}`` (a sum) left for
    the page to fill; the server checks again whatever the page said."""
    from django.utils.formats import get_format

    def said(indicator: Indicator, key: str, message: str) -> str:
        return str(_error(indicator, key, message, None))

    cells: dict[str, dict[str, Any]] = {}
    for it in items:
        ind = it.indicator
        for key, _label in item_keys(ind):
            low, high = ind.min_value, ind.max_value
            cells[f"{ind.code}:{key}"] = {
                "type": ind.value_type,
                "min": None if low is None else str(low),
                "max": None if high is None else str(high),
                "required": bool(it.required and not key),
                "messages": {
                    "number": said(ind, key, _("“%(v)s” is not a number") % {"v": "{v}"}),
                    "whole": said(ind, key, _("“%(v)s” is not a whole number") % {"v": "{v}"}),
                    "yesno": said(ind, key, _("“%(v)s” is not yes or no") % {"v": "{v}"}),
                    "percent": said(
                        ind,
                        key,
                        _("%(v)s is not a percentage between 0 and 100") % {"v": "{v}"},
                    ),
                    "large": said(ind, key, _("%(v)s is too large") % {"v": "{v}"}),
                    "low": said(
                        ind,
                        key,
                        _("%(v)s is below the lowest value this figure may take (%(low)s)")
                        % {"v": "{v}", "low": format_figure(low)},
                    ),
                    "high": said(
                        ind,
                        key,
                        _("%(v)s is above the highest value this figure may take (%(high)s)")
                        % {"v": "{v}", "high": format_figure(high)},
                    ),
                    "required": said(ind, key, _("a value is required")),
                },
            }
    rules = []
    for rule in rules_:
        msg = rule.message or _("%(l)s must be %(op)s %(r)s") % {
            "l": rule.left.name,
            "op": rule.get_op_display(),
            "r": rule.right.name,
        }
        rules.append(
            {
                "left": f"{rule.left.code}:",
                "op": rule.op,
                "right": f"{rule.right.code}:",
                "message": said(rule.left, "", f"{msg} ({{a}} / {{b}})"),
            }
        )
    sums = []
    for it in items:
        for dim in it.indicator.dimensions.all():
            sums.append(
                {
                    "total": f"{it.indicator.code}:",
                    "parts": [f"{it.indicator.code}:{k}" for k, _l in dim.category_keys()],
                    "message": said(
                        it.indicator,
                        "",
                        _("the total %(t)s differs from the sum by %(d)s (%(s)s)")
                        % {"t": "{v}", "d": dim.name, "s": "{s}"},
                    ),
                }
            )
    return {
        "cells": cells,
        "rules": rules,
        "sums": sums,
        "thousands": str(get_format("THOUSAND_SEPARATOR")),
        "decimal": str(get_format("DECIMAL_SEPARATOR")),
    }
