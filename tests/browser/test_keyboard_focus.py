"""Keyboard use: the skip link comes first and leads into the page, the focus ring is plain to
see, every field of the main forms is named for a screen reader, and a form can be filled and
sent without a mouse."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.demo_pages import FORM_PAGES, PAGES, demo  # noqa: F401 (fixture)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
FIELDS = ("main input:not([type=hidden]):not([type=submit]):not([type=button]):visible, "
          "main select:visible, main textarea:visible")


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element `selector` names has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{selector} is not reached with the Tab key")


def focus_ring(page) -> dict:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                colour: style.outlineColor};
    }""")


def test_it_reaches_the_skip_link_first_and_it_leads_to_the_main_content(page):
    UserFactory(username="dr-keys", roles=["clinician"])
    log_in(page, "dr-keys", PASSWORD)
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["width"] > 10, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.parametrize("selector", [
    "input[name=username]",                   # a field
    "main button[type=submit]",               # a button
    "nav a.navbar-brand",                     # a link, on the blue navbar
    "nav button[name=language]",              # a button styled as a link
])
def test_it_shows_a_thick_focus_ring(page, selector):
    page.goto("/accounts/login/")
    tab_to(page, selector)
    ring = focus_ring(page)
    assert ring["style"] != "none" and ring["width"] >= 2, f"{selector}: {ring}"


def test_it_logs_in_with_the_keyboard_alone(page):
    UserFactory(username="dr-keys", first_name="Ada", last_name="Keys", roles=["clinician"])
    page.goto("/accounts/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type("dr-keys")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    expect(page.get_by_test_id("current-user")).to_contain_text("Ada Keys")


@pytest.mark.parametrize("name", FORM_PAGES)
def test_it_names_every_field_of_the_main_forms(page, demo, name):  # noqa: F811
    username, address = PAGES[name]
    if username:
        log_in(page, username, settings.DEMO_PASSWORD)
    page.goto(address(demo))
    fields = page.locator(FIELDS)
    assert fields.count() > 0, f"{name}: no field found"
    for field in fields.all():
        expect(field, f"{name}: {field.evaluate('el => el.outerHTML')[:200]}") \
            .to_have_accessible_name(re.compile(r"\S"))
