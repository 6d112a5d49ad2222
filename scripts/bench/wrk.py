"""One wrk run and its summary line (printed by report.lua)."""

import os
import shutil
import subprocess
from pathlib import Path

LUA = Path(__file__).resolve().parent / "report.lua"


def run_wrk(url: str, *, seconds: int, connections: int, threads: int,
            headers: dict[str, str], body_file: Path | None = None) -> dict:
    """Requests per second and latency percentiles (ms) of `url` under a constant load."""
    command = [shutil.which("wrk") or "wrk", "-t", str(threads), "-c", str(connections),
               "-d", f"{seconds}s", "--latency", "-s", str(LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = {**os.environ, "BENCH_BODY_FILE": str(body_file) if body_file else ""}
    output = subprocess.run(command + [url], env=env, capture_output=True, text=True,  # noqa: S603 (wrk)
                            check=True).stdout
    return parse_summary(output)


def parse_summary(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    fields = {key: int(value) for key, value in
              (pair.split("=") for pair in line.split()[1:])}
    errors = sum(fields[key] for key in ("connect", "read", "write", "status", "timeout"))
    return {
        "requests": fields["requests"],
        "rps": round(fields["requests"] / (fields["duration_us"] / 1e6), 1),
        "p50_ms": fields["p50_us"] / 1000, "p95_ms": fields["p95_us"] / 1000,
        "p99_ms": fields["p99_us"] / 1000, "max_ms": fields["max_us"] / 1000,
        "errors": errors, "non_2xx_3xx": fields["status"],
    }
