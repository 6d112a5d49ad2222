"""docker/entrypoint.sh, run here as the containers run it (with SQLite instead of PostgreSQL):
wait for the database, migrate only when asked, then run the command."""

import sqlite3
import sys

from tests.project.deployment_files import ROOT, clean_env, run

ENTRYPOINT = str(ROOT / "docker" / "entrypoint.sh")


def tables(database) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


class TestEntrypoint:
    def test_it_runs_the_command_without_migrating_by_default(self, tmp_path):
        database = tmp_path / "entry.sqlite3"
        result = run(
            [ENTRYPOINT, "python", "-c", "print('the command ran')"],
            clean_env(DATABASE_URL=f"sqlite:///{database}"),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "the command ran"
        assert "django_migrations" not in tables(database)

    def test_it_migrates_first_when_asked(self, tmp_path):
        database = tmp_path / "entry.sqlite3"
        result = run(
            [ENTRYPOINT, "python", "-c", "print('the command ran')"],
            clean_env(DATABASE_URL=f"sqlite:///{database}", RUN_MIGRATIONS="1"),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith("the command ran")
        assert {"django_migrations", "accounts_user"} <= tables(database)

    def test_it_passes_the_command_s_exit_status_on(self, tmp_path):
        result = run(
            [ENTRYPOINT, "python", "-c", "raise SystemExit(3)"],
            clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'entry.sqlite3'}"),
        )
        assert result.returncode == 3


class TestWaitForDatabase:
    def test_it_gives_up_with_a_message_when_the_database_never_answers(self):
        result = run(
            [sys.executable, str(ROOT / "docker" / "wait_for_db.py"), "0"],
            # Port 1 on this machine: nothing listens, the connection is refused at once.
            clean_env(DATABASE_URL="postgres://nobody@127.0.0.1:1/none"),
        )
        assert result.returncode == 1
        assert "Database not reachable after 0 s" in result.stderr
