"""Pages that create and edit a movement, its contents, subject groups and criteria."""

from decimal import Decimal

import pytest

from thidua.core.services import ConflictError
from thidua.emulation import services
from thidua.emulation.models import Criterion, Movement, MovementContent, MovementGroup
from thidua.reporting.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def s5(s_demo):
    return Movement.objects.get(code="toan-dan-bao-ve-antq")


@pytest.fixture
def bca(client_for, user_named):
    return client_for(user_named("bca.movement"))


def _movement_post(unit, **over):
    data = {
        "code": "vi-an-ninh-to-quoc",
        "name": "Vì an ninh Tổ quốc",
        "kind": "thematic",
        "owner_unit": unit.pk,
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "description": "",
        "report_deadline": "",
        "is_public": "on",
    }
    data.update(over)
    return data


def test_a_manager_creates_a_thematic_movement_integrated_with_s5(bca, s5, unit):
    response = bca.post(
        "/emulation/movements/new/", _movement_post(unit("BCA"), integrated_with=[s5.pk])
    )
    created = Movement.objects.get(code="vi-an-ninh-to-quoc")
    assert response.status_code == 302
    assert response["Location"] == f"/emulation/movements/{created.pk}/structure/"
    assert created.kind == "thematic" and created.owner_unit.code == "BCA"
    assert list(created.integrated_with.all()) == [s5]


def test_a_thematic_movement_without_an_end_date_shows_the_error_and_saves_nothing(bca, unit):
    response = bca.post("/emulation/movements/new/", _movement_post(unit("BCA"), ends_on=""))
    assert response.status_code == 200
    assert "A thematic movement needs an end date." in response.content.decode()
    assert 'class="field field-error"' in response.content.decode()
    assert not Movement.objects.filter(code="vi-an-ninh-to-quoc").exists()


