"""Concurrent approvals under one province, on committed data and separate connections.

Every approval adds to the same ancestor rows (district, province, nation); they must
queue (PostgreSQL row locks taken in primary-key order; SQLite's single writer) and the
synthesis must come out equal to a full recompute, with no deadlock and no lost update.
Not a browser test: it lives here because it needs committed data.
"""

from __future__ import annotations

import threading
from decimal import Decimal

from django.db import connection


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

    threads = [threading.Thread(target=approve, args=(s.pk,)) for s in pending]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)  # a guard against a deadlock, not a speed check
    assert not any(t.is_alive() for t in threads), "an approval never finished (deadlock?)"
    assert not errors, errors
    assert Submission.objects.filter(
        pk__in=[s.pk for s in pending], status="approved"
    ).count() == len(pending)
    assert models_total() == before + added
    assert synthesis_check() == []
