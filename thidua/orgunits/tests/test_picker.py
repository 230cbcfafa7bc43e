"""The unit picker: its search (ranked, accent-blind, by reach) and its form field."""

import re

import pytest
from django import forms
from django.urls import reverse

from thidua.accounts.models import Role, RoleAssignment
from thidua.orgunits.models import OrgUnit
from thidua.orgunits.picker import UnitPickerField, UnitPickerForm
from thidua.orgunits.selectors import PICK_LIMIT, unit_list

pytestmark = pytest.mark.django_db


def _pick(client, q, purpose="view"):
    response = client.get(reverse("orgunits:pick"), {"q": q, "purpose": purpose})
    assert response.status_code == 200
    return response.content.decode()


def _ids(body):
    return [int(i) for i in re.findall(r'data-id="(\d+)"', body)]


# --- the one search -------------------------------------------------------------------


def test_the_unit_named_so_comes_before_units_whose_name_contains_it(superuser):
    names = [u.name for u in unit_list(user=superuser, query="Hà Giang", include_past=True)]
    # Without the ranking, today's units came first: Tỉnh Hà Giang ended in 2025.
    assert names[0] == "Tỉnh Hà Giang"
    assert names.index("Phường Hà Giang 1") < names.index("Thành phố Hà Giang")


def test_the_units_page_lists_the_province_first(client_for, superuser):
    body = client_for(superuser).get(reverse("orgunits:list"), {"q": "ha giang"}).content.decode()
    first = body.index("Tỉnh Hà Giang")
    assert first < body.index("Thành phố Hà Giang")


# --- the picker's search endpoint ----------------------------------------------------------


def test_the_picker_finds_a_unit_typed_without_accents_with_its_parent(
    client_for, province_supervisor, unit
):
    body = _pick(client_for(province_supervisor), "ban tuyen giao")
    assert unit("H-BG-BTGTU").pk in _ids(body)
    # Told apart by its parent (the province), not by a code.
    assert "Ban Tuyên giáo Tỉnh ủy" in body and "Tỉnh Bắc Giang" in body
    assert "H-BG-BTGTU" not in body


def test_the_picker_finds_a_unit_by_its_thai_spelling_and_by_code(client_for, superuser, unit):
    c = client_for(superuser)
    assert _ids(_pick(c, "ห่าซาง"))[0] == unit("H-HG").pk
    assert unit("H-BG-D-LN").pk in _ids(_pick(c, "h-bg-d-ln"))


def test_the_picker_ranks_the_province_first(client_for, superuser, unit):
    ids = _ids(_pick(client_for(superuser), "Hà Giang"))
    assert ids[0] == unit("H-HG").pk and len(ids) > 1


def test_the_picker_caps_its_results_and_says_so(client_for, superuser):
    body = _pick(client_for(superuser), "xa")
    assert len(_ids(body)) == PICK_LIMIT
    assert f"The first {PICK_LIMIT} units found" in body


def test_the_picker_offers_only_units_of_the_fields_reach_and_says_how_many_more_match(
    client_for, user_named, unit
):
    c = client_for(user_named("bg.police"))  # reporter at the provincial police
    body = _pick(c, "cong an", purpose="report")
    assert _ids(body) == [unit("H-BG-CA").pk]
    assert "Tỉnh Bắc Giang" in body
    # Công an tỉnh Hà Giang exists but is not even visible to him: not counted.
    assert "more unit" not in body
    body = _pick(c, "bac giang", purpose="report")
    assert unit("H-BG").pk not in _ids(body)
    assert "1 more unit matches but is outside your reach: you report for Công an tỉnh" in body


def test_the_picker_for_browsing_stays_inside_what_the_user_sees(client_for, user_named, unit):
    c = client_for(user_named("bg.police"))
    assert unit("H-BG-SNGV").pk not in _ids(_pick(c, "so ngoai vu"))
    assert unit("P42-CA").pk not in _ids(_pick(c, "cong an"))


def test_the_picker_refuses_an_outsider_and_an_anonymous_caller(client, client_for, outsider):
    url = reverse("orgunits:pick")
    assert client.get(url, {"q": "ha giang"}).status_code == 302
    for purpose in ("view", "tree", "report", "approve", "manage"):
        r = client_for(outsider).get(url, {"q": "ha giang", "purpose": purpose})
        assert r.status_code == 403


# --- the form field ----------------------------------------------------------------------


class _Form(UnitPickerForm):
    many = UnitPickerField(label="Units", required=False)
    one = UnitPickerField(label="Unit", multiple=False, required=False, purpose="report")


