"""The PDF of every Word export, made in a background job (thidua.core.pdfs).

Each of the four Word exports has a PDF button that POSTs, starts a job and sends the
officer to the job's page; the job (run by the immediate backend once the request's
transaction commits) ends done with an A4 PDF that carries all its fonts, downloaded from
the guarded ``/jobs/<pk>/file/``. Whoever may not download the Word file may not start
the job, and a job's page and file are its creator's only.

The PDF-making tests are skipped when LibreOffice or poppler is missing, unless
THIDUA_REQUIRE_SOFFICE=1 (set by CI), where a missing tool is an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.utils import translation

from thidua.accounts.models import RoleAssignment
from thidua.awards.models import AwardDecision
from thidua.core.models import Job
from thidua.core.pdf import fonts_not_embedded
from thidua.core.pdfs import STEPS, pdf_job_start, render_pdf_job
from thidua.core.testing import loaded_once_per_module
from thidua.plans.models import Plan
from thidua.reporting.models import Period
from thidua.reviews.models import Review

_loaded = loaded_once_per_module(("plans", "reporting", "awards", "reviews"))
A4 = {(595, 842), (842, 595)}
JOB_PAGE = re.compile(r"^/jobs/(\d+)/$")


def _tools() -> tuple[str, str]:
    found = tuple(shutil.which(t) for t in ("soffice", "pdfinfo", "pdffonts"))
    if None in found:
        if os.environ.get("THIDUA_REQUIRE_SOFFICE") == "1":
            pytest.fail(
                "LibreOffice and poppler are required (THIDUA_REQUIRE_SOFFICE=1) but were "
                "not found: apt-get install libreoffice-writer-nogui poppler-utils"
            )
        pytest.skip("LibreOffice or poppler is not installed: no PDF to make")
    return found[1], found[2]  # type: ignore[return-value]


@dataclass
class Source:
    """One Word export: who prints it, the Word download, the PDF button's POST."""

    user: str
    other: str  # an officer of another unit, who cannot print it
    word: str
    word_data: dict | None
    pdf: str
    pdf_data: dict
    back: str
    name: str  # what the downloaded PDF is called (names, not codes)


def _sources(unit) -> dict[str, Source]:
    plan = Plan.objects.get(document_links__document__symbol="92/KH-BCĐNQ")
    issuer = unit("H-BG-BCDNQ").pk
    period = Period.objects.get(form__code="hg-antq-annual", year=2023)
    hg = unit("H-HG").pk
    decision = AwardDecision.objects.get(document__symbol="903/QĐ-CAT")
    review = Review.objects.get(unit__code="H-HG-CA", is_current=True)
    return {
        "plan report": Source(
            "bg.supervisor",
            "hg.police",
            f"/plans/{plan.pk}/report/",
            {"issuer": issuer},
            f"/plans/{plan.pk}/report/",
            {"issuer": issuer, "symbol": "15", "make": "pdf"},
            f"/plans/{plan.pk}/",
            "92/KH-BCĐNQ - Follow-up report.pdf".replace("/", "-"),
        ),
        "synthesis": Source(
            "hg.police",
            "bg.police",
            f"/reporting/periods/{period.pk}/synthesis.docx?unit={hg}",
            None,
            f"/reporting/periods/{period.pk}/synthesis/pdf/",
            {"unit": hg},
            f"/reporting/periods/{period.pk}/synthesis/?unit={hg}",
            "Synthesis - ",
        ),
        "award decision": Source(
            "hg.police",
            "bg.police",
            f"/awards/decisions/{decision.pk}/decision.docx",
            None,
            f"/awards/decisions/{decision.pk}/pdf/",
            {},
            f"/awards/decisions/{decision.pk}/",
            "903-QĐ-CAT.pdf",
        ),
        "review": Source(
            "hg.police",
            "bg.police",
            f"/reviews/{review.pk}/report.docx",
            None,
            f"/reviews/{review.pk}/report/pdf/",
            {},
            f"/reviews/{review.pk}/",
            f"{review.title[:100]} {review.start_year}-{review.end_year}.pdf",
        ),
    }


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _start(client, url: str, data: dict, capture) -> Job:
    """POST the PDF button; the job runs once the request's transaction commits."""
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code)
    found = JOB_PAGE.match(response["Location"])
    assert found, response["Location"]
    return Job.objects.get(pk=int(found.group(1)))


