"""The job queue on Redis: tasks enqueued by one process are run by several RQ workers
(real processes, a real Redis on 127.0.0.1) and their results read back by a third.

Skipped when no Redis answers on 127.0.0.1:6379, unless THIDUA_REQUIRE_REDIS=1.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS_DB = "redis://127.0.0.1:6379/13"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def env(tmp_path):
    if not _redis_up():
        if os.environ.get("THIDUA_REQUIRE_REDIS") == "1":
            pytest.fail("Redis is required (THIDUA_REQUIRE_REDIS=1) but none answers")
        pytest.skip("no Redis on 127.0.0.1:6379")
    values = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    values.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        SECRET_KEY="rq-test-key",
        SQLITE_NAME=str(tmp_path / "rq.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        TASKS_BACKEND="rq",
        TASKS_REDIS_URL=REDIS_DB,
    )
    return values


def _manage(env: dict[str, str], *args: str, code: str | None = None) -> str:
    command = [sys.executable, "manage.py", *args] if code is None else [
        sys.executable, "manage.py", "shell", "-c", code
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_tasks_enqueued_in_one_process_run_on_several_rq_workers(env):
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, code="import django_rq; django_rq.get_queue('default').empty()")
    ids = json.loads(
        _manage(
            env,
            code=(
                "import json; from thidua.core.housekeeping import cleanup_job; "
                "print(json.dumps([str(cleanup_job.enqueue().id) for _ in range(6)]))"
            ),
        )
        .strip()
        .splitlines()[-1]
    )
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "rqworker",
                "--burst",
                "--job-class",
                "django_tasks_rq.Job",
                "default",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    for w in workers:
        out, _err = w.communicate(timeout=600)
        assert w.returncode == 0, out[-3000:]
    statuses = json.loads(
        _manage(
            env,
            code=(
                "import json; from thidua.core.housekeeping import cleanup_job; "
                f"ids = {ids!r}; "
                "print(json.dumps([[cleanup_job.get_result(i).status, "
                "cleanup_job.get_result(i).return_value] for i in ids]))"
            ),
        )
        .strip()
        .splitlines()[-1]
    )
    assert [s for s, _v in statuses] == ["SUCCESSFUL"] * 6
    assert all(v["jobs"] == 0 for _s, v in statuses)


def _readiness(env: dict[str, str]) -> dict:
    out = _manage(
        env,
        code=(
            "import json; from thidua.core.health import readiness; "
            "print(json.dumps(readiness()[1]['worker']))"
        ),
    )
    return json.loads(out.strip().splitlines()[-1])


def test_readyz_counts_a_running_rq_worker_and_not_a_stopped_one(env):
    _manage(env, "migrate", "--noinput", "-v0")
    assert _readiness(env)["ok"] is False  # no worker yet
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):  # waits for the worker to register (not a timing assertion)
            state = _readiness(env)
            if state["ok"]:
                break
        assert state == {"ok": True, "workers": 1}
    finally:
        worker.terminate()  # RQ's warm shut-down: it unregisters itself
        worker.wait(timeout=60)
    assert _readiness(env) == {"ok": False, "error": "no RQ worker listens on the default queue"}
