"""Browser tests: headless Chromium (Debian's package) driven by Playwright.

They run against Django's live server with committed data, so each test loads the demo
data it needs (the database is flushed after every test). Chromium is looked up on the
PATH or in CHROMIUM_PATH; when it is missing the tests are skipped, unless
THIDUA_REQUIRE_BROWSER=1 (set by CI), where a missing browser is an error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def _chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory) -> None:
    """On SQLite, a database file as deployed (WAL, a busy timeout, IMMEDIATE writes)
    instead of the shared-cache memory database, whose table locks fail at once: the live
    server, the test and its threads are separate connections here."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "e2e.sqlite3")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = _chromium_path()
    if path is None:
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (THIDUA_REQUIRE_BROWSER=1) but was not found.")
        pytest.skip("Chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from a thread with
    # a running loop unless told that this is deliberate (the test drives both sides).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db) -> Callable[..., None]:
    """``demo("plans")`` loads the base demo (units without communes, users, documents)
    plus the named loaders, into the committed database the live server reads."""

    def _load(*names: str) -> None:
        call_command(
            "load_demo", only=["units", "users", "documents", *names], no_communes=True, verbosity=0
        )

    return _load


@pytest.fixture
def browser_locale() -> str:
    """The language the browser asks for (its Accept-Language): English here; a module
    overrides this fixture to walk in another language (test_scenarios_vi: ``vi-VN``)."""
    return "en-US"


@pytest.fixture
def page(browser, live_server, browser_locale) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, locale=browser_locale)
    page = context.new_page()
    # How long a wait may last before the test gives up: a guard against a hung page, not
    # a check of speed (bench/ measures that), so generous for a loaded two-core machine.
    page.set_default_timeout(60_000)
    yield page
    context.close()
    _wait_for_requests_in_flight()


def _wait_for_requests_in_flight(limit: float = 60.0) -> None:
    """Let the live server finish what the closed page had asked for (the service worker
    fetches pages in the background) before the database is flushed: a request still in
    its transaction holds row locks that TRUNCATE, taking its table locks one by one, can
    deadlock with on PostgreSQL ("couldn't be flushed")."""
    import threading
    import time

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy = [t for t in threading.enumerate() if "process_request_thread" in t.name]
        if not busy:
            return
        time.sleep(0.05)


@pytest.fixture
def login(page) -> Callable[[str], None]:
    """``login("bg.supervisor")`` signs the page in with the demo password."""
    from thidua.accounts.demo import DEMO_PASSWORD

    def _login(username: str) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return _login


@pytest.fixture
def screenshot(page) -> Callable[[str], Path]:
    """``screenshot("s1-plan")`` saves var/screenshots/s1-plan.png for a person to look at."""

    def _shot(name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        target = SHOTS / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        return target

    return _shot
