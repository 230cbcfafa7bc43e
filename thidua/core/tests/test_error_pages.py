"""Error pages in the site's layout, in the reader's language: 404 with the navigation,
500 as self-contained HTML that needs neither the database nor a context processor."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

NOT_FOUND = [
    "This page does not exist, or it is not yours to see",
    "Back to the home page",
]
SERVER_ERROR = ["Something went wrong on our side", "Back to the home page"]


def _in(body: str, msgids: list[str]) -> None:
    """Each message is there in the active language, and not in English once translated."""
    for msgid in msgids:
        shown = gettext(msgid)
        assert shown in body, msgid
        if shown != msgid:
            assert msgid not in body


@override_settings(DEBUG=False)
def test_a_page_that_does_not_exist_answers_404_in_vietnamese_in_the_layout_with_its_navigation(
    client_for, user_named
):
    c = client_for(user_named("hg.lungcu"))
    response = c.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    body = response.content.decode()
    with translation.override("vi"):
        _in(body, NOT_FOUND)
        assert f">{gettext('Plans')}</a>" in body  # the main navigation
        assert f">{gettext('Reports')}</a>" in body
    assert 'id="mainnav"' in body
    assert ">Plans</a>" not in body and ">Home</a>" not in body
    assert 'lang="vi"' in body


@override_settings(DEBUG=False)
def test_a_record_out_of_reach_answers_the_same_404_page(client_for, user_named):
    response = client_for(user_named("hg.lungcu")).get("/reporting/reports/999999/")
    assert response.status_code == 404
    _in(response.content.decode(), NOT_FOUND)


@override_settings(DEBUG=False)
def test_the_server_error_page_renders_without_the_database_in_the_readers_language():
    request = RequestFactory().get("/")
    with translation.override("vi"), CaptureQueriesContext(connection) as queries:
        response = server_error(request)
        body = response.content.decode()
        _in(body, SERVER_ERROR)
    assert response.status_code == 500
    assert len(queries) == 0
    assert "/static/thidua/app.css" in body
    assert 'href="/"' in body
