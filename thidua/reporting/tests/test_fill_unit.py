"""The fill page's unit is chosen with the unit picker (a GET form, ``?unit=``): a
district officer picks one of his communes by name; an officer of one unit has it
chosen already and sees no chooser."""

import pytest

from thidua.reporting.models import Submission

pytestmark = pytest.mark.django_db


def _url(period):
    return f"/reporting/periods/{period.pk}/fill/"


def _chip(unit):
    return f'type="hidden" name="unit" value="{unit.pk}"'


def test_a_district_officer_finds_his_first_unit_chosen_in_the_picker(
    s4_2024, client_for, user_named
):
    r = client_for(user_named("hg.dongvan")).get(_url(s4_2024))
    assert r.status_code == 200
    units = r.context["units"]
    assert len(units) > 1 and r.context["unit"] == units[0]
    body = r.content.decode()
    assert 'data-url="/units/pick/?purpose=report"' in body
    assert _chip(units[0]) in body
    assert 'id="unit-select"' not in body  # no select box of units


def test_a_unit_chosen_by_id_is_in_the_address_and_shown_again_as_a_chip(
    s4_2024, client_for, user_named, unit
):
    sung_la = unit("H-HG-D-DV-02")
    # The chip's id and the picker's empty text box, as the browser sends them.
    r = client_for(user_named("hg.dongvan")).get(_url(s4_2024), {"unit": [sung_la.pk, ""]})
    assert r.status_code == 200
    assert r.context["unit"] == sung_la
    body = r.content.decode()
    assert _chip(sung_la) in body and "Xã Sủng Là" in body
    assert f'href="/reporting/periods/{s4_2024.pk}/template.xlsx?unit={sung_la.pk}"' in body


def test_a_unit_typed_by_name_without_the_script_is_found(s4_2024, client_for, user_named, unit):
    r = client_for(user_named("hg.dongvan")).get(_url(s4_2024), {"unit": "xa sung la"})
    assert r.status_code == 200
    assert r.context["unit"] == unit("H-HG-D-DV-02")
    assert _chip(unit("H-HG-D-DV-02")) in r.content.decode()


def test_a_unit_outside_his_reach_is_refused_with_the_pickers_message(
    s4_2024, client_for, user_named, unit
):
    r = client_for(user_named("hg.dongvan")).get(_url(s4_2024), {"unit": unit("H-HG-D-MV-01").pk})
    assert r.status_code == 200
    message = (
        "You do not report for Xã Pả Vi. Choose a unit you report for (Huyện Đồng Văn), or "
        "ask an officer of that unit to do it."
    )
    assert r.context["chooser"].errors["unit"] == [message]
    # The page stays on a unit he reports for; the refusal is said beside the picker.
    assert r.context["unit"] == r.context["units"][0]
    assert message in r.content.decode()


def test_an_officer_of_one_unit_has_it_chosen_and_no_chooser(s4_2024, client_for, user_named):
    r = client_for(user_named("hg.lungcu")).get(_url(s4_2024))
    assert r.status_code == 200
    assert r.context["unit"].code == "H-HG-D-DV-01"
    assert "data-unit-picker" not in r.content.decode()


def test_the_report_is_saved_for_the_unit_the_form_carries(s4_2024, client_for, user_named, unit):
    """The fill form posts to the page's address, which may hold the picker's typed text:
    the unit is the one the form carries."""
    sung_la = unit("H-HG-D-DV-02")
    c = client_for(user_named("hg.dongvan"))
    current = Submission.objects.filter(period=s4_2024, unit=sung_la, is_current=True).first()
    data = {
        "unit": sung_la.pk,
        "action": "save",
        "v:antq-movement-models:": "5",
        "submission": current.pk if current else "",
        "version": current.version if current else "",
    }
    lung_cu = Submission.objects.filter(period=s4_2024, unit=unit("H-HG-D-DV-01"))
    before = sorted(lung_cu.values_list("pk", "version"))
    r = c.post(_url(s4_2024) + "?unit=xa+lung+cu", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    saved = Submission.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))
    assert saved.unit == sung_la and saved.status == Submission.Status.DRAFT
    assert sorted(lung_cu.values_list("pk", "version")) == before


def test_an_outsider_is_refused_the_fill_page_whatever_unit_is_asked(
    s4_2024, client_for, outsider, unit
):
    c = client_for(outsider)
    for asked in (unit("H-HG-D-DV-01").pk, "xa lung cu"):
        assert c.get(_url(s4_2024), {"unit": asked}).status_code == 403
