"""The rules of the unit tree (``thidua.orgunits.permissions``): the page and the services
read the same ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.orgunits import services
from thidua.orgunits.permissions import rules

pytestmark = pytest.mark.django_db


def test_a_units_roles_and_history_are_shown_to_its_managers_only(client_for, user_named, unit):
    police = unit("H-HG-CA")
    manager = client_for(user_named("hg.police")).get(f"/units/{police.pk}/").content.decode()
    assert "People with roles here" in manager
    approver = client_for(user_named("hg.chair")).get(f"/units/{police.pk}/").content.decode()
    assert "People with roles here" not in approver


def test_a_unit_above_ones_own_shows_its_name_only(client_for, user_named, unit):
    province = unit("H-HG")
    page = client_for(user_named("hg.lungcu")).get(f"/units/{province.pk}/").content.decode()
    assert "you see its name only" in page and 'data-action="see_inside"' not in page
    own = unit("H-HG-D-DV-01")
    page = client_for(user_named("hg.lungcu")).get(f"/units/{own.pk}/").content.decode()
    assert 'data-action="see_inside"' in page


def test_merging_and_moving_need_a_manager_of_both_units(user_named, unit):
    front = user_named("hg.front")  # manages the provincial Front only
    with pytest.raises(PermissionDenied, match="Only a manager of"):
        services.orgunit_merge(
            user=front, unit=unit("H-HG-MTTQ"), successor=unit("H-HG-UBND"), on=dt.date(2026, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        services.orgunit_move(user=front, unit=unit("H-HG-MTTQ"), new_parent=unit("H-HG-CA"))


def test_a_unit_is_never_merged_or_moved_into_its_own_subtree(superuser, unit):
    refusal = rules.check("merge", superuser, unit("H-HG"), successor=unit("H-HG-CA"))
    assert refusal.by_state and refusal.field == "successor"
    with pytest.raises(ValidationError):
        services.orgunit_move(user=superuser, unit=unit("H-HG"), new_parent=unit("H-HG-CA"))