def _clean(data, user=None):
    form = _Form(data, user=user)
    return form, form.is_valid()


def test_the_field_takes_ids_from_the_chips_and_returns_units(unit, user_named):
    ca, ln = unit("H-BG-CA"), unit("H-BG-D-LN")
    form, ok = _clean({"many": [str(ca.pk), str(ln.pk), str(ca.pk)], "one": str(ca.pk)})
    assert ok, form.errors
    assert form.cleaned_data["many"] == [ca, ln]
    assert form.cleaned_data["one"] == ca


def test_the_field_still_takes_codes_and_exact_names_typed(unit):
    form, ok = _clean({"many": "h-bg-ca, H-BG-D-LN", "one": ""})
    assert ok, form.errors
    assert form.cleaned_data["many"] == [unit("H-BG-CA"), unit("H-BG-D-LN")]
    assert form.cleaned_data["one"] is None
    form, ok = _clean({"many": "H-BG-CA H-BG-D-LN"})
    assert ok and form.cleaned_data["many"] == [unit("H-BG-CA"), unit("H-BG-D-LN")]
    form, ok = _clean({"many": "Huyen Luc Ngan"})
    assert ok and form.cleaned_data["many"] == [unit("H-BG-D-LN")]


def test_the_field_names_what_it_does_not_know(unit):
    missing = OrgUnit.objects.order_by("-pk").first().pk + 1
    form, ok = _clean({"many": [str(unit("H-BG-CA").pk), str(missing)]})
    assert not ok
    assert f"No unit is called “{missing}”" in form.errors["many"][0]
    form, ok = _clean({"many": "Ban Tuyên, giáo"})
    assert not ok and "“Ban Tuyên”, “giáo”" in form.errors["many"][0]


def test_a_single_unit_field_takes_one_unit(unit):
    form, ok = _clean({"one": [str(unit("H-BG-CA").pk), str(unit("H-BG-SNGV").pk)]})
    assert not ok and "Choose one unit only." in form.errors["one"]


def test_the_field_refuses_a_unit_outside_its_reach_by_name(unit, user_named):
    police = user_named("bg.police")
    form, ok = _clean({"one": str(unit("H-BG-SNGV").pk)}, user=police)
    assert not ok
    assert form.errors["one"] == [
        "You do not report for Sở Ngoại vụ tỉnh Bắc Giang. Choose a unit you report for "
        "(Công an tỉnh Bắc Giang), or ask an officer of that unit to do it."
    ]
    form, ok = _clean({"one": str(unit("H-BG-CA").pk)}, user=police)
    assert ok and form.cleaned_data["one"] == unit("H-BG-CA")
    # A browsing field does not name a unit the user may not see.
    form, ok = _clean({"many": str(unit("P42-CA").pk)}, user=police)
    assert not ok and "outside the units you may see" in form.errors["many"][0]
    assert unit("P42-CA").name not in form.errors["many"][0]


def test_a_required_field_says_so():
    class Required(forms.Form):
        units = UnitPickerField(label="Units")

    form = Required({"units": ""})
    assert not form.is_valid() and form.errors["units"] == ["This field is required."]
    # The text box is empty once units are chips: the browser must not block the form.
    html = str(Required()["units"])
    assert 'aria-required="true"' in html and " required" not in html


def test_the_widget_shows_the_chosen_units_by_name_with_their_parent(unit):
    form = _Form({"many": [str(unit("H-BG-D-LN").pk)]})
    html = str(form["many"])
    assert "Huyện Lục Ngạn" in html and "Tỉnh Bắc Giang" in html
    assert f'type="hidden" name="many" value="{unit("H-BG-D-LN").pk}"' in html
    assert 'role="combobox"' in html and 'aria-live="polite"' in html


def test_a_browsing_field_does_not_show_back_a_unit_the_user_may_not_see(unit, user_named):
    form = _Form(
        {"many": [str(unit("P42-CA").pk), str(unit("H-BG-CA").pk)]}, user=user_named("bg.police")
    )
    html = str(form["many"])
    assert "Công an tỉnh Bắc Giang" in html
    assert unit("P42-CA").name not in html and f'value="{unit("P42-CA").pk}"' not in html


# --- the shared default: the one unit of the user -----------------------------------------


class _Preselected(UnitPickerForm):
    reporting = UnitPickerField(label="Unit", multiple=False, purpose="report", preselect=True)
    several = UnitPickerField(label="Units", purpose="report", preselect=True, required=False)
    plain = UnitPickerField(label="Other", multiple=False, purpose="report", required=False)


