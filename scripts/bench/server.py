"""gunicorn on loopback as production runs it (docs/deployment.md: three workers), and the
clinician's session, opened through the login page like a browser."""

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int):
    """The base URL of a running gunicorn, stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "rcp_oos.wsgi:application",
               "--bind", f"{HOST}:{port}", "--workers", str(workers), "--chdir", str(ROOT),
               "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 (our own gunicorn)
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit code {process.returncode})")
        try:
            with urllib.request.build_opener().open(f"{base}/health/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /health/ in time")


def session_cookie(base: str, username: str, password: str) -> str:
    """`sessionid=...` for the user, after the login form (CSRF token included)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/accounts/login/"
    opener.open(login, timeout=10).read()
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": csrf}).encode()
    request = urllib.request.Request(login, data=form, headers={"Referer": login})  # noqa: S310
    opener.open(request, timeout=10).read()
    session = next((cookie.value for cookie in jar if cookie.name == "sessionid"), None)
    if session is None:
        raise RuntimeError(f"could not log in as {username}")
    return f"sessionid={session}"


def check_status(base: str, method: str, path: str, headers: dict[str, str],
                 body: bytes | None) -> int:
    """The status of one request, redirects not followed: a 302 to the login page would
    otherwise be measured as a fast page."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base + path, data=body, headers=headers,  # noqa: S310
                                     method=method)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def environment(database_url: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "scripts.bench.settings",
            "DATABASE_URL": database_url, "RCP_ENV": "development", "DEBUG": "false",
            "CELERY_BROKER_URL": ""}
