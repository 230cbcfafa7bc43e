"""API for pledges, contest entries and reported figures, scoped like the pages."""

import pytest

from thidua.emulation.models import Contest, Entry, Movement, Pledge, RoundTally

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def s5(s_demo):
    return Movement.objects.get(code="toan-dan-bao-ve-antq")


@pytest.fixture
def contest(s_demo):
    return Contest.objects.get(year=2023)


def test_pledges_are_listed_by_movement_and_edited_with_their_version(
    client_for, user_named, s5, django_assert_max_num_queries
):
    c = client_for(user_named("hanoi.reporter"))
    with django_assert_max_num_queries(10):
        response = c.get(f"/api/emulation/pledges/?movement={s5.pk}&year=2025")
    assert response.status_code == 200
    listed = response.json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["unit"] for r in rows] == [Pledge.objects.get(unit__code="P01", year=2025).unit_id]
    pledge = Pledge.objects.get(unit__code="P01", year=2025)
    url = f"/api/emulation/pledges/{pledge.pk}/"
    ok = c.patch(url, {"targets": "Mục tiêu API", "version": pledge.version}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["targets"] == "Mục tiêu API"
    stale = c.patch(url, {"targets": "x", "version": pledge.version}, content_type=JSON)
    assert stale.status_code == 409
    blank = c.patch(url, {"targets": " ", "version": ok.json()["version"]}, content_type=JSON)
    assert blank.status_code == 400
    wrong_group = c.patch(
        url, {"group": 999999, "version": ok.json()["version"]}, content_type=JSON
    )
    assert wrong_group.status_code == 400
    assert Pledge.objects.get(pk=pledge.pk).targets == "Mục tiêu API"


def test_a_pledge_of_another_unit_cannot_be_changed_through_the_api(client_for, user_named, s5):
    pledge = Pledge.objects.get(unit__code="P01", year=2025)
    c = client_for(user_named("ht.bcd35"))
    r = c.patch(
        f"/api/emulation/pledges/{pledge.pk}/",
        {"targets": "x", "version": pledge.version},
        content_type=JSON,
    )
    assert r.status_code == 404
    owner = client_for(user_named("bca.movement"))  # sees it, may not change it
    r = owner.patch(
        f"/api/emulation/pledges/{pledge.pk}/",
        {"targets": "x", "version": pledge.version},
        content_type=JSON,
    )
    assert r.status_code == 403
    assert Pledge.objects.get(pk=pledge.pk).targets != "x"


def test_entries_register_select_and_win_a_prize_through_the_api(
    client_for, user_named, unit, contest
):
    hs = client_for(user_named("ht.huongson"))
    created = hs.post(
        "/api/emulation/entries/",
        {
            "contest": contest.pk,
            "title": "Bài API",
            "author": "Tác giả",
            "unit": unit("P42-D-HS").pk,
        },
        content_type=JSON,
    )
    assert created.status_code == 201
    entry = created.json()
    rounds = {r.level: r.pk for r in contest.rounds.all()}
    assert entry["rounds"] == [rounds["commune"]]
    # The district does not judge; the provincial committee does.
    refused = hs.post(
        f"/api/emulation/entries/{entry['id']}/select/",
        {"round": rounds["district"]},
        content_type=JSON,
    )
    assert refused.status_code == 403
    judge = client_for(user_named("ht.bcd35"))
    skipped = judge.post(
        f"/api/emulation/entries/{entry['id']}/select/",
        {"round": rounds["province"]},
        content_type=JSON,
    )
    assert skipped.status_code == 400
    selected = judge.post(
        f"/api/emulation/entries/{entry['id']}/select/",
        {"round": rounds["district"]},
        content_type=JSON,
    )
    assert selected.status_code == 200 and rounds["district"] in selected.json()["rounds"]
    prize = contest.prizes.get(name="Giải C")
    won = judge.post(
        f"/api/emulation/entries/{entry['id']}/prize/",
        {"prize": prize.pk, "version": selected.json()["version"]},
        content_type=JSON,
    )
    assert won.status_code == 200 and won.json()["prize"] == prize.pk
    stale = judge.post(
        f"/api/emulation/entries/{entry['id']}/prize/",
        {"prize": None, "version": selected.json()["version"]},
        content_type=JSON,
    )
    assert stale.status_code == 409
    assert Entry.objects.get(pk=entry["id"]).prize == prize
    listed = judge.get(f"/api/emulation/entries/?contest={contest.pk}").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert entry["id"] in [r["id"] for r in rows]


def test_bad_entry_input_is_refused_and_writes_nothing(client_for, user_named, unit, contest):
    hs = client_for(user_named("ht.huongson"))
    before = Entry.objects.count()
    r = hs.post(
        "/api/emulation/entries/",
        {"contest": contest.pk, "title": "", "author": "x", "unit": unit("P42-D-HS").pk},
        content_type=JSON,
    )
    assert r.status_code == 400 and "title" in r.json()["errors"]
    other = hs.post(
        "/api/emulation/entries/",
        {"contest": contest.pk, "title": "x", "author": "x", "unit": unit("P42-D-CL").pk},
        content_type=JSON,
    )
    assert other.status_code == 403
    assert Entry.objects.count() == before


def test_figures_are_reported_and_corrected_with_their_version(
    client_for, user_named, unit, contest
):
    c = client_for(user_named("ht.bcd35"))
    province = contest.rounds.get(level="province")
    tally = RoundTally.objects.get(round=province, unit__code="P42")
    r = c.post(
        "/api/emulation/tallies/",
        {
            "round": province.pk,
            "unit": unit("P42").pk,
            "entries": 7700,
            "expected_version": tally.version,
        },
        content_type=JSON,
    )
    assert r.status_code == 201 and r.json()["entries"] == 7700
    stale = c.post(
        "/api/emulation/tallies/",
        {
            "round": province.pk,
            "unit": unit("P42").pk,
            "entries": 1,
            "expected_version": tally.version,
        },
        content_type=JSON,
    )
    assert stale.status_code == 409
    assert RoundTally.objects.get(pk=tally.pk).entries == 7700
    negative = c.post(
        "/api/emulation/tallies/",
        {"round": province.pk, "unit": unit("P42-D-HS").pk, "entries": -3},
        content_type=JSON,
    )
    assert negative.status_code == 400


def test_an_outsider_and_another_province_get_nothing(
    client_for, outsider, user_named, unit, contest
):
    out = client_for(outsider)
    for url in ("/api/emulation/pledges/", "/api/emulation/entries/", "/api/emulation/tallies/"):
        assert out.get(url).status_code == 403
        assert out.post(url, {}, content_type=JSON).status_code == 403
    hanoi = client_for(user_named("hanoi.reporter"))
    listed = hanoi.get(f"/api/emulation/entries/?contest={contest.pk}").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    entry = contest.entries.first()
    assert hanoi.get(f"/api/emulation/entries/{entry.pk}/").status_code == 404
    r = hanoi.post(
        "/api/emulation/tallies/",
        {"round": contest.rounds.first().pk, "unit": unit("P01").pk, "entries": 5},
        content_type=JSON,
    )
    assert r.status_code == 403