def test_a_preselected_field_starts_with_the_users_one_unit(unit, user_named):
    form = _Preselected(user=user_named("bg.police"))
    assert form["reporting"].value() == unit("H-BG-CA")
    assert form["several"].value() == [unit("H-BG-CA")]
    assert form["plain"].value() is None
    assert f'type="hidden" name="reporting" value="{unit("H-BG-CA").pk}"' in str(form["reporting"])


def test_a_preselected_field_chooses_nothing_for_several_units_or_what_was_asked(unit, user_named):
    two = user_named("bg.foreign")
    RoleAssignment.objects.create(user=two, unit=unit("H-BG-CA"), role=Role.REPORTER)
    assert _Preselected(user=two)["reporting"].value() is None
    asked = _Preselected(user=user_named("bg.police"), initial={"reporting": unit("H-BG")})
    assert asked["reporting"].value() == unit("H-BG")
    # A bound form shows what was sent, never the default.
    sent = _Preselected({"reporting": ""}, user=user_named("bg.police"))
    assert sent["reporting"].value() == []


# --- the granting unit: a field of approvers ------------------------------------------------


def test_an_approvers_field_refuses_a_unit_where_the_user_does_not_approve(unit, user_named):
    class Approve(UnitPickerForm):
        unit = UnitPickerField(label="Unit", multiple=False, purpose="approve")

    front = user_named("hg.front")  # manager of the provincial Front
    form = Approve({"unit": str(unit("H-HG-UBND").pk)}, user=front)
    assert not form.is_valid()
    assert form.errors["unit"] == [
        "You are not an approver of Ủy ban nhân dân tỉnh Hà Giang. Choose a unit where you "
        "approve (Ủy ban MTTQ Việt Nam tỉnh Hà Giang), or ask an approver of that unit to do it."
    ]
    form = Approve({"unit": "uy ban mttq viet nam tinh ha giang"}, user=front)
    assert form.is_valid() and form.cleaned_data["unit"] == unit("H-HG-MTTQ")


def test_the_picker_of_approvers_says_how_many_more_match_outside_their_reach(
    client_for, user_named, unit
):
    body = _pick(client_for(user_named("hg.front")), "ha giang", purpose="approve")
    assert unit("H-HG-MTTQ").pk in _ids(body) and unit("H-HG-UBND").pk not in _ids(body)
    assert "outside your reach: you approve at Ủy ban MTTQ Việt Nam tỉnh Hà Giang" in body


def test_a_unit_field_on_a_hidden_input_carries_ids(unit):
    class Hidden(forms.Form):
        unit = UnitPickerField(label="Unit", multiple=False, widget=forms.HiddenInput)

    html = str(Hidden(initial={"unit": unit("H-BG-CA")})["unit"])
    assert f'value="{unit("H-BG-CA").pk}"' in html
    form = Hidden({"unit": str(unit("H-BG-CA").pk)})
    assert form.is_valid() and form.cleaned_data["unit"] == unit("H-BG-CA")


# --- groups: every unit below a unit, or every unit of a kind below it --------------------


def _groups(body):
    return dict(
        re.findall(
            r'class="unit-group-option" id="[^"]*" data-id="([^"]*)"[^>]*'
            r'data-label="([^"]*)"',
            body,
        )
    )


def test_a_field_of_several_units_is_offered_the_groups_below_a_unit_found(
    client_for, superuser, unit
):
    hg = unit("H-HG")
    c = client_for(superuser)
    body = c.get(reverse("orgunits:pick"), {"q": "tinh ha giang", "groups": "1"}).content.decode()
    groups = _groups(body)
    assert groups[f"below:{hg.pk}"] == "Every unit directly below Tỉnh Hà Giang"
    assert groups[f"below:{hg.pk}:commune"] == "Every commune below Tỉnh Hà Giang"
    # Options like the units' own: reached with the arrow keys, named by their text.
    option = re.search(rf'<li [^>]*data-id="below:{hg.pk}:commune".*?</li>', body, re.S)[0]
    assert 'role="option"' in option and 'aria-selected="false"' in option
    assert "Every commune below Tỉnh Hà Giang" in option and "44 units" in option
    # The groups follow their unit in the list.
    assert body.index(f'data-id="{hg.pk}"') < body.index(f'data-id="below:{hg.pk}"')
    # A field of one unit is offered units only.
    one = c.get(reverse("orgunits:pick"), {"q": "tinh ha giang"}).content.decode()
    assert _ids(one) == _ids(body) and "below:" not in one


