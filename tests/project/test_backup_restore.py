# ruff: noqa: F811 (the pytest fixture imported from documents_helpers)
"""`manage.py backup` then `manage.py restore` give back the same data: a patient's case with
its attachment, a signed proposal with its signatures and its signed PDF, and the triggers
that keep them immutable. Round trips run the real commands in subprocesses on a scratch
database (a SQLite file everywhere; a PostgreSQL database of its own under .ci/run, never
the test database). A restore checks the archive before it touches anything.
"""

import io
import json
import os
import shutil
import sqlite3
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from recommendations.backup.manifest import describe
from tests.project.deployment_files import run
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixture)
    PASSPHRASE,
    certificate_file,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
SCRATCH_DATABASE = "rcp_oos_restore_test"

SEED = """
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from recommendations.attachments import attach_file, inspect_upload
from recommendations.documents.actions import request_document
from recommendations.proposals import discuss_and_draft, sign_proposal
from scoring.referential_store import ensure_first_referential
from tests.factories import UserFactory
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case
ensure_first_referential()
clinician = UserFactory(username="dr-clinician", roles=["clinician"])
case = scheduled_case(clinician, UserFactory(username="coordinator", roles=["coordinator"]))
upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 imaging report")
attach_file(case, upload, inspect_upload(upload), kind="imaging", user=clinician)
proposal = discuss_and_draft(case, UserFactory(username="panel", roles=["panel_member"]))
for member in members(case.meeting, *QUORUM):
    sign_proposal(proposal, member)
proposal.refresh_from_db()
request_document("proposal", proposal)  # rendered inline: no broker here
"""
FACTS = """
import hashlib, json
import django
django.setup()
from django.db import IntegrityError
from patients.models import Patient
from recommendations.documents.integrity import read_checked
from recommendations.models import CaseAttachment, Document, Proposal
proposal, document = Proposal.objects.get(), Document.objects.get()
attachment = CaseAttachment.objects.get()
try:
    Proposal.objects.filter(pk=proposal.pk).update(systemic="changed")
    guarded = False
except IntegrityError:
    guarded = True
with attachment.file.open("rb") as stored:
    attachment_hash = hashlib.sha256(stored.read()).hexdigest()
print(json.dumps({
    "patients": sorted(Patient.objects.values_list("ipp", flat=True)),
    "proposal": [proposal.pk, proposal.status, proposal.systemic],
    "signers": sorted(proposal.signatures.values_list("user__username", flat=True)),
    "document": [document.pk, document.status, document.sha256, document.file.name],
    "document_intact": read_checked(document, check_signature=True).verdict.valid,
    "attachment": [attachment.sha256, attachment_hash],
    "guarded": guarded,
}))
"""


def subprocess_env(database_url: str, media_root: Path, certificate: Path) -> dict:
    env = {name: value for name, value in os.environ.items() if name != "CELERY_BROKER_URL"}
    return {**env, "DJANGO_SETTINGS_MODULE": "rcp_oos.settings", "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root), "DOCUMENT_SIGNING_CERTIFICATE": str(certificate),
            "DOCUMENT_SIGNING_PASSPHRASE": PASSPHRASE, "DATABASE_CONN_MAX_AGE": "0"}


def succeed(args: list[str], env: dict) -> str:
    done = run(args, env, timeout=300)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def manage(env: dict, *args: str) -> str:
    return succeed([sys.executable, "manage.py", *args], env)


def facts(env: dict) -> dict:
    return json.loads(succeed([sys.executable, "-c", FACTS], env).splitlines()[-1])


def round_trip(env: dict, tmp_path: Path, wipe_database) -> tuple[dict, dict]:
    """Migrate and fill the scratch database, back up, wipe, restore: facts before, after."""
    manage(env, "migrate", "--noinput", "-v0")
    succeed([sys.executable, "-c", SEED], env)
    before = facts(env)
    archive = tmp_path / "backup.tar.gz"
    manage(env, "backup", str(archive))
    assert archive.stat().st_mode & 0o077 == 0  # health data: its owner only
    wipe_database()
    shutil.rmtree(env["MEDIA_ROOT"])
    manage(env, "restore", str(archive), "--yes")
    return before, facts(env)


def assert_all_back(before: dict, after: dict) -> None:
    assert after == before
    assert after["proposal"][1] == "valid" and len(after["signers"]) == 3
    assert after["document_intact"] and after["guarded"]
    assert after["attachment"][0] == after["attachment"][1]


