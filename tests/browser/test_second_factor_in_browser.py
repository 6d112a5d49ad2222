"""The second factor in Chromium: an administrator without one is taken to enrolment, scans
(here: reads) the key, types the code and reaches the application; the next login asks for
the code, typed with the keyboard only."""

from base64 import b32decode
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.accounts.otp import code_for, code_for_secret
from tests.browser.conftest import ENROL_PATH, VERIFY_PATH
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


def submit_password(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")


def test_an_administrator_enrols_then_logs_in_with_a_code(page):
    administrator = UserFactory(username="admin-2fa", roles=["admin"], is_staff=True)
    submit_password(page, "admin-2fa")
    page.wait_for_url(f"**{ENROL_PATH}?next=/")
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    key = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    expect(page.locator("input[name=code]")).to_be_focused()
    page.keyboard.type(code_for_secret(b32decode(key).hex()))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/"

    page.context.clear_cookies()
    submit_password(page, "admin-2fa")
    page.wait_for_url(f"**{VERIFY_PATH}?next=/")
    expect(page.locator("input[name=code]")).to_be_focused()
    page.keyboard.type(code_for(administrator.totpdevice_set.get(confirmed=True)))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/"
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
