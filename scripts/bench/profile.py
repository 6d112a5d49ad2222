"""One bench endpoint, in this process, under cProfile: where a page's time goes, and its
queries with their time. The load test (`run.py`) says which page is slow; this says why.

    .venv/bin/python -m scripts.bench.profile "patient page" [--repeat 20] [--top 30]

Same settings and database as the bench (`--database-url`, default the scale data's).
Figures only: the profiler slows Python code down about twofold, so read the shares.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections import Counter

from scripts.bench import server
from scripts.bench.run import DEFAULT_DATABASE


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("endpoint", help="a bench endpoint's name, or its first words")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (e.g. tottime)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    os.environ.update(server.environment(args.database_url))
    import django

    django.setup()
    from scoring.models import ApiToken
    from scripts.bench.targets import BENCH_LABEL, find_targets

    # A token of its own: a load test running meanwhile keeps its own.
    token_label = f"{BENCH_LABEL}-profile-{os.getpid()}"
    targets = find_targets(token_label)
    try:
        _profile(args, targets)
    finally:
        ApiToken.objects.filter(name=token_label).delete()


def _profile(args, targets) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from scripts.bench.targets import CASE_FILE

    matches = [name for name in targets.endpoints if name.startswith(args.endpoint)]
    if len(matches) != 1:
        sys.exit(f"choose one of: {', '.join(targets.endpoints)}")
    method, path = targets.endpoints[matches[0]]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=targets.username))

    def request():
        if method == "POST":
            response = client.post(path, CASE_FILE.read_bytes(), content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Bearer {targets.token}")
        else:
            response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{method} {path} answered {response.status_code}")
        return response

    request()  # warm: templates compiled, referential cached, connection open
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        request()
        elapsed = time.perf_counter() - start
    query_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    print(f"{matches[0]}: {method} {path}: {elapsed * 1000:.1f} ms, "
          f"{len(captured)} queries ({query_ms:.1f} ms in the database)")
    tables = Counter(_table(query["sql"]) for query in captured.captured_queries)
    for table, count in tables.most_common():
        print(f"  {count:3} × {table}")

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(args.repeat):
        request()
    profiler.disable()
    print(f"\n{args.repeat} requests under cProfile: "
          f"{(time.perf_counter() - start) / args.repeat * 1000:.1f} ms each")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


def _table(sql: str) -> str:
    words = sql.replace('"', "").split()
    for keyword in ("FROM", "INTO", "UPDATE"):
        if keyword in words:
            return f"{words[0]} {words[words.index(keyword) + 1]}"
    return words[0]


if __name__ == "__main__":
    main()
