"""Benchmark: the last hours before a national reporting deadline, over HTTP.

A country (nation → 34 provinces → ``--communes`` communes, one reporter a commune, one
approver a province, one national viewer), one monthly report form of 15 whole-number
indicators (three broken down by sex: 21 cells, one rule between two of them) assigned
to every commune, and one period open a few days before its deadline. The production
server — gunicorn, ``--workers`` processes of ``--threads`` threads (gthread), DEBUG off —
runs on a free port of 127.0.0.1 against a throw-away database, and ``--clients`` threads,
each with one keep-alive connection (``http.client``), play the last hours before the
deadline for ``--minutes``, or until every commune's report is in and approved:

- a commune submits its report: ``POST /api/reporting/submissions/`` with its figures and
  ``submit``, under its own ``Idempotency-Key``, retried with the same key and body on a
  connection error or a 5xx; now and then a commune re-sends a report already answered
  (a client that missed the answer), which must answer the first report, not a second;
- a province's approver lists its reports awaiting approval
  (``GET …/submissions/?status=submitted``) and approves them one by one
  (``POST …/submissions/<id>/approve/``), one approver of a province at a time;
- officers read the synthesis: the national one and a province's through the API
  (``/api/reporting/synthesis/``), a province's on its page (HTML).

Officers are signed in by sessions written straight into the database (what
``django.contrib.auth.login`` stores: the user's id, backend and auth hash) with a CSRF
cookie and header, so that neither password hashing nor the sign-in throttle is in the
measurement. Approvals enqueue no background job (the roll-up runs in the approving
transaction), so no job worker runs.

Printed: per operation the answers, the rate, p50/p99 latency of the 2xx answers, the
other answers by status and the retries; the CPU each part used; errors in the server's
log. Then the checks, which make the exit status 1 when one fails: ``manage.py
synthesis_check`` finds no difference; the server holds exactly one report for each
commune that got a 2xx (the one it was answered), none for a commune that did not, and
each approved one approved; the national synthesis equals the figures sent in the
approved reports.

Other rushes: ``--provinces 1 --approvers 8`` puts every commune under one province with
eight approvers approving at the same time (their roll-ups meet on the province's and the
nation's rows); ``--preload submitted`` (or ``approved``) loads every commune's report
through the bulk-load service before the clock starts; ``--ops`` keeps only some of
``submit``, ``approve`` and ``read`` (reads alone run for the whole ``--minutes``).

    python bench/bench_deadline.py                          # PostgreSQL, 3,321 communes, ~4 min
    python bench/bench_deadline.py --provinces 1 --approvers 8 --preload submitted \
        --ops approve --clients 8 --minutes 1             # 8 approvers under one province
    python bench/bench_deadline.py --preload approved --ops read --clients 1 --minutes 1
    python bench/bench_deadline.py --communes 340 --minutes 0.5 --clients 8
    python bench/bench_deadline.py --engine sqlite --workers 2 --communes 680

Not a test: it prints a markdown table (README, "Performance").
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from _setup import ROOT, configure, pg_available, setup_django

DB_NAME = "thidua_bench_deadline"
PROVINCES = 34  # the default; ``--provinces`` puts every commune under fewer
# code, name, unit of measure, aggregation, broken down by sex
INDICATORS = [
    ("dl-households", "Số hộ gia đình", "hộ", "sum", False),
    ("dl-population", "Dân số", "người", "sum", True),
    ("dl-poor-households", "Số hộ nghèo", "hộ", "sum", False),
    ("dl-near-poor-households", "Số hộ cận nghèo", "hộ", "sum", False),
    ("dl-jobs-created", "Số lao động được tạo việc làm", "người", "sum", True),
    ("dl-vocational-trainees", "Số người được đào tạo nghề", "người", "sum", True),
    ("dl-new-houses", "Số nhà ở được xây mới, sửa chữa", "căn", "sum", False),
    ("dl-rural-roads-km", "Đường giao thông nông thôn làm mới", "km", "sum", False),
    ("dl-cultural-families", "Số gia đình văn hóa", "hộ", "sum", False),
    ("dl-self-managed-groups", "Số tổ tự quản về an ninh trật tự", "tổ", "sum", False),
    ("dl-self-managed-members", "Số thành viên tổ tự quản", "người", "sum", False),
    ("dl-health-insured", "Số người có bảo hiểm y tế", "người", "sum", False),
    ("dl-schools-standard", "Số trường đạt chuẩn quốc gia", "trường", "sum", False),
    ("dl-poverty-rate", "Tỷ lệ hộ nghèo", "%", "average", False),
    ("dl-largest-village", "Số hộ của thôn đông nhất", "hộ", "max", False),
]
# Operations and their weights in the mix (of what is still there to do): mostly
# reports coming in, approvals at a steady pace, reads of the synthesis.
SUBMIT, RESEND, LIST, APPROVE = "submit", "resend", "list", "approve"
API_NATION, API_PROVINCE, PAGE_PROVINCE = "api_nation", "api_province", "page_province"
WEIGHTS = {SUBMIT: 62, APPROVE: 22, API_NATION: 4, API_PROVINCE: 6, PAGE_PROVINCE: 6}
READS = {API_NATION, API_PROVINCE, PAGE_PROVINCE}
OP_GROUPS = {"submit": {SUBMIT}, "approve": {APPROVE}, "read": READS}
RESEND_SHARE = 0.03  # of the submit turns, once some reports are answered
LABELS = {
    SUBMIT: "submit a commune's report (POST, figures + submit)",
    RESEND: "re-send an answered report (same key)",
    LIST: "list a province's reports awaiting approval",
    APPROVE: "approve a report (POST …/approve/)",
    API_NATION: "national synthesis, API",
    API_PROVINCE: "a province's synthesis, API",
    PAGE_PROVINCE: "a province's synthesis page (HTML)",
}
MAX_TRIES = 8
REQUEST_TIMEOUT = 120.0


# ---------------------------------------------------------------- the country


def _figures(c: int) -> list[tuple[str, str, int]]:
    """Commune ``c``'s report: (indicator code, key, value), consistent with the rule
    (members ≥ groups) and with every breakdown (male + female = total)."""
    out = []
    for n, (code, _name, _uom, aggregation, by_sex) in enumerate(INDICATORS):
        v = 20 + (c * 31 + n * 17) % 400
        if code == "dl-self-managed-members":
            v = 20 + (c * 31 + (n - 1) * 17) % 400 + c % 50  # ≥ the groups, the indicator before
        elif aggregation == "average":
            v = (c * 7 + n) % 30
        out.append((code, "", v))
        if by_sex:
            female = v * 48 // 100
            out += [(code, "sex=m", v - female), (code, "sex=f", female)]
    return out


@dataclass
class Officer:
    username: str
    session: str
    csrf: str

    def headers(self) -> dict[str, str]:
        return {"Cookie": f"sessionid={self.session}; csrftoken={self.csrf}"}


@dataclass
class Commune:
    index: int
    code: str
    province: int
    reporter: Officer
    body: bytes  # the report as sent, byte for byte the same on every retry
    key: str


@dataclass
class Country:
    period_id: int
    form_id: int
    communes: list[Commune]
    approvers: list[list[Officer]]  # per province, ``--approvers`` of them
    province_codes: list[str]
    province_pks: list[int]
    viewer: Officer
    cells: int
    # Reports loaded before the rush (``--preload``): commune code → (id, status).
    preloaded: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def provinces(self) -> int:
        return len(self.province_codes)


def build(
    n_communes: int,
    run_id: str,
    provinces: int = PROVINCES,
    approvers: int = 1,
    preload: str = "none",
) -> Country:
    """The country, its officers signed in, the form and its open period (services);
    with ``preload`` "submitted" or "approved", every commune's report loaded through the
    bulk-load service before the rush."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from thidua.accounts.models import Role, RoleAssignment, User
    from thidua.orgunits.models import OrgUnit, UnitKind
    from thidua.orgunits.services import UnitRow, units_bulk_upsert
    from thidua.reporting import services
    from thidua.reporting.models import (
        Dimension,
        Indicator,
        ReportForm,
        Submission,
        ValidationRule,
    )

    kinds = {
        code: UnitKind.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in ("nation", "province", "commune")
    }
    nation = OrgUnit(code="VN", name="Việt Nam", kind=kinds["nation"])
    nation.save()
    rows = [
        UnitRow(code=f"P{p:02d}", name=f"Tỉnh {p:02d}", kind=kinds["province"])
        for p in range(provinces)
    ]
    rows += [
        UnitRow(
            code=f"C{c:05d}",
            name=f"Xã {c:05d}",
            kind=kinds["commune"],
            parent_code=f"P{c % provinces:02d}",
        )
        for c in range(n_communes)
    ]
    units_bulk_upsert(root=nation, rows=rows, batch_size=5000)
    units = {u.code: u for u in OrgUnit.objects.all()}

    admin = User.objects.create(username="bench-admin", is_superuser=True, is_staff=True)
    sex, _ = Dimension.objects.update_or_create(
        code="sex", defaults={"name": "Giới tính", "categories": [["m", "Nam"], ["f", "Nữ"]]}
    )
    indicators = {}
    for code, name, uom, aggregation, by_sex in INDICATORS:
        ind = Indicator.objects.create(
            code=code, name=name, unit_of_measure=uom, value_type="integer", aggregation=aggregation
        )
        if by_sex:
            ind.dimensions.set([sex])
        indicators[code] = ind
    specs = [services.ItemSpec(ind) for ind in indicators.values()]
    form = services.report_form_create(
        user=admin,
        code="dl-monthly",
        name="Báo cáo tháng kết quả thực hiện các chỉ tiêu kinh tế - xã hội cấp xã",
        owner=nation,
        periodicity=ReportForm.Periodicity.MONTH,
        deadline_kind=ReportForm.DeadlineKind.WORKING_DAYS,
        deadline_working_days=2,
        assigned_subtrees=[nation],
        assigned_kinds=[kinds["commune"]],
        sections=[("I. Dân cư, lao động", specs[:6]), ("II. Hạ tầng, xã hội", specs[6:])],
        rules_between=[
            (
                indicators["dl-self-managed-members"],
                ValidationRule.Op.GE,
                indicators["dl-self-managed-groups"],
                "Số thành viên phải ≥ số tổ tự quản",
            )
        ],
    )
    # The month whose deadline comes next: the last hours before it.
    today = timezone.localdate()
    candidates = [(today.year + y, m) for y in (0, 1) for m in range(1, 13)]
    deadlines = {
        ym: services.period_dates(form, *ym)[1]
        for ym in candidates
        if services.period_dates(form, *ym)[1] >= today
    }
    year, month = min(deadlines, key=lambda ym: deadlines[ym])
    period = services.period_open(user=admin, form=form, year=year, number=month)
    assert period.deadline - today < dt.timedelta(days=40)

    # Officers: a reporter per commune, approvers per province, a national viewer — no
    # usable password (no hashing), each signed in by a session stored as login does.
    teams = [[f"tinh-{p:02d}-{a}" for a in range(approvers)] for p in range(provinces)]
    names = [f"xa-{c:05d}" for c in range(n_communes)]
    names += [n for team in teams for n in team] + ["toan-quoc"]
    User.objects.bulk_create(
        [User(username=n, full_name=n, password=make_password(None)) for n in names],
        batch_size=2000,
    )
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    grants = [
        RoleAssignment(user=users[f"xa-{c:05d}"], unit=units[f"C{c:05d}"], role=Role.REPORTER)
        for c in range(n_communes)
    ]
    grants += [
        RoleAssignment(user=users[n], unit=units[f"P{p:02d}"], role=Role.APPROVER)
        for p, team in enumerate(teams)
        for n in team
    ]
    grants.append(RoleAssignment(user=users["toan-quoc"], unit=nation, role=Role.VIEWER))
    RoleAssignment.objects.bulk_create(grants, batch_size=2000, ignore_conflicts=False)

    # The backend that signs people in and loads them back (the throttle's backend in
    # front of it only refuses: it has no get_user).
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend"))
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    officers: dict[str, Officer] = {}
    sessions = []
    for name in names:
        user = users[name]
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        officers[name] = Officer(name, key, get_random_string(32))
    Session.objects.bulk_create(sessions, batch_size=2000)

    communes = []
    for c in range(n_communes):
        code = f"C{c:05d}"
        values = [{"indicator": i, "key": k, "value": v} for i, k, v in _figures(c)]
        body = {"period": period.pk, "unit": code, "values": values, "submit": True}
        communes.append(
            Commune(
                c,
                code,
                c % provinces,
                officers[f"xa-{c:05d}"],
                json.dumps(body).encode(),
                f"{run_id}-{code}",
            )
        )
    preloaded: dict[str, tuple[int, str]] = {}
    if preload != "none":
        # Every commune's report in, through the validating bulk-load service (approved
        # ones rolled up): the rush is then the approvals, or the reads, alone.
        historic = [
            services.HistoricRow(
                units[c.code],
                {(i, k): v for i, k, v in _figures(c.index)},
                status=preload,
                submitted_on=today,
            )
            for c in communes
        ]
        services.submissions_bulk_load(user=admin, period=period, rows=historic)
        held = Submission.objects.filter(period=period).values_list("unit__code", "pk", "status")
        preloaded = {code: (pk, status) for code, pk, status in held}
    # Planner statistics, as autovacuum leaves a live database before the rush.
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    connection.close()
    return Country(
        period_id=period.pk,
        form_id=form.pk,
        communes=communes,
        approvers=[[officers[n] for n in team] for team in teams],
        province_codes=[f"P{p:02d}" for p in range(provinces)],
        province_pks=[units[f"P{p:02d}"].pk for p in range(provinces)],
        viewer=officers["toan-quoc"],
        cells=len(_figures(0)),
        preloaded=preloaded,
    )


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(conn_max_age: int) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1",
        CONN_MAX_AGE=str(conn_max_age),
        LOG_LEVEL="ERROR",
    )
    return env


