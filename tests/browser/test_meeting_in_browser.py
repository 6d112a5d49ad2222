"""A meeting in Chromium: the coordinator opens the discussion of a case on the agenda, three
panel members present sign, and the signed PDF of the proposal can be downloaded."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Case, ProposalStatus
from scoring.referential_store import ensure_first_referential
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    certificate_file,
    document_settings,
)
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def case(document_settings) -> Case:  # noqa: F811
    ensure_first_referential()  # earlier transactional tests empty the tables
    clinician = UserFactory(username="dr-referrer", roles=["clinician"])
    coordinator = UserFactory(username="coord", roles=["coordinator"])
    return scheduled_case(clinician, coordinator)


def test_the_panel_signs_and_the_pdf_is_ready(page, case):
    signers = members(case.meeting, *QUORUM)
    log_in(page, "coord", PASSWORD)
    page.goto(case.get_absolute_url())
    page.locator(f"form[action$='/proposals/discuss/{case.pk}/'] button").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal = case.proposals.get()
    expect(page.get_by_test_id("proposal-body")).to_contain_text("Mirels 12")

    for signer in signers:
        page.context.clear_cookies()
        log_in(page, signer.username, PASSWORD)
        page.goto(f"/proposals/{proposal.pk}/")
        page.locator(f"form[action$='/proposals/{proposal.pk}/sign/'] button").click()
        page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VALID
    expect(page.get_by_test_id("quorum")).to_have_text(re.compile("Quorum atteint"))
    document = page.get_by_test_id("document-proposal")
    expect(document).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        document.locator("a").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
