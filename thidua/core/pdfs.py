"""The PDF of a Word export, made in a background job (LibreOffice can take a while on a
long document): ``pdf_job_start`` records a ``Job`` and enqueues ``render_pdf_job`` on
commit; the officer follows its progress on the job's page and downloads the PDF there.

Each app registers its Word exports as sources (``registry.add_word_source(name, build)``,
``build(user, params) -> (file stem, docx)``). The job runs *as the user who asked*
(``acting_as``) and calls ``build`` with that user, so it reads its objects afresh through
the user's scoped selectors and rules: a role taken away after the click, or an object out
of reach, ends the job refused, never with a PDF of what the user may no longer see.

The job is idempotent: a finished job (done or failed) is left as it is; a job found
``running`` (a worker that stopped mid-way) is redone from the start, its half-made file
dropped. It never raises into the worker: whatever goes wrong ends the job ``failed``
with a sentence that says what to do next.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from thidua.core import jobs
from thidua.core.downloads import file_name
from thidua.core.models import Job
from thidua.core.pdf import PdfError, docx_to_pdf, fonts_not_embedded
from thidua.core.registry import registry

logger = logging.getLogger(__name__)

KIND = "pdf"
# What the officer sees the job do: the Word file built, the PDF made, its fonts checked.
STEPS = 3


def _source(name: str) -> Any:
    build = registry.word_sources.get(name)
    if build is None:
        raise ValueError(f"No Word source named {name!r} is registered.")
    return build


def pdf_job_start(
    *, user: Any, source: str, params: dict[str, Any], title: str, back: str = ""
) -> Job:
    """Record a PDF job for ``user`` and enqueue it once the transaction commits.

    The caller has already refused what the Word download refuses (same selectors and
    rules); the job checks again when it runs. ``title`` names the document on the job's
    page (in the user's language); ``back`` is the page the PDF was asked from.
    """
    _source(source)  # a programming error, not the user's: fail before recording anything
    return jobs.start(
        user=user,
        kind=KIND,
        params={"source": source, "params": params, "title": str(title), "back": back},
        steps=STEPS,
        enqueue=render_pdf_job.enqueue,
    )


def pdf_job_retry(*, user: Any, job: Job) -> Job:
    """A new job for the same document as a failed one of the user's (the old one stays)."""
    if job.created_by_id != getattr(user, "pk", None) or job.kind != KIND:
        raise Http404("No such job.")
    if job.status != Job.Status.FAILED:
        raise ValidationError(_("Only a PDF that could not be made can be asked for again."))
    p = job.params
    if p.get("source") not in registry.word_sources:
        raise ValidationError(_("This PDF can no longer be made here: download the Word file."))
    return pdf_job_start(
        user=user,
        source=p.get("source", ""),
        params=p.get("params", {}),
        title=p.get("title", ""),
        back=p.get("back", ""),
    )


def _make(job: Job) -> None:
    """Build the Word file as the user, print it, check the fonts, keep the PDF."""
    build = _source(job.params.get("source", ""))
    stem, docx = build(job.created_by, dict(job.params.get("params") or {}))
    jobs.step(job, 1, _("Word file built; making the PDF…"))
    try:
        pdf = docx_to_pdf(docx)
    except PdfError as exc:
        raise jobs.JobError(str(exc)) from exc
    jobs.step(job, 2, _("PDF made; checking that it carries its fonts…"))
    missing = fonts_not_embedded(pdf)
    if missing:
        raise jobs.JobError(
            ngettext(
                "The PDF does not carry the font %(fonts)s, so it would not print as it "
                "shows here. Download the Word file instead, and ask the administrator to "
                "install that font on the server.",
                "The PDF does not carry the fonts %(fonts)s, so it would not print as it "
                "shows here. Download the Word file instead, and ask the administrator to "
                "install those fonts on the server.",
                len(missing),
            )
            % {"fonts": ", ".join(missing)}
        )
    name = file_name(f"{stem}.pdf", fallback=_("Document"))
    jobs.finish(
        job, _("The PDF is ready."), file=(name, pdf), result={"name": name, "size": len(pdf)}
    )


@task()
def render_pdf_job(job_id: int) -> str:
    """Make the PDF of job ``job_id`` (see the module's docstring); returns its status."""
    return jobs.run(
        job_id,
        KIND,
        _make,
        first=_("Building the Word file…"),
        out_of_reach=_(
            "What this PDF was to be made of is out of your reach now, so no PDF was "
            "made. Open the page again; if it is gone, ask the unit that keeps it."
        ),
        went_wrong=_(
            "Something went wrong while making the PDF. Try again; if it fails again, "
            "download the Word file and tell the administrator."
        ),
    )
