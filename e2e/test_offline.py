"""Working with no connection (issue: offline entry that never loses a figure), in
headless Chromium with its network cut (Playwright's offline mode), then slow: the
commune's officer of Lũng Cú fills the 2024 report and posts a progress update offline,
closes the page, opens it again offline, comes back online on a slow link, and the server
holds exactly one copy of each — also when the outbox is replayed a second time; a report
returned by the province while the commune edited offline is shown side by side and
settled either way; a shared device never shows one officer's kept pages to another."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LUNG_CU = "H-HG-D-DV-01"
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def _period():
    from thidua.reporting.models import Period

    return Period.objects.get(form__code="hg-antq-annual", year=2024)


def _task():
    from thidua.plans.demo import S4_TITLE
    from thidua.plans.models import Task

    return Task.objects.get(plan__title=S4_TITLE)


def _fill_url(period) -> str:
    from thidua.orgunits.models import OrgUnit

    return f"/reporting/periods/{period.pk}/fill/?unit={OrgUnit.objects.get(code=LUNG_CU).pk}"


def _kept(page, url: str) -> None:
    """Wait until the worker keeps ``url`` (it does so after every page load online).
    Polled: Playwright's wait_for_function does not wait for a promise to settle."""
    for _ in range(480):  # a guard against a hung worker, not a measure of speed
        if page.evaluate(
            """async (url) => {
                const reg = await navigator.serviceWorker.ready;
                const cache = await caches.open("thidua-pages");
                return !!reg.active && !!(await cache.match(url));
            }""",
            url,
        ):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the worker never kept {url}")


