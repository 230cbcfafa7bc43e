"""Assemble a review from the other apps' data: nothing is recomputed or copied by hand.

``assemble(user=…, review=…)`` returns plain JSON-ready data (numbers, strings, lists),
the same shape whether it is shown live for a draft or stored as the snapshot of a
finalised review (``services.review_finalise``), so that pages and exports render both
the same way. Every read goes through the reading user's reach; the review itself is
only readable by those who reach its area (``Review.scope_unit_fields``), so a reader
of a review may read every figure in it.

Sections:
1. indicators — per chosen form and indicator, the synthesis at ``area`` per year of the
   span (``reporting.selectors.time_series``), with first, last and change;
2. tasks — lead assignments of the subject plan, the plans that carry out the subject
   document, and their child plans overlapping the span, in ``area``, by status per year;
3. awards — the registry over the span for collectives and people in ``area``, by award
   type and year, and the awards of the decisions taken on the occasion of the review;
4. documents — documents issued over the span that implement, cite or review the subject;
5. contests — contests run in ``area`` under the subject document or movement.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from thidua.awards.models import Award
from thidua.documents.models import Document, DocumentRelation
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.models import Contest
from thidua.orgunits.models import OrgUnit, path_upper_bound
from thidua.plans.models import Plan, TaskAssignment, TaskStatus
from thidua.reporting import selectors as reporting_selectors
from thidua.reporting.services import form_items
from thidua.reviews.models import Review

# Relations by which a document carries out or refers to the reviewed document.
CITING = [
    DocumentRelation.Kind.IMPLEMENTS,
    DocumentRelation.Kind.BASED_ON,
    DocumentRelation.Kind.CITES,
    DocumentRelation.Kind.REVIEWS,
    DocumentRelation.Kind.AMENDS,
]
TASK_COLUMNS = ["done", "done_late", "overdue", "cancelled", "open"]


def number(value: Decimal | int | float | None) -> int | float | None:
    """A figure as JSON: whole numbers as int, others as float (display only)."""
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def _in_area(area: OrgUnit, prefix: str) -> Q:
    return Q(**{f"{prefix}path__gte": area.path, f"{prefix}path__lt": path_upper_bound(area.path)})


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# ---------------------------------------------------------------- 1. indicators


def indicator_section(*, user: Any, review: Review) -> list[dict[str, Any]]:
    chosen = set(review.indicators.values_list("pk", flat=True))
    years = review.years
    result = []
    for form in review.forms.order_by("code"):
        for item in form_items(form):
            ind = item.indicator
            if not ind.rolls_up or (chosen and ind.pk not in chosen):
                continue
            series = dict(
                reporting_selectors.time_series(
                    user=user, form=form, indicator=ind, unit=review.area
                )
            )
            values = [[y, number(series.get(y))] for y in years]
            known = [(y, v) for y, v in values if v is not None]
            first = known[0] if known else None
            last = known[-1] if known else None
            change = pct = None
            if first and last and first[0] != last[0]:
                change = number(Decimal(str(last[1])) - Decimal(str(first[1])))
                if first[1]:
                    pct = round(100 * (last[1] - first[1]) / first[1], 1)
            result.append(
                {
                    "form": form.code,
                    "form_name": form.name,
                    "indicator": ind.code,
                    "name": ind.name,
                    "unit_of_measure": ind.unit_of_measure,
                    "values": values,
                    "first": list(first) if first else None,
                    "last": list(last) if last else None,
                    "change": change,
                    "change_percent": pct,
                    "years_with_data": len(known),
                }
            )
    return result


# ---------------------------------------------------------------- 2. tasks


def reviewed_plans(*, user: Any, review: Review) -> list[Plan]:
    """The subject plan, plans carrying out the subject document, and all their child
    plans, that the user may see and whose period overlaps the span."""
    visible = Plan.objects.restrict(user)
    roots: set[int] = set()
    if review.plan_id:
        roots.add(review.plan_id)
    if review.document_id:
        roots.update(visible.filter(documents=review.document_id).values_list("pk", flat=True))
    found: set[int] = set()
    frontier = roots
    while frontier:  # a programme → annual plans → …: a few levels at most
        found |= frontier
        frontier = (
            set(Plan.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
    return list(
        visible.filter(
            pk__in=found,
            period_start__year__lte=review.end_year,
            period_end__year__gte=review.start_year,
        ).order_by("period_start", "title")
    )


def task_section(*, user: Any, review: Review, today: dt.date) -> dict[str, Any]:
    plans = reviewed_plans(user=user, review=review)
    years = review.years
    counts: dict[int, dict[str, int]] = {y: dict.fromkeys(TASK_COLUMNS, 0) for y in years}
    tasks_by_year: dict[int, set[int]] = defaultdict(set)
    rows = (
        TaskAssignment.objects.restrict(user)
        .filter(
            _in_area(review.area, "unit__"),
            role=TaskAssignment.Role.LEAD,
            task__plan__in=[p.pk for p in plans],
        )
        .with_status(today)
        .values("task_id", "status_value", "is_late", "due_date", "task__due_date", "task__plan_id")
    )
    plan_end = {p.pk: p.period_end for p in plans}
    for r in rows:
        due = r["due_date"] or r["task__due_date"] or plan_end[r["task__plan_id"]]
        if due.year not in counts:
            continue
        status = r["status_value"]
        if status == TaskStatus.DONE:
            column = "done_late" if r["is_late"] else "done"
        elif status in (TaskStatus.OVERDUE, TaskStatus.CANCELLED):
            column = str(status)
        else:
            column = "open"
        counts[due.year][column] += 1
        tasks_by_year[due.year].add(r["task_id"])
    per_year = [
        {"year": y, "tasks": len(tasks_by_year[y]), **counts[y], "total": sum(counts[y].values())}
        for y in years
    ]
    totals = {c: sum(row[c] for row in per_year) for c in [*TASK_COLUMNS, "total"]}
    totals["tasks"] = len(set().union(*tasks_by_year.values())) if tasks_by_year else 0
    return {
        "plans": [
            {
                "id": p.pk,
                "title": p.title,
                "kind": p.kind,
                "start": _date(p.period_start),
                "end": _date(p.period_end),
            }
            for p in plans
        ],
        "per_year": per_year,
        "totals": totals,
    }


# ---------------------------------------------------------------- 3. awards


def award_section(*, user: Any, review: Review) -> dict[str, Any]:
    years = review.years
    in_area = _in_area(review.area, "recipient_unit__") | _in_area(review.area, "person__unit__")
    qs = Award.objects.restrict(user).filter(
        in_area, year__gte=review.start_year, year__lte=review.end_year
    )
    rows = (
        qs.values("award_type__code", "award_type__name", "award_type__order", "year")
        .annotate(n=Count("id"))
        .order_by("award_type__order", "award_type__code", "year")
    )
    by_type: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = by_type.setdefault(
            r["award_type__code"],
            {
                "code": r["award_type__code"],
                "name": r["award_type__name"],
                "counts": [0] * len(years),
            },
        )
        entry["counts"][years.index(r["year"])] += r["n"]
    types = list(by_type.values())
    for t in types:
        t["total"] = sum(t["counts"])
    per_year = [sum(t["counts"][i] for t in types) for i in range(len(years))]
    collectives = qs.filter(unit__isnull=False).count()
    occasion = (
        Award.objects.restrict(user)
        .filter(decision__in=review.decisions.all())
        .select_related("award_type", "person", "unit", "decision__document")
        .order_by("decision__decided_on", "decision_id", "award_type__order", "id")
    )
    return {
        "by_type": types,
        "per_year": per_year,
        "total": sum(per_year),
        "collectives": collectives,
        "individuals": sum(per_year) - collectives,
        "occasion": [
            {
                "decision": a.decision.document.symbol or a.decision.document.title,
                "decision_id": a.decision_id,
                "illustrative": a.decision.document.illustrative,
                "date": _date(a.decision.decided_on),
                "granted_by": a.decision.authority_title,
                "award": a.award_type.name,
                "recipient": a.recipient_name,
                "collective": a.unit_id is not None,
                "citation": a.citation,
            }
            for a in occasion
        ],
    }


# ---------------------------------------------------------------- 4. documents


def document_section(*, user: Any, review: Review, plans: list[int]) -> list[dict[str, Any]]:
    relations: dict[int, str] = {}
    if review.document_id:
        for src, kind in DocumentRelation.objects.filter(
            target=review.document_id, kind__in=CITING
        ).values_list("source_id", "kind"):
            relations.setdefault(src, kind)
    for doc_id in Document.objects.filter(plans__in=plans).values_list("pk", flat=True):
        relations.setdefault(doc_id, "plan")
    if review.movement_id and review.movement.launch_document_id:
        relations.setdefault(review.movement.launch_document_id, "movement")
    relations.pop(review.document_id, None)
    span = Q(issued_on__year__gte=review.start_year, issued_on__year__lte=review.end_year) | Q(
        issued_on__isnull=True, year__gte=review.start_year, year__lte=review.end_year
    )
    docs = (
        Document.objects.restrict(user)
        .filter(span, pk__in=list(relations))
        .order_by("issued_on", "year", "symbol", "id")
    )
    return [
        {
            "id": d.pk,
            "symbol": d.symbol,
            "title": d.title,
            "issued_on": _date(d.issued_on),
            "year": d.year,
            "relation": relations[d.pk],
        }
        for d in docs
    ]


# ---------------------------------------------------------------- 5. contests


def contest_section(*, user: Any, review: Review) -> list[dict[str, Any]]:
    under = Q(pk__in=[])
    if review.document_id:
        under |= Q(basis_document=review.document_id)
    if review.movement_id:
        under |= Q(movement=review.movement_id)
    contests = (
        Contest.objects.restrict(user)
        .filter(under, _in_area(review.area, "unit__"))
        .filter(year__gte=review.start_year, year__lte=review.end_year)
        .order_by("year", "name")
    )
    result = []
    for c in contests:
        counts = emulation_selectors.contest_counts(user=user, contest=c)
        winners = emulation_selectors.prize_winners(user=user, contest=c)
        result.append(
            {
                "id": c.pk,
                "name": c.name,
                "year": c.year,
                "rounds": [{"name": rc.round.name, "entries": rc.total} for rc in counts],
                "prizes": [{"name": name, "count": len(es)} for name, es in winners.items()],
            }
        )
    return result


# ---------------------------------------------------------------- all


def assemble(*, user: Any, review: Review, today: dt.date | None = None) -> dict[str, Any]:
    """Every section of ``review``, as JSON-ready data, read as ``user``."""
    day = today or timezone.localdate()
    tasks = task_section(user=user, review=review, today=day)
    return {
        "assembled_on": day.isoformat(),
        "years": review.years,
        "area": {"code": review.area.code, "name": review.area.name},
        "indicators": indicator_section(user=user, review=review),
        "tasks": tasks,
        "awards": award_section(user=user, review=review),
        "documents": document_section(
            user=user, review=review, plans=[p["id"] for p in tasks["plans"]]
        ),
        "contests": contest_section(user=user, review=review),
    }
