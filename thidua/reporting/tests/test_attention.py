"""What the reporting app puts on the home page and on the reports list, with the S4 and
S5 demo personas: a report returned to the user's unit (with its reason), a report the
unit still owes (with its deadline), reports waiting for the user's approval."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from thidua.core.figures import format_day
from thidua.orgunits.models import OrgUnit
from thidua.reporting import services
from thidua.reporting.attention import reports_attention
from thidua.reporting.models import Period, Submission
from thidua.reporting.tests.test_workflow import GOOD

LUNG_CU = "H-HG-D-DV-01"
REASON = "Số mô hình chưa khớp với biên bản."


def _submit_lungcu(user_named, period: Period) -> Submission:
    return services.submission_save(
        user=user_named("hg.lungcu"),
        form=period.form,
        period=period,
        unit=OrgUnit.objects.get(code=LUNG_CU),
        values=GOOD,
        submit=True,
    )


def _returned(user_named, period: Period) -> Submission:
    sub = _submit_lungcu(user_named, period)
    return services.submission_return(user=user_named("hg.police"), submission=sub, reason=REASON)


def test_after_the_province_returns_lung_cus_report_its_home_shows_the_return_with_reason_and_link(
    client_for, user_named, s4_2024
):
    _returned(user_named, s4_2024)
    response = client_for(user_named("hg.lungcu")).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing needs your attention right now." not in body
    assert "report returned" in body
    assert f"Returned because: {REASON}" in body
    lungcu = OrgUnit.objects.get(code=LUNG_CU)
    assert f'href="{reverse("reporting:fill", args=[s4_2024.pk])}?unit={lungcu.pk}"' in body
    assert s4_2024.form.name in body
    assert s4_2024.form.code not in body


def test_a_missing_report_shows_on_the_home_page_as_missing_with_its_deadline(
    client_for, user_named, s4_2024
):
    response = client_for(user_named("hg.lungcu")).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Report missing: " in body
    assert f"deadline {format_day(s4_2024.deadline)}" in body
    assert s4_2024.deadline.isoformat() not in body


def test_a_missing_report_past_its_deadline_is_overdue_and_comes_before_one_not_yet_due(
    user_named, s4_2024
):
    items = reports_attention(user_named("hg.lungcu"), today=s4_2024.deadline + dt.timedelta(1))
    assert [(i.kind, i.severity) for i in items] == [("report overdue", "danger")]
    early = reports_attention(user_named("hg.lungcu"), today=s4_2024.deadline - dt.timedelta(30))
    assert [(i.kind, i.severity) for i in early] == [("report due", "info")]


def test_a_submitted_report_is_no_longer_owed_and_waits_at_the_provinces_home(
    client_for, user_named, s4_2024
):
    before = _waiting(user_named("hg.police"))
    _submit_lungcu(user_named, s4_2024)
    assert reports_attention(user_named("hg.lungcu")) == []
    assert _waiting(user_named("hg.police")) == before + 1
    shown = [i for i in reports_attention(user_named("hg.police")) if i.kind == "report to approve"]
    assert shown[0].title.startswith(f"Approve or return: {s4_2024.form.name}, 2024 — ")
    assert shown[0].url.startswith("/reporting/")


def _waiting(user) -> int:
    """Reports waiting for approval on the home page: one by one, then counted."""
    n = 0
    for i in reports_attention(user):
        if i.kind == "report to approve":
            counted = re.match(r"(\d+) more report", i.title)
            n += int(counted.group(1)) if counted else 1
    return n


def test_the_national_reporters_see_their_missing_report_and_nobody_approves_their_own(
    user_named, s5_form
):
    titles = [i.title for i in reports_attention(user_named("hanoi.reporter"))]
    assert any(t.startswith("Report missing: ") and s5_form.name in t for t in titles)
    # A district reporter whose own unit does not report on either form owes nothing.
    assert not [i for i in reports_attention(user_named("hg.dongvan")) if i.due]


def test_an_outsider_and_another_provinces_officer_get_nothing(user_named, s4_2024):
    _returned(user_named, s4_2024)
    assert reports_attention(user_named("outsider")) == []
    assert reports_attention(user_named("bg.police")) == []


def test_the_reports_list_marks_lung_cus_report_missing_and_does_not_offer_the_national_form(
    client_for, user_named, s4_2024, s5_form
):
    response = client_for(user_named("hg.lungcu")).get(reverse("reporting:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-state="missing"' in body
    assert f"was due {format_day(s4_2024.deadline)}" in body
    national = Period.objects.filter(form=s5_form).order_by("-end").first()
    assert reverse("reporting:fill", args=[national.pk]) not in body
    assert f'href="{reverse("reporting:fill", args=[s4_2024.pk])}" data-action="fill"' in body
    # and what it would have been offered is indeed refused
    assert client_for(user_named("hg.lungcu")).get(
        reverse("reporting:fill", args=[national.pk])
    ).status_code in {403, 404}


def test_the_reports_list_shows_a_return_reason_only_while_the_report_stays_returned(
    client_for, user_named, s4_2024
):
    returned = _returned(user_named, s4_2024)
    lungcu = client_for(user_named("hg.lungcu"))
    body = lungcu.get(reverse("reporting:home")).content.decode()
    assert 'data-state="returned"' in body and REASON in body
    again = services.submission_submit(user=user_named("hg.lungcu"), submission=returned)
    services.submission_approve(user=user_named("hg.police"), submission=again)
    response = lungcu.get(reverse("reporting:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-state="approved"' in body
    assert REASON not in body
    assert REASON not in lungcu.get(reverse("core:home")).content.decode()