def _quiet(page) -> None:
    """Wait until the worker has ended its background keeping: its rounds run one after
    another, so a round asked now answers once every earlier one is done. The test's
    database is emptied after it, which must not race the worker's last requests."""
    page.evaluate(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            await new Promise((resolve) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = () => resolve();
                reg.active.postMessage({type: "keep"}, [channel.port2]);
            });
        }"""
    )


def _waiting(page) -> int:
    return page.evaluate(
        "async () => (await thiduaOffline.entries()).filter(e => e.state === 'waiting').length"
    )


def _fill_report(page, movement_models: str = "7") -> None:
    numeric = page.locator("form[method=post] input[inputmode=decimal]")
    for i in range(numeric.count()):
        numeric.nth(i).fill("7")
    numeric.first.fill(movement_models)
    numeric.nth(5).fill("14")  # participants: 7 men + 7 women


def _report():
    from thidua.reporting.models import Submission

    return Submission.objects.filter(period=_period(), unit__code=LUNG_CU)


def test_an_officer_works_offline_and_the_server_holds_one_copy_of_each(
    demo, page, login, screenshot
):
    demo("plans", "reporting")
    from thidua.plans.models import ProgressUpdate

    period, task = _period(), _task()
    fill, task_url = _fill_url(period), f"/plans/tasks/{task.pk}/"
    assert not _report().exists()
    login("hg.lungcu")
    _kept(page, fill)
    _kept(page, task_url)
    context = page.context
    context.set_offline(True)

    # The report form opens with no connection (from the device) and checks the figures
    # as the server would: a total that differs from its parts is refused at once.
    page.goto(fill)
    expect(page.locator("#outbox")).to_contain_text("No connection")
    _fill_report(page)
    page.locator("form[method=post] input[inputmode=decimal]").nth(5).fill("15")
    page.get_by_role("button", name="Submit").click()
    errors = page.locator("#offline-errors")
    expect(errors).to_contain_text("differs from the sum")
    assert _waiting(page) == 0  # nothing kept while a figure is wrong
    page.locator("form[method=post] input[inputmode=decimal]").nth(5).fill("14")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#outbox")).to_contain_text("the report is kept on this device")
    screenshot("offline-report-kept")

    # A progress update with a small evidence file, offline too.
    page.goto(task_url)
    page.get_by_label("Percent done").fill("60")
    page.get_by_label("What was done").fill("Đã thành lập tổ tự quản an ninh ở 3 thôn.")
    page.set_input_files(
        "input[name=files]",
        files=[{"name": "bien-ban.txt", "mimeType": "text/plain", "buffer": b"Bien ban"}],
    )
    page.get_by_role("button", name="Post update").click()
    expect(page.locator("#outbox")).to_contain_text("the update is kept on this device")
    assert _waiting(page) == 2

    # The page is closed and opened again, still offline: both entries wait, and the
    # report form shows the figures typed, not the empty report of the server.
    page.close()
    again = context.new_page()
    again.goto("/")
    expect(again.locator("#outbox .outbox-count")).to_have_attribute("data-count", "2")
    expect(again.locator("#outbox")).to_contain_text("2 entries wait on this device")
    again.goto(fill)
    expect(again.locator("#outbox")).to_contain_text("not yet sent")
    first = again.locator("form[method=post] input[inputmode=decimal]").first
    expect(first).to_have_value("7")
    assert (
        not _report().exists() and not ProgressUpdate.objects.filter(assignment__task=task).exists()
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    again.screenshot(path=str(SHOTS / "offline-reopened.png"), full_page=True)

    # The connection returns, slow (a mountain link: 400 ms each way, 64 kbit/s down,
    # 32 up): the outbox is sent in order, each entry once.
    context.set_offline(False)
    slow = context.new_cdp_session(again)
    slow.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": 8000, "uploadThroughput": 4000},
    )
    again.evaluate("window.dispatchEvent(new Event('online'))")
    expect(again.locator("#outbox [data-state=sent]")).to_have_count(2)
    assert _waiting(again) == 0
    report = _report().get()
    assert report.status == "submitted"
    assert report.values.get(indicator__code="antq-movement-models", key="").number == 7
    update = ProgressUpdate.objects.get(assignment__task=task)
    assert update.percent == 60 and update.assignment.unit.code == LUNG_CU
    from thidua.core.attachments import attachments_of

    assert [f.name for f in attachments_of(update)] == ["bien-ban.txt"]

    # The same outbox replayed a second time (as after an answer lost on the way) is
    # counted once: the server answers the first result under each entry's key.
    again.evaluate(
        """async () => {
            for (const e of await thiduaOffline.entries()) {
                e.state = "waiting";
                await thiduaOffline.keep(e);
            }
            await thiduaOffline.sync();
        }"""
    )
    expect(again.locator("#outbox [data-state=sent]")).to_have_count(2)
    assert _report().count() == 1 and _report().get().version == report.version
    assert ProgressUpdate.objects.filter(assignment__task=task).count() == 1
    _quiet(again)


def _draft(values_first: int = 3):
    """Lũng Cú's 2024 report as a draft on the server, its first figure ``values_first``."""
    from thidua.accounts.models import User
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting import services
    from thidua.reporting.tests.test_api import VALUES

    period = _period()
    values = {(v["indicator"], ""): v["value"] for v in VALUES}
    values[("antq-movement-models", "")] = values_first
    return services.submission_save(
        user=User.objects.get(username="hg.lungcu"),
        form=period.form,
        period=period,
        unit=OrgUnit.objects.get(code=LUNG_CU),
        values=values,
    )


def _meanwhile_submitted_and_returned(sub) -> None:
    """On the server, while the commune is offline: the draft is submitted (from another
    device) and the province returns it with a reason."""
    from thidua.accounts.models import User
    from thidua.reporting import services

    sub = services.submission_submit(user=User.objects.get(username="hg.lungcu"), submission=sub)
    services.submission_return(
        user=User.objects.get(username="hg.police"),
        submission=sub,
        reason="Đề nghị rà soát lại số mô hình.",
    )


def _edit_offline(page, fill: str, first: str) -> None:
    page.goto(fill)
    _kept(page, fill)
    page.context.set_offline(True)
    page.goto(fill)
    _fill_report(page, movement_models=first)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#outbox")).to_contain_text("the report is kept on this device")


