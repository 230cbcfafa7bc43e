"""The import page: paste or upload, highlighted text beside the draft, confirm.

Every seed text runs through the page as an officer would use it; S1 and S5 are confirmed
end to end.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.documents.models import Document
from thidua.textimport import selectors
from thidua.textimport.forms import post_from_draft
from thidua.textimport.models import ImportSession


def _seeds_dir() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


SEEDS = _seeds_dir()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="shared/seeds not found above the repo")


def seed(prefix: str) -> str:
    assert SEEDS is not None
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _import(client, text: str) -> ImportSession:
    resp = client.post(reverse("textimport:new"), {"text": text})
    assert resp.status_code == 302, resp.content[:2000]
    return ImportSession.objects.order_by("-id").first()


def _problems(resp) -> str:
    import re

    html = resp.content.decode()
    return " / ".join(re.findall(r'class="(?:msg msg-error|errorlist)[^>]*>(.*?)</', html, re.S))


def _confirm(client, session: ImportSession, **overrides):
    data = post_from_draft(session.draft)
    for key, value in overrides.items():
        data[key] = value
    data["op"] = "confirm"
    return client.post(reverse("textimport:session", args=[session.pk]), data)


@pytest.mark.django_db
def test_an_outsider_with_no_role_is_refused(client_for, outsider):
    resp = client_for(outsider).get(reverse("textimport:new"))
    assert resp.status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    resp = client.get(reverse("textimport:new"))
    assert resp.status_code == 302 and "login" in resp["Location"]


@pytest.mark.django_db
def test_another_officers_import_is_a_404(client_for, user_named):
    owner = client_for(user_named("bg.supervisor"))
    session = _import(owner, "Kế hoạch số 12/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang.")
    other = client_for(user_named("ht.bcd35"))
    assert other.get(reverse("textimport:session", args=[session.pk])).status_code == 404
    assert other.post(reverse("textimport:session", args=[session.pk]), {}).status_code == 404
    assert other.get(reverse("textimport:done", args=[session.pk])).status_code == 404


@pytest.mark.django_db
def test_an_empty_paste_is_a_form_error_and_nothing_is_stored(client_for, province_supervisor):
    client = client_for(province_supervisor)
    resp = client.post(reverse("textimport:new"), {"text": "   "})
    assert resp.status_code == 200
    assert b"Paste a text or choose a file" in resp.content
    assert not ImportSession.objects.exists()


@pytest.mark.django_db
def test_a_binary_upload_is_refused_with_its_name(client_for, province_supervisor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(province_supervisor)
    upload = SimpleUploadedFile("scan.txt", bytes(range(256)) * 8)
    resp = client.post(reverse("textimport:new"), {"file": upload})
    assert resp.status_code == 200
    assert "scan.txt" in resp.content.decode()
    assert not ImportSession.objects.exists()


@pytest.mark.django_db
def test_a_docx_upload_is_read(client_for, province_supervisor):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = docx.Document()
    d.add_paragraph("Kế hoạch số 92/KH-BCĐNQ của tỉnh Bắc Giang")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Công an tỉnh Bắc Giang"
    table.rows[0].cells[1].text = "cung cấp số liệu"
    buf = io.BytesIO()
    d.save(buf)
    client = client_for(province_supervisor)
    upload = SimpleUploadedFile("plan.docx", buf.getvalue())
    resp = client.post(reverse("textimport:new"), {"file": upload})
    assert resp.status_code == 302
    session = ImportSession.objects.get()
    assert session.source_name == "plan.docx"
    assert "Công an tỉnh Bắc Giang\tcung cấp số liệu" in session.text


@pytest.mark.django_db
def test_saving_the_draft_keeps_corrections_and_creates_nothing(client_for, province_supervisor):
    client = client_for(province_supervisor)
    session = _import(client, "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang.")
    before = Document.objects.count()
    data = post_from_draft(session.draft)
    data["doc-title"] = "Kế hoạch đã sửa"
    data["op"] = "save"
    resp = client.post(reverse("textimport:session", args=[session.pk]), data)
    assert resp.status_code == 302
    session.refresh_from_db()
    assert session.draft["document"]["title"] == "Kế hoạch đã sửa"
    assert session.status == "draft"
    assert Document.objects.count() == before
    page = client.get(reverse("textimport:session", args=[session.pk]))
    assert "Kế hoạch đã sửa" in page.content.decode()


@pytest.mark.django_db
def test_a_bad_date_is_shown_beside_its_field_and_nothing_is_created(
    client_for, province_supervisor
):
    client = client_for(province_supervisor)
    session = _import(client, "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang.")
    before = Document.objects.count()
    resp = _confirm(client, session, **{"doc-issued_on": "3 February"})
    assert resp.status_code == 200
    assert 'id="doc-issued_on-error"' in resp.content.decode()
    assert Document.objects.count() == before


@pytest.mark.django_db
def test_a_date_written_dd_mm_yyyy_is_read_as_officers_write_it(client_for, province_supervisor):
    client = client_for(province_supervisor)
    session = _import(client, "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang.")
    data = post_from_draft(session.draft)
    data["doc-issued_on"] = "28/02/2023"
    data["op"] = "save"
    resp = client.post(reverse("textimport:session", args=[session.pk]), data)
    assert resp.status_code == 302
    session.refresh_from_db()
    assert session.draft["document"]["issued_on"] == "2023-02-28"
    data["doc-issued_on"] = "30/02/2023"  # no such day: refused beside the field
    resp = client.post(reverse("textimport:session", args=[session.pk]), data)
    assert resp.status_code == 200 and 'id="doc-issued_on-error"' in resp.content.decode()


@pytest.mark.django_db
def test_a_refusal_by_a_service_rolls_everything_back(client_for, province_supervisor, unit):
    """The document is fine, but the plan is issued by a unit the officer does not manage:
    nothing at all is created, and the error sits on the plan's issuing units."""
    client = client_for(province_supervisor)
    session = _import(client, "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang.")
    before = Document.objects.count()
    data = {"plan-create": "on", "plan-issuing_units": str(unit("H-BG-VP").pk)}
    data["plan-period_start"], data["plan-period_end"] = "2023-01-01", "2023-12-31"
    data["plan-title"] = "Kế hoạch"
    session.draft["document"]["action"] = "create"
    session.save()
    # A reporter (not manager) tries: bg.police may register documents but not plans.
    police = client_for_user(client, "bg.police")
    session.user = police.session_user
    session.save()
    resp = _confirm(police, session, **data)
    assert resp.status_code == 200
    assert Document.objects.count() == before
    assert "plan" in resp.content.decode()
    session.refresh_from_db()
    assert session.status == "draft"


