"""Playwright driving the system Chromium (Debian's package), headless, against the test
server. No browser is downloaded: `make test` installs `chromium` with apt."""

import os
import shutil
from base64 import b32decode
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from tests.accounts.otp import code_for, code_for_secret

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are plain synchronous calls, so Django's async-safety guard must be lifted.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

VERIFY_PATH = "/accounts/two-factor/"
ENROL_PATH = "/accounts/security/two-factor/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package.")
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def log_in(page, username: str, password: str, totp_secret: str | None = None) -> None:
    """Log in through the login form, then the second factor when it is asked: the code step
    (the code of `totp_secret`, a base32 key, or of the user's device in the test database),
    or, for an administrator without a device, enrolment with the key the page shows."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    step = urlsplit(page.url).path
    if step == VERIFY_PATH:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        code = code_for_secret(b32decode(totp_secret).hex()) if totp_secret else code_for(device)
        _submit_code(page, code)
    elif step == ENROL_PATH:
        key = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        _submit_code(page, code_for_secret(b32decode(key).hex()))
    page.wait_for_url("**/")


def _submit_code(page, code: str) -> None:
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.press("input[name=code]", "Enter")
