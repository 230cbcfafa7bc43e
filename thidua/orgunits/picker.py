"""The one unit field of every HTML form: units chosen by name, in any spelling.

``UnitPickerField`` renders a search box (``UnitPickerWidget``, template
``orgunits/picker.html``, script ``thidua/unit-picker.js``) that asks
``orgunits:pick`` for units as the officer types and shows the chosen ones as chips, each
carrying the unit's id in a hidden input. Without the script, the box itself is sent:
units typed by code or by their exact name, separated by commas, are accepted.

``clean`` returns OrgUnit objects (a list, or one unit when ``multiple=False``) and
refuses an unknown unit or one the field's ``purpose`` does not accept from the user
(``thidua.orgunits.selectors.PURPOSES``); a form gives its fields the user with
``UnitPickerForm`` (``user=`` on the form) and they check nothing about reach without
it (the service still does). A field made with ``preselect=True`` starts with the one
unit at which the user holds the role its purpose needs, when there is exactly one (an
officer of one unit acts for it). In a GET form the chips' ids travel in the query
string and the bound form shows them again as chips.

A field of several units also takes groups: a search result with units below it offers
"every unit directly below it" and, where those are of several kinds, "every <kind>
below it" (``thidua.orgunits.selectors.group_offers``). A chosen group is one chip
carrying one token (``below:<id>`` or ``below:<id>:<kind>[+<kind>…]``), and ``clean``
expands it into the units of the group that the field accepts from the user: a group of
which it accepts none is refused like a unit out of reach, a group of more than
``GROUP_LIMIT`` units is refused with a request to narrow it, and a group partly in reach
says on its chip how many units it leaves out. Expanding costs the same few queries
however many groups and units are chosen.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.converters import as_id
from thidua.core.figures import format_figure
from thidua.orgunits.models import OrgUnit
from thidua.orgunits.selectors import (
    GROUP_LIMIT,
    PURPOSES,
    UnitGroup,
    parse_group,
    unit_group_members,
    unit_groups,
    units_for_purpose,
    units_held,
    with_context,
)
from thidua.utils.text import fold


def _tokens(values: list[str]) -> list[str]:
    """What was sent: ids of chips, or text typed (codes or names, comma-separated)."""
    out: list[str] = []
    for v in values:
        for part in str(v).replace(";", ",").replace("\n", ",").split(","):
            if part.strip():
                out.append(part.strip())
    return out


class UnitPickerWidget(forms.Widget):
    template_name = "orgunits/picker.html"

    def __init__(self, *, multiple: bool, purpose: str, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.purpose = purpose
        self.user: Any = None  # set by UnitPickerForm

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        getlist = getattr(data, "getlist", None)
        if getlist is not None:
            return [v for v in getlist(name) if v.strip()]
        value = data.get(name)
        if value in (None, ""):
            return []
        return list(value) if isinstance(value, (list, tuple)) else [str(value)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # The box is empty once units are chosen as chips: the browser must not refuse
        # the form for it (the field says what is missing).
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.pop("required", False):
            widget_attrs["aria-required"] = "true"
        units: list[OrgUnit] = []
        typed: list[str] = []
        items = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        ids, group_tokens = [], []
        for item in items:
            if isinstance(item, OrgUnit):
                units.append(item)
            else:
                for token in _tokens([item]):
                    if as_id(token) is not None:
                        ids.append(as_id(token))
                    elif self.multiple and parse_group(token) is not None:
                        group_tokens.append(token)
                    else:
                        typed.append(token)
        groups: list[UnitGroup] = []
        if group_tokens:
            found = unit_groups(user=self.user, purpose=self.purpose, tokens=group_tokens)
            # A group of which the user may browse nothing is not shown back.
            hide = self.user is not None and self.purpose == "view"
            groups = [g for g in found.values() if g.accepted or not hide]
        if ids:
            known: QuerySet[OrgUnit] = OrgUnit.objects.all()
            if self.user is not None and self.purpose == "view":
                # A unit the user may not browse is not shown back, even by its id.
                known = units_for_purpose(user=self.user, purpose="view")
            chosen = {u.pk: u for u in known.filter(pk__in=ids)}
            units += [chosen[i] for i in ids if i in chosen]
        context["widget"].update(
            units=with_context(units),
            groups=groups,
            typed=", ".join(typed),
            multiple=self.multiple,
            purpose=self.purpose,
        )
        return context


class UnitPickerField(forms.Field):
    """Units chosen with the picker (ids), or typed by code or exact name."""

    def __init__(
        self,
        *,
        multiple: bool = True,
        purpose: str = "view",
        preselect: bool = False,
        **kwargs: Any,
    ) -> None:
        if purpose not in PURPOSES:
            raise ValueError(f"unknown unit field purpose {purpose!r}")
        self.multiple = multiple
        self.purpose = purpose
        self.preselect = preselect
        self.user: Any = None
        kwargs.setdefault("widget", UnitPickerWidget(multiple=multiple, purpose=purpose))
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Type part of a unit's name, in any spelling, and choose it.")
            if multiple
            else gettext_lazy("Type part of the unit's name, in any spelling, and choose it."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(self.widget, UnitPickerWidget):
            return value
        # Another widget (a hidden input) carries the units' ids.
        items = value if isinstance(value, (list, tuple)) else [value]
        return ",".join(
            str(i.pk) if isinstance(i, OrgUnit) else str(i) for i in items if i not in (None, "")
        )

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, OrgUnit):
            return [str(value.pk)]
        items = value if isinstance(value, (list, tuple)) else [value]
        return _tokens([str(i.pk) if isinstance(i, OrgUnit) else str(i) for i in items])

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, value: Any) -> Any:
        tokens = self.to_python(value)
        self.validate(tokens)
        if not tokens:
            return [] if self.multiple else None
        group_tokens = [t for t in tokens if parse_group(t) is not None]
        if group_tokens and not self.multiple:
            raise forms.ValidationError(_("Choose one unit only."), code="one")
        singles = [t for t in tokens if t not in group_tokens]
        units = self._resolve(singles) if singles else []
        units = list({u.pk: u for u in units}.values())
        if not self.multiple and len(units) > 1:
            raise forms.ValidationError(_("Choose one unit only."), code="one")
        if self.user is not None:
            self._check_reach(units)
        if group_tokens:
            chosen = {u.pk for u in units}
            units += [u for u in self._expand(group_tokens) if u.pk not in chosen]
        return units if self.multiple else units[0]

    def _expand(self, tokens: list[str]) -> list[OrgUnit]:
        """The units of the chosen groups that the field accepts from the user."""
        groups = unit_groups(user=self.user, purpose=self.purpose, tokens=tokens)
        if any(t not in groups for t in tokens):
            raise forms.ValidationError(
                _(
                    "A chosen group of units no longer exists. Type part of a unit's name "
                    "and choose the group again from the list."
                ),
                code="unknown",
            )
        for g in groups.values():
            if not g.total:
                raise forms.ValidationError(
                    _("There is no unit in “%(group)s”. Choose another group or the units.")
                    % {"group": g.label},
                    code="empty",
                )
            if not g.accepted:
                self._refuse_group(g)
            if g.accepted > GROUP_LIMIT:
                raise forms.ValidationError(
                    _(
                        "“%(group)s” holds %(count)s units, more than the %(limit)s that can "
                        "be chosen at once. Narrow it: choose the units of one kind, or those "
                        "below a unit further down."
                    )
                    % {
                        "group": g.label,
                        "count": format_figure(g.accepted),
                        "limit": format_figure(GROUP_LIMIT),
                    },
                    code="too_many",
                )
        members = unit_group_members(
            user=self.user, purpose=self.purpose, groups=list(groups.values())
        )
        return list({u.pk: u for u in members}.values())

    def _refuse_group(self, group: UnitGroup) -> None:
        if self.purpose in ("view", "tree"):
            # Units the user may not browse are not named: they are as unknown.
            raise forms.ValidationError(
                _(
                    "A chosen group has no unit you may see. Type part of the name and choose "
                    "the unit from the list."
                ),
                code="unknown",
            )
        yours = ", ".join(u.name for u in units_held(user=self.user, purpose=self.purpose))
        if self.purpose == "report":
            message = _(
                "You report for no unit of “%(group)s”. Choose a unit you report for "
                "(%(yours)s), or ask an officer of those units to do it."
            )
        elif self.purpose == "manage":
            message = _(
                "You manage no unit of “%(group)s”. Choose a unit you manage (%(yours)s), "
                "or ask a manager of those units to do it."
            )
        else:
            message = _(
                "You are an approver of no unit of “%(group)s”. Choose a unit where you "
                "approve (%(yours)s), or ask an approver of those units to do it."
            )
        raise forms.ValidationError(message % {"group": group.label, "yours": yours}, code="reach")

    def _resolve(self, tokens: list[str]) -> list[OrgUnit]:
        id_of = {t: as_id(t) for t in tokens}
        ids = [i for i in id_of.values() if i is not None]
        by_id = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
        texts = [t for t in tokens if id_of[t] is None]
        # Codes are stored in capitals; typed in any case (and space-separated, as before).
        words = {w.upper() for t in texts for w in t.split()}
        by_code = {u.code.upper(): u for u in OrgUnit.objects.filter(code__in=words)}
        units: list[OrgUnit] = []
        missing: list[str] = []
        for t in tokens:
            if id_of[t] is not None:
                if id_of[t] in by_id:
                    units.append(by_id[id_of[t]])
                else:
                    missing.append(t)
            elif t.upper() in by_code:
                units.append(by_code[t.upper()])
            elif all(w.upper() in by_code for w in t.split()):
                units += [by_code[w.upper()] for w in t.split()]
            elif (named := self._by_name(t)) is not None:
                units.append(named)
            else:
                missing.append(t)
        if missing:
            raise forms.ValidationError(
                _(
                    "No unit is called %(names)s. Type part of the name and choose the "
                    "unit from the list."
                )
                % {"names": ", ".join(f"“{m}”" for m in missing)},
                code="unknown",
            )
        return units

    def _by_name(self, text: str) -> OrgUnit | None:
        """The one unit a name of which is exactly ``text`` (folded), among those the field
        accepts when the user is known; None if none or several."""
        base: QuerySet[OrgUnit] = (
            units_for_purpose(user=self.user, purpose=self.purpose)
            if self.user is not None
            else OrgUnit.objects.all()
        )
        matches = list(base.search(text).ranked(text).filter(search_rank=0)[:2])
        return matches[0] if len(matches) == 1 and fold(text) else None

    def _check_reach(self, units: list[OrgUnit]) -> None:
        accepted = units_for_purpose(user=self.user, purpose=self.purpose)
        allowed = set(accepted.filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
        outside = [u for u in units if u.pk not in allowed]
        if not outside:
            return
        names = ", ".join(u.name for u in outside)
        yours = ", ".join(u.name for u in units_held(user=self.user, purpose=self.purpose))
        if self.purpose == "report":
            message = _(
                "You do not report for %(units)s. Choose a unit you report for (%(yours)s), "
                "or ask an officer of that unit to do it."
            )
        elif self.purpose == "manage":
            message = _(
                "You do not manage %(units)s. Choose a unit you manage (%(yours)s), or ask "
                "a manager of that unit to do it."
            )
        elif self.purpose == "approve":
            message = _(
                "You are not an approver of %(units)s. Choose a unit where you approve "
                "(%(yours)s), or ask an approver of that unit to do it."
            )
        else:
            # Units the user may not browse are not named: they are as unknown.
            raise forms.ValidationError(
                _(
                    "A chosen unit is outside the units you may see. Type part of the name "
                    "and choose the unit from the list."
                ),
                code="unknown",
            )
        raise forms.ValidationError(message % {"units": names, "yours": yours}, code="reach")


class UnitPickerForm(forms.Form):
    """A form with unit fields: ``user=`` gives them the user whose reach they check, and
    an unbound form its ``preselect`` fields' one unit of the user."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            if not isinstance(field, UnitPickerField):
                continue
            field.user = field.widget.user = user
            asked = self.initial.get(name) not in (None, "", [])
            if field.preselect and user is not None and not self.is_bound and not asked:
                held = units_held(user=user, purpose=field.purpose)
                if len(held) == 1:
                    self.initial[name] = held[0] if not field.multiple else [held[0]]


def clean_units(
    data: Any, name: str, *, user: Any, purpose: str = "view", multiple: bool = True
) -> Any:
    """The units a unit field named ``name`` takes from ``data`` (a QueryDict), for a page
    that is no Django form (the text import's draft): the field's own resolution and
    refusals (``forms.ValidationError``), never a copy of them. Nothing sent is no unit."""
    field = UnitPickerField(purpose=purpose, multiple=multiple, required=False)
    field.user = field.widget.user = user
    return field.clean(field.widget.value_from_datadict(data, {}, name))


def render_picker(
    name: str, value: Any, *, user: Any, purpose: str = "view", multiple: bool = True
) -> str:
    """The picker of a unit field named ``name`` showing ``value`` (units, ids, or what was
    sent), for a page that is no Django form; its text box has the id ``id-<name>``."""
    widget = UnitPickerWidget(multiple=multiple, purpose=purpose)
    widget.user = user
    return widget.render(name, value, attrs={"id": f"id-{name}"})
