"""Every page and endpoint: an outsider is refused; a unit reaches only its own; query counts."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from thidua.awards.models import AwardDecision, AwardType, Nomination, Person
from thidua.emulation.models import Contest, Evaluation, Movement

pytestmark = pytest.mark.django_db


def _objects():
    return {
        "movement": Movement.objects.get(code="toan-dan-bao-ve-antq").pk,
        "evaluation": Evaluation.objects.get(unit__code="P42").pk,
        "contest": Contest.objects.get(year=2023).pk,
        "person": Person.objects.get(full_name__startswith="Lý Văn Thành").pk,
        "nomination": Nomination.objects.get(status="at_authority").pk,
        "decision": AwardDecision.objects.get(document__symbol="901/QĐ-UBND").pk,
        "type": AwardType.objects.get(code="bk-tinh").pk,
    }


PRIVATE_PAGES = [
    ("emulation:evaluation", "evaluation"),
    ("awards:person", "person"),
    ("awards:nomination", "nomination"),
    ("awards:decision", "decision"),
    ("awards:decision-xlsx", "decision"),
    ("awards:decision-docx", "decision"),
]
PRIVATE_API = [
    "/api/emulation/evaluations/{evaluation}/",
    "/api/awards/people/{person}/",
    "/api/awards/nominations/{nomination}/",
    "/api/awards/decisions/{decision}/",
    "/api/awards/people/{person}/eligibility/",
    "/api/awards/nominations/{nomination}/eligibility/",
]


@pytest.mark.parametrize(("name", "key"), PRIVATE_PAGES)
def test_an_outsider_and_a_sibling_unit_are_refused_every_private_page(
    s_demo, client_for, user_named, name, key
):
    url = reverse(name, args=[_objects()[key]])
    for who in ("outsider", "moet.reporter"):
        assert client_for(user_named(who)).get(url).status_code in (403, 404), (who, url)


@pytest.mark.parametrize("template", PRIVATE_API)
def test_an_outsider_and_a_sibling_unit_are_refused_every_private_endpoint(
    s_demo, client_for, user_named, template
):
    url = template.format(**_objects())
    for who in ("outsider", "moet.reporter"):
        assert client_for(user_named(who)).get(url).status_code in (403, 404), (who, url)


def test_lists_refuse_an_outsider(s_demo, client_for, user_named):
    """Someone holding no role anywhere is refused at the door, pages and API alike."""
    c = client_for(user_named("outsider"))
    for url in (
        "/api/emulation/evaluations/",
        "/api/emulation/pledges/",
        "/api/awards/registry/",
        "/api/awards/nominations/",
        "/api/awards/decisions/",
        "/api/awards/people/",
    ):
        assert c.get(url).status_code == 403, url
    for name in (
        "emulation:list",
        "awards:home",
        "awards:people",
        "awards:nominations",
        "awards:decisions",
        "awards:types",
        "emulation:contests",
    ):
        assert c.get(reverse(name)).status_code == 403, name
    assert c.get(reverse("awards:decision-new")).status_code == 403
    assert client_for(user_named("outsider")).post(
        "/api/awards/nominations/1/forward/", {"version": 1}, content_type="application/json"
    ).status_code in (403, 404)


def test_anonymous_users_are_sent_to_sign_in(s_demo, client):
    assert client.get(reverse("awards:home")).status_code == 302
    assert client.get("/api/awards/registry/").status_code in (401, 403)


def test_pages_render_for_their_officers(s_demo, client_for, user_named, unit):
    o = _objects()
    chair = client_for(user_named("hg.chair"))
    for url in (
        reverse("awards:nomination", args=[o["nomination"]]),
        reverse("awards:decision", args=[o["decision"]]),
        reverse("awards:person", args=[o["person"]]),
        reverse("awards:unit", args=[unit("H-HG-D-DV-01").pk]),
        reverse("awards:decision-new"),
        reverse("awards:type", args=[o["type"]]),
        reverse("awards:nomination-new"),
    ):
        response = chair.get(url)
        assert response.status_code == 200, url
    bca = client_for(user_named("bca.movement"))
    for url in (
        reverse("emulation:movement", args=[o["movement"]]),
        reverse("emulation:evaluation", args=[o["evaluation"]]),
        reverse("emulation:contest", args=[o["contest"]]),
    ):
        assert bca.get(url).status_code == 200, url
    chair = client_for(user_named("hg.chair"))  # the test client is shared: sign in again
    page = chair.get(reverse("awards:nomination", args=[o["nomination"]])).content.decode()
    assert "needs 2 consecutive CSTĐCS up to 2025; has 2024 and 2025" in page


def test_list_pages_keep_their_query_counts(
    s_demo, client_for, superuser, django_assert_max_num_queries
):
    # Each page must answer 200 and show its rows: a 403 or a 500 also runs few queries.
    c = client_for(superuser)
    o = _objects()
    contest = Contest.objects.get(pk=o["contest"])
    movement = Movement.objects.get(pk=o["movement"])
    waiting = Nomination.objects.get(pk=o["nomination"]).person.full_name
    pages = {
        reverse("awards:home"): [waiting],
        reverse("awards:nominations"): [
            n.person.full_name for n in Nomination.objects.filter(person__isnull=False)
        ],
        reverse("awards:decisions"): [d.document.symbol for d in AwardDecision.objects.all()],
        reverse("awards:people"): [p.full_name for p in Person.objects.all()],
        reverse("awards:types"): [t.name for t in AwardType.objects.all()],
        reverse("emulation:list"): [
            *(m.name for m in Movement.objects.all()),
            *(x.name for x in Contest.objects.all()),
        ],
        reverse("emulation:contest", args=[contest.pk]): [contest.name],
    }
    for url, shown in pages.items():
        assert shown, url
        with django_assert_max_num_queries(25):
            response = c.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for text in shown:
            assert escape(text) in body, (url, text)
    with django_assert_max_num_queries(40):
        response = c.get(reverse("emulation:movement", args=[movement.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(movement.name) in body and movement.pledges.exists()
    for pledge in movement.pledges.select_related("unit"):
        assert escape(pledge.unit.name) in body
