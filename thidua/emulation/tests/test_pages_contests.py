"""Contest pages: create a contest with rounds and prizes, register and select entries,
award prizes, report and correct figures per unit and round."""

import pytest

from thidua.emulation.models import Contest, Entry, RoundTally

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(s_demo):
    return Contest.objects.get(year=2023)


@pytest.fixture
def bcd35(client_for, user_named):
    return client_for(user_named("ht.bcd35"))


def _contest_post(unit, **over):
    data = {
        "name": "Cuộc thi tìm hiểu pháp luật",
        "year": 2025,
        "unit": unit.pk,
        "organiser": "",
        "topic": "",
        "prizes": "Giải Nhất\nGiải Nhì\n\nGiải Ba",
        "rounds-TOTAL_FORMS": 4,
        "rounds-INITIAL_FORMS": 0,
        "rounds-MIN_NUM_FORMS": 0,
        "rounds-MAX_NUM_FORMS": 10,
        "rounds-0-level": "district",
        "rounds-0-name": "Vòng huyện",
        "rounds-1-level": "province",
        "rounds-1-name": "Vòng tỉnh",
    }
    data.update(over)
    return data


def test_a_manager_creates_a_contest_with_rounds_and_prizes(bcd35, unit):
    response = bcd35.post("/emulation/contests/new/", _contest_post(unit("P42-BCD35")))
    assert response.status_code == 302
    c = Contest.objects.get(name="Cuộc thi tìm hiểu pháp luật")
    assert [(r.order, r.level) for r in c.rounds.all()] == [(1, "district"), (2, "province")]
    assert [p.name for p in c.prizes.all()] == ["Giải Nhất", "Giải Nhì", "Giải Ba"]


def test_a_round_without_a_name_or_duplicate_prizes_show_errors_and_save_nothing(bcd35, unit):
    response = bcd35.post(
        "/emulation/contests/new/",
        _contest_post(unit("P42-BCD35"), **{"rounds-1-name": "", "prizes": "A\nA"}),
    )
    assert response.status_code == 200
    assert response.context["rounds"].forms[1].errors["name"]
    assert response.context["form"].errors["prizes"]
    assert not Contest.objects.filter(name="Cuộc thi tìm hiểu pháp luật").exists()


def test_the_contest_form_chooses_the_unit_with_the_picker_its_managers_one_unit_first(bcd35, unit):
    page = bcd35.get("/emulation/contests/new/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "data-unit-picker" in body and 'data-url="/units/pick/?purpose=manage"' in body
    assert f'type="hidden" name="unit" value="{unit("P42").pk}"' in body  # held: chosen
    typed = {**_contest_post(unit("P42")), "unit": "ban chi dao 35 tinh ha tinh"}
    assert bcd35.post("/emulation/contests/new/", typed).status_code == 302
    assert Contest.objects.get(name="Cuộc thi tìm hiểu pháp luật").unit == unit("P42-BCD35")


def test_a_contest_for_a_unit_outside_ones_reach_is_refused(bcd35, unit):
    response = bcd35.post("/emulation/contests/new/", _contest_post(unit("P01")))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "You do not manage Thành phố Hà Nội. Choose a unit you manage (Tỉnh Hà Tĩnh), or ask "
        "a manager of that unit to do it."
    ]
    assert not Contest.objects.filter(name="Cuộc thi tìm hiểu pháp luật").exists()


def test_an_outsider_is_refused_every_contest_page(client_for, outsider, contest):
    c = client_for(outsider)
    entry = contest.entries.first()
    tally = RoundTally.objects.filter(round__contest=contest).first()
    for url in (
        "/emulation/contests/new/",
        f"/emulation/contests/{contest.pk}/record/",
        f"/emulation/contests/{contest.pk}/entries/{entry.pk}/",
        f"/emulation/contests/{contest.pk}/figures/{tally.pk}/",
    ):
        assert c.get(url).status_code == 403, url
        assert c.post(url, {"form": "entry"}).status_code == 403, url