def test_a_sqlite_round_trip_gives_everything_back(tmp_path, certificate_file):
    database = tmp_path / "scratch.sqlite3"
    env = subprocess_env(f"sqlite:///{database}", tmp_path / "media", certificate_file)
    before, after = round_trip(env, tmp_path, database.unlink)
    assert_all_back(before, after)


@pytest.fixture
def scratch_postgresql():
    """An empty database beside the test one, dropped afterwards; its URL."""
    if not DATABASE_URL.startswith("postgres"):
        pytest.skip("needs PostgreSQL: DATABASE_URL is set by .ci/run")
    import psycopg

    server = urlunsplit(urlsplit(DATABASE_URL)._replace(path="/postgres"))

    def recreate(drop_only: bool = False) -> None:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)')
            if not drop_only:
                admin.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')

    recreate()
    yield urlunsplit(urlsplit(DATABASE_URL)._replace(path=f"/{SCRATCH_DATABASE}")), recreate
    recreate(drop_only=True)


def test_a_postgresql_round_trip_gives_everything_back(tmp_path, certificate_file,
                                                       scratch_postgresql):
    url, recreate = scratch_postgresql
    env = subprocess_env(url, tmp_path / "media", certificate_file)
    before, after = round_trip(env, tmp_path, recreate)
    assert_all_back(before, after)


# --- What restore refuses, before touching anything ---

def make_archive(tmp_path: Path, vendor: str | None = None, extra: tuple = (),
                 tamper: bool = False) -> Path:
    """A small archive of the current vendor: a database file and one stored file."""
    root = tmp_path / "content"
    (root / "media" / "private").mkdir(parents=True)
    database_name = "database.dump" if (vendor or connection.vendor) == "postgresql" else (
        "database.sqlite3")
    sqlite3.connect(root / database_name).close()
    (root / "media" / "private" / "doc.pdf").write_bytes(b"%PDF-1.7 stored")
    manifest = describe(root, vendor or connection.vendor)
    (root / "manifest.json").write_text(manifest.to_json())
    if tamper:
        (root / "media" / "private" / "doc.pdf").write_bytes(b"%PDF-1.7 altered")
    archive = tmp_path / "archive.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(root).as_posix())
        for name, data in extra:
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return archive


@pytest.fixture
def current_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "current-media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "kept.pdf").write_bytes(b"current")
    return settings.MEDIA_ROOT


def assert_untouched(media: Path) -> None:
    assert [path.name for path in media.iterdir()] == ["kept.pdf"]


class TestRestoreRefuses:
    def test_it_refuses_a_file_that_differs_from_the_manifest(self, tmp_path, current_media):
        with pytest.raises(CommandError, match="SHA-256"):
            call_command("restore", str(make_archive(tmp_path, tamper=True)), "--yes")
        assert_untouched(current_media)

    def test_it_refuses_a_file_the_manifest_does_not_list(self, tmp_path, current_media):
        archive = make_archive(tmp_path, extra=(("media/added.pdf", b"%PDF"),))
        with pytest.raises(CommandError, match="not listed"):
            call_command("restore", str(archive), "--yes")
        assert_untouched(current_media)

    def test_it_refuses_a_path_outside_its_folder(self, tmp_path, current_media):
        archive = make_archive(tmp_path, extra=(("../outside.pdf", b"%PDF"),))
        with pytest.raises(CommandError, match="Nothing restored"):
            call_command("restore", str(archive), "--yes")
        assert not (tmp_path / "outside.pdf").exists()
        assert_untouched(current_media)

    def test_it_refuses_another_database_vendor(self, tmp_path, current_media):
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        with pytest.raises(CommandError, match="installation uses"):
            call_command("restore", str(make_archive(tmp_path, vendor=other)), "--yes")
        assert_untouched(current_media)

    def test_it_needs_yes_in_production(self, tmp_path, current_media, settings):
        settings.PRODUCTION = True
        with pytest.raises(CommandError, match="--yes"):
            call_command("restore", str(make_archive(tmp_path)))
        assert_untouched(current_media)

    def test_it_needs_yes_when_it_cannot_ask(self, tmp_path, current_media):
        with pytest.raises(CommandError, match="--yes"):
            call_command("restore", str(make_archive(tmp_path)), "--noinput")
        assert_untouched(current_media)

    def test_it_checks_an_archive_without_restoring(self, tmp_path, current_media, capsys):
        call_command("restore", str(make_archive(tmp_path)), "--check")
        assert "matches its manifest" in capsys.readouterr().out
        assert_untouched(current_media)