def test_a_failing_integration_rolls_back_the_new_movement(bca, unit, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError("no")

    monkeypatch.setattr(services, "movement_integrate", refuse)
    other = Movement.objects.create(
        code="x", name="X", kind="regular", owner_unit=unit("BCA"), starts_on="2024-01-01"
    )
    response = bca.post(
        "/emulation/movements/new/", _movement_post(unit("BCA"), integrated_with=[other.pk])
    )
    assert response.status_code == 200
    assert not Movement.objects.filter(code="vi-an-ninh-to-quoc").exists()


def test_a_movement_created_without_a_code_gets_one_from_its_title(bca, unit):
    """Officers name movements; the short address is made for them, unique."""
    for _ in range(2):
        response = bca.post(
            "/emulation/movements/new/",
            _movement_post(unit("BCA"), code="", name="Đẩy mạnh phong trào Toàn dân"),
        )
        assert response.status_code == 302
    codes = sorted(
        Movement.objects.filter(name="Đẩy mạnh phong trào Toàn dân").values_list("code", flat=True)
    )
    assert codes == ["day-manh-phong-trao-toan-dan", "day-manh-phong-trao-toan-dan-2"]


def test_a_duplicate_code_is_a_field_error(bca, s5, unit):
    response = bca.post("/emulation/movements/new/", _movement_post(unit("BCA"), code=s5.code))
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_an_outsider_is_refused_every_movement_editing_page(client_for, outsider, s5):
    c = client_for(outsider)
    g = s5.groups.first()
    for url in (
        "/emulation/movements/new/",
        f"/emulation/movements/{s5.pk}/edit/",
        f"/emulation/movements/{s5.pk}/structure/",
        f"/emulation/movements/{s5.pk}/contents/new/",
        f"/emulation/movements/{s5.pk}/groups/new/",
        f"/emulation/movements/{s5.pk}/groups/{g.pk}/criteria/new/",
    ):
        assert c.get(url).status_code == 403, url
        assert c.post(url, {"number": 9, "text": "x"}).status_code == 403, url


def test_an_officer_of_another_unit_cannot_edit_s5(client_for, user_named, s5):
    c = client_for(user_named("ht.bcd35"))
    content = s5.contents.first()
    g = s5.groups.first()
    for url in (
        f"/emulation/movements/{s5.pk}/edit/",
        f"/emulation/movements/{s5.pk}/structure/",
        f"/emulation/movements/{s5.pk}/contents/{content.pk}/",
        f"/emulation/movements/{s5.pk}/groups/{g.pk}/",
        f"/emulation/movements/{s5.pk}/groups/{g.pk}/criteria/new/",
    ):
        assert c.get(url).status_code == 403, url
    r = c.post(f"/emulation/movements/{s5.pk}/contents/{content.pk}/", {"text": "hijack"})
    assert r.status_code == 403
    content.refresh_from_db()
    assert content.text != "hijack"


def test_a_reporter_cannot_create_a_movement(client_for, user_named):
    assert (
        client_for(user_named("moet.reporter")).get("/emulation/movements/new/").status_code == 403
    )


def test_editing_a_movement_saves_and_a_stale_version_is_refused(bca, s5):
    url = f"/emulation/movements/{s5.pk}/edit/"
    page = bca.get(url)
    assert page.status_code == 200 and page.context["form"].initial["version"] == s5.version
    data = {
        "name": "Toàn dân bảo vệ ANTQ (sửa)",
        "kind": "regular",
        "starts_on": "2019-01-22",
        "ends_on": "",
        "description": s5.description,
        "report_deadline": s5.report_deadline,
        "is_public": "on",
        "version": s5.version,
    }
    assert bca.post(url, data).status_code == 302
    s5.refresh_from_db()
    assert s5.name == "Toàn dân bảo vệ ANTQ (sửa)"
    stale = bca.post(url, {**data, "name": "Lost update"})  # still the old version
    assert stale.status_code == 200
    assert "Someone else changed this" in stale.content.decode()
    s5.refresh_from_db()
    assert s5.name == "Toàn dân bảo vệ ANTQ (sửa)"


def test_the_structure_page_lists_contents_groups_and_criteria_in_bounded_queries(
    bca, s5, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = bca.get(f"/emulation/movements/{s5.pk}/structure/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Add a criterion") == 5
    assert "Các tỉnh, thành phố trực thuộc trung ương" in body


def test_adding_a_content_and_a_taken_number_is_a_field_error(bca, s5):
    url = f"/emulation/movements/{s5.pk}/contents/new/"
    assert bca.get(url).context["form"].initial["number"] == 7
    assert bca.post(url, {"number": 7, "text": "Nội dung thứ bảy"}).status_code == 302
    assert s5.contents.get(number=7).text == "Nội dung thứ bảy"
    again = bca.post(url, {"number": 7, "text": "Ghi đè"})
    assert again.status_code == 200 and again.context["form"].errors["number"]
    assert s5.contents.get(number=7).text == "Nội dung thứ bảy"
    empty = bca.post(url, {"number": 8, "text": ""})
    assert empty.context["form"].errors["text"]
    assert not s5.contents.filter(number=8).exists()


def test_editing_a_content_bumps_its_version_and_a_stale_edit_is_refused(bca, s5):
    content = s5.contents.get(number=1)
    url = f"/emulation/movements/{s5.pk}/contents/{content.pk}/"
    v = content.version
    assert bca.post(url, {"text": "Sửa lần 1", "version": v}).status_code == 302
    content.refresh_from_db()
    assert content.text == "Sửa lần 1" and content.version == v + 1
    stale = bca.post(url, {"text": "Sửa lần 2", "version": v})
    assert stale.status_code == 200 and "Someone else changed this" in stale.content.decode()
    content.refresh_from_db()
    assert content.text == "Sửa lần 1"


def test_the_content_form_comes_inline_for_htmx(bca, s5):
    url = f"/emulation/movements/{s5.pk}/contents/new/"
    partial = bca.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode() and "hx-post" in partial.content.decode()
    done = bca.post(url, {"number": 7, "text": "Inline"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Redirect"].endswith("/structure/")


def test_adding_and_editing_a_subject_group(bca, s5):
    r = bca.post(
        f"/emulation/movements/{s5.pk}/groups/new/",
        {"number": 6, "name": "Doanh nghiệp ngoài nhà nước", "recipient_kind": "collective"},
    )
    assert r.status_code == 302
    g = s5.groups.get(number=6)
    bad = bca.post(
        f"/emulation/movements/{s5.pk}/groups/{g.pk}/",
        {"name": "x", "recipient_kind": "nobody", "version": g.version},
    )
    assert bad.status_code == 200 and bad.context["form"].errors["recipient_kind"]
    ok = bca.post(
        f"/emulation/movements/{s5.pk}/groups/{g.pk}/",
        {"name": "Doanh nghiệp", "recipient_kind": "collective", "version": g.version},
    )
    assert ok.status_code == 302
    g.refresh_from_db()
    assert g.name == "Doanh nghiệp"
    stale = bca.post(
        f"/emulation/movements/{s5.pk}/groups/{g.pk}/",
        {"name": "Lost", "recipient_kind": "collective", "version": g.version - 1},
    )
    assert "Someone else changed this" in stale.content.decode()
    assert MovementGroup.objects.get(pk=g.pk).name == "Doanh nghiệp"


@pytest.fixture
def antt(db) -> Indicator:
    return Indicator.objects.create(
        code="ANTT-01",
        name="Tỷ lệ cơ quan đạt chuẩn “An toàn về ANTT”",
        value_type=Indicator.ValueType.PERCENT,
    )


def test_adding_a_computed_criterion_needs_its_indicator_chosen_by_name(bca, s5, antt):
    g = s5.groups.get(number=4)
    url = f"/emulation/movements/{s5.pk}/groups/{g.pk}/criteria/new/"
    data = {
        "number": 3,
        "text": "Tỷ lệ cơ quan đạt chuẩn an toàn về ANTT",
        "max_score": "20",
        "weight": "2",
        "method": "indicator",
        "indicator_code": "",
        "indicator_target": "90",
    }
    missing = bca.post(url, data)
    assert missing.status_code == 200
    assert missing.context["form"].errors["indicator_code"]
    assert not g.criteria.filter(number=3).exists()
    form = bca.get(url).content.decode()
    assert f'<option value="ANTT-01">{antt.name}</option>' in form.replace("&quot;", '"')
    unknown = bca.post(url, {**data, "indicator_code": "no-such-indicator"})
    assert unknown.status_code == 200 and unknown.context["form"].errors["indicator_code"]
    assert bca.post(url, {**data, "indicator_code": "ANTT-01"}).status_code == 302
    c = g.criteria.get(number=3)
    assert (c.method, c.indicator_code, c.indicator_target) == (
        "indicator",
        "ANTT-01",
        Decimal("90"),
    )
    assert (c.max_score, c.weight) == (Decimal("20"), Decimal("2"))
    page = bca.get(f"/emulation/movements/{s5.pk}/structure/").content.decode()
    assert antt.name in page.replace("&quot;", '"') and "ANTT-01" not in page


def test_a_criterion_with_a_zero_maximum_is_refused_and_edits_carry_the_version(bca, s5, antt):
    g = s5.groups.get(number=5)
    c = g.criteria.get(number=1)
    url = f"/emulation/movements/{s5.pk}/groups/{g.pk}/criteria/{c.pk}/"
    base = {
        "text": c.text,
        "max_score": "0",
        "weight": "1",
        "method": "manual",
        "indicator_code": "",
        "indicator_target": "",
        "version": c.version,
    }
    bad = bca.post(url, base)
    assert bad.status_code == 200 and bad.context["form"].errors["max_score"]
    assert (
        bca.post(
            url, {**base, "max_score": "60", "method": "both", "indicator_code": "ANTT-01"}
        ).status_code
        == 302
    )
    c.refresh_from_db()
    assert c.max_score == Decimal("60") and c.method == "both"
    stale = bca.post(url, {**base, "max_score": "40"})
    assert "Someone else changed this" in stale.content.decode()
    assert Criterion.objects.get(pk=c.pk).max_score == Decimal("60")


def test_integrating_from_the_structure_page(bca, s5, unit, user_named):
    other = services.movement_create(
        user=user_named("bca.movement"),
        code="vi-an-ninh-to-quoc",
        name="Vì an ninh Tổ quốc",
        kind="regular",
        owner_unit=unit("BCA"),
        starts_on="2025-01-01",
    )
    url = f"/emulation/movements/{other.pk}/structure/"
    assert bca.post(url, {"other": other.pk}).context["integrate_form"].errors["other"]
    assert bca.post(url, {"other": s5.pk}).status_code == 302
    assert list(other.integrated_with.all()) == [s5]


def test_the_upsert_services_refuse_a_stale_version(s5, user_named):
    bca = user_named("bca.movement")
    content = MovementContent.objects.get(movement=s5, number=2)
    with pytest.raises(ConflictError):
        services.content_set(
            user=bca, movement=s5, number=2, text="x", expected_version=content.version + 1
        )
    g = s5.groups.get(number=1)
    with pytest.raises(ConflictError):
        services.group_set(user=bca, movement=s5, number=1, name="x", expected_version=0)
    with pytest.raises(ConflictError):
        services.criterion_set(user=bca, group=g, number=1, text="x", expected_version=0)
    # Without a version (the demo loader) an upsert still works, and bumps the version.
    updated = services.content_set(user=bca, movement=s5, number=2, text="y")
    assert updated.version == content.version + 1


def test_movement_pages_link_to_the_new_pages(bca, s5):
    assert "/emulation/movements/new/" in bca.get("/emulation/").content.decode()
    body = bca.get(f"/emulation/movements/{s5.pk}/").content.decode()
    assert f"/emulation/movements/{s5.pk}/edit/" in body
    assert f"/emulation/movements/{s5.pk}/structure/" in body


def test_a_criterion_of_an_unknown_group_is_not_found(bca, s5):
    g = s5.groups.first()
    url = f"/emulation/movements/{s5.pk}/groups/{g.pk + 1000}/criteria/new/"
    assert bca.get(url).status_code == 404