class Server:
    """gunicorn serving thidua on a free port of 127.0.0.1, its output in a file."""

    def __init__(self, workers: int, threads: int, conn_max_age: int, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.env = server_env(conn_max_age)
        cmd = [
            *(sys.executable, "-m", "gunicorn", "thidua.wsgi"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)),
            *("--worker-class", "gthread" if threads > 1 else "sync", "--threads", str(threads)),
            *("--keep-alive", "5", "--timeout", "120", "--graceful-timeout", "20"),
            *("--error-logfile", "-", "--log-level", "warning", "--chdir", str(ROOT)),
        ]
        self._out = log.open("wb")
        self.popen = subprocess.Popen(
            cmd, stdout=self._out, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT
        )

    def wait_ready(self, seconds: float = 60) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if self.popen.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer in {seconds:.0f} s")

    def worker_pids(self) -> list[int]:
        return [pid for pid, ppid in _processes() if ppid == self.popen.pid]

    def kill_workers_until_done(
        self, every: float, drivers: list[threading.Thread], seed: int
    ) -> int:
        """With ``every`` > 0, SIGKILL a random worker of this server that often while
        ``drivers`` run (the master starts a new one); returns how many were killed."""
        rng, killed, due = random.Random(seed), 0, time.monotonic() + every
        while every > 0 and any(d.is_alive() for d in drivers):
            time.sleep(0.1)
            pids = self.worker_pids()
            if time.monotonic() >= due and pids:
                os.kill(rng.choice(pids), signal.SIGKILL)
                killed, due = killed + 1, due + every
        return killed

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._out.close()


