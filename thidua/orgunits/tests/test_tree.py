"""The unit tree: paths, subtrees, history of merged units, the reference load."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import ChangeRecord
from thidua.orgunits import services
from thidua.orgunits.models import OrgUnit, UnitKind, path_ids
from thidua.orgunits.reference import load_vietnam_units

pytestmark = pytest.mark.django_db


def test_the_reference_load_gives_34_provinces_and_3321_communes():
    provinces = OrgUnit.objects.filter(kind__code__in=["province", "central_city"], valid_to=None)
    communes = OrgUnit.objects.filter(kind__code__in=["commune", "ward", "special_zone"])
    assert provinces.count() == 34
    assert communes.filter(code__startswith="X").count() == 3321
    assert OrgUnit.objects.get(code="P01").name == "Thành phố Hà Nội"


def test_loading_the_reference_twice_creates_nothing_new():
    before = OrgUnit.objects.count()
    result = load_vietnam_units()
    assert result.created == 0
    assert result.updated == 0  # nothing changed: nothing rewritten, nothing logged
    assert OrgUnit.objects.count() == before


def test_a_reload_rewrites_only_the_units_that_changed_and_logs_them_on_the_root(unit):
    from thidua.core.changelog import history_for

    OrgUnit.objects.filter(code="P01").update(name="Hà Nội (cũ)")
    result = load_vietnam_units()
    assert (result.created, result.updated) == (0, 1)
    assert unit("P01").name == "Thành phố Hà Nội"
    event = history_for(unit("VN")).filter(event="imported").first()
    assert event.after["updated_codes"] == ["P01"]


def test_a_path_lists_the_ids_from_the_root(unit):
    commune = unit("H-HG-D-DV-01")
    ids = path_ids(commune.path)
    assert ids == [unit("VN").pk, unit("H-HG").pk, unit("H-HG-D-DV").pk, commune.pk]
    assert commune.depth == 3


def test_subtree_of_a_province_holds_its_units_and_nothing_else(unit):
    hg = unit("H-HG")
    codes = set(OrgUnit.objects.subtree_of(hg).values_list("code", flat=True))
    assert "H-HG-D-DV-01" in codes and "H-HG" in codes
    assert "H-BG" not in codes and "P42" not in codes
    assert "H-HG" not in set(
        OrgUnit.objects.subtree_of(hg, include_self=False).values_list("code", flat=True)
    )


def test_ancestors_of_a_commune_run_from_the_nation_down(unit):
    names = [u.code for u in OrgUnit.objects.ancestors_of(unit("H-HG-D-DV-01"))]
    assert names == ["VN", "H-HG", "H-HG-D-DV"]


def test_a_merged_province_keeps_its_history_and_points_to_its_successor(unit):
    bg = unit("H-BG")
    assert bg.valid_to == dt.date(2025, 6, 30)
    assert bg.successor == unit("P24")
    assert not bg.is_current
    assert OrgUnit.objects.valid_on(dt.date(2023, 12, 1)).filter(code="H-BG").exists()
    assert not OrgUnit.objects.valid_on(dt.date(2025, 7, 1)).filter(code="H-BG").exists()


def test_search_is_accent_blind_and_knows_thai_spellings():
    assert OrgUnit.objects.search("ha giang").filter(code="H-HG").exists()
    assert OrgUnit.objects.search("Hà Giang").filter(code="H-HG").exists()
    assert OrgUnit.objects.search("บั๊กซาง").filter(code="H-BG").exists()
    assert OrgUnit.objects.search("lung cu").filter(code="H-HG-D-DV-01").exists()


def test_a_manager_creates_a_unit_below_their_unit_and_it_is_logged(user_named, unit):
    manager = user_named("ht.bcd35")
    kind = UnitKind.objects.get(code="school")
    school = services.orgunit_create(
        user=manager,
        parent=unit("P42-D-HS"),
        code="P42-SCH-1",
        name="Trường THPT Hương Sơn",
        kind=kind,
    )
    assert school.path.startswith(unit("P42-D-HS").path)
    assert school.depth == unit("P42-D-HS").depth + 1
    assert ChangeRecord.objects.filter(object_id=str(school.pk), action="create").exists()


def test_a_reporter_cannot_create_units(user_named, unit):
    with pytest.raises(PermissionDenied):
        services.orgunit_create(
            user=user_named("bg.police"),
            parent=unit("H-BG-CA"),
            code="X-1",
            name="X",
            kind=UnitKind.objects.get(code="agency"),
        )


def test_only_a_superuser_creates_a_root(user_named, superuser):
    kind = UnitKind.objects.get(code="nation")
    with pytest.raises(PermissionDenied):
        services.orgunit_create(
            user=user_named("ht.bcd35"), parent=None, code="R", name="R", kind=kind
        )
    root = services.orgunit_create(user=superuser, parent=None, code="R2", name="Root 2", kind=kind)
    assert root.depth == 0


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(superuser, unit):
    district = unit("H-HG-D-DV")
    services.orgunit_move(user=superuser, unit=district, new_parent=unit("P08"))
    district.refresh_from_db()
    commune = unit("H-HG-D-DV-01")
    assert district.parent == unit("P08")
    assert commune.path.startswith(district.path)
    assert commune.path.startswith(unit("P08").path)
    assert commune.depth == 3
    assert not OrgUnit.objects.subtree_of(unit("H-HG")).filter(code="H-HG-D-DV-01").exists()


def test_a_unit_cannot_be_moved_under_its_own_subtree(superuser, unit):
    with pytest.raises(ValidationError):
        services.orgunit_move(user=superuser, unit=unit("H-HG"), new_parent=unit("H-HG-D-DV"))


def test_merging_closes_the_unit_the_day_before(superuser, unit):
    merged = services.orgunit_merge(
        user=superuser, unit=unit("P42-D-KA"), successor=unit("P42"), on=dt.date(2025, 7, 1)
    )
    assert merged.valid_to == dt.date(2025, 6, 30)
    assert ChangeRecord.objects.filter(object_id=str(merged.pk), event="merged").exists()


def test_an_edit_from_a_stale_version_is_refused(superuser, unit):
    from thidua.core.services import ConflictError

    u = unit("P42-STP")
    services.orgunit_update(
        user=superuser, unit=u, expected_version=u.version, name="Sở Tư pháp Hà Tĩnh"
    )
    with pytest.raises(ConflictError):
        services.orgunit_update(user=superuser, unit=u, expected_version=u.version, name="Other")
    assert unit("P42-STP").name == "Sở Tư pháp Hà Tĩnh"


def test_bulk_upsert_refuses_rows_with_unknown_parents_and_writes_nothing(unit):
    kind = UnitKind.objects.get(code="agency")
    before = OrgUnit.objects.count()
    rows = [
        services.UnitRow(code="NEW-1", name="A", kind=kind, parent_code="P42"),
        services.UnitRow(code="NEW-2", name="B", kind=kind, parent_code="NOPE"),
    ]
    with pytest.raises(ValueError, match="NOPE"):
        services.units_bulk_upsert(root=unit("VN"), rows=rows)
    assert OrgUnit.objects.count() == before
