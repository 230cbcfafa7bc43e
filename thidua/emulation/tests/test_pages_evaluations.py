"""Evaluation pages and endpoints: scoring, finalising and reopening, refusals in words."""

import datetime as dt

import pytest

from thidua.emulation.attention import attention
from thidua.emulation.models import Evaluation, Movement

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def s5(s_demo):
    return Movement.objects.get(code="toan-dan-bao-ve-antq")


def _evaluation(code: str) -> Evaluation:
    return Evaluation.objects.get(unit__code=code, year=2025, person__isnull=True)


def test_a_unit_self_assesses_on_its_page_and_its_reviewer_reviews_it(client_for, user_named, s5):
    e = _evaluation("BGDDT")
    url = f"/emulation/evaluations/{e.pk}/"
    moet = client_for(user_named("moet.reporter"))
    data = {"version": e.version}
    for c in e.group.criteria.all():
        data[f"score_{c.pk}"], data[f"text_{c.pk}"] = "20", "Kế hoạch số 12"
    assert moet.post(url, {**data, "submit": "1"}).status_code == 302
    e.refresh_from_db()
    assert e.status == "self_assessed"
    bca = client_for(user_named("bca.movement"))  # the same test client, signed in again
    page = bca.get(url).content.decode()
    assert 'data-action="review"' in page and 'data-action="self_assess"' not in page
    assert bca.post(url, {"version": e.version, "note": "Đạt"}).status_code == 302
    e.refresh_from_db()
    assert e.status == "reviewed"
    # Too late for the unit to change its scores now: said on the page, nothing saved.
    moet = client_for(user_named("moet.reporter"))
    again = moet.post(url, {**data, "version": e.version}, follow=True)
    assert "it can no longer be self-assessed" in again.content.decode()
    assert Evaluation.objects.get(pk=e.pk).version == e.version


def test_a_stale_score_form_is_refused_on_the_form(client_for, user_named, s5):
    e = _evaluation("BGDDT")
    c = e.group.criteria.first()
    stale = client_for(user_named("moet.reporter")).post(
        f"/emulation/evaluations/{e.pk}/", {"version": e.version + 3, f"score_{c.pk}": "10"}
    )
    assert stale.status_code == 200 and "Someone else changed this" in stale.content.decode()


def test_reopening_from_the_page_needs_a_reason(client_for, user_named, s5):
    e = _evaluation("BQP")
    bca = client_for(user_named("bca.movement"))
    url = f"/emulation/evaluations/{e.pk}/reopen/"
    no_reason = bca.post(url, {"version": e.version, "note": " "}, follow=True)
    assert "Say why it is reopened." in no_reason.content.decode()
    assert _evaluation("BQP").status == "final"
    done = bca.post(url, {"version": e.version, "note": "Sai minh chứng"})
    assert done.status_code == 302 and done["Location"] == f"/emulation/evaluations/{e.pk}/"
    e.refresh_from_db()
    assert (e.status, e.rank, e.final_total) == ("draft", None, None)
    # The group's ranking closed up: BYT leads.
    assert _evaluation("BYT").rank == 1


def test_reopening_is_refused_to_an_outsider_and_to_another_unit(client_for, user_named, s5):
    e = _evaluation("BQP")
    for name, status in (("outsider", 403), ("ht.bcd35", 404)):
        c = client_for(user_named(name))
        assert c.post(f"/emulation/evaluations/{e.pk}/reopen/", {"note": "x"}).status_code == status
        api = c.post(
            f"/api/emulation/evaluations/{e.pk}/reopen/",
            {"version": e.version, "note": "x"},
            content_type=JSON,
        )
        assert api.status_code == status
    assert _evaluation("BQP").status == "final"


def test_reopening_through_the_api_carries_the_version_and_a_reason(client_for, user_named, s5):
    e = _evaluation("P01")
    url = f"/api/emulation/evaluations/{e.pk}/reopen/"
    unit = client_for(user_named("hanoi.reporter")).post(
        url, {"version": e.version, "note": "x"}, content_type=JSON
    )
    assert unit.status_code == 403 and "reviewer or the movement's owner" in unit.json()["detail"]
    bca = client_for(user_named("bca.movement"))
    missing = bca.post(url, {"version": e.version}, content_type=JSON)
    assert missing.status_code == 400 and "note" in missing.json()["errors"]
    stale = bca.post(url, {"version": e.version - 1, "note": "x"}, content_type=JSON)
    assert stale.status_code == 409
    ok = bca.post(url, {"version": e.version, "note": "Bổ sung minh chứng"}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["status"] == "draft"
    draft = bca.post(url, {"version": ok.json()["version"], "note": "x"}, content_type=JSON)
    assert draft.status_code == 400 and "nothing to reopen" in draft.json()["detail"]


def test_the_api_refuses_a_round_or_prize_of_another_contest_in_the_one_error_shape(
    client_for, user_named, s5
):
    from thidua.emulation.models import Contest

    entry = Contest.objects.get(year=2023).entries.first()
    other = Contest.objects.get(year=2022)
    judge = client_for(user_named("ht.bcd35"))
    r = judge.post(
        f"/api/emulation/entries/{entry.pk}/select/",
        {"round": other.rounds.first().pk},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert r.json()["errors"] == {"round": ["That round belongs to another contest."]}
    p = judge.post(
        f"/api/emulation/entries/{entry.pk}/prize/",
        {"prize": other.prizes.first().pk, "version": entry.version},
        content_type=JSON,
    )
    assert p.status_code == 400 and "prize" in p.json()["errors"]


def test_the_home_page_lists_final_results_whose_figures_changed_for_who_may_reopen_them(
    user_named, s5
):
    e = _evaluation("P42")
    Evaluation.objects.filter(pk=e.pk).update(figures_changed_on=dt.date(2026, 3, 2))
    titles = [i.title for i in attention(user_named("bca.movement"))]
    assert any("changed on 02/03/2026: reopen it to score again" in t for t in titles)
    assert not any("changed on" in i.title for i in attention(user_named("hanoi.reporter")))
    assert attention(user_named("outsider")) == []
