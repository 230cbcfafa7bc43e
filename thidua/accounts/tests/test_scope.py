"""The restriction layer (thidua/accounts/scope.py): who reaches which units, for what.

The definition these tests hold the code to (CONVENTIONS.md, "Scope"): a role held at a
unit U reaches U's whole subtree, for every action whose minimum role it meets (view ≥
viewer, report ≥ reporter, approve ≥ approver, manage ≥ manager, admin ≥ admin); a unit
merged into a successor is reached by whoever reaches the successor, along whole chains of
merges; superusers reach everything; anonymous and inactive users reach nothing.
``restrict`` applies that reach to any scoped model through its ``scope_unit_fields``.

Units are built through ``thidua.orgunits.services`` (under fresh roots, apart from the
demo tree) or taken from the demo; the property test at the end compares the code with a
brute-force computation of the definition on random trees.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.accounts.scope import (
    Action,
    can,
    forget_cached_roles,
    has_any_role,
    reach,
    require,
    require_any,
    restrict,
    visible_units,
)
from thidua.awards.models import Person, PersonYear
from thidua.documents.models import Document, DocumentRelation
from thidua.orgunits.models import OrgUnit, UnitKind
from thidua.orgunits.services import orgunit_create, orgunit_merge

pytestmark = pytest.mark.django_db

ACTIONS = list(Action)
# The actions each role may do, written out (not derived from scope.MIN_ROLE).
ALLOWED = {
    Role.VIEWER: {Action.VIEW},
    Role.REPORTER: {Action.VIEW, Action.REPORT},
    Role.APPROVER: {Action.VIEW, Action.REPORT, Action.APPROVE},
    Role.MANAGER: {Action.VIEW, Action.REPORT, Action.APPROVE, Action.MANAGE},
    Role.ADMIN: set(Action),
}
MERGE_DAY = dt.date(2025, 7, 1)


def _person(username: str) -> User:
    return User.objects.create(username=username, email=f"{username}@example.invalid")


def _grant(user: User, unit: OrgUnit, role: Role) -> None:
    RoleAssignment.objects.create(user=user, unit=unit, role=role)
    forget_cached_roles(user)


def _codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


@pytest.fixture
def tree(superuser):
    """A small tree of its own, built by the unit service, apart from the demo tree::

    R ── A ── A1 ── A1x
    │    └─── A2
    └─── B ── B1
    S (another root) ── S1
    """
    kind = UnitKind.objects.order_by("pk").first()
    units: dict[str, OrgUnit] = {}
    for code, parent in [
        ("R", None),
        ("A", "R"),
        ("A1", "A"),
        ("A1x", "A1"),
        ("A2", "A"),
        ("B", "R"),
        ("B1", "B"),
        ("S", None),
        ("S1", "S"),
    ]:
        units[code] = orgunit_create(
            user=superuser,
            parent=units[parent] if parent else None,
            code=f"T-{code}",
            name=f"Đơn vị {code}",
            kind=kind,
        )
    return units


def _merge(superuser, unit: OrgUnit, successor: OrgUnit) -> None:
    orgunit_merge(user=superuser, unit=unit, successor=successor, on=MERGE_DAY)


# --- roles and actions ----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "action"), list(itertools.product(Role, ACTIONS)))
def test_each_role_may_do_exactly_the_actions_of_its_rank(tree, role, action):
    user = _person(f"holder-{role}-{action}")
    _grant(user, tree["A"], role)
    expected = action in ALLOWED[role]
    for code in ("A", "A1", "A1x", "A2"):  # the unit and its whole subtree
        assert can(user, action, tree[code]) is expected, code
    assert reach(user, action).nothing is not expected
    if expected:
        require(user, action, tree["A1x"])
    else:
        with pytest.raises(PermissionDenied):
            require(user, action, tree["A"])


def test_a_role_reaches_its_subtree_and_not_its_siblings_parents_or_other_roots(tree):
    user = _person("a-manager")
    _grant(user, tree["A"], Role.MANAGER)
    assert _codes(restrict(OrgUnit.objects.all(), user, Action.MANAGE)) == {
        "T-A",
        "T-A1",
        "T-A1x",
        "T-A2",
    }
    for code in ("R", "B", "B1", "S", "S1"):
        assert not can(user, Action.VIEW, tree[code]), code


def test_a_role_at_a_leaf_reaches_the_leaf_only(tree):
    user = _person("leaf")
    _grant(user, tree["A1x"], Role.ADMIN)
    for action in ACTIONS:
        assert _codes(restrict(OrgUnit.objects.all(), user, action)) == {"T-A1x"}


def test_a_demo_officer_reaches_their_district_and_its_communes_only(unit):
    dongvan = User.objects.get(username="hg.dongvan")  # reporter at Đồng Văn district
    assert _codes(restrict(OrgUnit.objects.all(), dongvan, Action.REPORT)) == {
        "H-HG-D-DV",
        *(f"H-HG-D-DV-0{i}" for i in range(1, 5)),
    }
    for code in ("H-HG", "H-HG-D-MV", "H-HG-D-MV-01", "VN", "P08"):
        assert not can(dongvan, Action.VIEW, unit(code)), code
    assert not can(dongvan, Action.APPROVE, unit("H-HG-D-DV-01"))


# --- several roles --------------------------------------------------------------------------


def test_several_roles_reach_the_union_of_their_subtrees_each_for_its_own_actions(tree):
    user = _person("two-hats")
    _grant(user, tree["A1"], Role.MANAGER)
    _grant(user, tree["B"], Role.VIEWER)
    assert _codes(restrict(OrgUnit.objects.all(), user, Action.VIEW)) == {
        "T-A1",
        "T-A1x",
        "T-B",
        "T-B1",
    }
    assert _codes(restrict(OrgUnit.objects.all(), user, Action.MANAGE)) == {"T-A1", "T-A1x"}
    assert reach(user, Action.ADMIN).nothing


def test_roles_inside_another_roles_subtree_are_kept_as_the_outermost_path_only(tree):
    user = _person("nested")
    _grant(user, tree["R"], Role.VIEWER)
    _grant(user, tree["A"], Role.APPROVER)
    _grant(user, tree["A1x"], Role.VIEWER)
    _grant(user, tree["S1"], Role.VIEWER)
    assert reach(user, Action.VIEW).paths == tuple(sorted([tree["R"].path, tree["S1"].path]))
    assert reach(user, Action.APPROVE).paths == (tree["A"].path,)


def test_two_roles_at_one_unit_count_as_the_higher_one(tree):
    user = _person("double")
    _grant(user, tree["B"], Role.VIEWER)
    _grant(user, tree["B"], Role.APPROVER)
    assert reach(user, Action.APPROVE).paths == (tree["B"].path,)
    assert reach(user, Action.MANAGE).nothing


def test_a_demo_officer_with_two_roles_approves_the_province_and_manages_the_police(user_named):
    police = user_named("hg.police")  # approver at Hà Giang, manager at its police
    province = OrgUnit.objects.get(code="H-HG")
    assert reach(police, Action.APPROVE).paths == (province.path,)
    assert reach(police, Action.MANAGE).paths == (OrgUnit.objects.get(code="H-HG-CA").path,)
    assert reach(police, Action.ADMIN).nothing


# --- merged units ---------------------------------------------------------------------------


def test_a_successor_reaches_its_predecessors_subtree_and_not_the_other_way(tree, superuser):
    _merge(superuser, tree["B"], tree["S"])  # B (with B1) merged into S
    heir, old = _person("heir"), _person("old-officer")
    _grant(heir, tree["S"], Role.VIEWER)
    _grant(old, tree["B"], Role.MANAGER)
    assert _codes(restrict(OrgUnit.objects.all(), heir, Action.VIEW)) == {
        "T-S",
        "T-S1",
        "T-B",
        "T-B1",
    }
    assert _codes(restrict(OrgUnit.objects.all(), old, Action.VIEW)) == {"T-B", "T-B1"}
    assert not can(old, Action.VIEW, tree["S"])
    assert not can(heir, Action.VIEW, tree["R"])  # the predecessor's parent stays out


def test_chains_of_merges_are_followed_to_the_first_predecessor(tree, superuser):
    # A1 → A2 → B1: B1's officers inherit A2's records and, through A2, A1's.
    _merge(superuser, tree["A1"], tree["A2"])
    _merge(superuser, tree["A2"], tree["B1"])
    last, middle, first = _person("last"), _person("middle"), _person("first")
    _grant(last, tree["B1"], Role.REPORTER)
    _grant(middle, tree["A2"], Role.REPORTER)
    _grant(first, tree["A1"], Role.REPORTER)
    assert _codes(restrict(OrgUnit.objects.all(), last, Action.REPORT)) == {
        "T-B1",
        "T-A2",
        "T-A1",
        "T-A1x",
    }
    assert _codes(restrict(OrgUnit.objects.all(), middle, Action.REPORT)) == {
        "T-A2",
        "T-A1",
        "T-A1x",
    }
    assert _codes(restrict(OrgUnit.objects.all(), first, Action.REPORT)) == {"T-A1", "T-A1x"}
    assert not can(first, Action.VIEW, tree["A2"])
    assert not can(middle, Action.VIEW, tree["B1"])


def test_a_unit_merged_into_a_unit_deep_inside_the_reach_is_reached(tree, superuser):
    _merge(superuser, tree["S1"], tree["A1x"])  # S1 (elsewhere) merged into a leaf under R
    user = _person("province")
    _grant(user, tree["R"], Role.VIEWER)
    assert can(user, Action.VIEW, tree["S1"])
    assert not can(user, Action.VIEW, tree["S"])


def test_merges_reach_only_for_the_actions_the_successors_role_allows(tree, superuser):
    _merge(superuser, tree["B"], tree["S"])
    user = _person("viewer-heir")
    _grant(user, tree["S"], Role.VIEWER)
    assert can(user, Action.VIEW, tree["B1"])
    assert not can(user, Action.REPORT, tree["B1"])


def test_a_merge_cycle_does_not_loop_and_each_reaches_the_other(tree, superuser):
    _merge(superuser, tree["A1"], tree["B1"])
    _merge(superuser, tree["B1"], tree["A1"])
    user = _person("cycle")
    _grant(user, tree["A1"], Role.VIEWER)
    assert _codes(restrict(OrgUnit.objects.all(), user, Action.VIEW)) == {
        "T-A1",
        "T-A1x",
        "T-B1",
    }


def test_bac_ninh_reaches_bac_giang_and_not_ha_giang(user_named, unit):
    archive = user_named("bn.archive")  # viewer at Bắc Ninh (P24), successor of Bắc Giang
    for code in ("H-BG", "H-BG-CA", "H-BG-D-LN"):
        assert can(archive, Action.VIEW, unit(code)), code
    assert not can(archive, Action.VIEW, unit("H-HG"))
    assert not can(archive, Action.REPORT, unit("H-BG-CA"))
    police = user_named("bg.police")  # Bắc Giang's police: the successor is not theirs
    assert not can(police, Action.VIEW, unit("P24"))


# --- who reaches nothing, who everything ----------------------------------------------------


def test_anonymous_callers_and_none_reach_nothing(unit):
    for nobody in (None, AnonymousUser()):
        for action in ACTIONS:
            assert reach(nobody, action).nothing
            assert not can(nobody, action, unit("VN"))
        assert not restrict(OrgUnit.objects.all(), nobody).exists()
        assert not visible_units(nobody).exists()
        assert not has_any_role(nobody)
        with pytest.raises(PermissionDenied):
            require(nobody, Action.VIEW, unit("VN"))


def test_an_inactive_officer_reaches_nothing_of_their_units(user_named, unit):
    police = user_named("bg.police")
    police.is_active = False
    police.save()
    for action in ACTIONS:
        assert reach(police, action).nothing
    assert not can(police, Action.VIEW, unit("H-BG-CA"))
    assert not restrict(OrgUnit.objects.all(), police).exists()
    assert not Person.objects.restrict(police).exists()


def test_an_inactive_officer_does_not_read_public_documents(user_named):
    police = user_named("bg.police")
    police.is_active = False
    police.save()
    assert not Document.objects.restrict(police).exists()


def test_an_inactive_superuser_reaches_nothing(superuser, unit):
    superuser.is_active = False
    superuser.save()
    assert reach(superuser, Action.VIEW).nothing
    assert not can(superuser, Action.VIEW, unit("VN"))


def test_an_outsider_reaches_nothing(outsider, unit):
    for action in ACTIONS:
        assert reach(outsider, action).nothing
    assert not has_any_role(outsider)
    assert not visible_units(outsider).exists()
    assert not Document.objects.restrict(outsider).exists()  # not even public documents
    assert not restrict(OrgUnit.objects.all(), outsider).exists()


def test_a_superuser_reaches_every_unit_and_row_for_every_action(superuser, tree, unit):
    for action in ACTIONS:
        r = reach(superuser, action)
        assert r.everything and not r.nothing
        assert can(superuser, action, unit("X00070"))
        assert can(superuser, action, tree["S1"])
        assert restrict(OrgUnit.objects.all(), superuser, action).count() == OrgUnit.objects.count()
    assert Document.objects.restrict(superuser).count() == Document.objects.count()
    assert visible_units(superuser).count() == OrgUnit.objects.count()


# --- caching --------------------------------------------------------------------------------


def test_roles_are_read_once_per_user_object(tree, django_assert_num_queries):
    user = _person("cached")
    _grant(user, tree["A"], Role.VIEWER)
    reach(user, Action.VIEW)
    with django_assert_num_queries(0):
        for _ in range(3):
            assert can(user, Action.VIEW, tree["A1"])
            assert reach(user, Action.VIEW).paths == (tree["A"].path,)


def test_a_new_role_is_seen_only_once_the_cached_roles_are_forgotten(tree):
    user = _person("late-grant")
    assert not can(user, Action.VIEW, tree["B"])
    RoleAssignment.objects.create(user=user, unit=tree["B"], role=Role.VIEWER)
    assert not can(user, Action.VIEW, tree["B"])  # the same request still sees the old roles
    assert can(User.objects.get(pk=user.pk), Action.VIEW, tree["B"])  # a fresh object sees it
    forget_cached_roles(user)
    assert can(user, Action.VIEW, tree["B1"])


def test_a_withdrawn_role_stops_reaching_once_forgotten(tree):
    user = _person("withdrawn")
    _grant(user, tree["A"], Role.MANAGER)
    assert can(user, Action.MANAGE, tree["A1"])
    RoleAssignment.objects.filter(user=user).delete()
    forget_cached_roles(user)
    assert reach(user, Action.MANAGE).nothing and not has_any_role(user)


def test_forgetting_roles_that_were_never_read_is_harmless(tree):
    user = _person("fresh")
    forget_cached_roles(user)
    forget_cached_roles(user)
    assert reach(user, Action.VIEW).nothing


def test_a_merge_is_seen_once_the_cached_reach_is_forgotten(tree, superuser):
    user = _person("heir-later")
    _grant(user, tree["S"], Role.VIEWER)
    assert not can(user, Action.VIEW, tree["B"])
    _merge(superuser, tree["B"], tree["S"])
    forget_cached_roles(user)
    assert can(user, Action.VIEW, tree["B1"])


# --- restrict on scoped models --------------------------------------------------------------


def test_restrict_follows_a_foreign_key_to_the_unit(tree):
    inside = Person.objects.create(full_name="Trong", unit=tree["A1x"])
    Person.objects.create(full_name="Ngoài", unit=tree["B1"])
    user = _person("hr")
    _grant(user, tree["A"], Role.VIEWER)
    assert list(Person.objects.restrict(user)) == [inside]
    assert not Person.objects.restrict(user, Action.REPORT).exists()


def test_restrict_follows_a_chain_of_foreign_keys_to_the_unit(tree):
    inside = Person.objects.create(full_name="Trong", unit=tree["A2"])
    outside = Person.objects.create(full_name="Ngoài", unit=tree["S1"])
    year_in = PersonYear.objects.create(person=inside, year=2024, rating="good")
    PersonYear.objects.create(person=outside, year=2024, rating="good")
    user = _person("records")
    _grant(user, tree["A"], Role.REPORTER)
    assert list(PersonYear.objects.restrict(user, Action.REPORT)) == [year_in]


def test_restrict_on_many_to_many_units_lists_each_row_once(tree, superuser):
    both = Document.objects.create(title="Liên tịch")
    both.issuing_units.set([tree["A1"], tree["A2"]])
    both.recipient_units.set([tree["A1x"], tree["B1"]])
    received = Document.objects.create(title="Gửi đến")
    received.recipient_units.set([tree["A2"]])
    elsewhere = Document.objects.create(title="Nơi khác")
    elsewhere.issuing_units.set([tree["S"]])
    user = _person("docs")
    _grant(user, tree["A"], Role.REPORTER)
    found = list(Document.objects.restrict(user, Action.REPORT).order_by("title"))
    assert found == [received, both]  # "Gửi đến" < "Liên tịch"; no duplicate rows
    assert Document.objects.restrict(user, Action.REPORT).count() == 2


def test_restrict_through_a_foreign_key_then_many_to_many_lists_each_row_once(tree):
    source = Document.objects.create(title="Nguồn")
    source.issuing_units.set([tree["A1"], tree["A2"]])
    target = Document.objects.create(title="Đích")
    target.issuing_units.set([tree["S"]])
    link = DocumentRelation.objects.create(source=source, target=target, kind="cites")
    DocumentRelation.objects.create(source=target, target=source, kind="cites")
    user = _person("links")
    _grant(user, tree["A"], Role.VIEWER)
    assert list(DocumentRelation.objects.restrict(user)) == [link]


def test_public_rows_are_added_for_viewing_members_only(tree, outsider):
    public = Document.objects.create(title="Luật", is_public=True)
    public.issuing_units.set([tree["S"]])
    own = Document.objects.create(title="Của A")
    own.issuing_units.set([tree["A"]])
    user = _person("member")
    _grant(user, tree["A"], Role.MANAGER)
    viewed = set(Document.objects.restrict(user, Action.VIEW))
    assert {public, own} <= viewed
    for action in (Action.REPORT, Action.APPROVE, Action.MANAGE):
        assert public not in set(Document.objects.restrict(user, action)), action
        assert own in set(Document.objects.restrict(user, action)), action
    assert public not in set(Document.objects.restrict(outsider))


def test_a_viewer_reports_on_nothing_not_even_public_rows(tree):
    public = Document.objects.create(title="Công khai", is_public=True)
    private = Document.objects.create(title="Nội bộ")
    private.issuing_units.set([tree["A"]])
    viewer = _person("only-viewer")
    _grant(viewer, tree["A"], Role.VIEWER)
    assert not Document.objects.restrict(viewer, Action.REPORT).exists()
    assert set(
        Document.objects.restrict(viewer, Action.VIEW).filter(pk__in=[public.pk, private.pk])
    ) == {public, private}


def test_restrict_keeps_the_querysets_own_filters(tree):
    Person.objects.create(full_name="An", unit=tree["A1"])
    Person.objects.create(full_name="Bình", unit=tree["A1"])
    user = _person("filtered")
    _grant(user, tree["A"], Role.VIEWER)
    assert [p.full_name for p in restrict(Person.objects.filter(full_name="Bình"), user)] == [
        "Bình"
    ]


def test_a_model_without_scope_unit_fields_cannot_be_restricted(tree):
    user = _person("kinds")
    _grant(user, tree["A"], Role.VIEWER)
    with pytest.raises(TypeError, match="UnitKind has no scope_unit_fields"):
        restrict(UnitKind.objects.all(), user)


@pytest.mark.parametrize("who", ["outsider", "superuser"])
def test_a_model_without_scope_unit_fields_is_refused_whoever_asks(who, request):
    with pytest.raises(TypeError, match="no scope_unit_fields"):
        restrict(UnitKind.objects.all(), request.getfixturevalue(who))


# --- require and require_any ----------------------------------------------------------------


def test_require_names_the_action_and_the_unit(tree):
    user = _person("reporter")
    _grant(user, tree["A"], Role.REPORTER)
    require(user, Action.REPORT, tree["A1"])
    with pytest.raises(
        PermissionDenied,
        match=r"^You may not approve for Đơn vị A1: an approver role at it or above it is "
        r"needed\.$",
    ):
        require(user, Action.APPROVE, tree["A1"])
    with pytest.raises(
        PermissionDenied,
        match=r"^Your roles do not reach Đơn vị B, so you cannot see its records\.$",
    ):
        require(user, "view", tree["B"])


def test_require_any_passes_if_one_unit_is_reached_and_names_them_all_if_none(tree):
    user = _person("any")
    _grant(user, tree["A"], Role.MANAGER)
    require_any(user, Action.MANAGE, [tree["B"], tree["A2"]])
    with pytest.raises(
        PermissionDenied, match=r"^You may not manage Đơn vị B, Đơn vị S: a manager role"
    ):
        require_any(user, Action.MANAGE, [tree["B"], tree["S"]])
    with pytest.raises(
        PermissionDenied, match=r"^Only an administrator of Đơn vị A may do this\.$"
    ):
        require_any(user, Action.ADMIN, [tree["A"]])


def test_require_any_of_no_unit_is_refused(tree):
    user = _person("none-given")
    _grant(user, tree["A"], Role.ADMIN)
    with pytest.raises(PermissionDenied, match="Choose at least one unit"):
        require_any(user, Action.VIEW, [])


def test_an_unknown_action_is_an_error_not_a_silent_refusal(tree):
    user = _person("typo")
    _grant(user, tree["A"], Role.ADMIN)
    with pytest.raises(ValueError):
        can(user, "veiw", tree["A"])


# --- visible_units --------------------------------------------------------------------------


def test_visible_units_add_the_ancestors_but_not_their_other_children(tree):
    user = _person("browser")
    _grant(user, tree["A1"], Role.VIEWER)
    assert _codes(visible_units(user)) == {"T-R", "T-A", "T-A1", "T-A1x"}


def test_visible_units_of_a_demo_officer(user_named):
    codes = _codes(visible_units(user_named("bg.police")))
    assert codes == {"VN", "H-BG", "H-BG-CA"}


def test_visible_units_include_predecessors_and_the_successors_ancestors(tree, superuser):
    _merge(superuser, tree["B"], tree["S1"])
    user = _person("heir-browser")
    _grant(user, tree["S1"], Role.VIEWER)
    # The predecessor's subtree and its ancestors (by name), not its siblings.
    assert _codes(visible_units(user)) == {"T-S", "T-S1", "T-B", "T-B1", "T-R"}


# --- a property: the code equals the definition on random trees ------------------------------


class Rollback(Exception):
    pass


def _brute_force_reach(
    parents: dict[int, int | None],
    successors: dict[int, int],
    roles: list[tuple[Role, int]],
    action: Action,
) -> set[int]:
    """The definition, computed by walking parents in Python (no paths, no queries)."""

    def within(u: int, top: int) -> bool:
        while u is not None:
            if u == top:
                return True
            u = parents[u]
        return False

    tops = {u for role, u in roles if action in ALLOWED[role]}
    reached = {u for u in parents if any(within(u, t) for t in tops)}
    while True:  # predecessors of reached units, and their subtrees, until nothing is new
        new = {
            u
            for u in parents
            if u not in reached and any(within(u, p) for p, s in successors.items() if s in reached)
        }
        if not new:
            return reached
        reached |= new


random_tree = st.integers(min_value=1, max_value=8).flatmap(
    lambda n: st.tuples(
        # parent of unit i: None (a new root) or one of the units before it
        st.tuples(
            *(
                st.none() if i == 0 else st.one_of(st.none(), st.integers(0, i - 1))
                for i in range(n)
            )
        ),
        st.lists(
            st.tuples(st.sampled_from(list(Role)), st.integers(0, n - 1)), min_size=1, max_size=4
        ),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4),
    )
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=random_tree)
def test_restrict_and_can_equal_the_definition_on_random_trees(spec, superuser):
    parent_of, roles, merges = spec
    kind = UnitKind.objects.order_by("pk").first()
    try:
        with transaction.atomic():
            units: list[OrgUnit] = []
            for i, p in enumerate(parent_of):
                units.append(
                    orgunit_create(
                        user=superuser,
                        parent=units[p] if p is not None else None,
                        code=f"H-{i}",
                        name=f"Đơn vị {i}",
                        kind=kind,
                    )
                )
            parents = {
                u.pk: (units[p].pk if p is not None else None)
                for u, p in zip(units, parent_of, strict=True)
            }
            successors: dict[int, int] = {}
            for a, b in merges:
                unit, successor = OrgUnit.objects.get(pk=units[a].pk), units[b]
                if unit.pk in successors or successor.is_within(unit):
                    continue  # the service refuses these; one successor per unit
                orgunit_merge(user=superuser, unit=unit, successor=successor, on=MERGE_DAY)
                successors[units[a].pk] = units[b].pk
            user = _person("random-officer")
            held = []
            for role, i in roles:
                if not RoleAssignment.objects.filter(user=user, unit=units[i], role=role).exists():
                    RoleAssignment.objects.create(user=user, unit=units[i], role=role)
                held.append((role, units[i].pk))
            forget_cached_roles(user)
            event(f"{len(units)} units, {len(successors)} merged, {len(held)} roles")
            demo_unit = OrgUnit.objects.get(code="VN")
            for action in ACTIONS:
                expected = _brute_force_reach(parents, successors, held, action)
                got = set(
                    restrict(OrgUnit.objects.all(), user, action).values_list("pk", flat=True)
                )
                assert got == expected, (action, parents, successors, held)
                for u in units:
                    assert can(user, action, u) is (u.pk in expected), (action, u.pk)
                assert not can(user, action, demo_unit)
            raise Rollback
    except Rollback:
        pass