def client_for_user(client, username):
    from thidua.accounts.models import User

    user = User.objects.get(username=username)
    client.force_login(user)
    client.session_user = user
    return client


@needs_seeds
@pytest.mark.django_db
def test_s1_gives_plan_92_with_bac_giang_units_and_confirms_end_to_end(
    client_for, province_supervisor, unit
):
    from thidua.plans.models import Plan

    client = client_for(province_supervisor)
    session = _import(client, seed("000"))
    draft = session.draft
    assert draft["document"]["symbol"] == "92/KH-BCĐNQ"
    assert draft["plan"]["create"] is True
    assert draft["plan"]["period_start"] == "2023-11-30"
    mentioned = {m["unit_id"] for m in draft["mentions"]}
    for code in ("H-BG", "H-BG-CA", "H-BG-SNGV", "H-BG-VP"):
        assert unit(code).pk in mentioned, code
    lead = {u for g in draft["plan"]["groups"] for t in g["tasks"] for u in t["lead_units"]}
    assert unit("H-BG-CA").pk in lead and unit("H-BG-SNGV").pk in lead

    page = client.get(reverse("textimport:session", args=[session.pk])).content.decode()
    assert '<mark class="x-document"' in page and "92/KH-BCĐNQ" in page
    assert '<mark class="x-unit"' in page

    resp = _confirm(client, session)
    assert resp.status_code == 302, _problems(resp)
    session.refresh_from_db()
    assert session.status == "confirmed"
    plan = Plan.objects.get(pk=next(c["id"] for c in session.created if c["kind"] == "plan"))
    assert plan.period_start.isoformat() == "2023-11-30"
    assert plan.document_links.filter(document__symbol="92/KH-BCĐNQ").exists()
    assert plan.tasks.filter(assignments__unit=unit("H-BG-CA")).exists()
    done = client.get(reverse("textimport:done", args=[session.pk])).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in done
    # Confirming twice creates nothing more.
    again = _confirm(client, session)
    assert again.status_code == 302
    assert Plan.objects.filter(pk=plan.pk).count() == 1


