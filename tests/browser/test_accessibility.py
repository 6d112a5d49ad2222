"""The main pages, as each role sees them with the demo data, pass axe-core's WCAG 2.2 AA rules
(no serious or critical violation) and fit a tablet's width. Screenshots of every page at
1280 px and 768 px are kept in test-artifacts/screenshots/ (a11y-<page>-<width>.png)."""

import pytest
from django.conf import settings

from tests.browser.axe import axe_violations, blocking, describe, horizontal_overflow
from tests.browser.conftest import ARTIFACTS, log_in
from tests.browser.demo_pages import PAGES, demo  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 768, "height": 1024}


def open_page(page, demo, name: str, viewport: dict) -> None:  # noqa: F811
    """The page as its role sees it at this size, with a screenshot kept."""
    username, address = PAGES[name]
    page.set_viewport_size(viewport)
    if username:
        log_in(page, username, settings.DEMO_PASSWORD)
    response = page.goto(address(demo))
    assert response.ok, f"{name}: {address(demo)} answered {response.status}"
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}-{viewport['width']}.png"),
                    full_page=True)


@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_serious_accessibility_violation(page, demo, name):  # noqa: F811
    open_page(page, demo, name, DESKTOP)
    violations = blocking(axe_violations(page))
    assert not violations, f"{name} at 1280 px:\n{describe(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_it_fits_a_tablet_without_serious_violation(page, demo, name):  # noqa: F811
    open_page(page, demo, name, TABLET)
    overflow = horizontal_overflow(page)
    assert overflow is None, f"{name} is wider than a 768 px tablet: {overflow}"
    violations = blocking(axe_violations(page))
    assert not violations, f"{name} at 768 px:\n{describe(violations)}"
