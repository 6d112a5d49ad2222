# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""A rendering task that dies or runs twice never loses nor duplicates a document, and a
sign-off is never counted twice.

Inline (everywhere): an interrupted run leaves the document pending and the next run makes
it, once; two runs make one document and one file; a second signature is refused. With a
real worker on Redis (.ci/run): the worker is killed (SIGKILL) in the middle of rendering a
signed proposal; thanks to late acknowledgement the broker hands the task to the next
worker after the visibility timeout, which renders the one document, validly signed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

from recommendations.documents import actions
from recommendations.documents.actions import request_document
from recommendations.documents.signing import verify_pdf
from recommendations.models import Document, DocumentKind, DocumentStatus, Signature
from recommendations.proposals import sign_proposal
from recommendations.tasks import render_document
from recommendations.workflow import TransitionRefused
from tests.project.deployment_files import ROOT, run
from tests.project.test_celery_broker import BROKER_URL, broker_env, shared_database_url
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    PASSPHRASE,
    case,
    certificate_file,
    document_settings,
    draft_proposal,
    signers,
    valid_proposal,
)

needs_broker = pytest.mark.skipif(
    not BROKER_URL, reason="needs a real broker: CELERY_BROKER_URL is set by .ci/run"
)


def proposal_files(media_root: Path) -> list[Path]:
    folder = Path(media_root) / "private" / "documents" / "proposal"
    return sorted(path for path in folder.glob("*") if path.is_file())