@needs_seeds
@pytest.mark.django_db
def test_s2_shows_the_contradiction_warning(client_for, user_named):
    client = client_for(user_named("ht.bcd35"))
    session = _import(client, seed("001"))
    codes = {w["code"] for w in session.draft["warnings"]}
    assert "cited_after_text" in codes
    page = client.get(reverse("textimport:session", args=[session.pk])).content.decode()
    assert 'class="warnings"' in page
    # In the highlighted text itself (the legend above it always shows a sample mark),
    # every contradicting span is marked and its tooltip carries its warning.
    text_html = page.split('<div class="import-text"', 1)[1].split("</div>", 1)[0]
    warned = re.findall(r'<mark class="x-(?:warning|\w+ x-warned)" title="([^"]*)"', text_html)
    for w in session.draft["warnings"]:
        if w["code"] == "cited_after_text":
            assert any(escape(f"warning: {w['message']}") in title for title in warned), w


@needs_seeds
@pytest.mark.django_db
def test_s3_shows_the_two_joint_plans(client_for, user_named, unit):
    client = client_for(user_named("ht.btg"))
    session = _import(client, seed("002"))
    docs = [session.draft["document"], *session.draft["cited"]]
    by_symbol = {d["symbol"]: d for d in docs}
    assert set(by_symbol) >= {"84-KH/HDND-BTGTU", "81-KH/UBND-BTGTU"}
    assert set(by_symbol["84-KH/HDND-BTGTU"]["issuing_units"]) == {
        unit("P42-HDND").pk,
        unit("P42-BTGTU").pk,
    }
    assert set(by_symbol["81-KH/UBND-BTGTU"]["issuing_units"]) == {
        unit("P42-UBND").pk,
        unit("P42-BTGTU").pk,
    }
    page = client.get(reverse("textimport:session", args=[session.pk])).content.decode()
    assert page.count("joint document") >= 2


@needs_seeds
@pytest.mark.django_db
def test_s4_shows_the_figures(client_for, user_named):
    client = client_for(user_named("hg.chair"))
    session = _import(client, seed("003"))
    values = {(f["value"], f["qualifier"]) for f in session.draft["indicators"]}
    assert {(857, None), (299, None), (2028, None), (614, None)} <= values
    assert {(11300, "more_than"), (18400, "more_than")} <= values
    page = client.get(reverse("textimport:session", args=[session.pk])).content.decode()
    assert "857" in page and "Figures found" in page


@needs_seeds
@pytest.mark.django_db
def test_s5_gives_the_movement_and_confirms_end_to_end(client_for, ministry_admin, unit):
    from thidua.emulation.models import Movement

    client = client_for(ministry_admin)
    session = _import(client, seed("004"))
    mv = session.draft["movement"]
    assert len(mv["contents"]) == 6
    assert [len(g["criteria"]) for g in mv["groups"]] == [4, 4, 4, 2, 2]
    assert mv["owner_unit"] == unit("BCA").pk
    page = client.get(reverse("textimport:session", args=[session.pk])).content.decode()
    assert page.count('class="criterion"') == 16

    resp = _confirm(client, session)
    assert resp.status_code == 302, _problems(resp)
    session.refresh_from_db()
    movement = Movement.objects.get(
        pk=next(c["id"] for c in session.created if c["kind"] == "movement")
    )
    assert movement.contents.count() == 6
    assert [g.criteria.count() for g in movement.groups.order_by("number")] == [4, 4, 4, 2, 2]
    assert movement.launch_document.symbol == "44-KL/TW"
    assert movement.groups.get(number=5).recipient_kind == "individual"


