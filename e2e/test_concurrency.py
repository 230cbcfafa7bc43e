"""Concurrent writes of reports, on committed data and separate connections.

Approvals under one province: every approval adds to the same ancestor rows (district,
province, nation); they must queue (PostgreSQL row locks taken in primary-key order;
SQLite's single writer) and the synthesis must come out equal to a full recompute, with
no deadlock and no lost update.

Submissions through the API: ten at once for one unit and period, with one
Idempotency-Key or none, make one report and answer the others as the first did (200)
or with a conflict (409), another body under the key with 422, never a 5xx: the key
and the report are decided in the service's transaction by the database's constraints.

Not browser tests: they live here because they need committed data.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection


def _run_together(target: Callable[[Any], None], args: list[Any]) -> None:
    """``target(arg)`` for every arg, each in its own thread (so its own connection);
    returns when all are done. ``target`` waits on a barrier to start them together."""
    threads = [threading.Thread(target=target, args=(a,)) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)  # a guard against a deadlock, not a speed check
    assert not any(t.is_alive() for t in threads), "a thread never finished (deadlock?)"


def test_concurrent_approvals_queue_and_the_synthesis_stays_exact(demo):
    from thidua.accounts.models import User
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting import services
    from thidua.reporting.models import Period, Submission, SynthesisValue
    from thidua.reporting.synthesis import synthesis_check

    demo("reporting")
    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    pending = list(Submission.objects.filter(period=period, status="submitted"))
    assert len(pending) >= 4
    province = OrgUnit.objects.get(code="H-HG")

    def models_total() -> Decimal:
        row = SynthesisValue.objects.filter(
            period=period, unit=province, indicator__code="antq-movement-models", key=""
        ).first()
        return row.total if row else Decimal(0)

    before = models_total()
    added = sum(
        v.number
        for s in pending
        for v in s.values.filter(indicator__code="antq-movement-models", key="")
    )
    start = threading.Barrier(len(pending))
    errors: list[BaseException] = []

    def approve(submission_id: int) -> None:
        try:
            approver = User.objects.get(username="hg.police")
            submission = Submission.objects.get(pk=submission_id)
            start.wait(timeout=300)  # a guard against a hang, not a speed check
            services.submission_approve(user=approver, submission=submission)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    _run_together(approve, [s.pk for s in pending])
    assert not errors, errors
    assert Submission.objects.filter(
        pk__in=[s.pk for s in pending], status="approved"
    ).count() == len(pending)
    assert models_total() == before + added
    assert synthesis_check() == []


# ---------------------------------------------------------------- one report, once

SUBMISSIONS = "/api/reporting/submissions/"


def _missing_units(period, n: int) -> list:
    """``n`` Hà Giang communes that have no report for ``period`` yet."""
    from thidua.reporting.models import Submission
    from thidua.reporting.selectors import expected_units

    taken = Submission.objects.filter(period=period).values("unit_id")
    units = list(
        expected_units(form=period.form, period=period).exclude(pk__in=taken).order_by("code")
    )
    assert len(units) >= n
    return units[:n]


def _body(period, unit, models: int = 3) -> dict:
    values = {
        "antq-movement-models": models,
        "antq-mass-mobilisation-models": 1,
        "antq-self-management-groups": 4,
        "antq-self-management-members": 20,
        "antq-training-classes": 2,
        "antq-training-participants": 50,
    }
    return {
        "period": period.pk,
        "unit": unit.code,
        "values": [{"indicator": k, "value": v} for k, v in values.items()],
        "submit": True,
    }


def _post_at_once(username: str, bodies: list[dict], key: str = "") -> list[tuple[int, dict]]:
    """POST every body at the same moment, each from its own thread and connection;
    (status, JSON) of each answer, a 500 included (the client does not raise it)."""
    from rest_framework.test import APIClient

    from thidua.accounts.models import User

    user_id = User.objects.get(username=username).pk
    start = threading.Barrier(len(bodies))
    answers: list[tuple[int, dict]] = []
    errors: list[BaseException] = []

    def post(body: dict) -> None:
        try:
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(User.objects.get(pk=user_id))
            headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
            start.wait(timeout=300)  # a guard against a hang, not a speed check
            r = client.post(SUBMISSIONS, body, format="json", **headers)
            is_json = r.get("Content-Type", "").startswith("application/json")
            answers.append((r.status_code, r.json() if is_json else {"body": r.content[:500]}))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    _run_together(post, bodies)
    assert not errors, errors
    assert len(answers) == len(bodies)
    assert all(status < 500 for status, _ in answers), answers
    return answers


def test_ten_concurrent_posts_with_one_key_make_one_report_and_answer_it_ten_times(demo):
    from thidua.reporting.models import IdempotencyKey, Period, Submission

    demo("reporting")
    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    (unit,) = _missing_units(period, 1)
    answers = _post_at_once("hg.police", [_body(period, unit)] * 10, key="outbox-7f3a")
    assert sorted(status for status, _ in answers) == [200] * 9 + [201], answers
    assert len({body["id"] for _, body in answers}) == 1
    assert Submission.objects.filter(period=period, unit=unit).count() == 1
    assert IdempotencyKey.objects.filter(key="outbox-7f3a").count() == 1

    # Another body under the used key, ten times at once: refused every time, not saved.
    answers = _post_at_once("hg.police", [_body(period, unit, models=9)] * 10, key="outbox-7f3a")
    assert {status for status, _ in answers} == {422}, answers
    assert {body["code"] for _, body in answers} == {"idempotency_conflict"}
    sub = Submission.objects.get(period=period, unit=unit)
    assert sub.values.get(indicator__code="antq-movement-models", key="").number == 3


def test_ten_concurrent_posts_without_a_key_make_one_report_and_nine_conflicts(demo):
    from thidua.reporting.models import IdempotencyKey, Period, Submission

    demo("reporting")
    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    (unit,) = _missing_units(period, 1)
    answers = _post_at_once("hg.police", [_body(period, unit)] * 10)
    assert sorted(status for status, _ in answers) == [201] + [409] * 9, answers
    (made,) = [body for status, body in answers if status == 201]
    for status, body in answers:
        if status == 409:
            assert body["code"] == "conflict"
            # In the caller's language (Vietnamese by default): names the report made.
            assert re.search(rf"\b{made['id']}\b", body["detail"]), body
            assert unit.name in body["detail"], body
    assert Submission.objects.filter(period=period, unit=unit).count() == 1
    assert not IdempotencyKey.objects.exists()
