"""The yearly-records page of a person: ratings per year beside the titles held."""

import pytest

from thidua.awards.models import Award, AwardType, Person, PersonYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(s_demo):
    return Person.objects.get(full_name="Vừ Thị Dính (minh họa)")


def _url(person, year=None):
    return f"/awards/people/{person.pk}/records/" + (f"{year}/" if year else "")


def test_the_page_shows_ratings_and_titles_per_year_in_bounded_queries(
    client_for, user_named, person, django_assert_max_num_queries
):
    c = client_for(user_named("hg.lungcu"))
    with django_assert_max_num_queries(20):
        page = c.get(_url(person))
    assert page.status_code == 200
    row = page.context["rows"][0]
    assert row["year"] == 2025 and row["record"].rating == "good"
    assert [a.award_type.code for a in row["titles"]] == ["ldtt"]
    assert _url(person) in c.get(f"/awards/people/{person.pk}/").content.decode()


def test_a_unit_records_a_new_year(client_for, user_named, person):
    c = client_for(user_named("hg.lungcu"))
    r = c.post(
        _url(person),
        {"form": "year", "year-year": 2024, "year-rating": "excellent", "year-disciplined": ""},
    )
    assert r.status_code == 302
    assert PersonYear.objects.get(person=person, year=2024).rating == "excellent"


def test_a_bad_rating_or_a_taken_year_shows_field_errors_and_saves_nothing(
    client_for, user_named, person
):
    c = client_for(user_named("hg.lungcu"))
    before = PersonYear.objects.filter(person=person).count()
    bad = c.post(_url(person), {"form": "year", "year-year": 2024, "year-rating": "heroic"})
    assert bad.status_code == 200 and bad.context["year_form"].errors["rating"]
    taken = c.post(_url(person), {"form": "year", "year-year": 2025, "year-rating": "completed"})
    assert taken.status_code == 200 and taken.context["year_form"].errors["year"]
    assert PersonYear.objects.filter(person=person).count() == before
    assert PersonYear.objects.get(person=person, year=2025).rating == "good"


def test_correcting_a_year_carries_its_version(client_for, user_named, person):
    record = PersonYear.objects.get(person=person, year=2025)
    c = client_for(user_named("hg.lungcu"))
    data = {"rating": "excellent", "disciplined": "on", "version": record.version}
    assert c.post(_url(person, 2025), data).status_code == 302
    record.refresh_from_db()
    assert record.rating == "excellent" and record.disciplined
    stale = c.post(_url(person, 2025), {**data, "rating": "completed"})
    assert stale.status_code == 200
    assert "Someone else changed this while you were editing it" in stale.content.decode()
    assert PersonYear.objects.get(pk=record.pk).rating == "excellent"
    assert c.get(_url(person, 2019)).status_code == 404


def test_an_approver_records_a_title_granted_before_and_a_second_one_is_refused(
    client_for, user_named, person
):
    c = client_for(user_named("hg.police"))
    ldtt = AwardType.objects.get(code="ldtt")
    data = {
        "form": "title",
        "title-award_type": ldtt.pk,
        "title-year": 2024,
        "title-decision_ref": "Số 12/QĐ-CAT ngày 20/12/2024",
        "title-granted_by": "Giám đốc Công an tỉnh",
    }
    assert c.post(_url(person), data).status_code == 302
    assert Award.objects.filter(person=person, award_type=ldtt, year=2024).exists()
    again = c.post(_url(person), data)
    assert again.status_code == 200 and again.context["title_form"].errors["award_type"]
    assert Award.objects.filter(person=person, award_type=ldtt, year=2024).count() == 1


def test_a_reporter_may_not_record_titles(client_for, user_named, person):
    c = client_for(user_named("hg.lungcu"))
    assert c.get(_url(person)).context["title_form"] is None
    r = c.post(_url(person), {"form": "title", "title-year": 2024})
    assert r.status_code == 403


def test_an_outsider_is_refused(client_for, outsider, person):
    c = client_for(outsider)
    for url in (_url(person), _url(person, 2025)):
        assert c.get(url).status_code == 403
        assert c.post(url, {"form": "year"}).status_code == 403


def test_an_officer_of_another_unit_cannot_reach_the_records(client_for, user_named, person):
    c = client_for(user_named("ht.bcd35"))
    record = PersonYear.objects.get(person=person, year=2025)
    assert c.get(_url(person)).status_code == 404
    r = c.post(_url(person, 2025), {"rating": "excellent", "version": record.version})
    assert r.status_code == 404
    assert PersonYear.objects.get(pk=record.pk).rating == "good"


def test_an_officer_of_a_neighbouring_body_cannot_open_the_records(client_for, user_named, person):
    # The provincial Front manages its own subtree, not the commune police.
    c = client_for(user_named("hg.front"))
    assert c.get(_url(person)).status_code in (403, 404)