def test_the_groups_name_the_kinds_in_the_pages_language(client_for, superuser, unit):
    c = client_for(superuser)
    url = reverse("orgunits:pick")
    vi = c.get(url, {"q": "tinh tuyen quang", "groups": "1"}, HTTP_ACCEPT_LANGUAGE="vi")
    label = _groups(vi.content.decode())[f"below:{unit('P08').pk}:commune"]
    assert "xã" in label and "commune" not in label
    en = c.get(url, {"q": "tinh tuyen quang", "groups": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "commune" in _groups(en.content.decode())[f"below:{unit('P08').pk}:commune"]


def test_the_communes_and_wards_of_the_country_are_one_group_and_the_search_costs_few_queries(
    client_for, superuser, unit, django_assert_max_num_queries
):
    c = client_for(superuser)
    with django_assert_max_num_queries(8):  # 3 units offered with their groups
        body = c.get(reverse("orgunits:pick"), {"q": "viet nam", "groups": "1"}).content.decode()
    vn = unit("VN").pk
    assert _groups(body)[f"below:{vn}:commune+ward+special_zone"] == (
        "Every commune, ward or special zone below Việt Nam"
    )
    assert "3,321 units" in body


def test_a_group_of_which_the_user_may_choose_one_unit_is_not_offered(client_for, user_named):
    # The police officer sees the province (above his unit), and only his unit below it.
    c = client_for(user_named("bg.police"))
    body = c.get(reverse("orgunits:pick"), {"q": "tinh bac giang", "groups": "1"}).content.decode()
    assert "Tỉnh Bắc Giang" in body and "below:" not in body


def test_the_search_for_groups_refuses_an_outsider(client, client_for, outsider):
    url = reverse("orgunits:pick")
    assert client.get(url, {"q": "ha giang", "groups": "1"}).status_code == 302
    assert client_for(outsider).get(url, {"q": "ha giang", "groups": "1"}).status_code == 403


class _Groups(UnitPickerForm):
    view = UnitPickerField(label="Units", required=False)
    tree = UnitPickerField(label="Addressees", required=False, purpose="tree")
    report = UnitPickerField(label="Reporting", required=False, purpose="report")
    approve = UnitPickerField(label="Approving", required=False, purpose="approve")
    manage = UnitPickerField(label="Managed", required=False, purpose="manage")
    one = UnitPickerField(label="One", required=False, multiple=False)


def _codes(units):
    return sorted(u.code for u in units)


def test_each_purpose_expands_a_group_into_the_units_in_reach(unit, user_named):
    hg = unit("H-HG")
    communes = [u for u in OrgUnit.objects.filter(kind__code="commune") if u.is_within(hg)]
    assert len(communes) == 44
    token = f"below:{hg.pk}:commune"
    cases = {
        ("tree", "bg.police"): 44,  # addressees may be any unit
        ("view", "hg.dongvan"): 4,  # the communes of his district, of the 44
        ("report", "hg.police"): 44,  # approver of the province: he reports for all
        ("approve", "hg.chair"): 44,
    }
    for (field, username), count in cases.items():
        form = _Groups({field: [token]}, user=user_named(username))
        assert form.is_valid(), (field, form.errors)
        assert len(form.cleaned_data[field]) == count, field
        assert {u.pk for u in form.cleaned_data[field]} <= {u.pk for u in communes}
    form = _Groups(
        {"manage": [f"below:{unit('H-BG').pk}:district"]}, user=user_named("bg.supervisor")
    )
    assert form.is_valid(), form.errors
    assert _codes(form.cleaned_data["manage"]) == [
        "H-BG-D-HH",
        "H-BG-D-LN",
        "H-BG-D-LNA",
        "H-BG-D-TP",
        "H-BG-D-YT",
    ]


def test_units_and_groups_chosen_together_are_each_unit_once(unit, user_named):
    hg, dv1 = unit("H-HG"), unit("H-HG-D-DV-01")
    form = _Groups(
        {"view": [str(dv1.pk), f"below:{unit('H-HG-D-DV').pk}", f"below:{hg.pk}:district"]},
        user=user_named("hg.chair"),
    )
    assert form.is_valid(), form.errors
    got = form.cleaned_data["view"]
    assert got[0] == dv1 and len(got) == len({u.pk for u in got}) == 4 + 11


def test_a_group_out_of_reach_is_refused_like_a_unit(unit, user_named):
    hg = unit("H-HG")
    token = f"below:{hg.pk}:commune"
    form = _Groups({"report": [token]}, user=user_named("bg.police"))
    assert not form.is_valid()
    assert form.errors["report"] == [
        "You report for no unit of “Every commune below Tỉnh Hà Giang”. Choose a unit you "
        "report for (Công an tỉnh Bắc Giang), or ask an officer of those units to do it."
    ]
    form = _Groups({"approve": [token]}, user=user_named("hg.front"))
    assert not form.is_valid() and "You are an approver of no unit of" in form.errors["approve"][0]
    form = _Groups({"manage": [token]}, user=user_named("ht.bcd35"))
    assert not form.is_valid() and "You manage no unit of" in form.errors["manage"][0]
    # A browsing field does not name a group the user may not see.
    form = _Groups({"view": [f"below:{unit('P42').pk}"]}, user=user_named("bg.police"))
    assert not form.is_valid()
    assert "no unit you may see" in form.errors["view"][0]
    assert "Hà Tĩnh" not in form.errors["view"][0]


def test_a_group_partly_in_reach_keeps_the_units_in_reach_and_its_chip_says_how_many_are_left_out(
    unit, user_named
):
    police = user_named("bg.police")
    token = f"below:{unit('H-BG').pk}"
    form = _Groups({"view": [token]}, user=police)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["view"] == [unit("H-BG-CA")]
    html = str(form["view"])
    assert "Every unit directly below Tỉnh Bắc Giang" in html
    assert "1 unit in your reach, 8 left out" in html


def test_a_bound_form_shows_the_group_chip_again(unit, user_named):
    hg, ca = unit("H-HG"), unit("H-HG-CA")
    form = _Groups({"view": [str(ca.pk), f"below:{hg.pk}:commune"]}, user=user_named("hg.chair"))
    html = str(form["view"])
    assert "Every commune below Tỉnh Hà Giang" in html and "(44 units)" in html
    assert f'type="hidden" name="view" value="below:{hg.pk}:commune"' in html
    assert 'aria-label="Remove Every commune below Tỉnh Hà Giang"' in html
    assert f'type="hidden" name="view" value="{ca.pk}"' in html
    # The search behind it is asked for groups; a field of one unit is not.
    assert "groups=1" in html and "groups=1" not in str(form["one"])


def test_a_field_of_one_unit_takes_no_group(unit):
    form = _Groups({"one": [f"below:{unit('H-HG').pk}"]})
    assert not form.is_valid() and form.errors["one"] == ["Choose one unit only."]


def test_a_group_that_does_not_exist_is_refused(unit):
    missing = OrgUnit.objects.order_by("-pk").first().pk + 1
    for token in (f"below:{missing}", f"below:{unit('H-HG').pk}:no-such-kind"):
        form = _Groups({"view": [token]})
        assert not form.is_valid()
        assert "A chosen group of units no longer exists" in form.errors["view"][0]
    form = _Groups({"view": [f"below:{unit('H-HG-D-DV-01').pk}"]})  # nothing below a commune
    assert not form.is_valid() and "There is no unit in" in form.errors["view"][0]


def test_a_group_too_large_is_refused_with_a_request_to_narrow_it(unit, monkeypatch):
    from thidua.orgunits import picker

    monkeypatch.setattr(picker, "GROUP_LIMIT", 40)
    form = _Groups({"view": [f"below:{unit('H-HG').pk}:commune"]})
    assert not form.is_valid()
    assert form.errors["view"] == [
        "“Every commune below Tỉnh Hà Giang” holds 44 units, more than the 40 that can be "
        "chosen at once. Narrow it: choose the units of one kind, or those below a unit "
        "further down."
    ]


def test_expanding_groups_costs_the_same_few_queries_however_large(
    unit, user_named, django_assert_max_num_queries
):
    vn, hg = unit("VN"), unit("H-HG")
    tokens = [
        f"below:{vn.pk}:commune+ward+special_zone",
        f"below:{hg.pk}:commune",
        f"below:{vn.pk}",
    ]
    user = user_named("vn.approver")
    user = type(user).objects.get(pk=user.pk)  # roles not yet read
    with django_assert_max_num_queries(6):  # 2 for the roles, 4 for the groups
        form = _Groups({"view": tokens}, user=user)
        assert form.is_valid(), form.errors
    assert len(form.cleaned_data["view"]) > 3321