def _page_sizes(pdfinfo: str, path) -> list[tuple[int, int]]:
    out = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", out)
    ]


def _fonts(pdffonts: str, path) -> dict[str, bool]:
    """Each font of the PDF, by poppler's ``pdffonts``: embedded or not."""
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    fonts = {}
    for line in out.splitlines()[2:]:
        found = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        if found:
            fonts[line.split()[0]] = found.group(1) == "yes"
    return fonts


@pytest.mark.usefixtures("_loaded")
@pytest.mark.parametrize("which", ["plan report", "synthesis", "award decision", "review"])
def test_each_word_export_becomes_an_a4_pdf_with_its_fonts_through_a_job(
    which, client_for, user_named, unit, tmp_path, django_capture_on_commit_callbacks
):
    pdfinfo, pdffonts = _tools()
    source = _sources(unit)[which]
    client = client_for(user_named(source.user))
    job = _start(client, source.pdf, source.pdf_data, django_capture_on_commit_callbacks)
    assert job.kind == "pdf" and job.created_by == user_named(source.user)
    assert job.status == Job.Status.DONE, job.message
    assert (job.progress, job.total, job.percent) == (STEPS, STEPS, 100)
    assert job.message == "The PDF is ready."

    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'href="/jobs/{job.pk}/file/"' in body and "/media/" not in body
    assert f'href="{source.back}"' in body
    assert "hx-get" not in body  # done: the page stops polling

    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert source.name in job.result["name"], job.result
    assert job.result["name"].endswith(".pdf")
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    sizes = _page_sizes(pdfinfo, path)
    assert sizes and set(sizes) <= A4, sizes
    fonts = _fonts(pdffonts, path)
    assert fonts and all(fonts.values()), fonts
    assert fonts_not_embedded(pdf) == []


@pytest.mark.usefixtures("_loaded")
@pytest.mark.parametrize("which", ["plan report", "synthesis", "award decision", "review"])
def test_whoever_may_not_download_the_word_file_may_not_start_its_pdf(
    which, client_for, user_named, unit, outsider
):
    source = _sources(unit)[which]
    before = Job.objects.count()
    for user in (user_named(source.other), outsider):
        client = client_for(user)
        word = client.post(source.word, source.word_data) if source.word_data else None
        word = word or client.get(source.word)
        pdf = client.post(source.pdf, source.pdf_data)
        assert word.status_code in (403, 404), (user, word.status_code)
        assert pdf.status_code == word.status_code, (user, pdf.status_code, word.status_code)
    assert Client().post(source.pdf, source.pdf_data).status_code == 302  # to sign in
    assert Job.objects.count() == before


@pytest.mark.usefixtures("_loaded")
@pytest.mark.parametrize("which", ["synthesis", "award decision", "review"])
def test_the_pdf_button_is_a_csrf_protected_post(which, user_named, unit):
    source = _sources(unit)[which]
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user_named(source.user))
    assert client.get(source.pdf).status_code == 405
    assert client.post(source.pdf, source.pdf_data).status_code == 403
    page = client.get(source.back)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'action="{source.pdf}"' in body and 'data-action="make_pdf"' in body
    assert Job.objects.filter(created_by=user_named(source.user)).count() == 0


