"""`manage.py restore <archive> --yes`: put back the database and the stored files of a
backup, replacing the current ones.

The whole archive is checked against its manifest (every file's SHA-256) before anything is
touched. In production it runs only with --yes; elsewhere it asks, or takes --yes. Stop the
web server and the workers first (docs/backup.md).
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.backup.archive import restore_backup, unpack_and_verify
from recommendations.backup.database import DatabaseBackupError
from recommendations.backup.manifest import ManifestError


class Command(BaseCommand):
    help = "Restore the database and the stored files from a backup archive (replaces them)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz written by `manage.py backup`.")
        parser.add_argument("--yes", "--force", action="store_true", dest="yes",
                            help="Replace the current data without asking (required in "
                                 "production).")
        parser.add_argument("--noinput", "--no-input", action="store_false",
                            dest="interactive", help="Never ask: refuse without --yes.")
        parser.add_argument("--check", action="store_true",
                            help="Only check the archive against its manifest.")

    def handle(self, *args, archive: str, yes: bool = False, check: bool = False,
               interactive: bool = True, **options) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            if check:
                self._check(path)
                return
            self._confirm(yes, interactive)
            manifest = restore_backup(path)
        except (ManifestError, DatabaseBackupError) as error:
            raise CommandError(f"Nothing restored: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest.created_at} (version {manifest.app_version}): "
            f"the database and {len(manifest.files) - 1} stored files."))

    def _check(self, path: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="rcp-oos-check-") as folder:
            manifest = unpack_and_verify(path, Path(folder))
        self.stdout.write(self.style.SUCCESS(
            f"The archive matches its manifest ({len(manifest.files)} files, "
            f"{manifest.database_vendor} database of {manifest.created_at})."))

    def _confirm(self, yes: bool, interactive: bool) -> None:
        if yes:
            return
        if settings.PRODUCTION:
            raise CommandError("In production, restore replaces the data only with --yes.")
        if not interactive:
            raise CommandError("Restore replaces the current data: pass --yes.")
        try:
            answer = input("This replaces the current database and stored files. Type 'yes': ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled.")
