"""Benchmark: periodic reports and the real-time synthesis at national scale.

A synthetic country (nation → 34 provinces → 3,321 communes → ~29 units each, about
100,000 units), one yearly report form of 50 indicators, ``--periods`` years in which
every leaf unit reports. Measures, on SQLite and PostgreSQL:

- bulk loading of the data values, in values/s: the first year's first
  ``--service-reports`` reports through the validating service ``submissions_bulk_load``,
  the rest of it by plain ``executemany``; on PostgreSQL the other years by ``COPY``
  (the ceiling), on SQLite by ``executemany``; each year rolled up set-based
  (``synthesis.apply_many``), also in values/s;
- approving one report including its roll-up to every ancestor (p50, p99);
- reading the national and a province's synthesis of one form and period (p50, p99),
  from the database and unchanged since the last read (from memory, checked against the
  period's stamp), next to the same aggregation by one SQL GROUP BY over the raw values;
- the recompute check (``synthesis_check``) of one period, and of everything.

    python bench/bench_synthesis.py                              # both engines, full size
    python bench/bench_synthesis.py --engine sqlite --units 5000 --periods 2 --runs 30

Not a test: it prints a markdown table (README, "Performance").
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time

from _setup import configure, run_per_engine, setup_django, timed

DB_NAME = "thidua_bench_synthesis"
INDICATORS = 50
STATS_MODES = ("no", "sampled", "full")


def set_statistics(connection, mode: str) -> None:  # type: ignore[no-untyped-def]
    """Leave the planner with no statistics, sampled ones or full ones."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("ANALYZE")  # creates sqlite_stat1 if missing
            if mode == "no":
                cur.execute("DELETE FROM sqlite_stat1")
            else:
                # Sampled as ``PRAGMA optimize`` gathers them, or every row read.
                cur.execute(f"PRAGMA analysis_limit = {1000 if mode == 'sampled' else 0}")
                cur.execute("ANALYZE")
            cur.execute("ANALYZE sqlite_schema")  # the planner reloads what is there
            return
        tables = ("reporting_synthesisvalue", "reporting_value", "reporting_submission")
        if mode == "no":
            # What a table has before autovacuum first runs (needs a superuser).
            for t in tables:
                cur.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", [t])
                cur.execute(
                    "UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = %s::regclass",
                    [t],
                )
        else:
            cur.execute(f"SET default_statistics_target = {10 if mode == 'sampled' else 1000}")
            cur.execute("ANALYZE")
            cur.execute("RESET default_statistics_target")