@pytest.mark.django_db
@pytest.mark.usefixtures("document_settings")
class TestInline:
    def test_running_the_task_twice_makes_one_document_and_one_file(
            self, valid_proposal, settings, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            document = request_document(DocumentKind.PROPOSAL, valid_proposal)
        render_document.apply(args=[document.pk])
        render_document.apply(args=[document.pk])
        again = Document.objects.get(pk=document.pk)
        assert Document.objects.filter(proposal=valid_proposal).count() == 1
        assert again.status == DocumentStatus.READY and again.attempts == 1
        assert len(proposal_files(settings.MEDIA_ROOT)) == 1

    def test_a_run_killed_mid_task_leaves_it_pending_and_the_next_makes_it_once(
            self, valid_proposal, settings, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False):
            document = request_document(DocumentKind.PROPOSAL, valid_proposal)
        # A BaseException, as a dying worker: the task's own error handling does not see it.
        with mock.patch("recommendations.documents.signing.sign_pdf",
                        side_effect=SystemExit("worker killed")), pytest.raises(SystemExit):
            actions.build_document(document.pk)
        document.refresh_from_db()
        assert document.status == DocumentStatus.PENDING and not document.sha256
        assert render_document.apply(args=[document.pk]).get() == DocumentStatus.READY
        document.refresh_from_db()
        with document.file.open("rb") as stored:
            assert verify_pdf(stored.read(), document.sha256).valid
        assert Document.objects.filter(proposal=valid_proposal).count() == 1
        assert len(proposal_files(settings.MEDIA_ROOT)) == 1

    def test_a_second_sign_off_by_the_same_member_is_refused(self, draft_proposal, signers):
        sign_proposal(draft_proposal, signers[0])
        with pytest.raises(TransitionRefused):
            sign_proposal(draft_proposal, signers[0])
        assert Signature.objects.filter(proposal=draft_proposal).count() == 1


# --- A real worker, killed in the middle of a rendering ---

QUEUE = f"rcp-oos-resilience-{os.getpid()}"
VISIBILITY_TIMEOUT_S = 4
WAIT_S = 90
# The worker, with the rendering slowed down by the test (never by the project's code): it
# writes a marker when it starts rendering, then sleeps, so the test kills it mid-task.
SLOW_WORKER = """
import os, pathlib, sys, time
import django
django.setup()
from recommendations.documents import render
delay = float(os.environ.get("RCP_TEST_RENDER_DELAY", "0"))
real_render = render.render_pdf
def slow_render(*args, **kwargs):
    pathlib.Path(os.environ["RCP_TEST_RENDER_MARKER"]).write_text(str(os.getpid()))
    time.sleep(delay)
    return real_render(*args, **kwargs)
render.render_pdf = slow_render
from rcp_oos.celery import app
app.worker_main(["worker", "--pool=solo", "-l", "warning", "-Q", sys.argv[1],
                 "-n", sys.argv[2], "--without-gossip", "--without-mingle"])
"""
SEND = f"""
import sys
import django
django.setup()
from rcp_oos.celery import app
app.conf.task_routes = {{"recommendations.tasks.*": {{"queue": {QUEUE!r}}}}}
from recommendations.documents.actions import request_document
from recommendations.models import Proposal
from recommendations.tasks import render_document
document = request_document("proposal", Proposal.objects.get(pk=int(sys.argv[1])))
# The same task sent again, as duplicate deliveries; wait until the worker ran them.
duplicates = [render_document.apply_async(args=[document.pk], queue={QUEUE!r})
              for _ in range(int(sys.argv[2]))]
print([result.get(timeout=120) for result in duplicates])
print(document.pk)
"""


@contextlib.contextmanager
def worker(env: dict, log: Path, name: str):
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603 (the project's own worker)
            [sys.executable, "-c", SLOW_WORKER, QUEUE, f"celery@{name}-{os.getpid()}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def worker_env(tmp_path, settings, certificate_file, django_db_blocker):
    with django_db_blocker.unblock():
        database_url = shared_database_url()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_SIGNING_CERTIFICATE = str(certificate_file)
    settings.DOCUMENT_SIGNING_PASSPHRASE = PASSPHRASE
    return broker_env(
        DATABASE_URL=database_url, MEDIA_ROOT=str(settings.MEDIA_ROOT),
        DOCUMENT_SIGNING_CERTIFICATE=str(certificate_file),
        DOCUMENT_SIGNING_PASSPHRASE=PASSPHRASE, DATABASE_CONN_MAX_AGE="0",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT_S),
        RCP_TEST_RENDER_MARKER=str(tmp_path / "rendering-started"))


def send(env: dict, proposal, duplicates: int = 0) -> Document:
    sent = run([sys.executable, "-c", SEND, str(proposal.pk), str(duplicates)], env,
               timeout=90)
    assert sent.returncode == 0, sent.stderr
    return Document.objects.get(pk=int(sent.stdout.split()[-1]))


def wait_for(condition, log: Path, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen:\n{log.read_text()}"
        time.sleep(0.5)


def assert_one_valid_document(proposal, media_root: Path) -> Document:
    documents = list(Document.objects.filter(proposal=proposal, kind=DocumentKind.PROPOSAL))
    assert len(documents) == 1 and documents[0].status == DocumentStatus.READY
    with documents[0].file.open("rb") as stored:
        assert verify_pdf(stored.read(), documents[0].sha256).valid  # hash and signature
    assert len(proposal_files(media_root)) == 1
    return documents[0]


@pytest.mark.broker
@needs_broker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_is_replaced_and_the_document_made_once(
        valid_proposal, worker_env, tmp_path, settings):
    log, marker = tmp_path / "workers.log", Path(worker_env["RCP_TEST_RENDER_MARKER"])
    slow = {**worker_env, "RCP_TEST_RENDER_DELAY": "600"}
    with worker(slow, log, "doomed") as doomed:
        document = send(worker_env, valid_proposal)
        wait_for(marker.exists, log, "the rendering's start")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING  # killed mid-task, nothing kept
    time.sleep(VISIBILITY_TIMEOUT_S + 1)  # the broker now hands the task out again
    with worker(worker_env, log, "next"):
        wait_for(lambda: Document.objects.get(pk=document.pk).status == DocumentStatus.READY,
                 log, "the redelivered rendering")
    ready = assert_one_valid_document(valid_proposal, settings.MEDIA_ROOT)
    assert ready.attempts == 2


@pytest.mark.broker
@needs_broker
@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_three_times_makes_one_document(valid_proposal, worker_env,
                                                         tmp_path, settings):
    log = tmp_path / "workers.log"
    with worker(worker_env, log, "twice"):
        document = send(worker_env, valid_proposal, duplicates=2)  # returns once all ran
    ready = assert_one_valid_document(valid_proposal, settings.MEDIA_ROOT)
    assert ready.pk == document.pk and ready.attempts == 1
