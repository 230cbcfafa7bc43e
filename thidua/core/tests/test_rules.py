"""The workflow-rule table every app's permissions.py builds on (thidua.core.permissions)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.permissions import Rules, denied, not_now

rules = Rules()


class Door:
    def __init__(self, owner: str, open_: bool) -> None:
        self.owner, self.open = owner, open_


@rules.rule("close", group="door")
def _close(user, door):
    if user != door.owner:
        return denied("Only the owner may close it.")
    if not door.open:
        return not_now("It is already closed.", field="open")
    return None


@rules.rule("paint", group="door")
def _paint(user, door, *, colour=""):
    return None if colour else not_now("Choose a colour.")


def test_a_rule_allows_or_says_why_not():
    assert rules.may("close", "an", Door("an", True))
    assert rules.check("close", "binh", Door("an", True)).message == "Only the owner may close it."


def test_require_raises_permission_denied_for_the_user_and_validation_for_the_state():
    with pytest.raises(PermissionDenied, match="Only the owner"):
        rules.require("close", "binh", Door("an", True))
    with pytest.raises(ValidationError) as exc:
        rules.require("close", "an", Door("an", False))
    assert exc.value.message_dict == {"open": ["It is already closed."]}


def test_who_is_checked_before_when_so_an_outsider_learns_nothing_of_the_state():
    refusal = rules.check("close", "binh", Door("an", False))
    assert not refusal.by_state and "owner" in refusal.message


def test_actions_evaluate_a_group_once_for_a_template_with_reasons():
    actions = rules.actions("an", Door("an", False), group="door", colour="red")
    assert dict(actions) == {"close": False, "paint": True}
    assert actions.close is False and actions.paint is True
    assert actions.why["close"] == "It is already closed." and actions.why["paint"] == ""
    assert actions.any
    assert actions.fly is False  # an unknown action in a template is simply not offered


def test_a_rule_cannot_be_defined_twice_and_actions_need_names():
    with pytest.raises(ValueError, match="defined twice"):
        rules.rule("close")(lambda user, obj: None)
    with pytest.raises(ValueError):
        rules.actions("an", Door("an", True))
