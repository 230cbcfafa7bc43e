"""Background jobs of reporting: the nightly synthesis check, and workbooks of many
units' reports read in the background."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from thidua.accounts.models import Role
from thidua.core import jobs
from thidua.core.context import acting_as
from thidua.core.figures import format_figure
from thidua.core.models import Job, Notification
from thidua.orgunits.models import OrgUnit
from thidua.reporting.models import Indicator, Period
from thidua.reporting.synthesis import Difference, synthesis_check

log = logging.getLogger(__name__)


def administrators() -> list[Any]:
    """Who is told of a fault of the whole system: superusers and administrators at a
    root of the unit tree."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(role_assignments__role=Role.ADMIN, role_assignments__unit__parent__isnull=True)
        )
        .distinct()
    )


def _total(figures: tuple | None) -> str:
    return "—" if figures is None else format_figure(figures[0])


def _described(d: Difference) -> str:
    """ "Xã Lũng Cú, Số mô hình…, Năm 2023: 12 ≠ 14", by names."""
    _form, period, unit, indicator, key = d.cell
    names = [
        str(OrgUnit.objects.filter(pk=unit).first() or "—"),
        str(Indicator.objects.filter(pk=indicator).first() or "—"),
        str(Period.objects.filter(pk=period).first() or "—"),
    ]
    if key:
        names.append(key)
    return f"{', '.join(names)}: {_total(d.stored)} ≠ {_total(d.expected)}"


def synthesis_check_run() -> dict[str, Any]:
    """Recompute the synthesis and compare; on any difference tell every administrator
    (once a day), with the first cells that differ."""
    diffs = synthesis_check()
    result: dict[str, Any] = {"differences": len(diffs), "alerted": 0}
    if not diffs:
        return result
    log.error("synthesis check: %d differences, first %s", len(diffs), diffs[:5])
    day = timezone.localdate()
    cells = "; ".join(_described(d) for d in diffs[:10])
    fresh = []
    for user in administrators():
        with translation.override(getattr(user, "language", "") or None):
            fresh.append(
                Notification(
                    user=user,
                    kind="synthesis_check",
                    title=ngettext(
                        "The nightly check found %(n)d figure of the synthesis that differs "
                        "from a full recompute",
                        "The nightly check found %(n)d figures of the synthesis that differ "
                        "from a full recompute",
                        len(diffs),
                    )
                    % {"n": len(diffs)},
                    body=_(
                        "Run “manage.py synthesis_check --repair” to write the recomputed "
                        "figures, then look for what wrote around the synthesis. First "
                        "differences: %(cells)s"
                    )
                    % {"cells": cells},
                    url="",
                    dedupe_key=f"synthesis-check:{day.isoformat()}",
                )
            )
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    result["alerted"] = len(fresh)
    return result


@task()
def synthesis_check_job() -> dict[str, Any]:
    with acting_as(None):
        return synthesis_check_run()


# ---- a workbook of many units' reports, read in the background ----------------------

UNITS_UPLOAD = "units_upload"


def units_upload_job_start(
    *, user: Any, period: Any, unit: Any, upload: Any, submit: bool, back: str
) -> Job:
    """Keep the uploaded workbook and read it in a job (a province's workbook of many
    communes takes longer than a page may wait). The job reads it as ``user``, through
    the same service and checks as an upload on the page: all reports saved, or none and
    every problem listed by sheet."""
    path = default_storage.save(f"jobs/in/{uuid.uuid4().hex}.xlsx", upload)
    return jobs.start(
        user=user,
        kind=UNITS_UPLOAD,
        params={
            "period": period.pk,
            "unit": unit.pk,
            "path": path,
            "submit": bool(submit),
            "back": back,
            "back_label": str(_("Back to the report")),
            "title": str(
                _("Reports of the units below %(unit)s, from %(file)s")
                % {"unit": unit, "file": getattr(upload, "name", "")}
            ),
        },
        steps=2,
        enqueue=units_upload_job.enqueue,
    )


def _read_units_upload(job: Job) -> None:
    from thidua.reporting import selectors, services

    p = job.params
    user = job.created_by
    period = selectors.period_get(user=user, pk=p["period"])
    below = dict(selectors.units_reporting_below(user=user, period=period))
    unit = next((u for u in below if u.pk == p["unit"]), None)
    if unit is None:
        raise Http404("No units below this one report on this form for you.")
    try:
        with default_storage.open(p["path"], "rb") as fh:
            jobs.step(job, 1, _("Reading every sheet of the workbook and checking it…"))
            with transaction.atomic():
                saved = services.submissions_upload_units(
                    user=user,
                    period=period,
                    unit=unit,
                    file=fh,
                    size=default_storage.size(p["path"]),
                    submit=p["submit"],
                )
    except FileNotFoundError as exc:
        raise jobs.JobError(_("The uploaded workbook is no longer kept: upload it again.")) from exc
    finally:
        if default_storage.exists(p["path"]):
            default_storage.delete(p["path"])
    jobs.finish(
        job,
        ngettext(
            "The workbook was read and %(n)d report of %(unit)s saved.",
            "The workbook was read and %(n)d reports of %(unit)s saved.",
            len(saved),
        )
        % {"n": len(saved), "unit": unit},
        result={"saved": len(saved)},
    )


@task()
def units_upload_job(job_id: int) -> str:
    return jobs.run(
        job_id,
        UNITS_UPLOAD,
        _read_units_upload,
        first=_("Opening the workbook…"),
        out_of_reach=_(
            "These reports are out of your reach now, so nothing was saved. Open the report "
            "page again; if you should report for these units, ask a manager of your unit."
        ),
        went_wrong=_(
            "Something went wrong while reading the workbook; nothing was saved. Upload it "
            "again; if it fails again, tell the administrator."
        ),
    )