# ---------------------------------------------------------------- CPU (Linux /proc)

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> list[tuple[int, int]]:
    out = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            out.append((int(entry), int(stat.rsplit(")", 1)[1].split()[1])))
    return out


def _cpu(pid: int, reaped: bool = False) -> float:
    """CPU seconds of a process (and of its reaped children, with ``reaped``)."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if reaped else 0)
    return ticks / TICK


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def cpu_snapshot(server: Server) -> dict[str, float]:
    """CPU seconds so far: the server's workers, PostgreSQL (if on this machine), this
    driver, and the whole machine (busy, and the wall-clock of all cores)."""
    procs = _processes()
    pg = {pid for pid, _ in procs if _comm(pid) == "postgres"}
    pg_total = sum(_cpu(pid, reaped=ppid not in pg) for pid, ppid in procs if pid in pg)
    snap = {
        # The master's own and its reaped workers' (killed or restarted), and the live ones.
        "server": sum(_cpu(pid) for pid in server.worker_pids())
        + _cpu(server.popen.pid, reaped=True),
        "postgres": pg_total,
        "driver": sum(os.times()[:2]),
    }
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]
        snap["busy"] = (sum(fields) - idle) / TICK
        snap["all"] = sum(fields) / TICK
    except OSError:
        pass
    return snap


# ---------------------------------------------------------------- lock waits (PostgreSQL)


class LockSampler(threading.Thread):
    """Every half second, which statements of the server wait on a lock in PostgreSQL
    (``pg_stat_activity``), from a connection of its own."""

    def __init__(self, url: str) -> None:
        super().__init__(name="lock-sampler", daemon=True)
        self.url, self.stopping = url, threading.Event()
        self.samples = self.waiting = self.most = 0
        self.statements: Counter = Counter()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stopping.wait(0.5):
                rows = conn.execute(
                    "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                ).fetchall()
                self.samples += 1
                self.waiting += len(rows)
                self.most = max(self.most, len(rows))
                for (query,) in rows:
                    self.statements[" ".join(query.split())[:70]] += 1

    def summary(self) -> str:
        self.stopping.set()
        self.join()
        if not self.samples:
            return "not sampled"
        line = (
            f"on average {self.waiting / self.samples:.2f} of the server's statements waiting "
            f"on a lock, at most {self.most} ({self.samples} samples, every 0.5 s)"
        )
        if self.statements:
            line += "; waiting most: " + "; ".join(
                f"{n} × `{q}…`" for q, n in self.statements.most_common(3)
            )
        return line


# ---------------------------------------------------------------- the clients


@dataclass
class OpStats:
    ok: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)  # answers other than 2xx
    retries: Counter = field(default_factory=Counter)  # by cause
    gave_up: int = 0


class Rush:
    """What the client threads share: work left, answers got, figures."""

    def __init__(
        self, country: Country, port: int, seconds: float, seed: int, ops: set[str]
    ) -> None:
        self.country, self.port, self.ops = country, port, ops
        self.lock = threading.Lock()
        order = [c for c in country.communes if c.code not in country.preloaded]
        random.Random(seed).shuffle(order)
        self.to_submit: deque[Commune] = deque(order)
        self.accepted: dict[str, int] = {}  # commune code → report id answered
        self.answered: list[Commune] = []
        self.unknown: set[str] = set()  # gave up on: the server may hold one or none
        self.approved: set[int] = set()
        n = country.provinces
        self.outstanding = [0] * n  # answered as submitted, not yet approved
        self.awaiting: list[deque] = [deque() for _ in range(n)]  # (id, version)
        self.listed: set[int] = set()  # ids handed to an approver already
        self.listing = [threading.Lock() for _ in range(n)]  # one list of a province at once
        # The approvers of each province not busy approving (``--approvers`` of them).
        self.free_approvers = [deque(team) for team in country.approvers]
        for c in country.communes:
            if c.code in country.preloaded:
                pk, status = country.preloaded[c.code]
                self.accepted[c.code] = pk
                self.answered.append(c)
                if status == "approved":
                    self.approved.add(pk)
                else:
                    self.outstanding[c.province] += 1
        self.stats: dict[str, OpStats] = defaultdict(OpStats)
        self.seconds = seconds
        self.started = self.stop_at = 0.0
        self.ended = "time"

    # ------------------------------------------------------------ bookkeeping

    def record(self, op: str, status: int | None, ms: float | None) -> None:
        with self.lock:
            s = self.stats[op]
            if status is not None and 200 <= status < 300:
                s.ok += 1
                s.latencies.append(ms or 0.0)
            elif status is not None:
                s.statuses[status] += 1

    def retried(self, op: str, cause: str) -> None:
        with self.lock:
            self.stats[op].retries[cause] += 1

    def done(self) -> bool:
        """The count bound: every commune answered (or given up) and every answered
        report approved (reads alone run until the time is up)."""
        if not self.ops & {SUBMIT, APPROVE}:
            return False
        return not (SUBMIT in self.ops and self.to_submit) and not (
            APPROVE in self.ops and any(self.outstanding)
        )

    def choose(self, rng: random.Random) -> str | None:
        if time.monotonic() >= self.stop_at:
            return None
        if self.done():
            self.ended = "all reports approved"
            return None
        weights = {op: w for op, w in WEIGHTS.items() if op in self.ops}
        if not self.to_submit and SUBMIT in weights:
            weights.pop(SUBMIT)
        if not any(self.outstanding) and APPROVE in weights:
            weights.pop(APPROVE)
        ops = list(weights)
        return rng.choices(ops, [weights[o] for o in ops])[0]


class Driver(threading.Thread):
    """One client thread: one keep-alive connection, officers taking turns on it."""

    def __init__(self, rush: Rush, n: int, seed: int, start: threading.Barrier) -> None:
        super().__init__(name=f"client-{n}", daemon=True)
        self.rush, self.rng, self.start_barrier = rush, random.Random(seed * 1000 + n), start
        self.conn = self._connect()
        self.error: BaseException | None = None

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.rush.port, timeout=REQUEST_TIMEOUT)

    # ------------------------------------------------------------ one request

    def call(
        self,
        op: str,
        who: Officer,
        method: str,
        path: str,
        body: bytes | None = None,
        key: str = "",
    ) -> tuple[int | None, bytes, int]:
        """Send until answered below 500 (same body, same key): (status, body, tries);
        status None when every try failed."""
        headers = {**who.headers(), "Accept": "application/json"}
        if body is not None:
            headers.update({"Content-Type": "application/json", "X-CSRFToken": who.csrf})
        if key:
            headers["Idempotency-Key"] = key
        for attempt in range(1, MAX_TRIES + 1):
            t = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    self.conn.close()
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = self._connect()
                self.rush.retried(op, f"connection ({type(exc).__name__})")
                time.sleep(min(2.0, 0.05 * 2**attempt))
                continue
            ms = (time.perf_counter() - t) * 1000
            self.rush.record(op, resp.status, ms)
            if resp.status < 500:
                return resp.status, data, attempt
            self.rush.retried(op, str(resp.status))
            time.sleep(min(2.0, 0.05 * 2**attempt))
        with self.rush.lock:
            self.rush.stats[op].gave_up += 1
        return None, b"", MAX_TRIES

    # ------------------------------------------------------------ operations

    def submit(self) -> None:
        rush = self.rush
        with rush.lock:
            resend = bool(rush.answered) and self.rng.random() < RESEND_SHARE
            if resend:
                commune = self.rng.choice(rush.answered)
            elif rush.to_submit:
                commune = rush.to_submit.popleft()
            else:
                return
        op = RESEND if resend else SUBMIT
        status, data, _tries = self.call(
            op, commune.reporter, "POST", "/api/reporting/submissions/", commune.body, commune.key
        )
        if status is None:
            with rush.lock:
                rush.unknown.add(commune.code)
            return
        if not 200 <= status < 300:
            return
        sub = json.loads(data)
        with rush.lock:
            if resend or commune.code in rush.accepted:
                if rush.accepted.get(commune.code) != sub["id"] or status != 200:
                    # A second report, or the first one's answer changed: counted as an
                    # error of the re-send and caught by the final check.
                    rush.stats[op].statuses["2xx, another report"] += 1
                return
            rush.accepted[commune.code] = sub["id"]
            rush.answered.append(commune)
            if sub["status"] == "submitted":
                rush.outstanding[commune.province] += 1

    def approve(self) -> bool:
        rush = self.rush
        with rush.lock:
            provinces = [
                p
                for p in range(rush.country.provinces)
                if rush.outstanding[p] > 0 and rush.free_approvers[p]
            ]
            if not provinces:
                return False  # every approver with work is busy: read instead
            p = self.rng.choice(provinces)
            approver = rush.free_approvers[p].popleft()
        try:
            with rush.listing[p]:
                if not rush.awaiting[p]:
                    # A list may show reports another approver of the province is
                    # approving right now: those are left to them.
                    status, data, _ = self.call(
                        LIST,
                        approver,
                        "GET",
                        f"/api/reporting/submissions/?period={rush.country.period_id}"
                        "&status=submitted&limit=20",
                    )
                    if status == 200:
                        with rush.lock:
                            for r in json.loads(data)["results"]:
                                if r["id"] not in rush.listed:
                                    rush.listed.add(r["id"])
                                    rush.awaiting[p].append((r["id"], r["version"]))
                if not rush.awaiting[p]:
                    return True
                sub_id, version = rush.awaiting[p].popleft()
            path = f"/api/reporting/submissions/{sub_id}/approve/"
            body = json.dumps({"version": version}).encode()
            status, data, tries = self.call(APPROVE, approver, "POST", path, body)
            approved = status == 200
            if status == 400 and tries > 1:
                # A retry after a lost answer: the first try may have approved it.
                s, d, _ = self.call(
                    APPROVE, approver, "GET", f"/api/reporting/submissions/{sub_id}/"
                )
                approved = s == 200 and json.loads(d)["status"] == "approved"
            if approved:
                with rush.lock:
                    rush.approved.add(sub_id)
                    rush.outstanding[p] = max(0, rush.outstanding[p] - 1)
            return True
        finally:
            with rush.lock:
                rush.free_approvers[p].append(approver)

    def _reading(self, op: str) -> tuple[Officer, str]:
        """Who reads which synthesis: the national viewer the nation's, a province's
        approver their province's (API or page)."""
        country = self.rush.country
        p = self.rng.randrange(country.provinces)
        reader = self.rng.choice(country.approvers[p])
        if op == API_NATION:
            return country.viewer, f"/api/reporting/synthesis/?period={country.period_id}&unit=VN"
        if op == API_PROVINCE:
            unit = country.province_codes[p]
            return reader, f"/api/reporting/synthesis/?period={country.period_id}&unit={unit}"
        return reader, (
            f"/reporting/periods/{country.period_id}/synthesis/?unit={country.province_pks[p]}"
        )

    def read(self, op: str) -> None:
        who, path = self._reading(op)
        self.call(op, who, "GET", path)

    def warm_up(self) -> None:
        """A read or two before the clock starts: each worker loads its code once."""
        for op in (API_PROVINCE, PAGE_PROVINCE):
            who, path = self._reading(op)
            try:
                self.conn.request("GET", path, headers=who.headers())
                self.conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                pass
        # Waiting for the others, the connection would idle past the server's keep-alive:
        # the clock starts on a new one.
        self.conn.close()

    def run(self) -> None:
        try:
            self.warm_up()
            self.start_barrier.wait()
            while (op := self.rush.choose(self.rng)) is not None:
                if op == SUBMIT:
                    self.submit()
                elif op == APPROVE:
                    if self.approve():
                        continue
                    if self.rush.ops & READS:
                        self.read(PAGE_PROVINCE if self.rng.random() < 0.5 else API_PROVINCE)
                    else:
                        time.sleep(0.01)  # approvals alone: wait for a free approver
                else:
                    self.read(op)
        except BaseException as exc:  # reported by the main thread
            self.error = exc
        finally:
            self.conn.close()


