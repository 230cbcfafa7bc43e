"""Unit pages and API: scoped browsing, search, refusals."""

import pytest
from django.urls import reverse

from thidua.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_the_unit_pages_need_a_signed_in_user(client, unit):
    response = client.get(reverse("orgunits:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("orgunits:detail", args=[unit("P42").pk])).status_code == 302


def test_an_outsider_sees_no_unit_and_no_unit_page(client_for, outsider, unit):
    c = client_for(outsider)
    assert c.get(reverse("orgunits:list")).status_code == 403
    assert c.get(reverse("orgunits:detail", args=[unit("P42").pk])).status_code == 403
    assert c.get(reverse("orgunits:children", args=[unit("P42").pk])).status_code == 403


def test_an_officer_cannot_open_a_sibling_unit(client_for, user_named, unit):
    c = client_for(user_named("bg.police"))
    assert c.get(reverse("orgunits:detail", args=[unit("H-BG-CA").pk])).status_code == 200
    assert c.get(reverse("orgunits:detail", args=[unit("H-BG-SNGV").pk])).status_code == 404


def test_an_officer_sees_the_ancestors_of_their_unit_by_name_only(client_for, user_named, unit):
    c = client_for(user_named("bg.police"))
    body = c.get(reverse("orgunits:detail", args=[unit("H-BG").pk])).content.decode()
    assert "you see its name only" in body
    assert "Sở Ngoại vụ" not in body


def test_search_finds_units_inside_the_reach_only(client_for, user_named):
    c = client_for(user_named("ht.bcd35"))
    body = c.get(reverse("orgunits:list"), {"q": "huong son"}).content.decode()
    assert "Huyện Hương Sơn" in body and "until" in body
    body = c.get(reverse("orgunits:list"), {"q": "huong son", "current": "1"}).content.decode()
    assert "Huyện Hương Sơn" not in body
    body = c.get(reverse("orgunits:list"), {"q": "bac giang"}).content.decode()
    assert "Tỉnh Bắc Giang" not in body


def test_the_tree_opens_a_node_with_htmx(client_for, superuser, unit):
    c = client_for(superuser)
    response = c.get(reverse("orgunits:children", args=[unit("H-HG").pk]), HTTP_HX_REQUEST="true")
    assert "Huyện Đồng Văn" in response.content.decode()


def test_the_unit_list_page_runs_a_bounded_number_of_queries(
    client_for, superuser, django_assert_max_num_queries
):
    # The page must answer 200 and list the units found: a 403 or a 500 also runs few
    # queries. "xa" (xã, commune) matches thousands of units: a full page of 50.
    c = client_for(superuser)
    with django_assert_max_num_queries(12):
        response = c.get(reverse("orgunits:list"), {"q": "xa"})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == OrgUnit.objects.search("xa").count() > 1000
    listed = list(page.object_list)
    assert len(listed) == 50
    body = response.content.decode()
    for found in listed:
        assert reverse("orgunits:detail", args=[found.pk]) in body


def test_the_api_lists_only_visible_units(client_for, outsider, user_named, unit):
    c = client_for(outsider)
    assert c.get("/api/units/").status_code == 403
    assert c.get(f"/api/units/{unit('P42').pk}/").status_code == 403
    c = client_for(user_named("hg.dongvan"))
    codes = {u["code"] for u in c.get("/api/units/", {"limit": 500}).json()["results"]}
    assert "H-HG-D-DV-01" in codes and "H-HG-D-MV" not in codes


def test_the_api_gives_subtree_and_ancestors(client_for, user_named, unit):
    c = client_for(user_named("hg.police"))
    sub = c.get(f"/api/units/{unit('H-HG-D-DV').pk}/subtree/").json()
    assert {u["code"] for u in sub["results"]} == {
        "H-HG-D-DV",
        "H-HG-D-DV-01",
        "H-HG-D-DV-02",
        "H-HG-D-DV-03",
        "H-HG-D-DV-04",
    }
    anc = c.get(f"/api/units/{unit('H-HG-D-DV-01').pk}/ancestors/").json()
    assert [u["code"] for u in anc] == ["VN", "H-HG", "H-HG-D-DV"]


def test_the_api_refuses_anonymous_callers(client, unit):
    assert client.get("/api/units/").status_code in (401, 403)
