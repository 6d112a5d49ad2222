"""The web service's health check, run as compose runs it: gunicorn started with the compose
command and the values of .env.example (production mode), then the check's own command."""

import secrets
import socket
import subprocess
import sys
import time

import pytest

from tests.project.deployment_files import (
    VENV_BIN,
    clean_env,
    compose,
    env_example_values,
    run,
)

COMPOSE_PORT = "8000"


def free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def web_server(tmp_path, port):
    """gunicorn as the web service runs it, on a free port, with a throwaway SQLite file."""
    command = [arg.replace(f"0.0.0.0:{COMPOSE_PORT}", f"127.0.0.1:{port}")
               for arg in compose()["services"]["web"]["command"]]
    environment = clean_env(**{
        **env_example_values(),
        # What an operator fills in; the database is SQLite here, PostgreSQL in compose.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
        # gunicorn keeps its control socket under HOME: one of its own per test.
        "HOME": str(tmp_path),
    })
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (the compose command)
        [str(VENV_BIN / command[0]), *command[1:]], env=environment, cwd=VENV_BIN.parents[1],
        stdout=log, stderr=subprocess.STDOUT,
    )
    yield server
    server.terminate()
    server.wait(timeout=20)
    log.close()


def run_healthcheck(port: str) -> subprocess.CompletedProcess:
    check = compose()["services"]["web"]["healthcheck"]["test"]
    assert check[:2] == ["CMD", "python"]
    args = [arg.replace(f"127.0.0.1:{COMPOSE_PORT}", f"127.0.0.1:{port}") for arg in check[2:]]
    return run([sys.executable, *args], clean_env(), timeout=30)


class TestWebHealthcheck:
    def test_it_runs_in_production_mode_from_the_example_environment(self):
        assert env_example_values()["RCP_ENV"] == "production"

    def test_it_passes_against_the_production_server(self, web_server, port, tmp_path):
        deadline = time.monotonic() + 30
        while (result := run_healthcheck(port)).returncode != 0:
            log = (tmp_path / "gunicorn.log").read_text()
            assert web_server.poll() is None, f"gunicorn stopped:\n{log}"
            assert time.monotonic() < deadline, f"{result.stderr}\n{log}"
            time.sleep(0.5)

    def test_it_fails_when_nothing_answers(self, port):
        assert run_healthcheck(port).returncode != 0
