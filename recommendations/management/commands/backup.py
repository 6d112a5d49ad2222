"""`manage.py backup [archive]`: the database and the stored files in one .tar.gz.

The archive holds health data: it is written readable by its owner only, and belongs on
encrypted storage (docs/backup.md). `manage.py restore` reads it back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations.backup.archive import create_backup
from recommendations.backup.database import DatabaseBackupError


class Command(BaseCommand):
    help = "Back up the database and the stored documents and attachments into a .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?",
                            help="Where to write it (default: rcp-oos-backup-<date>.tar.gz "
                                 "in the current folder).")

    def handle(self, *args, archive: str | None = None, **options) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        destination = Path(archive or f"rcp-oos-backup-{stamp}.tar.gz")
        if destination.exists():
            raise CommandError(f"{destination} exists already: name another file.")
        try:
            manifest = create_backup(destination)
        except (DatabaseBackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {destination}: the {manifest.database_vendor} database and "
            f"{len(manifest.files) - 1} stored files."))