# ---------------------------------------------------------------- the checks


def check(country: Country, rush: Rush, env: dict[str, str]) -> tuple[list[str], bool]:
    """The checks after the rush: (lines to print, all passed)."""
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting.models import Submission, SynthesisValue

    lines, ok = [], True
    out = subprocess.run(
        [sys.executable, "manage.py", "synthesis_check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    last = (out.stdout.strip().splitlines() or [out.stderr.strip()[-300:]])[-1]
    lines.append(f"`manage.py synthesis_check`: {last}")
    ok &= out.returncode == 0

    held = defaultdict(list)
    for code, pk, status in Submission.objects.filter(period_id=country.period_id).values_list(
        "unit__code", "pk", "status"
    ):
        held[code].append((pk, status))
    lost = [c for c, pk in rush.accepted.items() if [p for p, _s in held.get(c, [])] != [pk]]
    doubled = [c for c, subs in held.items() if len(subs) > 1]
    stray = [c for c in held if c not in rush.accepted and c not in rush.unknown]
    not_approved = [
        c
        for c, pk in rush.accepted.items()
        if pk in rush.approved and held.get(c, [(0, "")])[0][1] != "approved"
    ]
    lines.append(
        f"reports answered 2xx: {len(rush.accepted):,} of {len(country.communes):,} communes; "
        f"held by the server: {sum(len(s) for s in held.values()):,}; lost: {len(lost)}, "
        f"doubled: {len(doubled)}, held without a 2xx: {len(stray)}, given up on (no answer "
        f"after {MAX_TRIES} tries): {len(rush.unknown)}"
    )
    lines.append(
        f"reports approved (2xx): {len(rush.approved):,}; held as approved: "
        f"{sum(1 for s in held.values() for _p, st in s if st == 'approved'):,}; "
        f"answered approved but not held so: {len(not_approved)}"
    )
    ok &= not (lost or doubled or stray or not_approved)

    # The national synthesis against the figures the clients sent in the approved reports.
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_code = {c.code: c for c in country.communes}
    for code, pk in rush.accepted.items():
        if pk in rush.approved:
            for ind, key, v in _figures(by_code[code].index):
                expected[ind, key][0] += v
                expected[ind, key][1] += 1
    nation = OrgUnit.objects.get(code="VN")
    stored = {
        (ind, key): [int(total), count]
        for ind, key, total, count in SynthesisValue.objects.filter(
            period_id=country.period_id, unit=nation
        ).values_list("indicator__code", "key", "total", "count")
    }
    stored = {k: v for k, v in stored.items() if v[1]}
    mismatched = sorted(
        set(expected) ^ set(stored) | {k for k in expected if expected[k] != stored.get(k)}
    )
    lines.append(
        f"national synthesis equal to the approved reports' figures: "
        f"{len(expected) - len(mismatched)} of {len(expected)} cells"
        + (f" (differ: {', '.join(f'{i}[{k}]' for i, k in mismatched[:5])})" if mismatched else "")
    )
    ok &= not mismatched
    return lines, ok


def server_errors(log: Path) -> list[str]:
    """What the server's log says went wrong: tracebacks' last lines, worker timeouts."""
    text = log.read_text(errors="replace")
    found: Counter = Counter()
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("{"):  # thidua's JSON log lines (thidua.core.logs)
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("level") in ("ERROR", "CRITICAL"):
                last = (entry.get("exception") or entry.get("message", "")).strip()
                found[last.splitlines()[-1][:200] if last else "an error"] += 1
        elif line.startswith("Traceback"):
            # The exception is the first line after the traceback that is not indented.
            for later in lines[n + 1 :]:
                if later and not later.startswith(
                    (" ", "Traceback", "During handling", "The above")
                ):
                    found[later[:200]] += 1
                    break
        elif "WORKER TIMEOUT" in line or "Worker exiting" in line or "was sent SIG" in line:
            found[re.sub(r"pid:? ?\d+", "pid …", line.split("] ", 2)[-1])[:200]] += 1
    return [f"{n} × {what}" for what, n in found.most_common(10)]


# ---------------------------------------------------------------- the run


def _pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))] if s else float("nan")


