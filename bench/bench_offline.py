"""What the offline web app costs on a weak link: bytes over the wire, measured.

The production server (gunicorn, DEBUG off, static files collected and compressed by
WhiteNoise) serves the demo (S4 reporting, the plans) from a throw-away SQLite database;
headless Chromium reaches it through a counting proxy on 127.0.0.1, which adds up every
byte the server sends and receives, whoever asked (the page, or the service worker in the
background). Lũng Cú's officer (S4) opens the 2024 report form:

- first load: a new browser (empty cache, no worker), the form and every file it needs;
  then what the worker fetches in the background to work offline (its files and the
  officer's pages);
- repeat load: the same form opened again (worker installed, files cached);
- offline: the same form with the network cut (must be 0 bytes);
- the API: a report's JSON, compressed and not.

Usage: ``python bench/bench_offline.py`` (prints a table; about a minute).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from _setup import configure, setup_django
from bench_deadline import Server

BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]


class CountingProxy:
    """A TCP relay from a free port to ``target``, counting bytes in each direction."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.down = 0  # server → browser
        self.up = 0  # browser → server
        self.asked: list[str] = []  # the request lines seen since the last take()
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _addr = self.sock.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, server, "up"), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, "down"), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, way: str) -> None:
        try:
            while data := src.recv(65536):
                with self.lock:
                    setattr(self, way, getattr(self, way) + len(data))
                    if way == "up" and data[:4] in (b"GET ", b"POST", b"PATC"):
                        self.asked.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def take(self) -> tuple[int, int]:
        """(down, up) since the last call."""
        with self.lock:
            out = (self.down, self.up)
            self.down = self.up = 0
        return out

    def requests(self) -> list[str]:
        with self.lock:
            out, self.asked = self.asked, []
        return out


def settle(proxy: CountingProxy, quiet: float = 3.0, limit: float = 60) -> tuple[int, int]:
    """Wait until no byte has moved for ``quiet`` seconds, then take the counts."""
    down = up = 0
    still = time.monotonic()
    until = time.monotonic() + limit
    while time.monotonic() < until:
        time.sleep(0.25)
        d, u = proxy.take()
        down, up = down + d, up + u
        if d or u:
            still = time.monotonic()
        elif time.monotonic() - still >= quiet:
            break
    return down, up


def kb(n: int) -> str:
    return f"{n / 1024:.1f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.parse_args()
    chromium = shutil.which("chromium") or os.environ.get("CHROMIUM_PATH")
    if not chromium:
        sys.exit("Chromium is needed: apt-get install chromium")
    configure("sqlite", "thidua_bench_offline")
    os.environ["SECRET_KEY"] = "bench-" + secrets.token_hex(24)
    static_root = Path(tempfile.mkdtemp(prefix="bench-offline-static-"))
    os.environ["STATIC_ROOT"] = str(static_root)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command(
        "load_demo",
        only=["units", "users", "documents", "plans", "reporting"],
        no_communes=True,
        verbosity=0,
    )
    from thidua.accounts.demo import DEMO_PASSWORD
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting.models import Period

    period = Period.objects.get(form__code="hg-antq-annual", year=2024)
    unit = OrgUnit.objects.get(code="H-HG-D-DV-01")
    fill = f"/reporting/periods/{period.pk}/fill/?unit={unit.pk}"

    workdir = Path(tempfile.mkdtemp(prefix="bench-offline-"))
    server = Server(2, 2, 60, workdir / "gunicorn.log")
    rows: list[tuple[str, str, str]] = []
    try:
        server.wait_ready()
        proxy = CountingProxy(server.port)
        base = f"http://127.0.0.1:{proxy.port}"
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
            # Signed in once, in a context of its own; the measured one starts from its
            # cookies only: no cache, no worker.
            signin = browser.new_context(base_url=base)
            p = signin.new_page()
            p.goto("/accounts/login/")
            p.fill("input[name=username]", "hg.lungcu")
            p.fill("input[name=password]", DEMO_PASSWORD)
            p.click("button[type=submit]")
            p.wait_for_url(lambda url: "/accounts/login/" not in url)
            state = signin.storage_state()
            signin.close()
            settle(proxy)

            def phase(name: str, ctx, url: str = fill) -> tuple[int, int, object]:
                proxy.requests()
                page = ctx.pages[0] if ctx.pages else ctx.new_page()
                page.goto(url, wait_until="load")
                down, up = settle(proxy)
                print(f"{name}: {proxy.requests()}", file=sys.stderr)
                return down, up, page

            # The form and its files alone: a browser whose worker is not running yet.
            plain = browser.new_context(base_url=base, storage_state=state, service_workers="block")
            down, up, _page = phase("first", plain)
            rows.append(("first load: the form and its files", kb(down), f"sent {kb(up)}"))
            plain.close()
            ctx = browser.new_context(base_url=base, storage_state=state)
            down, up, _page = phase("install", ctx)
            rows.append(
                (
                    "first load, and the worker keeping its files and pages",
                    kb(down),
                    f"sent {kb(up)}",
                )
            )
            down, up, _page = phase("repeat", ctx)
            rows.append(("repeat load of the form (worker installed)", kb(down), f"sent {kb(up)}"))
            ctx.set_offline(True)
            down, up, page = phase("offline", ctx)
            shown = page.locator("form[data-offline]").count() == 1
            rows.append(
                ("offline load of the form", kb(down), "form shown" if shown else "NOT SHOWN")
            )
            ctx.close()
            browser.close()

        # The API: one report's JSON, as a client asking for compression gets it.
        from thidua.reporting.models import Submission

        sub = Submission.objects.filter(is_current=True, unit__code="H-HG-D-DV-01").first()
        if sub is not None:
            cookie = next(c for c in state["cookies"] if c["name"] == "sessionid")
            url = f"http://127.0.0.1:{server.port}/api/reporting/submissions/{sub.pk}/"
            sizes = {}
            for enc in ("gzip", "identity"):
                req = urllib.request.Request(
                    url,
                    headers={"Cookie": f"sessionid={cookie['value']}", "Accept-Encoding": enc},
                )
                with urllib.request.urlopen(req) as r:
                    sizes[enc] = (len(r.read()), r.headers.get("Content-Encoding", "none"))
            rows.append(
                (
                    "API: a report's JSON (gzip / plain)",
                    f"{sizes['gzip'][0]} B",
                    f"{sizes['identity'][0]} B plain ({sizes['gzip'][1]})",
                )
            )
    finally:
        server.stop()
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'received':>10}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")


if __name__ == "__main__":
    main()
