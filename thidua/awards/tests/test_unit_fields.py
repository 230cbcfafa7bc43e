"""The units of the awards pages are chosen with the unit picker: the registry's search
(a GET form) and the granting unit of a decision."""

import pytest
from django.urls import reverse

from thidua.awards.models import AwardDecision, Nomination

pytestmark = pytest.mark.django_db


def _chip(unit, name="unit"):
    return f'type="hidden" name="{name}" value="{unit.pk}"'


# ---- the registry's search -----------------------------------------------------------------


def test_the_registry_is_searched_by_a_unit_chosen_by_id_and_the_chip_is_shown_again(
    s_demo, client_for, user_named, unit
):
    c = client_for(user_named("hg.chair"))
    district = unit("H-HG-D-DV")
    # The chip's id and the empty text box both travel in the query string.
    r = c.get(reverse("awards:home"), {"unit": [str(district.pk), ""]})
    assert r.status_code == 200
    codes = {a.recipient_unit.code for a in r.context["awards"]}
    assert codes == {"H-HG-D-DV-01", "H-HG-D-DV-02"}
    body = r.content.decode()
    assert _chip(district) in body and "Huyện Đồng Văn" in body
    # The next page keeps the unit.
    assert f"unit={district.pk}" in r.context["querystring_without_page"]


def test_the_registry_takes_a_unit_typed_by_name(s_demo, client_for, user_named, unit):
    c = client_for(user_named("hg.chair"))
    by_id = c.get(reverse("awards:home"), {"unit": unit("H-HG-D-DV").pk})
    typed = c.get(reverse("awards:home"), {"unit": "huyen dong van"})
    assert typed.status_code == 200 and typed.context["form"].is_valid()
    assert typed.context["form"].cleaned_data["unit"] == unit("H-HG-D-DV")
    assert [a.pk for a in typed.context["awards"]] == [a.pk for a in by_id.context["awards"]]


def test_the_registry_refuses_a_unit_the_user_may_not_see(s_demo, client_for, user_named, unit):
    r = client_for(user_named("bg.police")).get(
        reverse("awards:home"), {"unit": unit("H-HG-D-DV").pk}
    )
    assert r.status_code == 200
    assert r.context["form"].errors["unit"] == [
        "A chosen unit is outside the units you may see. Type part of the name and choose "
        "the unit from the list."
    ]
    body = r.content.decode()
    assert "A chosen unit is outside the units you may see" in body
    assert "Huyện Đồng Văn" not in body  # a unit he may not see is not named


def test_an_outsider_is_refused_the_registry_search(s_demo, client_for, outsider, unit):
    r = client_for(outsider).get(reverse("awards:home"), {"unit": unit("H-HG-D-DV").pk})
    assert r.status_code == 403


# ---- the granting unit of a decision -------------------------------------------------------


def test_an_officer_of_one_granting_unit_finds_it_chosen_already(s_demo, client_for, user_named):
    r = client_for(user_named("hg.front")).get(reverse("awards:decision-new"))
    assert r.status_code == 200
    front = r.context["unit"]
    assert front.code == "H-HG-MTTQ"
    body = r.content.decode()
    assert _chip(front, "authority_unit") in body
    assert 'data-url="/units/pick/?purpose=approve"' in body
    assert '<select name="authority_unit"' not in body  # no select box of units


def test_the_granting_unit_is_chosen_by_id_or_by_name_and_its_nominations_listed(
    s_demo, client_for, user_named, unit
):
    c = client_for(user_named("hg.chair"))
    ubnd = unit("H-HG-UBND")
    waiting = Nomination.objects.get(status="at_authority", authority_unit=ubnd)
    url = reverse("awards:decision-new")
    for asked in ([str(ubnd.pk), ""], "uy ban nhan dan tinh ha giang"):
        r = c.get(url, {"authority_unit": asked})
        assert r.status_code == 200
        assert r.context["unit"] == ubnd
        assert [n for n, _v in r.context["verdicts"]] == [waiting]
        assert _chip(ubnd, "authority_unit") in r.content.decode()
    # Another of his granting units: its own (none waiting).
    r = c.get(url, {"authority_unit": unit("H-HG-CA").pk})
    assert r.context["unit"] == unit("H-HG-CA") and r.context["verdicts"] == []


def test_a_granting_unit_outside_the_approvers_reach_is_refused_with_the_pickers_message(
    s_demo, client_for, user_named, unit
):
    r = client_for(user_named("hg.front")).get(
        reverse("awards:decision-new"), {"authority_unit": unit("H-HG-UBND").pk}
    )
    assert r.status_code == 200
    assert r.context["chooser"].errors["authority_unit"] == [
        "You are not an approver of Ủy ban nhân dân tỉnh Hà Giang. Choose a unit where you "
        "approve (Ủy ban MTTQ Việt Nam tỉnh Hà Giang), or ask an approver of that unit to do it."
    ]
    assert r.context["unit"] is None and r.context["verdicts"] == []
    assert 'data-action="issue_decision"' not in r.content.decode()


def test_a_unit_without_a_granting_power_is_refused(s_demo, client_for, user_named, unit):
    r = client_for(user_named("hg.chair")).get(
        reverse("awards:decision-new"), {"authority_unit": unit("H-HG").pk}
    )
    assert r.status_code == 200
    assert r.context["chooser"].errors["authority_unit"] == [
        "Tỉnh Hà Giang holds no power to grant awards: choose a unit that does."
    ]


def _decision_post(unit_pk, nominations, **over):
    data = {
        "authority_unit": unit_pk,
        "authority_title": "Chủ tịch UBND tỉnh Hà Giang",
        "symbol": "555/QĐ-UBND",
        "decided_on": "2025-06-20",
        "place": "Hà Giang",
        "signer": "",
        "occasion": "annual",
        "movement": "",
        "reason": "",
        "nominations": [n.pk for n in nominations],
    }
    data.update(over)
    return data


def test_the_decision_is_issued_by_the_granting_unit_the_page_carries(
    s_demo, client_for, user_named, unit
):
    c = client_for(user_named("hg.chair"))
    ubnd = unit("H-HG-UBND")
    waiting = Nomination.objects.get(status="at_authority", authority_unit=ubnd)
    r = c.post(reverse("awards:decision-new"), _decision_post(ubnd.pk, [waiting]))
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    decision = AwardDecision.objects.get(document__symbol="555/QĐ-UBND")
    assert decision.authority_unit == ubnd
    waiting.refresh_from_db()
    assert waiting.status == Nomination.Status.DECIDED


def test_a_decision_posted_for_a_unit_outside_reach_is_refused_above_the_form(
    s_demo, client_for, user_named, unit
):
    ubnd = unit("H-HG-UBND")
    waiting = Nomination.objects.get(status="at_authority", authority_unit=ubnd)
    r = client_for(user_named("hg.front")).post(
        reverse("awards:decision-new"), _decision_post(ubnd.pk, [waiting])
    )
    assert r.status_code == 200
    assert "You are not an approver of Ủy ban nhân dân tỉnh Hà Giang" in " ".join(
        r.context["form"].non_field_errors()
    )
    assert not AwardDecision.objects.filter(document__symbol="555/QĐ-UBND").exists()


def test_an_outsider_is_refused_the_decision_page(s_demo, client_for, outsider, unit):
    c = client_for(outsider)
    url = reverse("awards:decision-new")
    assert c.get(url, {"authority_unit": unit("H-HG-UBND").pk}).status_code == 403
    assert c.post(url, {"authority_unit": unit("H-HG-UBND").pk}).status_code == 403
