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


def test_a_yes_no_answer_reads_yes_or_no_on_the_report_page_never_1_or_0(
    s5_form, client_for, superuser
):
    from thidua.reporting.models import Value

    for number, word in ((1, "yes"), (0, "no")):
        value = Value.objects.filter(
            indicator__code="antq-integrated", number=number, submission__form=s5_form
        ).first()
        page = client_for(superuser).get(f"/reporting/reports/{value.submission_id}/")
        assert page.status_code == 200
        body = page.content.decode()
        cell = body[body.index("Lồng ghép với các phong trào thi đua khác") :]
        cell = cell[: cell.index("</tr>")]
        assert f">{word}</td>" in cell and ">1</td>" not in cell, cell
