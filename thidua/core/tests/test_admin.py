"""The administrator's screens: catalogues open for a superuser, closed to others."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/orgunits/orgunit/",
    "/admin/orgunits/orgunit/?q=ha+giang",
    "/admin/orgunits/unitkind/",
    "/admin/accounts/user/",
    "/admin/accounts/roleassignment/",
    "/admin/documents/documenttype/",
    "/admin/documents/document/",
    "/admin/core/changerecord/",
]


@pytest.mark.parametrize("url", PAGES)
def test_the_admin_lists_open_for_a_superuser(client_for, superuser, url):
    assert client_for(superuser).get(url).status_code == 200


def test_the_admin_edit_page_of_a_unit_opens(client_for, superuser, unit):
    assert (
        client_for(superuser).get(f"/admin/orgunits/orgunit/{unit('H-HG').pk}/change/").status_code
        == 200
    )


@pytest.mark.parametrize("url", PAGES[:3])
def test_the_admin_is_closed_to_officers(client_for, province_supervisor, url):
    response = client_for(province_supervisor).get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