def test_a_report_returned_while_the_commune_edits_offline_is_settled_either_way(demo, page, login):
    demo("reporting")
    sub = _draft(values_first=3)
    fill = _fill_url(_period())
    login("hg.lungcu")

    # 1. The officer keeps theirs: it becomes a new draft over the server's version.
    _edit_offline(page, fill, first="9")
    _meanwhile_submitted_and_returned(sub)
    returned = _report().get(is_current=True)
    assert returned.status == "returned"
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    entry = page.locator("#outbox [data-state=conflict]")
    expect(entry).to_contain_text("changed on the server")
    expect(entry).to_contain_text("it is now returned")
    row = entry.locator("tr.differs", has_text="mô hình")
    expect(row.locator("td").nth(1)).to_have_text("9")  # on this device
    expect(row.locator("td").nth(2)).to_have_text("3")  # on the server
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "offline-conflict.png"), full_page=True)
    # Nothing of the officer's was applied before they chose.
    assert _report().get(is_current=True).version == returned.version
    entry.locator("[data-outbox=keep-mine]").click()
    expect(page.locator("#outbox [data-state=sent]")).to_have_count(1)
    kept = _report().get(is_current=True)
    # Refilled as the server keeps a returned report until it is sent again.
    assert (kept.pk, kept.status) == (returned.pk, "returned") and kept.version > returned.version
    assert kept.values.get(indicator__code="antq-movement-models", key="").number == 9

    # 2. The officer takes the server's: their entry is dropped, the server unchanged.
    page.locator("#outbox [data-state=sent] [data-outbox=dismiss]").click()
    _edit_offline(page, fill, first="11")
    _meanwhile_submitted_and_returned(kept)
    before = _report().get(is_current=True)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    entry = page.locator("#outbox [data-state=conflict]")
    expect(entry).to_contain_text("changed on the server")
    entry.locator("[data-outbox=take-theirs]").click()
    expect(page.locator("#outbox [data-state=conflict]")).to_have_count(0)
    assert _waiting(page) == 0
    after = _report().get(is_current=True)
    assert (after.pk, after.version, after.status) == (before.pk, before.version, "returned")
    assert after.values.get(indicator__code="antq-movement-models", key="").number == 9
    _quiet(page)


KEPT_PAGES = """async () => {
    const cache = await caches.open("thidua-pages");
    return (await cache.keys()).map(r => new URL(r.url).pathname + new URL(r.url).search);
}"""
ALL_ENTRIES = """() => new Promise((resolve) => {
    const open = indexedDB.open("thidua-offline", 1);
    open.onsuccess = () => {
        const req = open.result.transaction("outbox").objectStore("outbox").count();
        req.onsuccess = () => resolve(req.result);
    };
})"""


def test_a_shared_device_never_shows_one_officers_kept_pages_to_another(demo, page, login):
    demo("reporting")
    fill = _fill_url(_period())
    login("hg.lungcu")
    _kept(page, fill)
    # Chromium would install it as an app: its only objection is the test's private window.
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []

    # An entry waits: signing out warns, then deletes the kept pages and the outbox.
    page.evaluate(
        """async () => {
            await thiduaOffline.keep({key: "offline-test", seq: 1, user: document.querySelector(
                "script[data-user]").dataset.user, kind: "report", state: "waiting",
                created: new Date().toISOString(), title: "Báo cáo", report: {values: []}});
            await thiduaOffline.render();
        }"""
    )
    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("dialog[open]")).to_contain_text("Signing out deletes them")
    page.click("dialog[open] button[value=ok]")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(KEPT_PAGES) == []
    assert page.evaluate(ALL_ENTRIES) == 0

    # Another officer of the district signs in; with the connection gone, the commune's
    # report is not on this device for them.
    login("hg.dongvan")
    page.context.set_offline(True)
    page.goto(fill)
    expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    assert "Lũng Cú" not in page.content()
    page.context.set_offline(False)

    # Nobody signed out: the commune's officer had kept pages, another signs in on the
    # same browser — the first answer of the other account drops them.
    page.context.clear_cookies()
    login("hg.lungcu")
    _kept(page, fill)
    page.context.clear_cookies()
    login("hg.dongvan")
    for _ in range(120):  # until the worker has seen the new account's first page
        if fill not in page.evaluate(KEPT_PAGES):
            break
        page.wait_for_timeout(250)
    assert fill not in page.evaluate(KEPT_PAGES)
    _quiet(page)