def build_tree(units: int):  # type: ignore[no-untyped-def]
    from thidua.orgunits.models import OrgUnit, UnitKind
    from thidua.orgunits.services import UnitRow, units_bulk_upsert

    kinds = {
        code: UnitKind.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in ("nation", "province", "commune", "agency")
    }
    nation = OrgUnit(code="VN", name="Việt Nam", kind=kinds["nation"])
    nation.save()
    communes = min(3321, max(34, units // 30))
    per_commune = max(1, round((units - 1 - 34 - communes) / communes))
    rows = [UnitRow(code=f"P{p:02d}", name=f"Tỉnh {p}", kind=kinds["province"]) for p in range(34)]
    rows += [
        UnitRow(
            code=f"C{c:05d}", name=f"Xã {c}", kind=kinds["commune"], parent_code=f"P{c % 34:02d}"
        )
        for c in range(communes)
    ]
    rows += [
        UnitRow(
            code=f"A{c:05d}-{a:02d}",
            name=f"Đơn vị {c}-{a}",
            kind=kinds["agency"],
            parent_code=f"C{c:05d}",
        )
        for c in range(communes)
        for a in range(per_commune)
    ]
    units_bulk_upsert(root=nation, rows=rows, batch_size=5000)
    return nation, kinds


def copy_values(cur, subs, indicators) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL ``COPY`` of the reports' values straight into the values table."""
    with (
        cur.connection.cursor() as raw,
        raw.copy(
            "COPY reporting_value (submission_id, indicator_id, key, number, text) FROM STDIN"
        ) as copy,
    ):
        for s in subs:
            for ind in indicators:
                copy.write_row((s.pk, ind.pk, "", value_of(s.pk, ind.pk), ""))


def value_of(submission_id: int, indicator_id: int) -> int:
    return (submission_id * 7 + indicator_id * 13) % 97


def run_one(engine: str, units: int, periods: int, runs: int, service_reports: int) -> dict:
    label = configure(engine, DB_NAME)
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from thidua.accounts.models import User
    from thidua.orgunits.models import OrgUnit
    from thidua.reporting import selectors, services, synthesis
    from thidua.reporting.models import Indicator, Submission

    admin = User.objects.create(username="bench", is_superuser=True, is_staff=True)
    t0 = time.perf_counter()
    nation, kinds = build_tree(units)
    tree_s = time.perf_counter() - t0
    total_units = OrgUnit.objects.count()
    indicators = [
        Indicator(
            code=f"i{n:02d}",
            name=f"Chỉ tiêu {n}",
            value_type="integer",
            aggregation="max" if n % 10 == 9 else ("average" if n % 10 == 8 else "sum"),
        )
        for n in range(INDICATORS)
    ]
    Indicator.objects.bulk_create(indicators)
    indicators = list(Indicator.objects.order_by("code"))
    form = services.report_form_create(
        user=admin,
        code="bench",
        name="Bench form",
        owner=nation,
        sections=[("All", [services.ItemSpec(i) for i in indicators])],
        assigned_subtrees=[nation],
        assigned_kinds=[kinds["agency"]],
    )
    leaves = list(OrgUnit.objects.filter(kind=kinds["agency"]).order_by("pk"))
    rng = random.Random(11)
    # Leaves left out of the bulk load, to be approved one by one in the timing.
    # Held-out leaves report during the timings: runs + 1 per statistics mode.
    held_out = set(
        rng.sample(range(len(leaves)), min(len(leaves) // 10, len(STATS_MODES) * (runs + 1)))
    )
    figures: dict[str, object] = {}
    insert_s = insert_n = copy_s = copy_n = rollup_s = rollup_n = 0.0
    period_objs = []
    values_loaded = 0
    for n, year in enumerate(range(2026 - periods, 2026)):
        period = services.period_open(user=admin, form=form, year=year)
        period_objs.append(period)
        reporting = [u for i, u in enumerate(leaves) if i not in held_out]
        if n == 0:
            # The product's path: every value validated, then bulk-inserted and rolled up.
            rows = [
                services.HistoricRow(
                    u, {(ind.code, ""): (u.pk + ind.pk) % 97 for ind in indicators}
                )
                for u in reporting[:service_reports]
            ]
            t = time.perf_counter()
            services.submissions_bulk_load(user=admin, period=period, rows=rows)
            took = time.perf_counter() - t
            figures["values/s, the bulk-load service (validated, incl. roll-up)"] = (
                len(rows) * INDICATORS / took
            )
            values_loaded += len(rows) * INDICATORS
            reporting = reporting[service_reports:]
            del rows
        t = time.perf_counter()
        with transaction.atomic():
            subs = [
                Submission(form=form, period=period, unit=u, status="approved", created_by=admin)
                for u in reporting
            ]
            Submission.objects.bulk_create(subs, batch_size=5000)
            if subs and subs[0].pk is None:
                ids = dict(Submission.objects.filter(period=period).values_list("unit_id", "pk"))
                for s in subs:
                    s.pk = ids[s.unit_id]
            with connection.cursor() as cur:
                if connection.vendor == "postgresql" and n > 0:
                    copy_values(cur, subs, indicators)
                    copy_s += time.perf_counter() - t
                    copy_n += len(subs) * INDICATORS
                else:
                    # Plain executemany of tuples, the fastest portable insert.
                    sql = (
                        "INSERT INTO reporting_value (submission_id, indicator_id, key, number, "
                        "text) VALUES (%s, %s, '', %s, '')"
                    )
                    for chunk in range(0, len(subs), 1000):
                        cur.executemany(
                            sql,
                            [
                                (s.pk, ind.pk, value_of(s.pk, ind.pk))
                                for s in subs[chunk : chunk + 1000]
                                for ind in indicators
                            ],
                        )
                    insert_s += time.perf_counter() - t
                    insert_n += len(subs) * INDICATORS
            values_loaded += len(subs) * INDICATORS
            t = time.perf_counter()
            synthesis.apply_many(
                form_id=form.pk, period_id=period.pk, submission_ids=[s.pk for s in subs]
            )
            rollup_s += time.perf_counter() - t
            rollup_n += len(subs) * INDICATORS
        del subs
    last = period_objs[-1]
    if insert_n:
        figures["values/s, plain INSERT executemany"] = insert_n / insert_s
    if copy_n:
        figures["values/s, PostgreSQL COPY (ceiling)"] = copy_n / copy_s
    if rollup_n:  # a small run loads every report through the service: nothing rolled up
        figures["values/s, set-based roll-up of a bulk load (apply_many)"] = rollup_n / rollup_s

    # A server process holds a small heap; this one holds the whole synthetic country in
    # Python objects, which would make every full garbage collection during the timings
    # below walk millions of objects. Freeze what is there, as a pre-forking server does.
    gc.collect()
    gc.freeze()

    # The plans must not depend on the planner's statistics: each measure is taken with
    # none (a first deployment, or right after a bulk load), sampled (SQLite's ``PRAGMA
    # optimize``) and full statistics.
    spare = iter(sorted(held_out))
    approved = 0
    province = OrgUnit.objects.get(code="P07")
    for mode in STATS_MODES:
        set_statistics(connection, mode)
        pending = []
        for i in [next(spare) for _ in range(runs + 1)]:
            values = {(ind.code, ""): rng.randrange(100) for ind in indicators}
            pending.append(
                services.submission_save(
                    user=admin, form=form, period=last, unit=leaves[i], values=values, submit=True
                )
            )
        it = iter(pending)
        figures[f"approve one report incl. roll-up (ms), {mode} statistics"] = timed(
            lambda it=it: services.submission_approve(user=admin, submission=next(it)), runs
        )
        for name, unit in (("national", nation), ("a province's", province)):

            def cold(unit=unit):  # type: ignore[no-untyped-def]
                synthesis.read_cache.clear()
                return selectors.synthesis_table(user=admin, period=last, unit=unit)

            figures[f"read {name} synthesis from the database (ms), {mode} statistics"] = timed(
                cold, runs
            )
        synthesis.read_cache.clear()
        approved += len(pending)

    def group_by(unit: OrgUnit) -> list:
        from thidua.orgunits.models import path_upper_bound

        with connection.cursor() as cur:
            cur.execute(
                "SELECT v.indicator_id, SUM(v.number), COUNT(*) FROM reporting_value v "
                "JOIN reporting_submission s ON s.id = v.submission_id "
                "JOIN orgunits_orgunit u ON u.id = s.unit_id "
                "WHERE s.period_id = %s AND s.status = 'approved' "
                "AND u.path >= %s AND u.path < %s GROUP BY v.indicator_id",
                [last.pk, unit.path, path_upper_bound(unit.path)],
            )
            return cur.fetchall()

    # Repeated reads while nothing changes: the cells come from memory, checked against
    # the period's stamp (one primary-key lookup).
    for name, unit in (("national", nation), ("a province's", province)):
        figures[f"read {name} synthesis, unchanged since the last read (ms)"] = timed(
            lambda unit=unit: selectors.synthesis_table(user=admin, period=last, unit=unit), runs
        )

    # The synthesis page as an officer opens it (server side, in-process): its weight in
    # kB and its time, national and a province's.
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    # Static files named as they are (no collected manifest in a throw-away database run).
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    override_settings(ALLOWED_HOSTS=["*"], STORAGES=storages).enable()
    client = Client()
    client.force_login(admin)
    for name, unit in (("national", nation), ("a province's", province)):
        url = f"/reporting/periods/{last.pk}/synthesis/?unit={unit.pk}"
        page = client.get(url, secure=True, HTTP_ACCEPT_LANGUAGE="vi")
        assert page.status_code == 200, page.status_code
        figures[f"{name} synthesis page (kB)"] = len(page.content) / 1000
        figures[f"{name} synthesis page, rendered (ms)"] = timed(
            lambda url=url: client.get(url, secure=True), runs
        )

    gb_runs = max(3, runs // 20)
    figures["same by one GROUP BY, national (ms)"] = timed(lambda: group_by(nation), gb_runs)
    figures["same by one GROUP BY, province (ms)"] = timed(lambda: group_by(province), gb_runs)
    t = time.perf_counter()
    diffs = synthesis.synthesis_check(period_id=last.pk)
    figures["recompute check, one period (s)"] = time.perf_counter() - t
    t = time.perf_counter()
    diffs_all = synthesis.synthesis_check()
    figures["recompute check, everything (s)"] = time.perf_counter() - t
    figures["differences found"] = len(diffs) + len(diffs_all)
    connection.close()
    return {
        "engine": label,
        "units": total_units,
        "periods": periods,
        "values": values_loaded + approved * INDICATORS,
        "tree_s": tree_s,
        "figures": figures,
    }


def _cell(v: object) -> str:
    if isinstance(v, dict):
        return f"{v['p50']:.1f} / {v['p99']:.1f}"
    if isinstance(v, float):
        return f"{v:,.0f}" if v >= 100 else f"{v:.2f}"
    return str(v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--periods", type=int, default=10)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--service-reports",
        type=int,
        default=10_000,
        help="reports of the first period loaded through the validating bulk-load service",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(
            json.dumps(
                run_one(args.engine, args.units, args.periods, args.runs, args.service_reports)
            )
        )
        return
    results = run_per_engine(
        __file__,
        args.engine,
        [
            *("--units", str(args.units), "--periods", str(args.periods)),
            *("--runs", str(args.runs), "--service-reports", str(args.service_reports)),
        ],
    )
    keys = list(dict.fromkeys(k for r in results for k in r["figures"]))
    print(
        f"Synthesis benchmark: {results[0]['units']:,} units, {INDICATORS} indicators, "
        f"{args.periods} yearly periods, {results[0]['values']:,} values; p50 / p99 in ms\n"
    )
    print("| measure | " + " | ".join(r["engine"] for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for k in keys:
        print(f"| {k} | " + " | ".join(_cell(r["figures"].get(k, "–")) for r in results) + " |")
    print("| build the unit tree (s) | " + " | ".join(f"{r['tree_s']:.1f}" for r in results) + " |")


if __name__ == "__main__":
    main()
