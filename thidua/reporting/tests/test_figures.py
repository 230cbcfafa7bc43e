"""Figures on the synthesis page read as people write them (the store keeps 4 decimals)."""


def test_the_synthesis_page_shows_tidy_figures(s4_2023, user_named, client_for, unit):
    page = client_for(user_named("hg.police")).get(
        f"/reporting/periods/{s4_2023.pk}/synthesis/?unit={unit('H-HG').pk}"
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "857 " in body and "857.0000" not in body
    assert "11,300" in body  # self-management members, grouped
    assert "<svg" in body  # the chart by unit
