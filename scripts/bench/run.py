"""`make bench`: the pages under load on loopback, against the floor (a bare Django view
through the same gunicorn and middleware), measured in the same run.

    .venv/bin/python -m scripts.bench.run [--database-url URL] [--seconds 10] [--generate N]

Prints a Markdown table and writes bench/results.json. Figures only, never asserted: they
depend on the machine and on what else runs on it. See docs/performance.md.
"""

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from scripts.bench import server
from scripts.bench.wrk import run_wrk

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/rcp_scale_dev"
P95_TARGET_MS = 100
FLOOR_SHARE_TARGET = 0.30
WARM_UP_SECONDS = 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--generate", type=int, metavar="N",
                        help="without scale data, generate N patients first")
    parser.add_argument("--output", type=Path, default=ROOT / "bench/results.json")
    return parser.parse_args()


def prepare(args: argparse.Namespace):
    """Django set up on the bench database, with scale data in it; the targets."""
    env = server.environment(args.database_url)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from patients.models import Patient
    from scripts.bench.targets import NoScaleData, find_targets

    if not Patient.objects.filter(ipp__startswith="SCALE").exists():
        if not args.generate:
            sys.exit(f"{args.database_url} holds no scale data. Make it with\n"
                     f"  DATABASE_URL={args.database_url} .venv/bin/python manage.py migrate\n"
                     f"  DATABASE_URL={args.database_url} .venv/bin/python manage.py "
                     "generate_scale_data --patients 100000\n"
                     "or run the bench with --generate N (fewer patients).")
        call_command("migrate", verbosity=0)
        call_command("generate_scale_data", patients=args.generate)
    try:
        return env, find_targets()
    except NoScaleData as error:
        sys.exit(f"Scale data incomplete: {error}")


def measure(args, env, targets) -> dict[str, dict]:
    from django.conf import settings

    body_file = ROOT / "tests/scoring/fixtures/femur_case.json"
    results = {}
    with server.gunicorn(env, args.workers) as base:
        cookie = server.session_cookie(base, targets.username, settings.DEMO_PASSWORD)
        for name, (method, path) in targets.endpoints.items():
            if method == "POST":
                headers = {"Authorization": f"Bearer {targets.token}"}
                body = body_file.read_bytes()
            else:
                headers, body = {"Cookie": cookie}, None
            status = server.check_status(base, method, path,
                                         {**headers, "Content-Type": "application/json"}, body)
            if status != 200:
                sys.exit(f"{name}: {method} {path} answered {status}, not 200")
            print(f"… {name}: {method} {path} for {args.seconds} s", file=sys.stderr)
            load = {"connections": args.connections, "threads": args.threads,
                    "headers": headers, "body_file": body_file if method == "POST" else None}
            run_wrk(base + path, seconds=WARM_UP_SECONDS, **load)  # every worker, warm
            results[name] = {"method": method, "path": path,
                             **run_wrk(base + path, seconds=args.seconds, **load)}
    floor_rps = results["floor"]["rps"]
    for row in results.values():
        row["floor_share"] = round(row["rps"] / floor_rps, 3) if floor_rps else None
    return results


def machine(database_url: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        database = cursor.fetchone()[0]
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    return {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(), "memory_gb": round(int(meminfo[1]) / 1024**2, 1),
            "database": database, "database_url": database_url}


def markdown(results: dict[str, dict]) -> str:
    lines = ["| Endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | share of floor | "
             "targets (p95 < 100 ms, ≥ 30 % of floor) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, row in results.items():
        verdict = "—" if name == "floor" else (
            "pass" if row["p95_ms"] < P95_TARGET_MS and row["floor_share"] >= FLOOR_SHARE_TARGET
            else "miss")
        lines.append(f"| {name} | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f}"
                     f" | {row['p99_ms']:.1f} | {row['errors']} | {row['floor_share']:.0%} | "
                     f"{verdict} |")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    env, targets = prepare(args)
    results = measure(args, env, targets)
    report = {"machine": machine(args.database_url),
              "load": {"seconds": args.seconds, "connections": args.connections,
                       "threads": args.threads, "gunicorn_workers": args.workers},
              "results": results}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(markdown(results))
    print(f"\n{report['machine']} — written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
