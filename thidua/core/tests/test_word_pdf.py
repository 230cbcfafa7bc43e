"""Every Word export as an office suite prints it: converted to PDF by LibreOffice (one
``soffice`` run for all of them) and read back with poppler's ``pdftotext`` and
``pdfinfo``. The national title and the motto sit on one line, every page is A4 (portrait,
or landscape for a wide table), and no word or figure of a table is cut.

Skipped when LibreOffice or poppler is not installed, unless THIDUA_REQUIRE_SOFFICE=1 (set
by CI, which installs them), where a missing tool is an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from thidua.awards.models import AwardDecision
from thidua.core.testing import loaded_once_per_module
from thidua.core.wordlayout import MOTTO, NATIONAL_TITLE, checks
from thidua.plans.models import Plan
from thidua.reporting.models import Period
from thidua.reviews.models import Review

_loaded = loaded_once_per_module(("plans", "reporting", "emulation", "awards", "reviews"))
A4 = {(595, 842), (842, 595)}


def _tools() -> tuple[str, str, str]:
    found = tuple(shutil.which(t) for t in ("soffice", "pdftotext", "pdfinfo"))
    if None in found:
        if os.environ.get("THIDUA_REQUIRE_SOFFICE") == "1":
            pytest.fail(
                "LibreOffice and poppler are required (THIDUA_REQUIRE_SOFFICE=1) but were "
                "not found: apt-get install libreoffice-writer-nogui poppler-utils"
            )
        pytest.skip("LibreOffice or poppler is not installed: no PDF to read back")
    return found  # type: ignore[return-value]


def _exports(client_for, user_named, unit) -> dict[str, bytes]:
    files: dict[str, bytes] = {}

    def get(name: str, user: str, url: str, data: dict | None = None) -> None:
        client = client_for(user_named(user))
        response = client.post(url, data) if data else client.get(url)
        assert response.status_code == 200, url
        files[name] = response.content

    s1 = Plan.objects.get(document_links__document__symbol="92/KH-BCĐNQ")
    get("s1", "bg.supervisor", f"/plans/{s1.pk}/report/", {"issuer": unit("H-BG-BCDNQ").pk})
    period = Period.objects.get(form__code="hg-antq-annual", year=2023)
    get(
        "synthesis",
        "hg.police",
        f"/reporting/periods/{period.pk}/synthesis.docx?unit={unit('H-HG').pk}",
    )
    for d in AwardDecision.objects.filter(document__symbol__in=["901/QĐ-UBND", "903/QĐ-CAT"]):
        get(f"decision-{d.pk}", "hg.chair" if "UBND" in d.document.symbol else "hg.police",
            f"/awards/decisions/{d.pk}/decision.docx")  # fmt: skip
    for r in Review.objects.filter(unit__code__in=["H-HG-CA", "P42-BCD35"]):
        who = "hg.police" if r.unit.code == "H-HG-CA" else "ht.bcd35"
        get(f"review-{r.pk}", who, f"/reviews/{r.pk}/report.docx")
    return files


def _page_sizes(pdfinfo: str, pdf: Path) -> list[tuple[int, int]]:
    out = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", out)
    ]


@pytest.mark.usefixtures("_loaded")
def test_every_word_export_prints_on_a4_with_the_title_on_one_line(
    tmp_path, client_for, user_named, unit
):
    soffice, pdftotext, pdfinfo = _tools()
    files = _exports(client_for, user_named, unit)
    assert len(files) == 6, sorted(files)
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *sorted(str(p) for p in tmp_path.glob("*.docx")),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    for name, data in files.items():
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), f"{name}: LibreOffice wrote no PDF"
        sizes = _page_sizes(pdfinfo, pdf)
        assert sizes and set(sizes) <= A4, f"{name}: pages {sizes} are not A4"
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        first_page = text.split("\f")[0]
        lines = [" ".join(line.split()) for line in first_page.splitlines()]
        party = "ĐẢNG CỘNG SẢN VIỆT NAM" in first_page
        title = "ĐẢNG CỘNG SẢN VIỆT NAM" if party else NATIONAL_TITLE
        assert any(title in line for line in lines), f"{name}: the title is broken: {lines[:4]}"
        if not party:
            assert any(MOTTO in line for line in lines), f"{name}: the motto is broken"
        words = set(text.split())
        reading = checks.check(data)
        for table in reading.tables:
            for row in table[1:]:
                for cell in row:
                    for word in cell.split():
                        assert word in words, f"{name}: “{word}” is cut in the printed table"