# --- the highlight never breaks -----------------------------------------------------------

span_st = st.tuples(
    st.integers(-5, 60),
    st.integers(-5, 60),
    st.sampled_from([*selectors.KINDS, "bogus"]),
    st.text(max_size=10),
)


@given(text=st.text(max_size=60), spans=st.lists(span_st, max_size=12))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_highlight_is_well_formed_for_any_text_and_spans(text, spans):
    html = str(selectors.highlight(text, spans))
    assert html.count("<mark") == html.count("</mark>")
    # Marks never nest: every opening is closed before the next one opens.
    depth = 0
    for piece in html.split("<mark")[1:]:
        depth += 1
        assert piece.count("</mark>") == 1
        depth -= 1
    assert depth == 0
    import re
    from html import unescape

    assert unescape(re.sub(r"<[^>]+>", "", html)) == text


def test_the_highlight_escapes_markup_in_the_text_and_titles():
    html = str(selectors.highlight("<script>x</script> 92/KH", [(0, 8, "document", '"><b>')]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '"><b>' not in html


@given(st.text(max_size=300))
@settings(max_examples=100, deadline=None)
def test_the_spans_of_any_extraction_render(text):
    from thidua.textimport.extract import extract

    ex = extract(text).to_dict()
    html = str(selectors.highlight(text, selectors.spans_of(ex)))
    assert html.count("<mark") == html.count("</mark>")


# --- the draft's units: the one unit picker -------------------------------------------------

PLAN_TEXT = (
    "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang.\n"
    "1. Công an tỉnh Bắc Giang chủ trì tuyên truyền.\n"
    "2. Sở Ngoại vụ tỉnh Bắc Giang phối hợp."
)


def _save(client, session, **overrides):
    data = post_from_draft(session.draft)
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        elif isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    data["op"] = "save"
    return client.post(reverse("textimport:session", args=[session.pk]), data)


@pytest.mark.django_db
def test_an_outsider_cannot_open_or_send_a_draft(client_for, province_supervisor, outsider):
    session = _import(client_for(province_supervisor), PLAN_TEXT)
    url = reverse("textimport:session", args=[session.pk])
    stranger = client_for(outsider)
    assert stranger.get(url).status_code == 403
    assert stranger.post(url, post_from_draft(session.draft)).status_code == 403


@pytest.mark.django_db
def test_the_drafts_units_are_chips_of_the_unit_picker_with_the_purpose_of_their_service(
    client_for, province_supervisor, unit
):
    client = client_for(province_supervisor)
    session = _import(client, PLAN_TEXT)
    page = client.get(reverse("textimport:session", args=[session.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<select multiple" not in body and 'multiple size="4"' not in body
    # Each field is the picker, its label pointing at its search box.
    for name, purpose in (
        ("doc-issuing_units", "tree"),
        ("plan-issuing_units", "tree"),
        ("plan-g0-t0-lead_units", "view"),
    ):
        picker = body.split(f'data-name="{name}"')[1].split("</div>")[0]
        assert f"purpose={purpose}&amp;groups=1" in picker, name
        assert f'<label for="id-{name}">' in body and f'id="id-{name}"' in picker
    lead = body.split('data-name="plan-g0-t0-lead_units"')[1].split("</div>")[0]
    assert "Công an tỉnh Bắc Giang" in lead
    assert f'type="hidden" name="plan-g0-t0-lead_units" value="{unit("H-BG-CA").pk}"' in lead
    assert "H-BG-CA" not in lead  # by name, never by code


@pytest.mark.django_db
def test_units_typed_without_the_script_are_read_as_the_picker_reads_them(
    client_for, province_supervisor, unit
):
    client = client_for(province_supervisor)
    session = _import(client, PLAN_TEXT)
    resp = _save(client, session, **{"plan-g0-t0-lead_units": "Huyen Luc Ngan, H-BG-D-YT"})
    assert resp.status_code == 302, _problems(resp)
    session.refresh_from_db()
    lead = session.draft["plan"]["groups"][0]["tasks"][0]["lead_units"]
    assert lead == [unit("H-BG-D-LN").pk, unit("H-BG-D-YT").pk]
    # A name that is no unit is refused with the picker's words, beside the field, and
    # the page shows back what was typed.
    resp = _save(client, session, **{"plan-g0-t0-lead_units": "Ban Tuyên"})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert 'id="plan-g0-t0-lead_units-error"' in body
    assert "No unit is called “Ban Tuyên”. Type part of the name" in body
    assert 'value="Ban Tuyên"' in body
    session.refresh_from_db()
    assert session.draft["plan"]["groups"][0]["tasks"][0]["lead_units"] == lead


@pytest.mark.django_db
def test_a_unit_outside_the_fields_reach_is_refused_with_the_pickers_message(
    client_for, user_named, unit
):
    client = client_for(user_named("bca.movement"))
    session = _import(client, PLAN_TEXT)
    session.draft["movement"] = {"create": False, "name": "", "code": "", "owner_unit": None}
    session.save()
    rest = {"doc-action": "skip", "plan-create": None}
    # A movement is run by a unit its creator manages (the service's rule).
    resp = _save(client, session, **rest, **{"mv-owner_unit": str(unit("H-BG").pk)})
    assert resp.status_code == 200
    assert (
        "You do not manage Tỉnh Bắc Giang. Choose a unit you manage (Bộ Công an), or ask "
        "a manager of that unit to do it." in html.unescape(resp.content.decode())
    )
    resp = _save(client, session, **rest, **{"mv-owner_unit": str(unit("BCA").pk)})
    assert resp.status_code == 302, _problems(resp)
    session.refresh_from_db()
    assert session.draft["movement"]["owner_unit"] == unit("BCA").pk


@pytest.mark.django_db
def test_a_group_chosen_for_a_task_becomes_its_units_and_stays_one_chip_when_sent_back(
    client_for, province_supervisor, unit
):
    client = client_for(province_supervisor)
    session = _import(client, PLAN_TEXT)
    group = f"below:{unit('H-BG').pk}:district"
    # Sent back for a bad date elsewhere: the group is still one chip.
    resp = _save(
        client, session, **{"plan-g0-t0-lead_units": [group], "doc-issued_on": "3 February"}
    )
    assert resp.status_code == 200
    body = html.unescape(resp.content.decode())
    assert "Every district (until 30 Jun 2025) below Tỉnh Bắc Giang" in body
    assert f'type="hidden" name="plan-g0-t0-lead_units" value="{group}"' in body
    resp = _save(client, session, **{"plan-g0-t0-lead_units": [group]})
    assert resp.status_code == 302, _problems(resp)
    session.refresh_from_db()
    lead = session.draft["plan"]["groups"][0]["tasks"][0]["lead_units"]
    districts = ["H-BG-D-TP", "H-BG-D-LN", "H-BG-D-LNA", "H-BG-D-YT", "H-BG-D-HH"]
    assert sorted(lead) == sorted(unit(c).pk for c in districts)


def test_a_recurring_deadline_reads_as_one_sentence_in_the_reader_s_language():
    from django.utils import translation

    from thidua.textimport.selectors import deadline_words

    yearly = {"every": "year", "before": "11-30", "before_day": 30}
    monthly = {"every": "month", "before": None, "before_day": 20}
    assert deadline_words(yearly) == "every year before 30/11"
    with translation.override("vi"):
        assert deadline_words(yearly) == "hằng năm, trước ngày 30/11"
        assert deadline_words(monthly) == "hằng tháng, trước ngày 20"
    assert deadline_words({"every": "year", "before": None, "before_day": 0}) == ""


PLAN_BG = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
Số: 131/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Giang, ngày 20 tháng 10 năm 2023
KẾ HOẠCH
Tuyên truyền kỷ niệm ngày Quyền con người năm 2023
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, nhân dân về quyền con người.
II. NHIỆM VỤ
1. Cung cấp thông tin cho báo chí nước ngoài.
Cơ quan chủ trì: Sở Ngoại vụ tỉnh Bắc Giang; cơ quan phối hợp: Công an tỉnh Bắc Giang.
Thời gian hoàn thành: trước ngày 30/11/2023.
2. Tổ chức hội thảo chuyên đề về quyền con người.
Cơ quan chủ trì: Sở Kế hoạch và Đầu tư.
Thời gian: từ ngày 01/12/2023 đến ngày 15/12/2023.
III. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân các huyện, thành phố báo cáo kết quả trước ngày 25 hằng tháng.
2. Kinh phí thực hiện từ ngân sách tỉnh.
"""


@pytest.mark.django_db
def test_a_formal_plan_confirms_with_windows_recurrences_classes_and_unmatched_bodies(
    client_for, province_supervisor, unit
):
    from thidua.plans.models import Plan

    client = client_for(province_supervisor)
    session = _import(client, PLAN_BG)
    tasks = [t for g in session.draft["plan"]["groups"] for t in g["tasks"]]
    assert [t["title"][:24] for t in tasks] == [
        "Cung cấp thông tin cho b",
        "Tổ chức hội thảo chuyên ",
        "Ủy ban nhân dân các huyệ",
    ]
    inform, seminar, report = tasks
    assert inform["lead_units"] == [unit("H-BG-SNGV").pk]
    assert inform["coordinating_units"] == [unit("H-BG-CA").pk]
    assert inform["due_date"] == "2023-11-30"
    # A body the tree does not hold is kept by name, marked in the text, not dropped.
    assert seminar["lead_units"] == []
    assert seminar["unmatched"] == [{"text": "Sở Kế hoạch và Đầu tư", "role": "lead"}]
    assert (seminar["start_date"], seminar["due_date"]) == ("2023-12-01", "2023-12-15")
    assert [k["code"] for k in report["unit_classes"]] == ["district"]
    assert (report["recurrence"], report["recur_day"]) == ("monthly", 25)

    page = client.get(reverse("textimport:session", args=[session.pk])).content.decode()
    text_html = page.split('<div class="import-text"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<mark class="x-unclear"[^>]*>Sở Kế hoạch và Đầu tư</mark>', text_html)
    assert 'name="plan-g0-t1-start_date"' in page

    # The officer corrects the monthly day and confirms: one transaction creates it all.
    resp = _confirm(client, session, **{"plan-g1-t0-recur_day": "20"})
    assert resp.status_code == 302, _problems(resp)
    plan = Plan.objects.get(
        pk=next(
            c["id"] for c in ImportSession.objects.get(pk=session.pk).created if c["kind"] == "plan"
        )
    )
    by_title = {t.title[:24]: t for t in plan.tasks.all()}
    assert by_title["Cung cấp thông tin cho b"].due_date.isoformat() == "2023-11-30"
    seminar_task = by_title["Tổ chức hội thảo chuyên "]
    assert seminar_task.start_date.isoformat() == "2023-12-01"
    monthly = by_title["Ủy ban nhân dân các huyệ"]
    assert (monthly.recurrence, monthly.recur_day) == ("monthly", 20)
    districts = set(monthly.assignments.values_list("unit__kind__code", flat=True))
    assert districts == {"district"} and monthly.assignments.count() >= 5


@pytest.mark.django_db
def test_a_bad_recurrence_day_is_refused_where_it_was_typed(client_for, province_supervisor):
    client = client_for(province_supervisor)
    session = _import(client, PLAN_BG)
    resp = _confirm(client, session, **{"plan-g1-t0-recur_day": "40"})
    assert resp.status_code == 200
    assert "1 to 31" in _problems(resp)
    assert not Plan_exists_for(session)


def Plan_exists_for(session: ImportSession) -> bool:
    session.refresh_from_db()
    return session.status == "confirmed"
