"""The settings in each mode, loaded in a subprocess with a clean environment (settings are
read once per process, so the modes cannot be switched inside the test process)."""

import json
import secrets
import sys

import pytest

from rcp_oos.env import DEVELOPMENT_SECRET_KEY
from tests.project.deployment_files import clean_env, run, run_python

SETUP = "import django; django.setup()"
PRODUCTION = {"RCP_ENV": "production", "DEBUG": "false", "ALLOWED_HOSTS": "rcp.example"}
STRONG_KEY = secrets.token_urlsafe(50)

SHOW_SETTINGS = f"""{SETUP}
import json
from django.conf import settings
from django.db.backends.postgresql.psycopg_any import is_psycopg3
print(json.dumps({{
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "psycopg3": is_psycopg3,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "site_url": settings.SITE_URL,
}}))
"""


def show_settings(**variables: str) -> dict:
    result = run_python(SHOW_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class TestProductionMode:
    def test_it_refuses_to_start_without_a_secret_key(self):
        result = run_python(SETUP, **PRODUCTION)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_it_refuses_the_development_key(self):
        result = run_python(SETUP, **PRODUCTION, SECRET_KEY=DEVELOPMENT_SECRET_KEY)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_it_refuses_a_short_key(self):
        result = run_python(SETUP, **PRODUCTION, SECRET_KEY="x" * 49)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_it_starts_with_a_real_key_debug_off_and_allowed_hosts(self):
        result = run(
            [sys.executable, "manage.py", "check"], clean_env(**PRODUCTION, SECRET_KEY=STRONG_KEY)
        )
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout

    def test_it_refuses_debug_on(self):
        result = run_python(SETUP, **{**PRODUCTION, "DEBUG": "true"}, SECRET_KEY=STRONG_KEY)
        assert result.returncode != 0
        assert "DEBUG must be off" in result.stderr

    def test_it_refuses_empty_allowed_hosts(self):
        result = run_python(SETUP, **{**PRODUCTION, "ALLOWED_HOSTS": ""}, SECRET_KEY=STRONG_KEY)
        assert result.returncode != 0
        assert "ALLOWED_HOSTS" in result.stderr

    def test_it_sends_real_e_mails_and_keeps_debug_off(self):
        shown = show_settings(**PRODUCTION, SECRET_KEY=STRONG_KEY)
        assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"
        assert shown["debug"] is False

    @pytest.mark.parametrize(("hosts", "site_url"), [
        ("rcp.example", "https://rcp.example"),
        ("*,.hopital.example,other.example", "https://hopital.example")])
    def test_the_e_mails_link_to_the_first_named_host_over_https(self, hosts, site_url):
        shown = show_settings(**{**PRODUCTION, "ALLOWED_HOSTS": hosts}, SECRET_KEY=STRONG_KEY)
        assert shown["site_url"] == site_url

    def test_an_explicit_site_url_wins(self):
        shown = show_settings(**PRODUCTION, SECRET_KEY=STRONG_KEY,
                              SITE_URL="https://rcp.example/")
        assert shown["site_url"] == "https://rcp.example"


class TestInvalidValues:
    def test_it_names_an_invalid_boolean(self):
        result = run_python(SETUP, DEBUG="maybe")
        assert result.returncode != 0
        assert "DEBUG must be a boolean (true/false), not 'maybe'" in result.stderr

    def test_it_names_an_invalid_number(self):
        result = run_python(SETUP, SESSION_COOKIE_AGE="8h")
        assert result.returncode != 0
        assert "SESSION_COOKIE_AGE must be a whole number, not '8h'" in result.stderr

    def test_it_names_an_unknown_mode(self):
        result = run_python(SETUP, RCP_ENV="bogus")
        assert result.returncode != 0
        assert "RCP_ENV must be development, production or test, not 'bogus'" in result.stderr


class TestEmbeddedDefaults:
    def test_it_uses_sqlite_eager_celery_and_console_e_mail(self):
        shown = show_settings()
        assert shown["engine"] == "django.db.backends.sqlite3"
        assert shown["name"].endswith("db.sqlite3")
        assert shown["eager"] is True
        assert shown["email"] == "django.core.mail.backends.console.EmailBackend"
        assert shown["debug"] is True

    def test_it_runs_tasks_through_the_broker_when_one_is_set(self):
        assert show_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")["eager"] is False

    def test_it_uses_postgresql_with_psycopg_3_from_database_url(self):
        shown = show_settings(DATABASE_URL="postgres://rcp:secret@db.example:5432/rcp_oos")
        assert shown["engine"] == "django.db.backends.postgresql"
        assert shown["name"] == "rcp_oos"
        assert shown["psycopg3"] is True
