# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""A real Celery worker answers rcp_oos.tasks.ping through the broker .ci/run provides, and
renders a signed proposal's PDF that a web process asked for.

Both sides run in subprocesses with the broker set: the settings read CELERY_BROKER_URL once,
when the process starts, and run tasks eagerly without it, so the test process's own settings
cannot be relied on to send a task through the broker.
"""

import contextlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.project.deployment_files import ROOT, VENV_BIN, compose, run
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    PASSPHRASE,
    case,
    draft_proposal,
    flat,
    pages_text,
    signers,
    valid_proposal,
)

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


@contextlib.contextmanager
def running_worker(log_path: Path, env: dict[str, str], queue: str, node: str):
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (the project's own worker)
            [str(VENV_BIN / "celery"), "-A", "rcp_oos", "worker", "--pool=solo",
             "-l", "warning", "-Q", queue, "-n", f"celery@{node}",
             "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
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


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    with running_worker(log_path, broker_env(), QUEUE, NODE_HOST) as started:
        yield started


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


# --- Documents: a web process asks for a signed proposal's PDF, a real worker renders it ---

DOCUMENT_QUEUE = f"{QUEUE}-documents"
DOCUMENT_WAIT_S = 60
REQUEST_PROPOSAL_PDF = f"""
import sys
import django
django.setup()
from rcp_oos.celery import app
app.conf.task_routes = {{"recommendations.tasks.*": {{"queue": {DOCUMENT_QUEUE!r}}}}}
from recommendations.documents.actions import request_document
from recommendations.models import Proposal
print(request_document("proposal", Proposal.objects.get(pk=int(sys.argv[1]))).pk)
"""


def shared_database_url() -> str:
    """The test database, for the worker: it must read what the test wrote (PostgreSQL;
    pytest-django's SQLite test database is in memory, which no other process can open)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL (.ci/run's)")
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@dataclass
class DocumentWorker:
    worker: Worker
    env: dict[str, str]
    media_root: Path


@pytest.fixture(scope="module")
def document_worker(tmp_path_factory, django_db_setup, django_db_blocker):
    from recommendations.documents.certificates import write_pkcs12

    with django_db_blocker.unblock():
        database_url = shared_database_url()
    folder = tmp_path_factory.mktemp("documents")
    certificate = folder / "institution.p12"
    write_pkcs12(certificate, PASSPHRASE.encode(), "Hôpital de test")
    env = broker_env(DATABASE_URL=database_url, MEDIA_ROOT=str(folder / "media"),
                     DOCUMENT_SIGNING_CERTIFICATE=str(certificate),
                     DOCUMENT_SIGNING_PASSPHRASE=PASSPHRASE, DATABASE_CONN_MAX_AGE="0")
    with running_worker(folder / "worker.log", env, DOCUMENT_QUEUE,
                        f"{NODE_HOST}-documents") as started:
        yield DocumentWorker(started, env, folder / "media")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_and_signs_a_proposal_pdf(document_worker, valid_proposal,
                                                       settings):
    from recommendations.documents.signing import verify_pdf
    from recommendations.models import Document, DocumentStatus

    settings.MEDIA_ROOT = document_worker.media_root
    settings.DOCUMENT_SIGNING_CERTIFICATE = document_worker.env["DOCUMENT_SIGNING_CERTIFICATE"]
    settings.DOCUMENT_SIGNING_PASSPHRASE = PASSPHRASE
    sent = run([sys.executable, "-c", REQUEST_PROPOSAL_PDF, str(valid_proposal.pk)],
               document_worker.env, timeout=90)
    assert sent.returncode == 0, f"{sent.stderr}\n{document_worker.worker.describe()}"
    document = Document.objects.get(pk=int(sent.stdout.split()[-1]))
    deadline = time.monotonic() + DOCUMENT_WAIT_S
    while document.status == DocumentStatus.PENDING and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    assert document.status == DocumentStatus.READY, (
        f"{document.status}: {document.error}\n{document_worker.worker.describe()}")
    with document.file.open("rb") as stored:
        data = stored.read()
    assert verify_pdf(data, document.sha256).valid
    patient = valid_proposal.case.patient
    assert f"{patient.family_name.upper()} {patient.given_name}" in flat(pages_text(data)[0])


# --- Follow-up: the task beat names, run by a real worker on the test database ---

SEND_DAILY_FOLLOW_UP = f"""
import django
django.setup()
from django.conf import settings
from rcp_oos.celery import app
entry = settings.CELERY_BEAT_SCHEDULE["follow-up-daily"]
print(app.send_task(entry["task"], queue={DOCUMENT_QUEUE!r}).get(timeout=60))
"""


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_daily_follow_up_job_beat_schedules(document_worker):
    """As beat sends it: by the name in CELERY_BEAT_SCHEDULE. The digest is e-mailed (to the
    worker's console) without the patient's name, once."""
    from recommendations.models import FollowUpDigest
    from scoring.referential_store import ensure_first_referential
    from tests.factories import PatientFactory, UserFactory
    from tests.recommendations.follow_up_helpers import ZOL_ONLY, case_for, days_ago, signed

    ensure_first_referential()  # a transactional test before may have emptied the tables
    doctor = UserFactory(roles=["clinician"], email="doctor@hopital.example")
    patient = PatientFactory(referring_clinician=doctor, family_name="Zyxwvutsky")
    signed(case_for(patient, doctor), ZOL_ONLY, on=days_ago(10))
    log = document_worker.worker.log_path
    logged_before = len(log.read_text())

    sent = run([sys.executable, "-c", SEND_DAILY_FOLLOW_UP], document_worker.env, timeout=90)

    assert sent.returncode == 0, f"{sent.stderr}\n{document_worker.worker.describe()}"
    counts = sent.stdout.strip().splitlines()[-1]
    assert "'digests': 1" in counts and "'digests_failed': 0" in counts, counts
    assert FollowUpDigest.objects.filter(user=doctor).count() == 1
    worker_output = log.read_text()[logged_before:]
    # the console e-mail backend printed the digest (its subject is MIME-encoded in French)
    assert f"To: {doctor.email}" in worker_output and "Subject: " in worker_output
    assert "Zyxwvutsky" not in worker_output and patient.ipp not in worker_output