def answered(rush: Rush) -> int:
    return sum(s.ok + sum(s.statuses.values()) for s in rush.stats.values())


def table(rush: Rush, seconds: float) -> list[str]:
    rows = [
        "| operation | 2xx | per s | p50 ms | p99 ms | other answers | retries |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for op in (SUBMIT, RESEND, LIST, APPROVE, API_NATION, API_PROVINCE, PAGE_PROVINCE):
        s = rush.stats.get(op)
        if s is None:
            continue
        other = ", ".join(f"{k}: {v}" for k, v in sorted(s.statuses.items(), key=str)) or "–"
        if s.gave_up:
            other += f"; gave up: {s.gave_up}"
        retries = ", ".join(f"{k}: {v}" for k, v in sorted(s.retries.items())) or "–"
        p50 = statistics.median(s.latencies) if s.latencies else float("nan")
        rows.append(
            f"| {LABELS[op]} | {s.ok:,} | {s.ok / seconds:.1f} | {p50:.0f} | "
            f"{_pct(s.latencies, 0.99):.0f} | {other} | {retries} |"
        )
    rows.append(f"| **all requests** | | **{answered(rush) / seconds:.1f}** | | | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker (1: sync workers)"
    )
    parser.add_argument("--clients", type=int, default=32, help="client threads")
    parser.add_argument("--minutes", type=float, default=2.0, help="at most this long")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="CONN_MAX_AGE of the server (0, the settings' default: a connection a request)",
    )
    parser.add_argument(
        "--kill-every",
        type=float,
        default=0,
        metavar="SECONDS",
        help="kill a random gunicorn worker (SIGKILL) this often: requests cut off in flight "
        "must be retried without being lost or doubled (0: never)",
    )
    parser.add_argument(
        "--provinces", type=int, default=PROVINCES, help="provinces the communes are under"
    )
    parser.add_argument(
        "--approvers",
        type=int,
        default=1,
        help="approvers of each province, approving at the same time",
    )
    parser.add_argument(
        "--preload",
        choices=["none", "submitted", "approved"],
        default="none",
        help="every commune's report loaded before the rush, submitted or approved",
    )
    parser.add_argument(
        "--ops",
        default="submit,approve,read",
        help="what the clients do, of submit, approve and read (comma-separated)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        ops = set().union(*(OP_GROUPS[o.strip()] for o in args.ops.split(",") if o.strip()))
    except KeyError as exc:
        parser.error(f"--ops: {exc.args[0]} is not one of submit, approve, read")
    if not ops:
        parser.error("--ops: name at least one of submit, approve, read")
    if importlib.util.find_spec("gunicorn") is None:
        sys.exit("gunicorn is not installed in this environment (pip install gunicorn).")
    engine = args.engine
    if engine == "postgres" and not pg_available():
        print("PostgreSQL is not reachable: running on SQLite.", file=sys.stderr)
        engine = "sqlite"

    t0 = time.perf_counter()
    label = configure(engine, DB_NAME)
    # One key for this process (sessions are signed with it) and the server's.
    os.environ["SECRET_KEY"] = "bench-" + secrets.token_hex(24)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if "manifest" in settings.STORAGES["staticfiles"]["BACKEND"].lower():
        call_command("collectstatic", interactive=False, verbosity=0)
    migrate_s = time.perf_counter() - t0
    t = time.perf_counter()
    country = build(
        args.communes, secrets.token_hex(4), args.provinces, args.approvers, args.preload
    )
    build_s = time.perf_counter() - t

    workdir = Path(tempfile.mkdtemp(prefix="bench-deadline-"))
    t = time.perf_counter()
    server = Server(args.workers, args.threads, args.conn_max_age, workdir / "gunicorn.log")
    try:
        server.wait_ready()
        start_s = time.perf_counter() - t
        rush = Rush(country, server.port, args.minutes * 60, args.seed, ops)
        barrier = threading.Barrier(args.clients + 1)
        drivers = [Driver(rush, n, args.seed, barrier) for n in range(args.clients)]
        for d in drivers:
            d.start()
        cpu0 = cpu_snapshot(server)
        load0 = os.getloadavg()[0]
        rush.started = time.monotonic()
        rush.stop_at = rush.started + rush.seconds
        sampler = LockSampler(os.environ["DATABASE_URL"]) if engine == "postgres" else None
        if sampler is not None:
            sampler.start()
        barrier.wait()
        killed = server.kill_workers_until_done(args.kill_every, drivers, args.seed)
        for d in drivers:
            d.join()
        seconds = time.monotonic() - rush.started
        cpu1 = cpu_snapshot(server)
        load1 = os.getloadavg()[0]
        locks = sampler.summary() if sampler is not None else ""
    finally:
        t = time.perf_counter()
        server.stop()
        stop_s = time.perf_counter() - t
    failed_threads = [d.error for d in drivers if d.error is not None]

    t = time.perf_counter()
    lines, ok = check(country, rush, server.env)
    check_s = time.perf_counter() - t
    cells = country.cells
    chaos = f"; a worker killed every {args.kill_every:g} s: {killed} killed" if killed else ""
    print(
        f"Deadline-day load test, {label}: {len(country.communes):,} communes in "
        f"{country.provinces} provinces ({args.approvers} approver(s) each), a form of "
        f"{len(INDICATORS)} indicators ({cells} cells); reports loaded before: "
        f"{args.preload}; clients do: {args.ops}; gunicorn {args.workers} workers × "
        f"{args.threads} threads, CONN_MAX_AGE="
        f"{args.conn_max_age}; {args.clients} client threads; {seconds:.0f} s "
        f"(ended: {rush.ended}){chaos}; {os.cpu_count()} cores shared by all\n"
    )
    print("\n".join(table(rush, seconds)))
    print()
    used = {k: cpu1.get(k, 0) - cpu0.get(k, 0) for k in cpu1}
    if used.get("all"):
        cores = os.cpu_count() or 1
        busy = cores * used["busy"] / used["all"]
        ours = {k: used[k] / seconds for k in ("server", "postgres", "driver")}
        print(
            f"CPU over the run, in cores busy on average: the machine {busy:.2f} of {cores}: "
            f"gunicorn {ours['server']:.2f}, PostgreSQL {ours['postgres']:.2f}, this driver "
            f"{ours['driver']:.2f}, other programs {busy - sum(ours.values()):.2f} (load "
            f"average {load0:.1f} at the start, {load1:.1f} at the end)."
        )
        n = answered(rush) or 1
        per = {k: used[k] * 1000 / n for k in ("server", "postgres")}
        print(
            f"Server CPU per answered request at this mix: gunicorn {per['server']:.0f} ms, "
            f"PostgreSQL {per['postgres']:.0f} ms; {cores} cores free for them alone would "
            f"answer about {cores * 1000 / (sum(per.values()) or 1):.0f} requests/s."
        )
    print(
        f"Set-up: database and migrations {migrate_s:.0f} s, country, officers and form "
        f"{build_s:.0f} s, server start {start_s:.0f} s; after: server stop {stop_s:.0f} s, "
        f"checks {check_s:.0f} s."
    )
    errors = server_errors(server.log)
    print("Server log: " + ("; ".join(errors) if errors else "no error"))
    if locks:
        print(f"Lock waits in PostgreSQL: {locks}.")
    for line in lines:
        print(f"- {line}")
    for exc in failed_threads:
        print(f"- a client thread failed: {exc!r}")
    ok &= not failed_threads
    # A run in which the server answered errors, or nothing got through, proves nothing.
    ok &= not errors
    if not errors and not any(s.ok for s in rush.stats.values()):
        print("- no request was answered 2xx")
        ok = False
    print("\nAll checks passed." if ok else "\nA CHECK FAILED.")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
