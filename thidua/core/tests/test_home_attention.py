"""The home page tells each demo persona what to do next: tasks due and overdue, answers
owed on issues, reports owed or waiting for approval, nominations at their step,
evaluations to self-assess or review; grouped by urgency, the most urgent first, each with
a link, a translated label and its deadline as dd/mm/yyyy. (The reporting items have their
own tests in ``thidua/reporting/tests/test_attention.py``.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from thidua.core.registry import AttentionItem
from thidua.core.selectors import attention_groups, attention_items
from thidua.core.testing import loaded_once_per_module

pytestmark = pytest.mark.django_db

DAY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


_scenarios_loaded = loaded_once_per_module(
    ("plans", "concerns", "reporting", "emulation", "awards")
)


@pytest.fixture
def scenarios(db, _scenarios_loaded) -> None:
    pass


def _home(client_for, user_named, username: str) -> str:
    response = client_for(user_named(username)).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def _attention(body: str) -> str:
    """The "what to do next" card of a home page."""
    start = body.index('id="attention-h"')
    return body[start : body.index("</section>", start)]


def test_the_supervisor_sees_the_overdue_task_and_the_plan_with_late_units_first(
    client_for, user_named, scenarios
):
    card = _attention(_home(client_for, user_named, "bg.supervisor"))
    assert "Overdue or sent back: act first" in card
    assert "overdue task" in card and "late units" in card
    assert "deadline 30/12/2023" in card
    assert 'href="/plans/' in card
    assert "2023-12-30" not in card


def test_an_officer_who_owes_an_answer_sees_it_with_its_deadline(client_for, user_named, scenarios):
    card = _attention(_home(client_for, user_named, "ht.stp"))
    assert "answer owed" in card
    assert 'href="/concerns/' in card
    assert DAY.search(card)


def test_a_supervisor_of_issues_sees_how_many_answers_are_overdue_in_a_sentence(
    client_for, user_named, scenarios
):
    card = _attention(_home(client_for, user_named, "ht.hdnd"))
    assert re.search(r"\d+ issues? whose answers? (is|are) overdue", card)


def test_a_ministry_reporter_sees_its_missing_report_and_its_evaluation_to_self_assess(
    client_for, user_named, scenarios
):
    card = _attention(_home(client_for, user_named, "moet.reporter"))
    assert "report overdue" in card and "deadline 30/11/2026" in card
    assert "evaluation" in card and "Self-assess" in card
    # overdue first: the report's group comes before the evaluation's
    assert card.index("report overdue") < card.index("Self-assess")
    assert "antq-movement-national" not in card


def test_the_province_decides_nominations_and_approves_reports_from_its_home(
    client_for, user_named, scenarios
):
    card = _attention(_home(client_for, user_named, "hg.chair"))
    assert "nomination" in card and 'href="/awards/' in card
    assert "report to approve" in card and "more reports wait for your approval" in card
    assert "hg-antq-annual" not in card


def test_the_home_badges_are_labels_in_the_readers_language_never_codes(
    client_for, user_named, scenarios
):
    c = client_for(user_named("hg.lungcu"))
    response = c.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    badges = re.findall(r'class="badge badge-\w+">([^<]+)<', _attention(response.content.decode()))
    assert badges
    with translation.override("vi"):
        assert gettext("report overdue") in badges
    assert "report" not in badges


def test_items_are_grouped_by_urgency_and_within_a_group_the_soonest_deadline_first():
    items = [
        AttentionItem("later", "/c", "k", "info"),
        AttentionItem("soon", "/b", "k", "warning", due=dt.date(2026, 5, 2)),
        AttentionItem("sooner", "/b", "k", "warning", due=dt.date(2026, 5, 1)),
        AttentionItem("late", "/a", "k", "danger", due=dt.date(2026, 4, 1)),
    ]
    from thidua.core import selectors

    ordered = sorted(items, key=selectors._urgency)
    groups = attention_groups(ordered)
    assert [g.severity for g in groups] == ["danger", "warning", "info"]
    assert [i.title for i in groups[1].items] == ["sooner", "soon"]


def test_the_home_page_reads_a_bounded_number_of_queries(
    client_for, user_named, scenarios, django_assert_max_num_queries
):
    for username in ("hg.chair", "moet.reporter", "bg.supervisor"):
        c = client_for(user_named(username))
        with django_assert_max_num_queries(40):
            assert c.get(reverse("core:home")).status_code == 200


def test_an_outsider_gets_nothing_to_do(client_for, user_named, scenarios):
    assert attention_items(user=user_named("outsider")) == []
    card = _attention(_home(client_for, user_named, "outsider"))
    assert "Nothing needs your attention right now." in card
