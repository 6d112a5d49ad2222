"""`manage.py check --deploy` with the production settings finds nothing to fix (HTTPS
redirect, HSTS, secure cookies, DEBUG off, a real key, framing denied...) and silences
nothing; run in a subprocess, since the mode is read once per process."""

import json
import sys

from tests.project.deployment_files import clean_env, run, run_python
from tests.project.test_settings import PRODUCTION, STRONG_KEY

NO_ISSUES = "System check identified no issues (0 silenced)."
SHOW_SECURITY = """import django; django.setup()
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SILENCED_SYSTEM_CHECKS")}))
"""


def deploy_check(**variables: str):
    # --fail-level WARNING: a warning fails the run too, not only an error.
    return run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
               clean_env(**PRODUCTION, SECRET_KEY=STRONG_KEY, **variables))


def test_it_reports_no_issue_with_the_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert NO_ISSUES in result.stdout


def test_it_would_report_production_without_hsts():
    # The check above can fail: turning HSTS off is reported (security.W004).
    result = deploy_check(SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_it_sends_cookies_over_https_only_and_asks_for_hsts_in_production():
    result = run_python(SHOW_SECURITY, **PRODUCTION, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True, "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SILENCED_SYSTEM_CHECKS": [],
    }
