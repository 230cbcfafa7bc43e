from thidua.concerns.models import ConcernIssue


def test_the_list_page_has_a_bounded_number_of_queries(
    s3, superuser, client_for, django_assert_max_num_queries
):
    client = client_for(superuser)
    with django_assert_max_num_queries(16):
        r = client.get("/concerns/")
    assert r.status_code == 200
    page_obj = r.context["page_obj"]
    listed = list(page_obj.object_list)
    assert page_obj.paginator.count == ConcernIssue.objects.count() > 0
    assert len(listed) == min(ConcernIssue.objects.count(), page_obj.paginator.per_page)
    for issue in listed:
        assert f'href="/concerns/{issue.pk}/"' in r.content.decode()


def test_the_concern_pages_run_the_workflow(s3, user_named, client_for):
    issue = ConcernIssue.objects.get(
        state="forwarded", competent_unit__code="P42-STP", reopen_count=0
    )
    stp = client_for(user_named("ht.stp"))
    r = stp.post(f"/concerns/{issue.pk}/answer/", {"answer": "Đã hướng dẫn tại bộ phận một cửa."})
    assert r.status_code == 302, r.content.decode()[-3000:]
    issue.refresh_from_db()
    assert issue.state == "answered"
    page = stp.get(f"/concerns/{issue.pk}/").content.decode()
    assert 'data-action="close"' not in page  # the competent body may not close it
    r = stp.post(f"/concerns/{issue.pk}/close/", {})
    assert r.status_code == 400  # and if it tries, it is refused with the reason
    assert "or the managers of the unit that recorded it, take this step" in r.content.decode()
    issue.refresh_from_db()
    assert issue.state == "answered"


def test_the_old_addresses_under_plans_redirect_permanently(s3, user_named, client_for):
    issue = ConcernIssue.objects.filter(competent_unit__code="P42-STP").first()
    client = client_for(user_named("ht.stp"))
    for old, new in [
        ("/plans/concerns/", "/concerns/"),
        ("/plans/concerns/?overdue=1", "/concerns/?overdue=1"),
        ("/plans/concerns/new/", "/concerns/new/"),
        (f"/plans/concerns/{issue.pk}/", f"/concerns/{issue.pk}/"),
        (f"/plans/concerns/{issue.pk}/answer/", f"/concerns/{issue.pk}/answer/"),
    ]:
        r = client.get(old)
        assert (r.status_code, r["Location"]) == (301, new), old
    assert client.get(f"/plans/concerns/{issue.pk}/", follow=True).status_code == 200


def test_the_old_addresses_refuse_an_outsider_like_the_pages(s3, outsider, client_for):
    issue = ConcernIssue.objects.first()
    assert client_for(outsider).get(f"/plans/concerns/{issue.pk}/").status_code == 403
