"""One archive in, one archive out: `create_backup` writes the database and MEDIA_ROOT into a
.tar.gz with its manifest; `restore_backup` unpacks one into a temporary folder, checks it
against its manifest, and only then replaces the database and the files.
"""

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection as default_connection

from recommendations.backup import database
from recommendations.backup import manifest as manifests
from recommendations.backup.manifest import MEDIA_DIR, Manifest, ManifestError


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def create_backup(destination: Path, connection=default_connection) -> Manifest:
    """Write the archive at `destination` (readable by its owner only: it holds health
    data); the file appears only once complete."""
    destination = Path(destination).resolve()
    with tempfile.TemporaryDirectory(prefix="rcp-oos-backup-") as folder:
        root = Path(folder)
        database.dump(connection, root / manifests.DATABASE_FILES[connection.vendor])
        if media_root().is_dir():
            shutil.copytree(media_root(), root / MEDIA_DIR, symlinks=False)
        described = manifests.describe(root, connection.vendor)
        (root / manifests.NAME).write_text(described.to_json())
        partial = destination.with_name(destination.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
            tar.add(root / manifests.NAME, arcname=manifests.NAME)
            for entry in described.files:
                tar.add(root / entry["path"], arcname=entry["path"])
        os.replace(partial, destination)
    return described


def unpack_and_verify(archive: Path, folder: Path) -> Manifest:
    """Unpack into `folder` (links, absolute paths and `..` refused) and check every file
    against the manifest; raises ManifestError, having changed nothing else."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(folder, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise ManifestError(f"The archive cannot be read: {error}") from error
    found = manifests.read(folder)
    manifests.verify(folder, found)
    return found


def restore_backup(archive: Path, connection=default_connection) -> Manifest:
    """Replace the database and MEDIA_ROOT by the archive's, once it is verified."""
    with tempfile.TemporaryDirectory(prefix="rcp-oos-restore-") as temporary:
        root = Path(temporary)
        found = unpack_and_verify(archive, root)
        if found.database_vendor != connection.vendor:
            raise ManifestError(f"The archive holds a {found.database_vendor} database; this "
                                f"installation uses {connection.vendor}.")
        database.restore(connection, root / found.database_file)
        _replace_media(root / MEDIA_DIR)
    return found


def _replace_media(saved: Path) -> None:
    """MEDIA_ROOT becomes the archive's: its content is emptied, then copied over (the
    folder itself stays, it may be a mounted volume)."""
    target = media_root()
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if saved.is_dir():
        shutil.copytree(saved, target, dirs_exist_ok=True)
