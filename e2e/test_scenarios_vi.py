"""The README's tour in Vietnamese: scenarios S1–S5 walked in a browser that asks for
Vietnamese (``browser_locale`` vi-VN: Accept-Language vi), as the README's personas,
choosing units with the picker wherever a form takes them.

Elements are found as a Vietnamese officer finds them, by the words the catalogue gives
them (``vi("Save")`` is the catalogue's "Lưu", and fails if the catalogue has no
translation). Every page visited is checked (``_check``) for what that officer must not
meet: a page not in Vietnamese, English navigation, headings, labels or buttons, internal
codes (``hg-antq-annual``, ``H-HG``), dates not written dd/mm/yyyy. The pages a person
looks at are saved at desktop width and at 390 px (``vi-s1-home``, ``vi-s1-home-390``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation.trans_real import translation as catalogue
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

S1_PLAN = "Tuyên ngôn Quốc tế Nhân quyền"
S1_BANNER = "Treo băng rôn, khẩu hiệu kỷ niệm 75 năm Ngày Quốc tế Nhân quyền"


@pytest.fixture
def browser_locale() -> str:
    """Every page of this module is asked for in Vietnamese (see e2e/conftest.py)."""
    return "vi-VN"


def vi(msgid: str, plural: str | None = None, count: int = 1, **params: object) -> str:
    """The Vietnamese a page shows for ``msgid`` (``%(name)s`` filled from ``params``;
    ``plural`` and ``count`` for a message that counts)."""
    with translation.override("vi"):
        text = ngettext(msgid, plural, count) if plural else gettext(msgid)
    assert text not in (msgid, plural), f"no Vietnamese for {msgid!r}"
    return text % params if params else text


@functools.cache
def _english_msgids() -> frozenset[str]:
    """The English source texts that have a Vietnamese translation: none of them may be
    a heading, label, button or menu entry of a Vietnamese page."""
    found = set()
    for key, value in catalogue("vi")._catalog.items():
        if not isinstance(key, str) or not key or "%" in key:
            continue
        msgid = key.rsplit("\x04", 1)[-1]  # a message with a context
        if value and value != msgid and re.search(r"[a-z]{2}", msgid):
            found.add(msgid)
    return frozenset(found)


# English words that no Vietnamese sentence holds (Vietnamese "to", "in", "an", "do" are
# left out); seen anywhere in a Vietnamese page they are a leftover of the English UI.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|of|for|with|your|from|this|that|is|are|has|have|not|unit|units|"
    r"report|reports|task|tasks|plans|overdue|submitted|approved|draft|none|"
    r"Save|Submit|Approve|Urge|Filter|Download|Export|Search|Edit|Delete|New|Status|"
    r"Deadline|Progress|Home|Notifications|Menu|Sign out)\b"
)
ENGLISH_MONTHS = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d")
DATE_LIKE = re.compile(r"(?<![\w/.-])\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}(?![\w/-])")
DAY = re.compile(r"^\d{2}/\d{2}/\d{4}$")
CHROME = "h1, h2, h3, th, label, button, summary, legend, a.btn, .badge, #mainnav a"


def _codes() -> re.Pattern[str]:
    """Internal codes of the loaded demo: units' codes that no name holds (with a hyphen
    or a digit: ``H-HG``, ``P42-STP``), report forms' and indicators' codes."""
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting.models import Indicator, ReportForm

    codes = [
        c
        for c in OrgUnit.objects.values_list("code", flat=True)
        if "-" in c or any(ch.isdigit() for ch in c)
    ]
    codes += list(ReportForm.objects.values_list("code", flat=True))
    codes += list(Indicator.objects.values_list("code", flat=True))
    alternatives = "|".join(re.escape(c) for c in sorted(set(codes), key=len, reverse=True))
    return re.compile(rf"(?<![\w/.-])(?:{alternatives})(?![\w/-])")


def _check(page, *, dated: bool = True) -> str:
    """Assert that the page reads as Vietnamese throughout; returns its body text."""
    from thidua.core.registry import registry

    assert page.get_attribute("html", "lang") == "vi", page.url
    with translation.override("vi"):
        menu = [vi("Home"), *(str(e.label) for e in registry.nav)]
    shown = [t.strip() for t in page.locator("#mainnav a").all_text_contents()]
    assert shown == menu, f"{page.url}: navigation {shown}"
    english = _english_msgids()
    for text in page.locator(CHROME).all_inner_texts():
        text = " ".join(text.replace("*", " ").split())
        assert text not in english, f"{page.url}: English left on the page: {text!r}"
    body = page.locator("body").inner_text()
    leftover = ENGLISH_WORDS.search(body)
    assert leftover is None, f"{page.url}: English word {leftover.group(0)!r} in {body!r}"
    assert ENGLISH_MONTHS.search(body) is None, page.url
    code = _codes().search(body)
    assert code is None, f"{page.url}: internal code {code.group(0)!r} shown"
    dates = DATE_LIKE.findall(body)
    wrong = [d for d in dates if not DAY.match(d)]
    assert not wrong, f"{page.url}: dates not written dd/mm/yyyy: {wrong}"
    if dated:
        assert dates, f"{page.url}: no date shown"
    return body


def _shots(page, screenshot, name: str) -> None:
    """The page as it is now, at desktop width and on a 390 px phone."""
    screenshot(f"vi-{name}")
    page.set_viewport_size(PHONE)
    screenshot(f"vi-{name}-390")
    page.set_viewport_size(DESKTOP)


def _sign_in_as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)
    _check(page, dated=False)


def _menu(page, msgid: str) -> None:
    """Open a main navigation entry, by its Vietnamese name."""
    page.locator("#mainnav").get_by_role("link", name=vi(msgid), exact=True).click()
    page.wait_for_load_state()


def _field(label: str) -> re.Pattern[str]:
    """A form label exactly, with or without its required mark: ``Năm`` or ``Năm *``."""
    return re.compile(rf"^\s*{re.escape(label)}(\s*\*)?\s*$")


def _pick(page, label: str, typed: str, name: str, *, keyboard: bool = True) -> None:
    """Choose the unit ``name`` in the picker labelled ``label`` by typing ``typed``:
    with the arrow keys and Enter, or with the mouse."""
    box = page.get_by_role("combobox", name=label)
    picker = page.locator(".unit-picker", has=box)
    box.fill(typed)
    picker.get_by_role("option", name=name).first.wait_for()
    # The units found (a field of several units lists groups under some of them too).
    found = picker.locator('[role="option"]:not(.unit-group-option)').count()
    status = picker.locator("[data-status]")
    said = (
        vi("%(n)s unit found.", "%(n)s units found.", count=found, n=found),
        vi(
            "The first %(n)s unit found; type more of the name to narrow.",
            "The first %(n)s units found; type more of the name to narrow.",
            count=found,
            n=found,
        ),
    )
    assert status.inner_text().startswith(said), status.inner_text()
    if keyboard:
        names = [o.get_attribute("data-label") for o in picker.get_by_role("option").all()]
        for _ in range(names.index(name) + 1):
            box.press("ArrowDown")
        box.press("Enter")  # Enter chooses the unit; it does not send the form
    else:
        picker.get_by_role("option", name=name).first.click()
    expect(status).to_have_text(vi("%(name)s chosen.", name=name))
    expect(picker.locator(".unit-chip", has_text=name)).to_be_visible()


# --- S1 ---------------------------------------------------------------------------------


def _approve(page, sub) -> None:
    """Approve the report open on the page, confirming in the dialog."""
    from thidua.reporting.models import Submission

    page.get_by_role("button", name=vi("Approve"), exact=True).click()
    page.locator("dialog[open] button[value=ok]").click()
    expect(page.locator("[data-action=approve]")).to_have_count(0)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.APPROVED


def test_s1_bac_giang_plan_followed_urged_and_reported_in_vietnamese(demo, page, login, screenshot):
    from thidua.plans.models import Plan, TaskAssignment

    demo("plans")
    page.set_viewport_size(DESKTOP)

    # The supervisor's home flags the plan with a late unit, and the late task's deadline.
    login("bg.supervisor")
    body = _check(page)
    assert "Xin chào, Nguyễn Văn Hùng" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name=re.compile(S1_PLAN)).first.is_visible()
    assert "30/12/2023" in body and "Huyện Lục Ngạn" in body
    _shots(page, screenshot, "s1-home")

    _menu(page, "Plans")
    expect(page.locator("h1")).to_have_text(vi("Plans and programmes"))
    _check(page)
    page.get_by_role("link", name=re.compile(S1_PLAN)).first.click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    body = _check(page)
    assert "92/KH-BCĐNQ" in body
    assert page.locator("h3[id^=group-]").count() == 3  # the three task groups
    banner = page.get_by_role("row", name=re.compile(S1_BANNER))
    assert "30/11/2023 – 30/12/2023" in banner.inner_text()
    assert "Huyện Lục Ngạn" in banner.inner_text()
    _shots(page, screenshot, "s1-plan")

    # Progress by unit: Lục Ngạn first (40 %, overdue); urged with a note.
    page.get_by_role("link", name=vi("Progress by unit")).click()
    page.wait_for_url(re.compile(r"/progress/$"))
    _check(page)
    first = page.locator("#progress-rows tbody tr").first
    assert first.locator("td").first.inner_text() == "Huyện Lục Ngạn"
    assert first.get_attribute("data-status") == "overdue"
    assert "40" in first.inner_text()
    first.get_by_role("button", name=vi("Urge %(u)s", u="Huyện Lục Ngạn")).click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label(vi("Message (optional)")).fill("Đề nghị cập nhật tiến độ trước thứ Sáu.")
    assert dialog.locator("button[value=ok]").inner_text() == vi("Urge")
    assert dialog.locator("button[value=cancel]").inner_text() == vi("Cancel")
    dialog.locator("button[value=ok]").click()
    urged = vi("%(n)d unit urged", "%(n)d units urged", count=1, n=1)
    expect(page.locator(".messages")).to_contain_text(urged)
    row = page.locator("#progress-rows tbody tr").first
    assert "1×" in row.inner_text()
    _check(page)
    _shots(page, screenshot, "s1-progress")

    # A new plan whose issuing units are chosen by name, typed without accents.
    _menu(page, "Plans")
    page.get_by_role("link", name=vi("New plan")).click()
    expect(page.locator("h1")).to_have_text(vi("New plan"))
    _check(page, dated=False)
    page.get_by_label(vi("Title")).fill("Kế hoạch tuyên truyền phòng, chống ma túy năm 2025")
    _pick(page, vi("Issuing units"), "van phong ubnd", "Văn phòng UBND tỉnh Bắc Giang")
    _pick(page, vi("Issuing units"), "so ngoai vu", "Sở Ngoại vụ tỉnh Bắc Giang", keyboard=False)
    page.get_by_role(
        "button", name=vi("Remove %(name)s", name="Sở Ngoại vụ tỉnh Bắc Giang")
    ).click()
    assert page.locator(".unit-chip").count() == 1
    _pick(page, vi("Monitoring units"), "van phong ubnd", "Văn phòng UBND tỉnh Bắc Giang")
    # Dates are typed as officers write them, whatever the browser's own language, with
    # the browser's calendar a button away.
    start = page.get_by_label(vi("Period start"))
    expect(start).to_have_attribute("placeholder", vi("e.g. 15/03/2025"))
    day_field = page.locator(".day-field", has=start)
    expect(day_field.get_by_role("button", name=vi("Choose a date"))).to_be_visible()
    start.fill("01/01/2025")
    page.get_by_label(vi("Period end")).fill("30/06/2025")
    page.get_by_role("button", name=vi("Save"), exact=True).click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    body = _check(page)
    assert "01/01/2025 – 30/06/2025" in body
    plan = Plan.objects.get(title="Kế hoạch tuyên truyền phòng, chống ma túy năm 2025")
    assert [u.code for u in plan.issuing_units.all()] == ["H-BG-VP"]

    # Its first task, led by Lục Ngạn with the police coordinating, both chosen by name.
    page.get_by_role("link", name=vi("New task"), exact=True).click()
    expect(page.locator("h1")).to_have_text(vi("New task"))
    _check(page, dated=False)
    page.get_by_label(vi("Title")).fill("Treo băng rôn tuyên truyền phòng, chống ma túy")
    page.get_by_label(vi("Deadline or window end")).fill("31/03/2025")
    _pick(page, vi("Lead units"), "luc ngan", "Huyện Lục Ngạn")
    _pick(page, vi("Coordinating units"), "cong an tinh bac giang", "Công an tỉnh Bắc Giang")
    page.get_by_role("button", name=vi("Save"), exact=True).click()
    page.wait_for_url(re.compile(r"/tasks/\d+/$"))
    body = _check(page)
    assert "31/03/2025" in body
    task = plan.tasks.get()
    assert sorted((a.unit.code, a.role) for a in task.assignments.all()) == [
        ("H-BG-CA", TaskAssignment.Role.COORDINATING),
        ("H-BG-D-LN", TaskAssignment.Role.LEAD),
    ]

    # Lục Ngạn's officer is told of the urge with its note, finds the overdue banner
    # task on the home page and reports it done, with an evidence file.
    _sign_in_as(page, login, "bg.luc-ngan")
    body = _check(page)
    assert "30/12/2023" in body
    page.get_by_role("link", name=re.compile("^" + vi("Notifications"))).click()
    expect(page.locator("main")).to_contain_text("Đề nghị cập nhật tiến độ trước thứ Sáu.")
    _check(page)
    page.goto("/")
    page.get_by_role("link", name=S1_BANNER).first.click()
    page.wait_for_url(re.compile(r"/tasks/\d+/$"))
    _check(page)
    assert page.get_by_text("Việt Nam bảo đảm quyền của người dân tộc thiểu số!").is_visible()
    page.get_by_label(vi("Percent done")).fill("100")
    page.get_by_label(vi("What was done")).fill("Đã treo băng rôn tại 29 xã, thị trấn.")
    page.get_by_label(vi("Evidence files")).set_input_files(
        {"name": "bang-ron-luc-ngan.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff"}
    )
    page.get_by_role("button", name=vi("Post update")).click()
    expect(page.locator(".messages")).to_contain_text(vi("Progress recorded."))
    row = page.locator("#assignments tbody tr", has_text="Huyện Lục Ngạn")
    assert row.get_attribute("data-status") == "done"
    assert page.get_by_role("link", name="bang-ron-luc-ngan.jpg").is_visible()
    _check(page)


# --- S2 ---------------------------------------------------------------------------------


def test_s2_ha_tinh_essay_contest_in_vietnamese(demo, page, login, screenshot):
    demo("emulation")
    page.set_viewport_size(DESKTOP)
    login("ht.bcd35")
    _check(page, dated=False)
    _menu(page, "Emulation")
    expect(page.locator("h1")).to_have_text(vi("Emulation movements"))
    _check(page)
    page.get_by_role("link", name=vi("All contests")).click()
    expect(page.locator("h1")).to_have_text(vi("Contests"))
    _check(page, dated=False)
    page.get_by_role("row", name=re.compile("2023")).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/contests/\d+/$"))
    body = _check(page, dated=False)
    # Entries per round, commune to central: 7.671 in the province, 66 to the centre.
    rounds = page.locator("h3").all_inner_texts()
    assert any(r.startswith("3.") and r.endswith("— 7.671") for r in rounds), rounds
    assert any(r.startswith("4.") and r.endswith("— 66") for r in rounds), rounds
    assert "Huyện Can Lộc" in body
    _shots(page, screenshot, "s2-contest")

    # The 2022 contest with its A prize and its consolation prize.
    page.get_by_role("link", name=vi("Contests")).first.click()
    page.get_by_role("row", name=re.compile("2022")).get_by_role("link").click()
    body = _check(page, dated=False)
    assert "Giải A" in body and "Giải Khuyến khích" in body

    # Hương Sơn's officer sees only Hương Sơn's entries, and registers one.
    _sign_in_as(page, login, "ht.huongson")
    _menu(page, "Emulation")
    page.get_by_role("link", name=vi("All contests")).click()
    page.get_by_role("row", name=re.compile("2023")).get_by_role("link").click()
    body = _check(page, dated=False)
    assert "Huyện Hương Sơn" in body and "Huyện Can Lộc" not in body
    page.get_by_role("link", name=vi("Register entries and figures")).click()
    _check(page, dated=False)
    page.get_by_label(vi("Title")).fill("(minh họa) Bảo vệ nền tảng tư tưởng từ cơ sở")
    page.get_by_label(vi("Author")).fill("Tác giả minh họa 4")
    # The district's own unit comes preselected; chosen again with the picker, typed
    # without accents.
    sent_by = page.get_by_label(vi("Sent by (unit)"))
    sent_by.fill("huong son")
    page.get_by_role("option", name=re.compile("^Huyện Hương Sơn")).first.click()
    picker = page.locator(".unit-picker", has=sent_by)
    expect(picker.locator(".unit-chip")).to_have_count(1)
    expect(picker.locator(".unit-chip")).to_contain_text("Huyện Hương Sơn")
    page.get_by_role("button", name=vi("Register an entry")).click()
    expect(page.locator("main")).to_contain_text("Bảo vệ nền tảng tư tưởng từ cơ sở")
    _check(page, dated=False)


# --- S3 ---------------------------------------------------------------------------------


def test_s3_ha_tinh_coordination_and_public_concerns_in_vietnamese(demo, page, login, screenshot):
    from thidua.concerns.models import ConcernIssue

    demo("plans", "concerns")
    page.set_viewport_size(DESKTOP)
    login("ht.btg")
    _check(page)
    _menu(page, "Plans")
    page.get_by_role("link", name=re.compile("^Chương trình phối hợp")).click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    body = _check(page)
    assert "01/01/2021 – 31/12/2025" in body
    children = page.locator("h2", has_text=vi("Plans under this programme"))
    expect(children).to_be_visible()
    assert "84-KH/HDND-BTGTU" in body and "81-KH/UBND-BTGTU" in body
    assert "Đánh giá, rút kinh nghiệm kết quả phối hợp hằng năm" in body
    page.get_by_role("link", name=re.compile("năm 2023 giữa Thường trực HĐND")).click()
    body = _check(page)
    assert "84-KH/HDND-BTGTU" in body and "28/02/2023" in body
    assert "Ban Tuyên giáo Tỉnh ủy Hà Tĩnh; Hội đồng nhân dân tỉnh Hà Tĩnh" in body

    _menu(page, "Public concerns")
    expect(page.locator("h1")).to_have_text(vi("Issues of public concern"))
    _check(page)
    assert page.locator("main tbody tr").count() == ConcernIssue.objects.count()

    # The People's Council forwards an issue to the competent body, chosen by name.
    _sign_in_as(page, login, "ht.hdnd")
    _menu(page, "Public concerns")
    page.get_by_role("link", name=re.compile("mùi hôi từ trại chăn nuôi")).click()
    _check(page)
    forward = page.locator("form[data-action=forward]")
    _pick(
        page,
        vi("Competent body"),
        "so nong nghiep",
        "Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh",
    )
    due = timezone.localdate() + dt.timedelta(days=15)
    forward.get_by_label(vi("Answer requested by")).fill(due.strftime("%d/%m/%Y"))
    forward.get_by_label(vi("Written request")).fill("Đề nghị Sở kiểm tra, xử lý và trả lời.")
    forward.get_by_role("button", name=vi("Forward to the competent body")).click()
    expect(page.locator("main")).to_contain_text(due.strftime("%d/%m/%Y"))
    body = _check(page)
    assert "Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh" in body
    issue = ConcernIssue.objects.get(summary__contains="mùi hôi")
    assert issue.state == ConcernIssue.State.FORWARDED
    assert issue.competent_unit.code == "P42-SNNMT"

    # ... and urges the overdue answer, with a note.
    _menu(page, "Public concerns")
    page.get_by_role("link", name=re.compile("giải phóng mặt bằng")).click()
    expect(page.locator("h1")).to_contain_text(vi("answer overdue"))
    urge = page.locator("form[data-action=urge]")
    urge.get_by_label(vi("Message (optional)")).fill("Đề nghị trả lời trước cuối tuần.")
    urge.get_by_role("button", name=vi("Urge the competent body")).click()
    expect(page.locator("main")).to_contain_text(vi("urged %(n)s×", n=2))
    _check(page)

    # The Department of Justice answers the issue due in three days, from its home page.
    _sign_in_as(page, login, "ht.stp")
    due = ConcernIssue.objects.get(summary__contains="hộ tịch trực tuyến").answer_due
    expect(page.locator("main")).to_contain_text(due.strftime("%d/%m/%Y"))
    page.get_by_role("link", name=re.compile("hộ tịch trực tuyến")).click()
    _check(page)
    answer = page.locator("form[data-action=answer]")
    answer.get_by_label(vi("Answer")).fill(
        "Sở Tư pháp đã ban hành hướng dẫn chứng thực, đăng ký hộ tịch trực tuyến."
    )
    answer.get_by_role("button", name=vi("Record the answer")).click()
    expect(page.locator("main")).to_contain_text("đã ban hành hướng dẫn chứng thực")
    body = _check(page)
    assert timezone.localdate().strftime("%d/%m/%Y") in body
    issue = ConcernIssue.objects.get(summary__contains="hộ tịch trực tuyến")
    assert issue.state == ConcernIssue.State.ANSWERED


# --- S4 ---------------------------------------------------------------------------------


def test_s4_ha_giang_report_filed_approved_and_synthesised_in_vietnamese(
    demo, page, login, screenshot
):
    from thidua.reporting.models import FormItem, Period, Submission

    demo("reporting")
    page.set_viewport_size(DESKTOP)
    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    items = FormItem.objects.filter(section__form=period.form).select_related("indicator")
    indicators = {i.indicator.code: i.indicator.name for i in items}

    # Lũng Cú's officer: the missing 2024 report is on the home page; filled on screen.
    login("hg.lungcu")
    body = _check(page)
    assert "20/12/2024" in body
    missing = vi(
        "Report missing: %(form)s, %(period)s — %(unit)s",
        form=period.form.name,
        period="2024",
        unit="Xã Lũng Cú",
    )
    page.get_by_role("link", name=missing).click()
    page.wait_for_url(re.compile(r"/fill/"))
    body = _check(page)
    assert "15/12/2023" in body and "14/12/2024" in body
    figures = {
        "antq-movement-models": "3",
        "antq-mass-mobilisation-models": "1",
        "antq-self-management-groups": "12",
        "antq-self-management-members": "64",
        "antq-training-classes": "4",
        "antq-training-participants": "1250",
    }
    for code, value in figures.items():
        page.get_by_label(indicators[code], exact=True).fill(value)
    participants = indicators["antq-training-participants"]
    page.get_by_label(f"{participants} Nam", exact=True).fill("650")
    page.get_by_label(f"{participants} Nữ", exact=True).fill("600")
    _shots(page, screenshot, "s4-report-form")
    page.get_by_role("button", name=vi("Submit"), exact=True).click()
    page.wait_for_url(re.compile(r"/reporting/reports/\d+/$"))
    body = _check(page)
    assert "1.250" in body  # the figure written the Vietnamese way
    sub = Submission.objects.get(period=period, unit__code="H-HG-D-DV-01", is_current=True)
    assert sub.status == Submission.Status.SUBMITTED

    # The province's police approve it from Reports → Waiting for your approval.
    _sign_in_as(page, login, "hg.police")
    _menu(page, "Reports")
    heading = page.locator("h2", has_text=vi("Waiting for your approval"))
    expect(heading).to_be_visible()
    waiting = heading.locator("xpath=following-sibling::div[1]")
    _check(page)
    waiting.get_by_role("link", name="Xã Lũng Cú").first.click()
    page.wait_for_url(f"**/reporting/reports/{sub.pk}/")
    _check(page)
    _approve(page, sub)
    _check(page)

    # The synthesis of 2023: Hà Giang's totals, in Vietnamese figures.
    _menu(page, "Reports")
    forms = page.locator("main tbody tr", has_text=period.form.name)
    forms.get_by_role("link", name=vi("Synthesis"), exact=True).click()
    page.wait_for_url(re.compile(r"/synthesis/"))
    page.get_by_role("link", name="2023", exact=True).click()
    page.wait_for_url(re.compile(r"/periods/\d+/synthesis/"))
    expect(page.locator("h1")).to_contain_text("Tỉnh Hà Giang")
    body = _check(page)
    for figure in ("857", "299", "2.028", "11.300", "614", "18.400"):
        assert re.search(rf"(?<![\d.]){re.escape(figure)} ", body), figure
    assert "11,300" not in body
    assert "15/12/2022" in body and "14/12/2023" in body
    _shots(page, screenshot, "s4-synthesis")
    # Drill down to Đồng Văn, then to Lũng Cú.
    page.locator("main table").get_by_role("link", name="Huyện Đồng Văn").click()
    expect(page.locator("h1")).to_contain_text("Huyện Đồng Văn")
    _check(page)
    page.locator("main table").get_by_role("link", name="Xã Lũng Cú").click()
    expect(page.locator("h1")).to_contain_text("Xã Lũng Cú")
    _check(page)


# --- S5 ---------------------------------------------------------------------------------


def test_s5_national_movement_report_and_nomination_in_vietnamese(demo, page, login, screenshot):
    from thidua.awards.models import Nomination
    from thidua.reporting.models import ReportForm, Submission

    demo("reporting", "emulation", "awards")
    page.set_viewport_size(DESKTOP)

    # The Ministry of Public Security's movement: contents, groups, ranking.
    login("bca.movement")
    _check(page, dated=False)
    _menu(page, "Emulation")
    page.get_by_role("link", name="Toàn dân bảo vệ an ninh Tổ quốc").first.click()
    page.wait_for_url(re.compile(r"/movements/\d+/$"))
    body = _check(page)
    assert "22/01/2019" in body and "44-KL/TW" in body and "09-CT/TW" in body
    groups = page.locator("details.panel > summary").all_inner_texts()
    counts = [int(m.group(1)) for g in groups if (m := re.search(r"— (\d+) tiêu chí", g))]
    assert counts == [4, 4, 4, 2, 2], groups
    _shots(page, screenshot, "s5-movement")

    # The Ministry of Education files its annual report on screen.
    _sign_in_as(page, login, "moet.reporter")
    national = ReportForm.objects.get(code="antq-movement-national")
    missing = vi(
        "Report missing: %(form)s, %(period)s — %(unit)s",
        form=national.name,
        period="PERIOD",
        unit="Bộ Giáo dục và Đào tạo",
    )
    page.get_by_role(
        "link", name=re.compile(re.escape(missing).replace("PERIOD", r"\d{4}"))
    ).click()
    page.wait_for_url(re.compile(r"/fill/"))
    _check(page)
    form = page.locator("main form[method=post]").first
    for box in form.locator("input[inputmode=decimal]").all():
        box.fill("5")
    form.locator("select").first.select_option(index=1)
    _shots(page, screenshot, "s5-report-form")
    page.get_by_role("button", name=vi("Submit"), exact=True).click()
    page.wait_for_url(re.compile(r"/reporting/reports/\d+/$"))
    _check(page)
    sub = Submission.objects.get(unit__code="BGDDT", period__form=national, is_current=True)
    assert sub.status == Submission.Status.SUBMITTED

    # A national approver approves it.
    _sign_in_as(page, login, "vn.approver")
    page.goto(f"/reporting/reports/{sub.pk}/")
    _check(page)
    _approve(page, sub)

    # The Ministry of Public Security proposes one of its departments as an excellent
    # collective, both units chosen by name with the picker.
    _sign_in_as(page, login, "bca.movement")
    _menu(page, "Commendations")
    page.get_by_role("link", name=vi("Nominations"), exact=True).first.click()
    page.get_by_role("link", name=vi("New nomination")).click()
    expect(page.locator("h1")).to_have_text(vi("New nomination"))
    _check(page, dated=False)
    page.get_by_role("button", name=vi("Remove %(name)s", name="Bộ Công an")).click()
    _pick(page, vi("Proposing unit"), "bo cong an", "Bộ Công an")
    page.get_by_label(_field(vi("Award"))).select_option(label="Tập thể lao động xuất sắc")
    # Listed under their award, each authority named once.
    authority = page.get_by_label(vi("Granting authority"))
    option = authority.locator(
        'optgroup[label="Tập thể lao động xuất sắc"] option',
        has_text="Bộ trưởng, Thủ trưởng ngành trung ương",
    )
    authority.select_option(value=option.get_attribute("value"))
    page.get_by_label(_field(vi("Year"))).fill("2025")
    _pick(
        page, vi("or collective"), "cong tac dang", "Cục Công tác đảng và công tác chính trị (V05)"
    )
    page.get_by_label(_field(vi("Occasion"))).select_option(
        label=vi("review of a movement (sơ kết / tổng kết)")
    )
    page.get_by_label(_field(vi("Movement"))).select_option(label="Toàn dân bảo vệ an ninh Tổ quốc")
    page.get_by_label(vi("Achievement report")).fill(
        "Tham mưu triển khai phong trào toàn dân bảo vệ an ninh Tổ quốc trong toàn lực lượng."
    )
    _shots(page, screenshot, "s5-nomination")
    page.get_by_role("button", name=vi("Create the dossier")).click()
    page.wait_for_url(re.compile(r"/awards/nominations/\d+/$"))
    _check(page, dated=False)
    nomination = Nomination.objects.latest("pk")
    assert nomination.proposing_unit.code == "BCA"
    assert nomination.candidate_unit.code == "BCA-V05"
    page.get_by_role("button", name=vi("Submit"), exact=True).click()
    expect(page.locator("[data-action=submit]")).to_have_count(0)
    nomination.refresh_from_db()
    assert nomination.status != Nomination.Status.DRAFT
    _check(page, dated=False)
