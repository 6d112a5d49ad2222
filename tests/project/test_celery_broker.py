"""A real Celery worker answers rcp_oos.tasks.ping through the broker .ci/run provides.

Both sides run in subprocesses with the broker set: the settings read CELERY_BROKER_URL once,
when the process starts, and run tasks eagerly without it, so the test process's own settings
cannot be relied on to send a task through the broker.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.project.deployment_files import ROOT, VENV_BIN, compose, run

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# A queue of its own, so that no other worker on the same broker takes the test's task.
QUEUE = "rcp-oos-broker-test"
NODE_HOST = f"rcp-oos-broker-test-{os.getpid()}"

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(
        not BROKER_URL, reason="needs a real broker: CELERY_BROKER_URL is set by .ci/run"
    ),
]

SEND_PING = f"""
import django
django.setup()
from rcp_oos.tasks import ping
print(ping.apply_async(queue={QUEUE!r}).get(timeout=60))
"""


def broker_env(**variables: str) -> dict[str, str]:
    return {**os.environ, "CELERY_BROKER_URL": BROKER_URL,
            "DJANGO_SETTINGS_MODULE": "rcp_oos.settings", **variables}


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    def describe(self) -> str:
        state = "running" if self.process.poll() is None else "stopped"
        return f"worker {state}, its log:\n{self.log_path.read_text()}"


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (the project's own worker)
            [str(VENV_BIN / "celery"), "-A", "rcp_oos", "worker", "--pool=solo",
             "-l", "warning", "-Q", QUEUE, "-n", f"celery@{NODE_HOST}",
             "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=broker_env(), stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            yield Worker(process, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class TestBroker:
    def test_it_gets_pong_from_a_real_worker(self, worker):
        result = run([sys.executable, "-c", SEND_PING], broker_env(), timeout=90)
        assert result.returncode == 0, f"{result.stderr}\n{worker.describe()}"
        assert result.stdout.strip() == "pong"

    def test_it_passes_the_worker_healthcheck_of_compose(self, worker):
        check = compose()["services"]["worker"]["healthcheck"]["test"]
        assert check[0] == "CMD-SHELL"
        # As in the container: the worker's name is celery@$HOSTNAME.
        result = run(["sh", "-c", check[1].replace("$$", "$")],
                     broker_env(HOSTNAME=NODE_HOST, PATH=f"{VENV_BIN}:{os.environ['PATH']}"),
                     timeout=60)
        assert result.returncode == 0, f"{result.stdout}{result.stderr}\n{worker.describe()}"
        assert "pong" in result.stdout

    def test_it_passes_the_beat_healthcheck_of_compose(self):
        check = compose()["services"]["beat"]["healthcheck"]["test"]
        assert check[:2] == ["CMD", "python"]
        result = run([sys.executable, *check[2:]], broker_env(), timeout=60)
        assert result.returncode == 0, result.stderr
