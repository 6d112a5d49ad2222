"""`make run` as a newcomer gets it: scripts/start-demo.sh on a fresh SQLite database, then
each demo user logs in over real HTTP.

The environment is the embedded default: CI exports PostgreSQL and Redis for the main suite,
so those variables (and any other that changes a default this test relies on) are removed.
"""

import base64
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import totp

from recommendations.demo import DEMO_TOTP_SECRET, DEMO_USERS

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90
DEFAULT_DEMO_PASSWORD = "demo-rcp-oos"  # the embedded default of settings.DEMO_PASSWORD
OVERRIDDEN_DEFAULTS = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "RCP_ENV",
                       "DEMO_PASSWORD", "ALLOWED_HOSTS", "DEBUG", "SECURE_SSL_REDIRECT", "HOST")
COUNTED_TABLES = ("accounts_user", "patients_patient", "patients_lesion",
                  "patients_measurement", "recommendations_meeting", "recommendations_case",
                  "recommendations_proposal", "recommendations_followupaction")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERIFY_PATH = "/accounts/two-factor/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_environment(database: Path, port: int) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in OVERRIDDEN_DEFAULTS}
    env.update(DATABASE_URL=f"sqlite:///{database}", PORT=str(port), PYTHON=sys.executable)
    return env


class DemoRun:
    """scripts/start-demo.sh on its own database and port, in its own process group; its
    output goes to a file so that a failure message can show it."""

    def __init__(self, workdir: Path):
        self.database = workdir / "db.sqlite3"
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.env = demo_environment(self.database, port)
        self.log = workdir / "server.log"
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (the project's own script)
            [str(ROOT / "scripts" / "start-demo.sh")], cwd=ROOT, env=self.env,
            stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def output(self) -> str:
        self._log_file.flush()
        return self.log.read_text(errors="replace")

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"start-demo.sh exited with {self.process.returncode}:\n"
                            f"{self.output()}")
            try:
                health = f"{self.base_url}/health/"
                with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        pytest.fail(f"/health/ did not answer 200 within {START_TIMEOUT_S} s:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            # The script execs runserver, but while it migrates the shell has its own child.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log_file.close()

    def row_counts(self) -> dict[str, int]:
        with sqlite3.connect(self.database) as connection:
            return {table: connection.execute(_count_query(table)).fetchone()[0]
                    for table in COUNTED_TABLES}


def _count_query(table: str) -> str:
    assert table in COUNTED_TABLES  # a constant of this module, never user input
    return f"SELECT COUNT(*) FROM {table}"  # noqa: S608


def log_in(base_url: str, username: str, password: str,
           totp_secret: str | None = None) -> tuple[int, str, str]:
    """Log in through the login form (then the code step, with `totp_secret`, the base32
    key of the user's authenticator), then open the home page: (status, final URL, body)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login_url = f"{base_url}/accounts/login/"
    landed = post_form(opener, login_url, {"username": username, "password": password})
    if totp_secret and urllib.parse.urlsplit(landed).path == VERIFY_PATH:
        post_form(opener, f"{base_url}{VERIFY_PATH}", {"code": current_code(totp_secret)})
    with opener.open(f"{base_url}/", timeout=10) as response:  # redirected when anonymous
        return response.status, response.geturl(), response.read().decode()


def post_form(opener, url: str, fields: dict[str, str]) -> str:
    """Post a form of the page at `url` with its CSRF token; the URL it lands on."""
    with opener.open(url, timeout=10) as response:
        page = response.read().decode()
    token = CSRF_INPUT.search(page)
    assert token, f"no CSRF token on {url}:\n{page}"
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode()
    # Only http:// URLs to the local server are built here (S310 warns about file: URLs).
    request = urllib.request.Request(url, data=form, headers={"Referer": url})  # noqa: S310
    with opener.open(request, timeout=10) as response:
        return response.geturl()


def current_code(secret_base32: str) -> str:
    return f"{totp(base64.b32decode(secret_base32)):06d}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    run = DemoRun(tmp_path_factory.mktemp("make-run"))
    try:
        run.wait_until_healthy()
        yield run
    finally:
        run.stop()


class TestMakeRun:
    def test_it_prints_the_demo_logins(self, demo):
        output = demo.output()
        assert DEFAULT_DEMO_PASSWORD in output, output
        for user in DEMO_USERS:
            assert user.username in output, output
        assert DEMO_TOTP_SECRET in output, output

    def test_it_asks_the_administrator_for_the_second_factor(self, demo):
        administrator = next(user for user in DEMO_USERS if user.administrator)
        _status, url, body = log_in(demo.base_url, administrator.username,
                                    DEFAULT_DEMO_PASSWORD)
        assert urllib.parse.urlsplit(url).path == VERIFY_PATH
        assert 'name="code"' in body

    @pytest.mark.parametrize("user", DEMO_USERS, ids=lambda user: user.username)
    def test_it_lets_each_demo_user_log_in(self, demo, user):
        # The administrator types the code of the demo's published second-factor key.
        secret = DEMO_TOTP_SECRET if user.administrator else None
        status, url, body = log_in(demo.base_url, user.username, DEFAULT_DEMO_PASSWORD, secret)
        assert status == 200
        assert urllib.parse.urlsplit(url).path == "/", demo.output()
        assert 'data-testid="current-user"' in body
        assert user.full_name in body

    def test_it_refuses_a_wrong_password(self, demo):
        _status, url, body = log_in(demo.base_url, DEMO_USERS[0].username, "not-the-password")
        assert urllib.parse.urlsplit(url).path == "/accounts/login/"
        assert 'data-testid="current-user"' not in body

    def test_it_creates_nothing_twice_when_loaded_again(self, demo):
        before = demo.row_counts()
        again = subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT,
                               env=demo.env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stdout + again.stderr
        assert demo.row_counts() == before
        assert before["accounts_user"] == len(DEMO_USERS)
        assert before["patients_patient"] == 12
        assert before["recommendations_meeting"] == 2  # the next, and the one signed at
        assert before["recommendations_case"] == 4
        assert before["recommendations_proposal"] == 1
        assert before["recommendations_followupaction"] > 0
