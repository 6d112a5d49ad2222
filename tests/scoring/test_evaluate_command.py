"""`manage.py evaluate CASE.json`: the result as JSON on stdout, status 2 on a bad case."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scoring.referentials import current_referential
from tests.scoring.cases import FIXTURES, case_text

PROJECT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return caught.value


@pytest.mark.django_db
class TestValidCase:
    def test_it_prints_the_result_with_the_referential_version(self):
        document = json.loads(run(str(FIXTURES / "spinal_case.json")))
        assert document["referential"]["version"] == current_referential().version
        assert document["reference_date"] == "2026-11-23"
        assert [lesion["site"] for lesion in document["result"]["lesions"]] == ["t11", "l2"]

    def test_it_reads_standard_input(self, monkeypatch):
        monkeypatch.setattr("sys.stdin", io.StringIO(case_text("femur_case")))
        document = json.loads(run("-"))
        assert document["result"]["lesions"][0]["lesion_id"] == "femur-left"

    def test_it_indents_as_asked(self):
        case = str(FIXTURES / "minimal_case.json")
        assert len(run(case, "--indent", "0").strip().splitlines()) == 1
        assert run(case, "--indent", "4").splitlines()[1].startswith('    "referential"')

    def test_it_prints_the_same_bytes_twice(self):
        case = str(FIXTURES / "femur_case.json")
        assert run(case) == run(case)


class TestInvalidInput:
    def test_it_refuses_a_missing_file(self, tmp_path):
        error = refused(str(tmp_path / "absent.json"))
        assert "Cannot read" in str(error) and "absent.json" in str(error)

    def test_it_gives_the_line_and_column_of_invalid_json(self, tmp_path):
        case = tmp_path / "case.json"
        case.write_text('{\n  "patient": {}\n  "lesions": []\n}', encoding="utf-8")
        error = refused(str(case))
        assert "is not valid JSON: Expecting ',' delimiter at line 3, column 3" in str(error)

    def test_it_refuses_nan(self, tmp_path):
        case = tmp_path / "case.json"
        case.write_text('{"patient": {"age_years": NaN}, "lesions": []}', encoding="utf-8")
        assert "NaN is not a valid JSON number" in str(refused(str(case)))

    def test_it_refuses_json_nested_too_deep(self, tmp_path):
        case = tmp_path / "case.json"
        case.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
        assert "nested too deeply" in str(refused(str(case)))

    def test_it_names_every_faulty_field(self, tmp_path):
        case = tmp_path / "case.json"
        case.write_text(json.dumps({"patient": {"sex": "X"}, "lesions": [{"site": "femurr"}]}),
                        encoding="utf-8")
        message = str(refused(str(case)))
        assert "is not a valid case" in message
        assert "  lesions[0].site: unknown site 'femurr'" in message
        assert "  patient.sex: unknown value 'X'" in message

    @pytest.mark.django_db
    def test_it_names_a_field_refused_for_its_meaning(self, tmp_path):
        case = tmp_path / "case.json"
        case.write_text(json.dumps({"patient": {"systemic_treatments": [{"drug": "nodrug"}]},
                                    "lesions": []}), encoding="utf-8")
        assert "patient.systemic_treatments[0].drug: unknown drug 'nodrug'" in str(
            refused(str(case)))


@pytest.fixture(scope="class")
def migrated_database(tmp_path_factory) -> dict:
    """A database of its own, migrated (the command reads the drug vocabulary and the active
    referential), whatever database the developer's or CI's settings point at."""
    path = tmp_path_factory.mktemp("evaluate") / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env,  # noqa: S603
                   cwd=PROJECT, check=True, timeout=300)
    return env


class TestExitStatus:
    """Through manage.py itself, for the status a shell script sees."""

    @pytest.fixture(autouse=True)
    def environment(self, migrated_database):
        self.env = migrated_database

    def manage(self, *args, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", "evaluate", *args], input=stdin, env=self.env,
            capture_output=True, text=True, cwd=PROJECT, check=False, timeout=120)

    def test_it_exits_0_with_the_result_on_stdout(self):
        done = self.manage(str(FIXTURES / "minimal_case.json"))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["result"]["lesions"][0]["site"] == "femur_diaphysis"

    def test_it_exits_2_naming_the_field_on_stderr(self):
        done = self.manage("-", stdin='{"patient": {}, "lesions": [{"site": "femurr"}]}')
        assert done.returncode == 2
        assert done.stdout == ""
        assert "The standard input is not a valid case" in done.stderr
        assert "lesions[0].site: unknown site 'femurr'" in done.stderr

    def test_it_exits_2_on_invalid_json(self):
        done = self.manage("-", stdin="{")
        assert done.returncode == 2
        assert "line 1, column 2" in done.stderr


def test_an_unmigrated_database_gets_a_clear_message(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "evaluate", str(FIXTURES / "minimal_case.json")],
        env=env, capture_output=True, text=True, cwd=PROJECT, check=False, timeout=120)
    assert done.returncode == 1
    assert "The database is not ready" in done.stderr and "migrate" in done.stderr
    assert "Traceback" not in done.stderr

