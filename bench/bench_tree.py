"""Benchmark: a national unit tree of ~100,000 units and its subtree queries.

Builds nation → 34 provinces → 3,321 communes → ~29 units under each commune (about
100,000 units) with the same bulk service the reference load uses, then times the reads
every page depends on: descendants of the root and of a province, ancestors of a leaf,
the restriction of a province officer, and a name search. Prints a markdown table.

    python bench/bench_tree.py                 # SQLite and, if reachable, PostgreSQL
    python bench/bench_tree.py --engine sqlite --units 20000 --runs 50

Not a test: it prints figures (README, "Performance").
"""

from __future__ import annotations

import argparse
import json
import random
import time

from _setup import configure, run_per_engine, setup_django, timed


def run_one(engine: str, units: int, runs: int) -> dict:
    label = configure(engine)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from thidua.accounts.scope import Reach
    from thidua.orgunits.models import OrgUnit, UnitKind
    from thidua.orgunits.services import UnitRow, units_bulk_upsert

    kinds = {
        code: UnitKind.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in ("nation", "province", "commune", "agency")
    }
    nation = OrgUnit(code="VN", name="Việt Nam", kind=kinds["nation"])
    nation.save()
    per_commune = max(1, round((units - 1 - 34 - 3321) / 3321))
    rows: list[UnitRow] = []
    for p in range(34):
        rows.append(UnitRow(code=f"P{p:02d}", name=f"Tỉnh {p}", kind=kinds["province"]))
    for c in range(3321):
        rows.append(
            UnitRow(
                code=f"C{c:05d}",
                name=f"Xã {c}",
                kind=kinds["commune"],
                parent_code=f"P{c % 34:02d}",
            )
        )
    for c in range(3321):
        for a in range(per_commune):
            rows.append(
                UnitRow(
                    code=f"A{c:05d}-{a:02d}",
                    name=f"Trường {c}-{a}",
                    kind=kinds["agency"],
                    parent_code=f"C{c:05d}",
                )
            )
    started = time.perf_counter()
    units_bulk_upsert(root=nation, rows=rows, batch_size=5000)
    build_s = time.perf_counter() - started
    total = OrgUnit.objects.count()
    # Fresh statistics, as autovacuum would leave a live database (index-only scans on
    # PostgreSQL need the visibility map; SQLite's planner uses ANALYZE too).
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    province = OrgUnit.objects.get(code="P07")
    leaf = OrgUnit.objects.filter(code__startswith="A01234-").first()
    rng = random.Random(7)
    reach = Reach(False, (province.path,))

    figures = {
        "descendants of the root (count)": timed(
            lambda: OrgUnit.objects.subtree_of(nation).count(), runs
        ),
        "descendants of a province (count)": timed(
            lambda: OrgUnit.objects.subtree_of(province).count(), runs
        ),
        "descendants of a province (fetch ids)": timed(
            lambda: list(OrgUnit.objects.subtree_of(province).values_list("pk", flat=True)), runs
        ),
        "ancestors of a leaf": timed(lambda: list(OrgUnit.objects.ancestors_of(leaf)), runs),
        "is unit X inside a province officer's reach": timed(
            lambda: OrgUnit.objects.filter(
                reach.unit_q(), code=f"A{rng.randrange(3321):05d}-00"
            ).exists(),
            runs,
        ),
        "search a name (first 50)": timed(
            lambda: list(OrgUnit.objects.search("truong 1234")[:50]), runs
        ),
    }
    connection.close()
    return {"engine": label, "units": total, "build_s": build_s, "figures": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.engine, args.units, args.runs)))
        return
    results = run_per_engine(
        __file__, args.engine, ["--units", str(args.units), "--runs", str(args.runs)]
    )
    print(f"Unit tree: {results[0]['units']:,} units; {args.runs} runs per figure; milliseconds.\n")
    header = "| query | " + " | ".join(f"{r['engine']} p50 | p99" for r in results) + " |"
    print(header)
    print("|---|" + "---:|---:|" * len(results))
    print(
        "| build the tree (bulk, s) | "
        + " | ".join(f"{r['build_s']:.1f} s | " for r in results)
        + ""
    )
    for name in results[0]["figures"]:
        cells = " | ".join(
            f"{r['figures'][name]['p50']:.2f} | {r['figures'][name]['p99']:.2f}" for r in results
        )
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
