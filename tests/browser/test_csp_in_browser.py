"""The Content Security Policy in Chromium: the main pages work under it with nothing refused,
including what runs after loading (the live score and the skeleton map in the lesion form,
the what-if on the patient page, htmx's swaps, the admin's scripts).

A refusal shows twice: Chromium logs it on the console and fires `securitypolicyviolation`;
both are collected. Sessions are made without the login form (tests/project/signed_in_session.py),
so each page is looked at as its role sees it, the administrator past the second factor."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.demo_pages import PAGES, demo  # noqa: F401 (fixture)
from tests.project.signed_in_session import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before the page's own scripts; an init script is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`
                              + ` (${event.sourceFile || ""}:${event.lineNumber || ""})`);
});
"""


@pytest.fixture
def violations(page):
    """Every refusal seen while the test runs: console messages and recorded events."""
    found = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(RECORD_VIOLATIONS)
    return found


@pytest.fixture
def open_as(page, demo, live_server, violations):  # noqa: F811
    """Opens one of the main pages as its role, and collects the refusals it recorded."""

    def open_page(name: str) -> None:
        username, address = PAGES[name]
        page.context.clear_cookies()
        if username:
            cookie = session_cookie(User.objects.get(username=username))
            page.context.add_cookies([{**cookie, "url": live_server.url}])
        response = page.goto(address(demo))
        assert response.ok, f"{name}: {address(demo)} answered {response.status}"
        page.wait_for_load_state("networkidle")
        collect(page, violations)

    return open_page


def collect(page, violations: list) -> None:
    violations.extend(page.evaluate("window.cspViolations || []"))


def test_the_main_pages_load_with_nothing_refused(open_as, violations):
    for name in PAGES:
        open_as(name)
    assert violations == []


def test_the_lesion_form_scores_and_maps_under_the_policy(page, open_as, violations):
    open_as("lesion-form")
    page.click('[data-site-code="femur_diaphysis"][data-side="right"]')  # skeleton_map.js
    expect(page.locator("#id_site")).to_have_value("femur_diaphysis")
    live = page.get_by_test_id("live-score")
    expect(live.get_by_test_id("score-mirels")).to_be_visible()  # htmx swapped it in
    page.select_option("#id_site", "t11")
    expect(live.get_by_test_id("score-sins")).to_be_visible()
    collect(page, violations)
    assert violations == []


def test_the_what_if_on_the_patient_page_works_under_the_policy(page, open_as, violations):
    open_as("patient-detail")
    result = page.get_by_test_id("what-if-result")
    expect(result).to_be_visible()
    before = result.inner_text()
    page.fill("#id_whatif-creatinine", "400")
    expect(result).not_to_have_text(before)  # swapped by htmx, without a reload
    collect(page, violations)
    assert violations == []


def test_the_referential_admin_runs_its_script_under_the_policy(page, open_as, violations):
    open_as("referential-admin")
    # static/js/referential_admin.js (formerly inline) made the read-only tables regions.
    expect(page.locator(".inline-group[role=region]").first).to_have_attribute("tabindex", "0")
    collect(page, violations)
    assert violations == []
