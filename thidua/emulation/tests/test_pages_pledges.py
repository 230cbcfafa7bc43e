"""The pledge pages: a unit registers for a movement with its targets, and edits them."""

import pytest

from thidua.emulation.models import Movement, Pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def s5(s_demo):
    return Movement.objects.get(code="toan-dan-bao-ve-antq")


def test_a_unit_registers_its_pledge_on_its_own_page(client_for, user_named, unit, s5):
    c = client_for(user_named("hanoi.reporter"))
    url = f"/emulation/movements/{s5.pk}/pledge/"
    page = c.get(url)
    assert page.status_code == 200
    # Her one unit is chosen already, by name, with the picker.
    body = page.content.decode()
    assert f'type="hidden" name="unit" value="{unit("P01").pk}"' in body
    assert "data-unit-picker" in body and "Thành phố Hà Nội" in body
    group = s5.groups.get(number=2)
    response = c.post(
        url, {"unit": unit("P01").pk, "group": group.pk, "year": 2026, "targets": "Mục tiêu 2026"}
    )
    assert response.status_code == 302
    p = Pledge.objects.get(movement=s5, unit__code="P01", year=2026)
    assert p.targets == "Mục tiêu 2026" and p.registered_by.username == "hanoi.reporter"


def test_a_pledge_without_targets_or_for_a_taken_year_shows_field_errors(
    client_for, user_named, unit, s5
):
    c = client_for(user_named("hanoi.reporter"))
    url = f"/emulation/movements/{s5.pk}/pledge/"
    group = s5.groups.get(number=2)
    before = Pledge.objects.count()
    empty = c.post(url, {"unit": unit("P01").pk, "group": group.pk, "year": 2026, "targets": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["targets"]
    taken = c.post(url, {"unit": unit("P01").pk, "group": group.pk, "year": 2025, "targets": "x"})
    assert taken.status_code == 200 and taken.context["form"].errors["year"]
    assert Pledge.objects.count() == before
    assert Pledge.objects.get(unit__code="P01", year=2025).targets != "x"


def test_a_unit_pledges_choosing_its_unit_by_name_typed_without_accents(client_for, user_named, s5):
    c = client_for(user_named("hanoi.reporter"))
    group = s5.groups.get(number=2)
    response = c.post(
        f"/emulation/movements/{s5.pk}/pledge/",
        {"unit": "thanh pho ha noi", "group": group.pk, "year": 2027, "targets": "Mục tiêu"},
    )
    assert response.status_code == 302
    assert Pledge.objects.filter(movement=s5, unit__code="P01", year=2027).exists()


def test_a_unit_cannot_pledge_for_another_unit(client_for, user_named, unit, s5):
    c = client_for(user_named("hanoi.reporter"))
    group = s5.groups.get(number=2)
    response = c.post(
        f"/emulation/movements/{s5.pk}/pledge/",
        {"unit": unit("P42").pk, "group": group.pk, "year": 2026, "targets": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "You do not report for Tỉnh Hà Tĩnh. Choose a unit you report for (Thành phố Hà Nội), "
        "or ask an officer of that unit to do it."
    ]
    assert not Pledge.objects.filter(unit__code="P42", year=2026).exists()


def test_the_movement_page_offers_the_pledge_form_with_the_picker(client_for, user_named, unit, s5):
    page = client_for(user_named("hanoi.reporter")).get(f"/emulation/movements/{s5.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-action="pledge"' in body and "data-unit-picker" in body
    assert f'type="hidden" name="unit" value="{unit("P01").pk}"' in body


def test_an_outsider_is_refused_the_pledge_pages(client_for, outsider, s5):
    c = client_for(outsider)
    pledge = Pledge.objects.filter(movement=s5).first()
    for url in (f"/emulation/movements/{s5.pk}/pledge/", f"/emulation/pledges/{pledge.pk}/"):
        assert c.get(url).status_code == 403
        assert c.post(url, {"targets": "x"}).status_code == 403


def test_an_officer_of_another_unit_cannot_see_or_edit_a_pledge(client_for, user_named, s5):
    pledge = Pledge.objects.get(movement=s5, unit__code="P01", year=2025)
    c = client_for(user_named("ht.bcd35"))
    assert c.get(f"/emulation/pledges/{pledge.pk}/").status_code == 404
    r = c.post(f"/emulation/pledges/{pledge.pk}/", {"targets": "x", "version": pledge.version})
    assert r.status_code == 404


def test_the_movement_owner_reads_a_pledge_but_cannot_change_it(client_for, user_named, s5):
    pledge = Pledge.objects.get(movement=s5, unit__code="P01", year=2025)
    c = client_for(user_named("bca.movement"))
    page = c.get(f"/emulation/pledges/{pledge.pk}/")
    assert page.status_code == 200 and page.context["form"] is None
    r = c.post(f"/emulation/pledges/{pledge.pk}/", {"targets": "x", "version": pledge.version})
    assert r.status_code == 403


def test_editing_a_pledge_carries_its_version(client_for, user_named, s5):
    pledge = Pledge.objects.get(movement=s5, unit__code="P01", year=2025)
    c = client_for(user_named("hanoi.reporter"))
    url = f"/emulation/pledges/{pledge.pk}/"
    data = {"group": pledge.group_id, "targets": "Mục tiêu mới", "version": pledge.version}
    assert c.post(url, data).status_code == 302
    pledge.refresh_from_db()
    assert pledge.targets == "Mục tiêu mới"
    stale = c.post(url, {**data, "targets": "Bị ghi đè"})
    assert stale.status_code == 200 and "Someone else changed this" in stale.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).targets == "Mục tiêu mới"
    blank = c.post(url, {**data, "targets": "", "version": pledge.version})
    assert blank.context["form"].errors["targets"]


def test_the_movement_page_links_pledges_in_bounded_queries(
    client_for, user_named, s5, django_assert_max_num_queries
):
    c = client_for(user_named("bca.movement"))
    with django_assert_max_num_queries(60):
        response = c.get(f"/emulation/movements/{s5.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    pledge = Pledge.objects.get(movement=s5, unit__code="P01", year=2025)
    assert f"/emulation/pledges/{pledge.pk}/" in body


def test_the_pledge_rows_and_their_buttons_cost_no_query_per_row(client_for, user_named, s5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.emulation import services

    def queries() -> int:
        c = client_for(user_named("bca.movement"))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/emulation/movements/{s5.pk}/?year=2025").status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    group = s5.groups.get(number=2)
    from thidua.orgunits.models import OrgUnit

    taken = {p.unit_id for p in Pledge.objects.filter(movement=s5, year=2025)}
    provinces = OrgUnit.objects.filter(kind__code="province").exclude(pk__in=taken)[:5]
    assert len(provinces) == 5
    for province in provinces:
        services.pledge_register(
            user=user_named("admin"),
            movement=s5,
            group=group,
            unit=province,
            year=2025,
            targets="Mục tiêu",
        )
    assert queries() == before
