"""The archive's manifest: what was backed up, from which version, with each file's SHA-256.

Written last into the archive from the files as they were written, read first at restore:
every file listed must be there with its hash, and nothing else may be.
"""

import hashlib
import json
import shutil
import subprocess
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

FORMAT = 1
NAME = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class ManifestError(Exception):
    """The archive does not match its manifest: nothing may be restored from it."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    app_version: str
    git_revision: str | None
    database_vendor: str
    files: list[dict] = field(default_factory=list)
    format: int = FORMAT

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.database_vendor]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def app_version() -> str:
    try:
        pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return "unknown"
    return pyproject.get("project", {}).get("version", "unknown")


def git_revision() -> str | None:
    """The commit the code runs from, when it is a git checkout (not in the Docker image)."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, "rev-parse", "HEAD"], cwd=settings.BASE_DIR,  # noqa: S603
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def describe(root: Path, vendor: str) -> Manifest:
    """The manifest of the backup folder `root` (database file and media/)."""
    files = [{"path": path.relative_to(root).as_posix(), "size": path.stat().st_size,
              "sha256": sha256_of_file(path)}
             for path in sorted(root.rglob("*")) if path.is_file()]
    return Manifest(created_at=timezone.now().isoformat(), app_version=app_version(),
                    git_revision=git_revision(), database_vendor=vendor, files=files)


def read(root: Path) -> Manifest:
    try:
        data = json.loads((root / NAME).read_text())
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as error:
        raise ManifestError(f"The archive has no readable {NAME}: {error}") from error
    if manifest.format != FORMAT or manifest.database_vendor not in DATABASE_FILES:
        raise ManifestError("The archive's manifest is of an unknown format or database.")
    return manifest


def verify(root: Path, manifest: Manifest) -> None:
    """Every listed file present with its hash, the database among them, nothing more."""
    listed = {entry["path"]: entry["sha256"] for entry in manifest.files}
    present = {path.relative_to(root).as_posix() for path in root.rglob("*")
               if path.is_file()} - {NAME}
    for name in listed:
        parts = PurePosixPath(name).parts
        if name != manifest.database_file and (parts[0] != MEDIA_DIR or ".." in parts):
            raise ManifestError(f"The manifest lists an unexpected file: {name}")
    if manifest.database_file not in listed:
        raise ManifestError("The archive holds no database.")
    if present != set(listed):
        extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
        raise ManifestError(f"Files differ from the manifest: missing {missing}, "
                            f"not listed {extra}.")
    for name, expected in listed.items():
        if sha256_of_file(root / name) != expected:
            raise ManifestError(f"{name}: its SHA-256 differs from the manifest's.")
