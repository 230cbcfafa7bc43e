"""Urging asks for an optional note and says after whom it reached; irreversible buttons
ask first (``data-confirm``, handled for every form by ``static/thidua/confirm.js``,
loaded from the layout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from thidua.core.models import Notification
from thidua.core.testing import loaded_once_per_module
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Period, Submission

pytestmark = pytest.mark.django_db

NOTE = "Đề nghị nộp trước thứ Sáu."


_s4_loaded = loaded_once_per_module(("reporting",))


@pytest.fixture
def s4(db, _s4_loaded) -> Period:
    return Period.objects.get(form__code="hg-antq-annual", year=2024)


def test_every_page_loads_the_one_script_that_asks_before_a_form_submits(client_for, user_named):
    response = client_for(user_named("hg.lungcu")).get(reverse("core:home"))
    assert response.status_code == 200
    assert 'src="/static/thidua/confirm.js"' in response.content.decode()
    script = Path(finders.find("thidua/confirm.js")).read_text(encoding="utf-8")
    assert "data-confirm" in script and "data-note" in script and "showModal" in script


def test_the_approve_button_asks_for_confirmation_in_the_readers_language(
    client_for, user_named, s4
):
    sub = Submission.objects.filter(period=s4, status="submitted", is_current=True).first()
    c = client_for(user_named("hg.police"))
    response = c.get(reverse("reporting:submission", args=[sub.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    msgid = "Approve this report? It is locked once approved and counts in the synthesis at once."
    with translation.override("vi"):
        assert f'data-action="approve" data-confirm="{gettext(msgid)}"' in response.content.decode()


def test_urging_missing_reports_sends_the_note_and_says_whom_it_reached(client_for, user_named, s4):
    lungcu, sung_la = (
        OrgUnit.objects.get(code="H-HG-D-DV-01"),
        OrgUnit.objects.get(code="H-HG-D-DV-02"),
    )
    c = client_for(user_named("hg.police"))
    page = c.get(reverse("reporting:completeness", args=[s4.pk]))
    assert page.status_code == 200
    assert 'data-action="urge" data-note="Message (optional)"' in page.content.decode()
    response = c.post(
        reverse("reporting:urge", args=[s4.pk]),
        {"units": [lungcu.pk, sung_la.pk], "message": NOTE},
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 units urged; 1 has no officer to notify: " + sung_la.name in body
    note = Notification.objects.get(user=user_named("hg.lungcu"), kind="report")
    assert note.body == NOTE


def test_an_officer_of_another_province_cannot_urge_and_nothing_is_sent(client_for, user_named, s4):
    lungcu = OrgUnit.objects.get(code="H-HG-D-DV-01")
    response = client_for(user_named("bg.police")).post(
        reverse("reporting:urge", args=[s4.pk]), {"units": [lungcu.pk], "message": NOTE}
    )
    assert response.status_code in {403, 404}
    assert not Notification.objects.filter(kind="report").exists()
