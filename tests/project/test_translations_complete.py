"""Every string of the interface has its French translation: the catalogue is extracted afresh
from the code and templates (as `makemessages` would) into a copy, and no entry may be left
untranslated or fuzzy. A string added without its translation fails here, not in front of a
clinician."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path("fr") / "LC_MESSAGES" / "django.po"
NOT_OURS = [".venv", "node_modules", "test-artifacts", "staticfiles", "docker", "tests"]


@pytest.fixture
def extracted_catalogue(tmp_path, settings, monkeypatch) -> Path:
    if not shutil.which("msgattrib"):
        pytest.fail("gettext is not installed: `make test` installs it with apt.")
    copy = tmp_path / "locale" / CATALOGUE
    copy.parent.mkdir(parents=True)
    shutil.copy(Path(settings.BASE_DIR) / "locale" / CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(settings.BASE_DIR)
    call_command("makemessages", locale=["fr"], ignore_patterns=NOT_OURS, no_obsolete=True,
                 verbosity=0)
    return copy


def _entries(catalogue: Path, *flags: str) -> list[str]:
    """The msgids msgattrib selects with `flags`, the header left out."""
    output = subprocess.run(  # noqa: S603 (gettext on our own catalogue)
        ["msgattrib", *flags, "--no-wrap", "--no-location", str(catalogue)],  # noqa: S607
        capture_output=True, text=True, check=True).stdout
    blocks = [block for block in output.split("\n\n") if "msgid" in block]
    return [_msgid(block) for block in blocks[1:]]


def _msgid(block: str) -> str:
    lines = block.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
    text = [lines[start]] + [line for line in lines[start + 1:] if line.startswith('"')]
    return " ".join(text)


def test_it_has_no_untranslated_string(extracted_catalogue):
    assert _entries(extracted_catalogue, "--untranslated") == []


def test_it_has_no_fuzzy_translation(extracted_catalogue):
    assert _entries(extracted_catalogue, "--only-fuzzy") == []


def test_it_catches_a_string_added_without_translation(extracted_catalogue):
    with extracted_catalogue.open("a", encoding="utf-8") as catalogue:
        catalogue.write('\nmsgid "A sentence nobody translated"\nmsgstr ""\n')
    untranslated = _entries(extracted_catalogue, "--untranslated")
    assert 'msgid "A sentence nobody translated"' in untranslated


def test_the_committed_catalogue_is_the_one_in_use():
    assert Path(settings.LOCALE_PATHS[0]) == Path(settings.BASE_DIR) / "locale"
