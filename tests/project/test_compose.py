"""docker-compose.yml, Dockerfile and the entrypoint: parsed (no Docker engine here), and every
program they run checked against the project."""

import os
import re
import sys

import pytest

from tests.project.deployment_files import ROOT, VENV_BIN, clean_env, compose, run

SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ["web", "worker", "beat"]


def command_of(service: str) -> list[str]:
    return compose()["services"][service]["command"]


def base_requirements() -> set[str]:
    names = set()
    for line in (ROOT / "requirements" / "base.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[\[<>=!~ ]", line)[0].lower())
    return names


class TestServices:
    def test_it_declares_the_five_services(self):
        assert set(compose()["services"]) == SERVICES

    @pytest.mark.parametrize("service", sorted(SERVICES))
    def test_it_gives_each_service_a_healthcheck(self, service):
        assert compose()["services"][service]["healthcheck"]["test"]

    def test_it_keeps_database_and_media_in_named_volumes(self):
        spec = compose()
        assert {"db-data", "media"} <= set(spec["volumes"])
        assert "db-data:/var/lib/postgresql/data" in spec["services"]["db"]["volumes"]
        for service in APP_SERVICES:
            assert "media:/app/media" in spec["services"][service]["volumes"]

    @pytest.mark.parametrize("service", APP_SERVICES)
    def test_it_builds_the_app_services_from_the_project_with_the_env_file(self, service):
        spec = compose()["services"][service]
        assert spec["build"] == "."
        assert spec["env_file"] == ".env"
        assert spec["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }

    def test_it_migrates_in_the_web_service_only(self):
        services = compose()["services"]
        assert services["web"]["environment"]["RUN_MIGRATIONS"] == "1"
        assert "RUN_MIGRATIONS" not in services["worker"]["environment"]
        assert "RUN_MIGRATIONS" not in services["beat"]["environment"]

    def test_it_uses_the_pinned_images_and_their_readiness_commands(self):
        services = compose()["services"]
        assert services["db"]["image"] == "postgres:15"
        assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
        assert services["redis"]["image"] == "redis:7"
        assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


class TestCommandsExist:
    @pytest.mark.parametrize("program", ["gunicorn", "celery"])
    def test_it_requires_the_programs_the_services_run(self, program):
        assert program in base_requirements()
        assert (VENV_BIN / program).exists()

    def test_it_serves_an_importable_wsgi_application_with_gunicorn(self):
        command = command_of("web")
        assert command[:2] == ["gunicorn", "rcp_oos.wsgi:application"]
        # --check-config imports the application and parses every option, then exits.
        result = run([str(VENV_BIN / "gunicorn"), "--check-config", *command[1:]], clean_env())
        assert result.returncode == 0, result.stderr

    @pytest.mark.parametrize(
        ("service", "subcommand"), [("worker", "worker"), ("beat", "beat")]
    )
    def test_it_runs_celery_commands_the_app_has(self, service, subcommand):
        command = command_of(service)
        assert command[:4] == ["celery", "-A", "rcp_oos", subcommand]
        # `celery -A app` loads the app before the subcommand reads --help: both must exist.
        result = run([str(VENV_BIN / "celery"), *command[1:4], "--help"], clean_env())
        assert result.returncode == 0, result.stderr

    def test_it_checks_the_worker_with_a_celery_inspect_ping(self):
        check = compose()["services"]["worker"]["healthcheck"]["test"]
        assert check[0] == "CMD-SHELL"
        assert check[1].startswith("celery -A rcp_oos inspect ping")
        result = run([str(VENV_BIN / "celery"), "-A", "rcp_oos", "inspect", "--list"], clean_env())
        assert result.returncode == 0, result.stderr
        assert re.search(r"^\s*ping\b", result.stdout, re.MULTILINE)

    @pytest.mark.parametrize("service", ["web", "beat"])
    def test_it_writes_python_health_checks_that_compile(self, service):
        check = compose()["services"][service]["healthcheck"]["test"]
        assert check[:3] == ["CMD", "python", "-c"]
        compile(check[3], f"{service} healthcheck", "exec")


class TestImage:
    def test_it_builds_on_python_3_11_slim_bookworm(self):
        assert "FROM python:3.11-slim-bookworm" in dockerfile()

    def test_it_installs_the_weasyprint_libraries_and_gettext(self):
        for package in ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b",
                        "fonts-dejavu-core", "gettext"]:
            assert package in dockerfile()

    def test_it_installs_the_pinned_requirements(self):
        assert "pip install -r requirements/base.in -c requirements/constraints.txt" in dockerfile()

    def test_it_runs_as_a_user_without_privileges_on_port_8000(self):
        assert re.search(r"^USER (?!root)\w+", dockerfile(), re.MULTILINE)
        assert re.search(r"^EXPOSE 8000$", dockerfile(), re.MULTILINE)

    def test_it_enters_through_an_executable_entrypoint(self):
        assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in dockerfile()
        entrypoint = ROOT / "docker" / "entrypoint.sh"
        assert os.access(entrypoint, os.X_OK)
        assert (ROOT / "docker" / "wait_for_db.py").exists()

    def test_it_collects_static_files_in_production_mode_at_build(self, tmp_path):
        # The build step's own values, read from the Dockerfile, must pass production checks.
        build = dict(re.findall(r"\b(RCP_ENV|SECRET_KEY|DEBUG|ALLOWED_HOSTS)=(\S+)", dockerfile()))
        assert build["RCP_ENV"] == "production"
        result = run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            clean_env(**build, STATIC_ROOT=str(tmp_path)),
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "staticfiles.json").exists()

    def test_it_keeps_secrets_and_local_data_out_of_the_image(self):
        ignored = (ROOT / ".dockerignore").read_text().splitlines()
        assert {".env", ".venv", ".git", "*.sqlite3"} <= set(ignored)


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()
