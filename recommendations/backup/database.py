"""The database's part of a backup: `pg_dump --format=custom` / `pg_restore --clean` for
PostgreSQL, the sqlite3 backup API (a consistent copy, page by page) for SQLite.

The PostgreSQL client tools must be on PATH (Debian package postgresql-client, at least the
server's major version); the connection comes from the DATABASES setting, the password
through the environment (PGPASSWORD), never on a command line.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path


class DatabaseBackupError(Exception):
    """The dump or the restore failed; the message has the tool's own error."""


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DatabaseBackupError(f"{name} is not installed (Debian: postgresql-client).")
    return path


def _pg_env(settings_dict: dict) -> dict[str, str]:
    variables = {"PGHOST": settings_dict.get("HOST") or "",
                 "PGPORT": str(settings_dict.get("PORT") or ""),
                 "PGUSER": settings_dict.get("USER") or "",
                 "PGPASSWORD": settings_dict.get("PASSWORD") or "",
                 "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode", "")}
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _run(args: list[str], settings_dict: dict) -> None:
    done = subprocess.run(args, env=_pg_env(settings_dict), capture_output=True,  # noqa: S603
                          text=True, check=False)
    if done.returncode != 0:
        raise DatabaseBackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")


def dump(connection, target: Path) -> None:
    """Write the database of `connection` (a Django connection) to `target`."""
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--file={target}", settings_dict["NAME"]], settings_dict)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        raise DatabaseBackupError(f"No backup for a {connection.vendor} database.")


def restore(connection, source: Path) -> None:
    """Replace the database of `connection` by the dump `source`."""
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        connection.close()  # pg_restore drops the tables: no session of ours may hold them
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--no-privileges", "--single-transaction", "--exit-on-error",
              f"--dbname={settings_dict['NAME']}", str(source)], settings_dict)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        saved = sqlite3.connect(source)
        try:
            saved.backup(connection.connection)
        finally:
            saved.close()
    else:
        raise DatabaseBackupError(f"No restore for a {connection.vendor} database.")