def test_an_officer_of_another_unit_cannot_judge_or_see_others_entries(
    client_for, user_named, contest
):
    entry = contest.entries.first()
    tally = RoundTally.objects.filter(round__contest=contest).first()
    for name in ("hanoi.reporter", "bca.movement"):
        c = client_for(user_named(name))
        page = c.get(f"/emulation/contests/{contest.pk}/record/")
        # The contest is public: they may send entries from their own units, nothing more.
        assert page.status_code == 200
        assert page.context["forms"]["select"] is None and page.context["forms"]["tally"] is None
        assert not page.context["entries"]
        assert (
            c.post(f"/emulation/contests/{contest.pk}/record/", {"form": "select"}).status_code
            == 403
        )
        assert (
            c.post(f"/emulation/contests/{contest.pk}/record/", {"form": "tally"}).status_code
            == 403
        )
        assert c.get(f"/emulation/contests/{contest.pk}/entries/{entry.pk}/").status_code == 404
        assert c.get(f"/emulation/contests/{contest.pk}/figures/{tally.pk}/").status_code == 404
    # Nor send an entry in the name of a unit of Hà Tĩnh.
    r = client_for(user_named("hanoi.reporter")).post(
        f"/emulation/contests/{contest.pk}/record/",
        {"form": "entry", "entry-title": "x", "entry-author": "y", "entry-unit": contest.unit.pk},
    )
    assert r.status_code == 200
    assert r.context["forms"]["entry"].errors["unit"] == [
        "You do not report for Ban Chỉ đạo 35 tỉnh Hà Tĩnh. Choose a unit you report for "
        "(Thành phố Hà Nội), or ask an officer of that unit to do it."
    ]
    assert not Entry.objects.filter(title="x").exists()


def test_a_district_registers_an_entry_but_may_not_select(client_for, user_named, unit, contest):
    c = client_for(user_named("ht.huongson"))
    url = f"/emulation/contests/{contest.pk}/record/"
    page = c.get(url)
    assert page.status_code == 200 and page.context["forms"]["select"] is None
    # The district's one unit is chosen already; it may be typed by name too.
    body = page.content.decode()
    assert f'type="hidden" name="entry-unit" value="{unit("P42-D-HS").pk}"' in body
    r = c.post(
        url,
        {
            "form": "entry",
            "entry-title": "Bài mới",
            "entry-author": "Tác giả",
            "entry-unit": "Huyện Hương Sơn",
        },
    )
    assert r.status_code == 302
    e = Entry.objects.get(title="Bài mới")
    assert [x.order for x in e.rounds.all()] == [1]
    bad = c.post(url, {"form": "entry", "entry-title": "", "entry-author": "x", "entry-unit": ""})
    assert bad.status_code == 200
    assert set(bad.context["forms"]["entry"].errors) == {"title", "unit"}
    assert c.post(url, {"form": "select"}).status_code == 403


def test_selecting_entries_into_a_round_is_all_or_nothing(bcd35, unit, user_named, contest):
    from thidua.emulation import services

    rounds = {r.level: r for r in contest.rounds.all()}
    fresh = services.entry_register(
        user=user_named("ht.bcd35"),
        contest=contest,
        title="Bài mới",
        author="x",
        unit=unit("P42-D-CL"),
    )
    url = f"/emulation/contests/{contest.pk}/record/"
    ok = bcd35.post(
        url, {"form": "select", "select-round": rounds["district"].pk, "select-entries": [fresh.pk]}
    )
    assert ok.status_code == 302
    assert fresh.rounds.filter(pk=rounds["district"].pk).exists()
    other = services.entry_register(
        user=user_named("ht.bcd35"),
        contest=contest,
        title="Bài khác",
        author="y",
        unit=unit("P42-D-KA"),
    )
    # ``other`` has not passed the district round: the whole selection is refused.
    bad = bcd35.post(
        url,
        {
            "form": "select",
            "select-round": rounds["province"].pk,
            "select-entries": [fresh.pk, other.pk],
        },
    )
    assert bad.status_code == 200
    assert "was not selected in" in bad.content.decode()
    assert not fresh.rounds.filter(pk=rounds["province"].pk).exists()


