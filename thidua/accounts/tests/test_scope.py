"""The restriction layer: roles reach subtrees, actions need minimum roles."""

import pytest
from django.core.exceptions import PermissionDenied

from thidua.accounts.models import Role, RoleAssignment
from thidua.accounts.scope import (
    Action,
    can,
    forget_cached_roles,
    reach,
    require,
    restrict,
    visible_units,
)
from thidua.documents.models import Document
from thidua.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_a_role_reaches_the_whole_subtree_of_its_unit(province_supervisor, unit):
    assert can(province_supervisor, Action.MANAGE, unit("H-BG-CA"))
    assert can(province_supervisor, Action.VIEW, unit("H-BG-D-LN"))


def test_a_role_does_not_reach_a_sibling_unit(user_named, unit):
    police = user_named("bg.police")
    assert can(police, Action.REPORT, unit("H-BG-CA"))
    assert not can(police, Action.VIEW, unit("H-BG-SNGV"))
    assert not can(police, Action.VIEW, unit("H-BG"))


def test_an_action_needs_its_minimum_role(user_named, unit):
    police = user_named("bg.police")  # reporter
    assert can(police, Action.REPORT, unit("H-BG-CA"))
    assert not can(police, Action.APPROVE, unit("H-BG-CA"))
    with pytest.raises(PermissionDenied):
        require(police, Action.MANAGE, unit("H-BG-CA"))


def test_an_outsider_reaches_nothing(outsider):
    assert reach(outsider, Action.VIEW).nothing
    assert not visible_units(outsider).exists()
    assert not Document.objects.restrict(outsider).exists()


def test_a_superuser_reaches_everything(superuser, unit):
    assert reach(superuser, Action.ADMIN).everything
    assert can(superuser, Action.ADMIN, unit("X00070"))


def test_a_successor_reaches_the_records_of_the_units_merged_into_it(user_named, unit):
    archive = user_named("bn.archive")  # viewer at Bắc Ninh (P24)
    assert can(archive, Action.VIEW, unit("H-BG-CA"))
    assert not can(archive, Action.VIEW, unit("H-HG"))


def test_visible_units_add_the_ancestors_of_the_reach_but_not_their_siblings(user_named):
    police = user_named("bg.police")
    codes = set(visible_units(police).values_list("code", flat=True))
    assert {"VN", "H-BG", "H-BG-CA"} <= codes
    assert "H-BG-SNGV" not in codes
    assert "P01" not in codes


def test_restrict_keeps_only_units_inside_the_reach(commune_reporter):
    codes = set(restrict(OrgUnit.objects.all(), commune_reporter).values_list("code", flat=True))
    assert codes == {"H-HG-D-DV-01"}


def test_a_new_role_takes_effect_once_the_cached_roles_are_forgotten(outsider, unit):
    assert not can(outsider, Action.VIEW, unit("P42"))
    RoleAssignment.objects.create(user=outsider, unit=unit("P42"), role=Role.VIEWER)
    forget_cached_roles(outsider)
    assert can(outsider, Action.VIEW, unit("P42-D-HS"))
