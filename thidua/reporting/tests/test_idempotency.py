"""A unit's report is made once: retries under one Idempotency-Key answer the first result,
another request under a used key is refused (422), a second report is refused (409) with
what to do instead, and the pages' refills of a draft keep working.

Real concurrent connections are in ``e2e/test_concurrency.py``; the race branches (the
database's constraints deciding) are forced here on one connection.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from thidua.core.models import ChangeRecord
from thidua.reporting import excel, services
from thidua.reporting.models import IdempotencyKey, Submission
from thidua.reporting.services import workflow
from thidua.reporting.tests.test_api import VALUES

URL = "/api/reporting/submissions/"
LUNG_CU = "H-HG-D-DV-01"
GOOD = {(v["indicator"], ""): v["value"] for v in VALUES}


@pytest.fixture
def api(user_named, client_for):
    client = client_for(user_named("hg.lungcu"))

    def post(body, key=None, url=URL, method="post"):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return getattr(client, method)(url, body, content_type="application/json", **headers)

    return post


def _body(period, **extra):
    return {"period": period.pk, "unit": LUNG_CU, "values": VALUES, **extra}


def _reports(period):
    return Submission.objects.filter(period=period, unit__code=LUNG_CU)


def test_a_retry_with_the_same_key_and_body_answers_the_first_report(s4_2024, api, user_named):
    first = api(_body(s4_2024, submit=True), key="k-1")
    # The same figures written otherwise (3 as "3", 50 as 50.0) are the same request.
    same = [{**v, "value": str(v["value"])} for v in VALUES[:3]] + [
        {**v, "value": float(v["value"])} for v in VALUES[3:]
    ]
    again = api({**_body(s4_2024, submit=True), "values": same}, key="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["status"] == "submitted"
    assert _reports(s4_2024).count() == 1
    assert IdempotencyKey.objects.filter(user=user_named("hg.lungcu"), key="k-1").count() == 1


def test_another_body_under_a_used_key_is_refused_with_422(s4_2024, api):
    assert api(_body(s4_2024), key="k-2").status_code == 201
    other = [{**VALUES[0], "value": 4}, *VALUES[1:]]
    r = api({**_body(s4_2024), "values": other}, key="k-2")
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency_conflict"
    assert "k-2" in r.json()["detail"] and "new key" in r.json()["detail"]
    assert _reports(s4_2024).get().values.get(indicator__code="antq-movement-models").number == 3


def test_a_key_is_per_user(s4_2024, api, user_named, client_for):
    assert api(_body(s4_2024), key="shared").status_code == 201
    dongvan = client_for(user_named("hg.dongvan"))
    r = dongvan.post(
        URL,
        _body(s4_2024, unit="H-HG-D-DV-02"),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="shared",
    )
    assert r.status_code == 201 and r.json()["unit"] == "H-HG-D-DV-02"


def test_a_second_report_without_a_key_is_refused_with_409_saying_how_to_change_it(s4_2024, api):
    sid = api(_body(s4_2024)).json()["id"]
    r = api(_body(s4_2024))
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "conflict" and body["current_version"] == 1
    assert f"report {sid}, draft, version 1" in body["detail"]
    assert f"PATCH /api/reporting/submissions/{sid}/" in body["detail"]
    # Nor with a fresh key: the key does not make a second report, and is not spent.
    assert api(_body(s4_2024), key="k-3").status_code == 409
    assert not IdempotencyKey.objects.filter(key="k-3").exists()
    assert _reports(s4_2024).count() == 1


def test_a_second_report_where_one_is_approved_points_to_a_correction(s4_2023, api):
    r = api(_body(s4_2023))
    assert r.status_code == 409
    approved = _reports(s4_2023).get(is_current=True)
    assert f"POST /api/reporting/submissions/{approved.pk}/correct/" in r.json()["detail"]


def test_patch_refills_a_draft_at_its_version_and_refuses_a_stale_one(s4_2024, api):
    created = api(_body(s4_2024)).json()
    url = f"{URL}{created['id']}/"
    more = [{**VALUES[0], "value": 5}, *VALUES[1:]]
    r = api({"version": created["version"], "values": more, "note": "sửa"}, url=url, method="patch")
    assert r.status_code == 200, r.json()
    assert r.json()["id"] == created["id"] and r.json()["version"] == created["version"] + 1
    sub = _reports(s4_2024).get()
    assert sub.values.get(indicator__code="antq-movement-models").number == 5 and sub.note == "sửa"
    r = api({"version": created["version"], "values": VALUES}, url=url, method="patch")
    assert r.status_code == 409 and r.json()["current_version"] == created["version"] + 1
    r = api({"version": sub.version, "values": VALUES, "submit": True}, url=url, method="patch")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    # A submitted report is not refilled: the rule's reason, as on the page.
    r = api({"version": r.json()["version"], "values": VALUES}, url=url, method="patch")
    assert r.status_code == 400 and "waits for a decision" in r.json()["detail"]


def test_patch_of_another_communes_report_is_a_404(s4_2023, api, unit):
    other = Submission.objects.get(period=s4_2023, unit=unit("H-HG-D-DV-02"), is_current=True)
    r = api({"version": other.version, "values": VALUES}, url=f"{URL}{other.pk}/", method="patch")
    assert r.status_code == 404


def test_the_race_for_a_new_report_is_decided_by_the_constraint_not_a_500(
    s4_2024, unit, user_named, monkeypatch
):
    """As when another request made the report between this one's look and its insert."""
    first = services.submission_save(
        user=user_named("hg.lungcu"),
        form=s4_2024.form,
        period=s4_2024,
        unit=unit(LUNG_CU),
        values=GOOD,
    )
    real = workflow._current_locked
    looks = iter([None])
    monkeypatch.setattr(workflow, "_current_locked", lambda *a: next(looks, None) or real(*a))
    with pytest.raises(services.SubmissionExists) as exc:
        services.submission_save(
            user=user_named("hg.lungcu"),
            form=s4_2024.form,
            period=s4_2024,
            unit=unit(LUNG_CU),
            values=GOOD,
        )
    assert exc.value.obj.pk == first.pk
    assert _reports(s4_2024).count() == 1