def test_reporting_and_correcting_a_figure(bcd35, unit, contest):
    rounds = {r.level: r for r in contest.rounds.all()}
    url = f"/emulation/contests/{contest.pk}/record/"
    r = bcd35.post(
        url,
        {
            "form": "tally",
            "tally-round": rounds["district"].pk,
            "tally-unit": unit("P42-D-HS").pk,
            "tally-entries": 120,
            "tally-note": "",
        },
    )
    assert r.status_code == 302
    t = RoundTally.objects.get(round=rounds["district"], unit__code="P42-D-HS")
    assert t.entries == 120
    again = bcd35.post(
        url,
        {
            "form": "tally",
            "tally-round": rounds["district"].pk,
            "tally-unit": unit("P42-D-HS").pk,
            "tally-entries": 5,
        },
    )
    assert again.status_code == 200 and again.context["forms"]["tally"].errors["unit"]
    by_name = bcd35.post(
        url,
        {
            "form": "tally",
            "tally-round": rounds["district"].pk,
            "tally-unit": "huyen can loc",
            "tally-entries": 40,
        },
    )
    assert by_name.status_code == 302
    assert RoundTally.objects.get(round=rounds["district"], unit__code="P42-D-CL").entries == 40
    outside = bcd35.post(
        url,
        {
            "form": "tally",
            "tally-round": rounds["district"].pk,
            "tally-unit": unit("P01").pk,
            "tally-entries": 3,
        },
    )
    assert outside.context["forms"]["tally"].errors["unit"] == [
        "You do not report for Thành phố Hà Nội. Choose a unit you report for (Tỉnh Hà Tĩnh), "
        "or ask an officer of that unit to do it."
    ]
    negative = bcd35.post(
        url,
        {
            "form": "tally",
            "tally-round": rounds["commune"].pk,
            "tally-unit": unit("P42").pk,
            "tally-entries": -1,
        },
    )
    assert negative.context["forms"]["tally"].errors["entries"]
    edit = f"/emulation/contests/{contest.pk}/figures/{t.pk}/"
    # A correction changes the figure only: its round and unit are shown, not asked.
    form = bcd35.get(edit).context["form"]
    assert set(form.fields) == {"version", "entries", "note"}
    assert (
        bcd35.post(edit, {"entries": 130, "note": "sửa", "version": t.version}).status_code == 302
    )
    t.refresh_from_db()
    assert t.entries == 130
    stale = bcd35.post(edit, {"entries": 140, "note": "", "version": t.version - 1})
    assert "Someone else changed this" in stale.content.decode()
    assert RoundTally.objects.get(pk=t.pk).entries == 130


def test_awarding_a_prize_carries_the_entry_version(bcd35, client_for, user_named, contest):
    entry = contest.entries.order_by("title").first()
    prize = contest.prizes.get(name="Giải B")
    url = f"/emulation/contests/{contest.pk}/entries/{entry.pk}/"
    assert bcd35.post(url, {"prize": prize.pk, "version": entry.version}).status_code == 302
    entry.refresh_from_db()
    assert entry.prize == prize
    stale = bcd35.post(url, {"prize": "", "version": entry.version - 1})
    assert "Someone else changed this" in stale.content.decode()
    assert Entry.objects.get(pk=entry.pk).prize == prize
    other = Contest.objects.get(year=2022).prizes.first()
    wrong = bcd35.post(url, {"prize": other.pk, "version": entry.version})
    assert wrong.context["form"].errors["prize"]
    # The district that sent the entry sees it but does not judge it.
    hs_entry = contest.entries.get(unit__code="P42-D-HS")
    hs = client_for(user_named("ht.huongson"))
    hs_url = f"/emulation/contests/{contest.pk}/entries/{hs_entry.pk}/"
    assert hs.get(hs_url).context["form"] is None
    assert hs.post(hs_url, {"prize": prize.pk, "version": hs_entry.version}).status_code == 403


def test_contest_pages_link_to_the_new_pages_in_bounded_queries(
    bcd35, contest, django_assert_max_num_queries
):
    assert "/emulation/contests/new/" in bcd35.get("/emulation/contests/").content.decode()
    body = bcd35.get(f"/emulation/contests/{contest.pk}/").content.decode()
    assert f"/emulation/contests/{contest.pk}/record/" in body
    with django_assert_max_num_queries(30):
        page = bcd35.get(f"/emulation/contests/{contest.pk}/record/")
    assert page.status_code == 200
    assert "7,671" in page.content.decode()  # English thousands separator