@pytest.mark.usefixtures("_loaded")
def test_the_plan_report_form_makes_the_pdf_with_the_options_it_checks(
    client_for, user_named, unit
):
    source = _sources(unit)["plan report"]
    client = client_for(user_named(source.user))
    form = client.get(source.pdf)
    assert form.status_code == 200
    assert 'name="make" value="pdf"' in form.content.decode()
    # An issuer that is neither an issuing nor a monitoring unit of the plan: the form
    # says so, and no job is started.
    wrong = {**source.pdf_data, "issuer": unit("H-BG-CA").pk}
    response = client.post(source.pdf, wrong)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Job.objects.filter(created_by=user_named(source.user)).exists()


@pytest.mark.usefixtures("_loaded")
def test_a_job_its_page_and_its_file_are_its_creators_only(client_for, user_named, outsider):
    police = user_named("hg.police")
    failed = Job.objects.create(
        kind="pdf", status=Job.Status.FAILED, created_by=police, message="No PDF."
    )
    done = Job.objects.create(kind="pdf", status=Job.Status.DONE, created_by=police)
    done.result_file.save("r.pdf", ContentFile(b"%PDF-1.7 made"), save=True)
    for stranger in (user_named("hg.chair"), user_named("bg.police"), outsider):
        client = client_for(stranger)
        for j in (failed, done):
            for url in (f"/jobs/{j.pk}/", f"/jobs/{j.pk}/progress/", f"/jobs/{j.pk}/file/"):
                assert client.get(url).status_code == 404, (stranger, url)
            assert client.post(f"/jobs/{j.pk}/retry/").status_code == 404
    anonymous = Client()
    assert anonymous.get(f"/jobs/{done.pk}/file/").status_code == 302
    owner = client_for(police)
    response = owner.get(f"/jobs/{done.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 made"
    assert owner.get(f"/jobs/{failed.pk}/file/").status_code == 404  # failed: no file


@pytest.mark.usefixtures("_loaded")
@pytest.mark.parametrize(
    ("soffice", "said"),
    [
        (
            "/nonexistent/soffice",
            "This server cannot make PDF files (LibreOffice is not installed). Download "
            "the Word file instead, or ask the administrator to install "
            "libreoffice-writer-nogui.",
        ),
        (
            "/bin/true",
            "LibreOffice could not turn this document into a PDF. Download the Word file.",
        ),
    ],
)
def test_a_failing_conversion_ends_the_job_failed_with_what_to_do_and_no_file(
    soffice, said, user_named, unit, django_capture_on_commit_callbacks
):
    source = _sources(unit)["award decision"]
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user_named(source.user))
    with override_settings(THIDUA_SOFFICE=soffice):
        job = _start(client, source.pdf, source.pdf_data, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert not job.result_file and job.result is None
    with translation.override("vi"):
        assert job.message == translation.gettext(said) != said, job.message  # in Vietnamese
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert job.message in body and f"/jobs/{job.pk}/file/" not in body
    assert f'action="/jobs/{job.pk}/retry/"' in body and f'href="{source.back}"' in body
    # Trying again starts a new job for the same document (the failed one is kept).
    with (
        override_settings(THIDUA_SOFFICE=soffice),
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = client.post(f"/jobs/{job.pk}/retry/")
    assert again.status_code == 302
    retried = Job.objects.get(pk=int(JOB_PAGE.match(again["Location"]).group(1)))
    assert retried.pk != job.pk and retried.params == job.params
    assert retried.status == Job.Status.FAILED


@pytest.mark.usefixtures("_loaded")
def test_a_job_reads_only_what_its_user_may_see_when_it_runs(
    user_named, unit, django_capture_on_commit_callbacks
):
    """The job rebuilds the Word file as its user: a job asked for someone else's review,
    or by a user whose role was taken away meanwhile, ends refused, with no file."""
    review = Review.objects.get(unit__code="H-HG-CA", is_current=True)
    police = user_named("hg.police")
    with django_capture_on_commit_callbacks(execute=True):
        foreign = pdf_job_start(
            user=user_named("bg.police"),
            source="reviews.report",
            params={"review": review.pk},
            title="x",
        )
    with django_capture_on_commit_callbacks(execute=False) as pending:
        late = pdf_job_start(
            user=police, source="reviews.report", params={"review": review.pk}, title="x"
        )
    RoleAssignment.objects.filter(user=police).delete()
    for callback in pending:
        callback()
    for job in (foreign, late):
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED and not job.result_file
        assert "out of your reach" in job.message, job.message


@pytest.mark.usefixtures("_loaded")
def test_a_done_job_is_not_redone_and_a_running_one_is_redone_cleanly(
    user_named, unit, settings, django_capture_on_commit_callbacks
):
    _tools()
    decision = AwardDecision.objects.get(document__symbol="903/QĐ-CAT")
    with django_capture_on_commit_callbacks(execute=True):
        job = pdf_job_start(
            user=user_named("hg.police"),
            source="awards.decision",
            params={"decision": decision.pk},
            title="x",
        )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    kept = (job.result_file.name, job.finished_at, job.result)
    assert render_pdf_job.enqueue(job.pk).return_value == "skipped"
    job.refresh_from_db()
    assert (job.result_file.name, job.finished_at, job.result) == kept

    # A worker stopped half-way: the job is still "running", with a half-written file.
    job.status, job.progress, job.result = Job.Status.RUNNING, 2, None
    job.result_file.save("half.pdf", ContentFile(b"%PDF half"), save=False)
    job.save()
    stale = job.result_file.path
    assert render_pdf_job.enqueue(job.pk).return_value == "done"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == STEPS
    assert not os.path.exists(stale)
    with job.result_file.open("rb") as handle:
        assert fonts_not_embedded(handle.read()) == []


def test_every_word_export_is_a_registered_source():
    from thidua.core.registry import registry

    assert set(registry.word_sources) == {
        "plans.follow_up_report",
        "reporting.synthesis",
        "awards.decision",
        "reviews.report",
    }


def _pdf_without_its_font() -> bytes:
    """A one-page PDF that writes with Helvetica without carrying it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    text = b"BT /F1 12 Tf 72 770 Td (Bao cao) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.usefixtures("_loaded")
def test_a_pdf_that_does_not_carry_its_fonts_ends_the_job_failed_naming_them(
    user_named, unit, tmp_path, django_capture_on_commit_callbacks
):
    """A converter (a stand-in for LibreOffice) whose PDF leaves Helvetica out: the job
    fails, names the font, and keeps no file."""
    made = tmp_path / "made.pdf"
    made.write_bytes(_pdf_without_its_font())
    converter = tmp_path / "soffice"
    converter.write_text(
        "#!/bin/sh\n"
        'while [ $# -gt 0 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done\n'
        f'cp "{made}" "$out/document.pdf"\n'
    )
    converter.chmod(0o755)
    assert fonts_not_embedded(made.read_bytes()) == ["Helvetica"]
    source = _sources(unit)["award decision"]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user_named(source.user))
    with override_settings(THIDUA_SOFFICE=str(converter)):
        job = _start(client, source.pdf, source.pdf_data, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert not job.result_file and job.result is None
    assert job.message.startswith("The PDF does not carry the font Helvetica,"), job.message
    assert job.progress == 2  # the Word file was built and printed; the check refused it


def test_trying_again_a_pdf_that_can_no_longer_be_made_says_so_and_starts_nothing(
    client_for, user_named
):
    police = user_named("hg.police")
    job = Job.objects.create(
        kind="pdf", status=Job.Status.FAILED, created_by=police, params={"source": "gone"}
    )
    client = client_for(police)
    response = client.post(f"/jobs/{job.pk}/retry/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 302)]
    assert "This PDF can no longer be made here" in response.content.decode()
    assert Job.objects.filter(created_by=police).count() == 1
