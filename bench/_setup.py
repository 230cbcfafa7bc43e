"""Shared set-up for benchmark scripts: a separate, throw-away database per engine.

``configure(engine)`` points Django at a temporary SQLite file or at a PostgreSQL
database named ``thidua_bench`` (created and dropped here), so that a benchmark never
touches the demo or test databases. PostgreSQL is reached through ``BENCH_PG_URL`` or
``DATABASE_URL`` (default: postgres on 127.0.0.1:5432).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pg_base_url() -> str:
    url = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(pg_base_url() + "/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def configure(engine: str, db_name: str = "thidua_bench") -> str:
    """Set DATABASE_URL for ``engine`` ("sqlite" or "postgres") to a fresh database of
    its own (``db_name`` on PostgreSQL, a temporary file for SQLite); returns a label."""
    if engine == "sqlite":
        path = Path(tempfile.mkdtemp(prefix=f"{db_name}-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        return "SQLite"
    import psycopg

    base = pg_base_url()
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db_name}")
        conn.execute(f"CREATE DATABASE {db_name}")
        version = conn.execute("SHOW server_version").fetchone()[0]
    os.environ["DATABASE_URL"] = f"{base}/{db_name}"
    return f"PostgreSQL {version.split()[0]}"


def run_per_engine(script: str, engine: str, child_args: list[str]) -> list[dict]:
    """Run ``script --child --engine E *child_args`` once per engine and collect the JSON
    each child prints last. One process per engine: Django binds its database at start."""
    import json
    import subprocess

    engines = ["sqlite", "postgres"] if engine == "both" else [engine]
    if "postgres" in engines and not pg_available():
        print("PostgreSQL is not reachable: measuring SQLite only.", file=sys.stderr)
        engines.remove("postgres")
    results = []
    for name in engines:
        out = subprocess.run(
            [sys.executable, script, "--child", "--engine", name, *child_args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=os.environ.copy(),
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()


def timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    """Milliseconds: p50 and p99 over ``runs`` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return {"p50": statistics.median(samples), "p99": p99}