def test_the_race_for_a_key_is_decided_by_its_constraint_and_answers_as_the_first(
    s4_2024, unit, user_named, monkeypatch
):
    """As when a request with the same key committed between this one's look and claim."""
    user = user_named("hg.lungcu")

    def save():
        return services.submission_save_once(
            user=user,
            form=s4_2024.form,
            period=s4_2024,
            unit=unit(LUNG_CU),
            values=GOOD,
            idempotency_key="race",
        )

    first = save()
    real = workflow._used_key
    looks = iter([None])
    monkeypatch.setattr(workflow, "_used_key", lambda *a: next(looks, None) or real(*a))
    again = save()
    assert again.replayed and again.submission.pk == first.submission.pk
    assert IdempotencyKey.objects.filter(key="race").count() == 1


def _fill_post(period, unit, values, **extra):
    data = {"unit": unit.pk, "action": "save", **extra}
    for (code, key), v in values.items():
        data[f"v:{code}:{key}"] = str(v)
    return data


def test_the_fill_page_refills_its_draft_and_is_told_of_a_report_made_meanwhile(
    s4_2024, unit, user_named, client_for
):
    lungcu = unit(LUNG_CU)
    c = client_for(user_named("hg.lungcu"))
    url = f"/reporting/periods/{s4_2024.pk}/fill/"
    assert c.post(url, _fill_post(s4_2024, lungcu, GOOD)).status_code == 302
    sub = _reports(s4_2024).get()
    page = c.get(f"{url}?unit={lungcu.pk}").content.decode()
    assert f'name="submission" value="{sub.pk}"' in page
    assert f'name="version" value="{sub.version}"' in page
    changed = {**GOOD, ("antq-movement-models", ""): 7}
    r = c.post(url, _fill_post(s4_2024, lungcu, changed, submission=sub.pk, version=sub.version))
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.values.get(indicator__code="antq-movement-models").number == 7
    # A page loaded before the report existed (no report, no version) saves nothing.
    r = c.post(url, _fill_post(s4_2024, lungcu, GOOD))
    assert r.status_code == 200
    assert "Someone else changed this" in r.content.decode()
    assert sub.values.get(indicator__code="antq-movement-models").number == 7
    # A page loaded at an older version is told too, not overwritten.
    r = c.post(url, _fill_post(s4_2024, lungcu, GOOD, submission=sub.pk, version=sub.version - 1))
    assert r.status_code == 200 and "Someone else changed this" in r.content.decode()
    assert _reports(s4_2024).count() == 1


def test_an_upload_over_a_draft_refills_it(s4_2024, unit, user_named, client_for):
    lungcu = unit(LUNG_CU)
    sub = services.submission_save(
        user=user_named("hg.lungcu"), form=s4_2024.form, period=s4_2024, unit=lungcu, values=GOOD
    )
    wb = load_workbook(
        io.BytesIO(excel.template_workbook(form=s4_2024.form, period=s4_2024, unit=lungcu))
    )
    for row in wb[excel.SHEET].iter_rows(min_row=excel.FIRST_ROW):
        if (row[0].value, "") in GOOD and not row[3].value:
            row[4].value = GOOD[(row[0].value, "")] + (1 if row[0].value.endswith("models") else 0)
    f = io.BytesIO()
    wb.save(f)
    f.seek(0)
    f.name = "report.xlsx"
    c = client_for(user_named("hg.lungcu"))
    r = c.post(
        f"/reporting/periods/{s4_2024.pk}/upload",
        {"unit": lungcu.pk, "file": f, "submission": sub.pk, "version": sub.version},
    )
    assert r.status_code == 302 and r["Location"] == f"/reporting/reports/{sub.pk}/"
    sub.refresh_from_db()
    assert sub.source == "excel"
    assert sub.values.get(indicator__code="antq-movement-models").number == 4


def test_the_flip_of_the_current_version_is_in_the_history(s4_2023, unit, user_named):
    old = Submission.objects.get(period=s4_2023, unit=unit(LUNG_CU), is_current=True)
    new = services.submission_correct(user=user_named("hg.lungcu"), submission=old)
    (flip,) = ChangeRecord.objects.filter(object_id=str(old.pk), event="replaced by a new version")
    assert (flip.before, flip.after) == ({"is_current": True}, {"is_current": False})
    assert new.previous_id == old.pk
