"""The synthesis page shows a part of the indicators and a page of the child units at a
time (the Excel file holds the whole table), and htmx swaps only the by-unit section."""

from __future__ import annotations

import re

import pytest

from thidua.reporting import selectors, views


@pytest.fixture
def small_pages(monkeypatch):
    """Two indicators and two units a page, so the seed province has several of each."""
    monkeypatch.setattr(views, "SYNTHESIS_COLUMNS", 2)
    monkeypatch.setattr(views, "SYNTHESIS_ROWS", 2)


def _section(html: str) -> str:
    return html.split('<section id="by-unit"')[1].split("</section>")[0]


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="\?unit=\d+">([^<]+)</a>', _section(html))


def _headers(html: str) -> list[str]:
    return re.findall(r'class="col-name"[^>]*>([^<]+)</a>', _section(html))


def test_the_by_unit_table_comes_in_parts_and_pages(
    small_pages, s4_2023, user_named, client_for, unit
) -> None:
    user, province = user_named("hg.chair"), unit("H-HG")
    table = selectors.synthesis_table(user=user, period=s4_2023, unit=province)
    names = [child.name for child, _ in table.children]
    items = [it.indicator.name for it in table.items]
    assert len(names) >= 3 and len(items) >= 3  # the seed has several pages of each
    c = client_for(user)
    url = f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={province.pk}"
    first = c.get(url).content.decode()
    assert _rows(first) == names[:2] and _headers(first) == items[:2]
    # Every indicator is reachable by its part, every unit by its page.
    parts = re.findall(r'<nav class="parts".*?</nav>', first, re.S)[0]
    assert parts.count("<a ") == -(-len(items) // 2)
    second = c.get(f"{url}&part=1&page=2").content.decode()
    assert _rows(second) == names[2:4] and _headers(second) == items[2:4]
    # The chart shows the indicator chosen in the part on screen, for the units shown.
    chart = second.split("<svg", 1)[1]
    assert names[2] in chart and names[0] not in chart
    # The totals are whole on every page.
    for html in (first, second):
        totals = html.split('<table class="table table-stack">')[1].split("</table>")[0]
        assert all(name in totals for name in items)


def test_htmx_swaps_only_the_by_unit_section(
    small_pages, s4_2023, user_named, client_for, unit
) -> None:
    c = client_for(user_named("hg.chair"))
    url = f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={unit('H-HG').pk}&page=2"
    r = c.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="by-unit")
    body = r.content.decode()
    assert r.status_code == 200 and body.lstrip().startswith('<section id="by-unit"')
    assert "<html" not in body and "table-stack" not in body  # no page, no totals
    # Its links swap the section again, and put the place in the address.
    assert 'hx-target="#by-unit"' in body and 'hx-push-url="true"' in body


def test_an_outsider_is_refused_the_section_too(s4_2023, user_named, client_for, unit) -> None:
    c = client_for(user_named("bg.police"))
    url = f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={unit('H-HG').pk}"
    assert c.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="by-unit").status_code == 404
