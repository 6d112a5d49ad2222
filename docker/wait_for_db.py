"""Waits until the configured database accepts connections: `wait_for_db.py SECONDS`.

Compose already starts the application after the db health check passes; this also covers
the image run without compose, or a database that restarts at the same moment.
"""

import os
import sys
import time
from pathlib import Path

import django
from django.db import connection
from django.db.utils import OperationalError


def wait_for_database(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.ensure_connection()
            return True
        except OperationalError as exc:
            if time.monotonic() >= deadline:
                print(f"Database not reachable after {timeout:g} s: {exc}", file=sys.stderr)
                return False
            time.sleep(1)


if __name__ == "__main__":
    # Run as a script from docker/, so the project package is one folder up.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcp_oos.settings")
    django.setup()
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    sys.exit(0 if wait_for_database(seconds) else 1)
