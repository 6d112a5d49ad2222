"""The whole path of a case in Chromium, as the issue describes it: a referring clinician logs
in, records a patient, watches SINS update live for a spinal lesion, picks a femur on the
skeleton map and gets Mirels, submits a case; the coordinator schedules it and downloads the
booklet; panel members sign until quorum; the signed PDF downloads.

Each step goes through the pages a user would use; only the meeting and the members' presence
are set up beforehand (the coordinator's calendar and attendance pages have their own tests).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from patients.models import Patient
from recommendations.models import Case, CaseStatus, ProposalStatus
from scoring.referential_store import ensure_first_referential
from tests.browser.conftest import log_in
from tests.factories import MeetingFactory, UserFactory
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    certificate_file,
    document_settings,
)
from tests.recommendations.workflow_helpers import QUORUM, members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def panel(document_settings):  # noqa: F811
    ensure_first_referential()  # earlier transactional tests empty the tables
    UserFactory(username="dr-full", roles=["clinician"])
    UserFactory(username="coord-full", roles=["coordinator"])
    meeting = MeetingFactory()
    return meeting, members(meeting, *QUORUM)


def submit(page: Page) -> None:
    page.locator("main form [type=submit]").last.click()


def create_patient(page: Page) -> Patient:
    page.goto("/patients/new/")
    page.fill("#id_ipp", "full-0001")
    page.fill("#id_family_name", "Lambert")
    page.fill("#id_given_name", "Anne")
    page.fill("#id_birth_date", "1958-05-14")
    page.select_option("#id_sex", "F")
    page.select_option("#id_primary_site", "breast")
    submit(page)
    page.wait_for_url(re.compile(r"/patients/\d+/$"))
    return Patient.objects.get(ipp="FULL-0001")


def add_spinal_lesion_watching_sins(page: Page, patient: Patient) -> None:
    page.goto(f"/patients/{patient.pk}/lesions/new/")
    live = page.get_by_test_id("live-score")
    page.select_option("#id_site", "t11")
    for field, value in (("lesion_type", "lytic"), ("pain", "moderate"),
                         ("pain_mechanical", "yes"), ("alignment", "normal"),
                         ("collapse", "lt50")):
        page.select_option(f"#id_{field}", value)
    expect(live.get_by_test_id("score-partial")).to_be_visible()  # posterolateral missing
    page.select_option("#id_posterolateral", "unilateral")
    expect(live.get_by_test_id("score-total")).to_have_text("11")
    submit(page)
    page.wait_for_url(re.compile(rf"/patients/{patient.pk}/lesions/\d+/$"))


def add_femur_from_the_map(page: Page, patient: Patient) -> None:
    page.goto(f"/patients/{patient.pk}/lesions/new/")
    page.click('[data-site-code="femur_diaphysis"][data-side="right"]')
    expect(page.locator("#id_site")).to_have_value("femur_diaphysis")
    expect(page.locator("#id_side")).to_have_value("right")
    page.select_option("#id_lesion_type", "lytic")
    page.select_option("#id_pain", "functional")
    page.select_option("#id_cortical_involvement", "gt_2_3")
    live = page.get_by_test_id("live-score")
    expect(live.get_by_test_id("score-mirels")).to_be_visible()
    expect(live.get_by_test_id("score-total")).to_have_text("11")
    submit(page)
    page.wait_for_url(re.compile(rf"/patients/{patient.pk}/lesions/\d+/$"))


def submit_a_case(page: Page, patient: Patient) -> Case:
    page.goto(f"/cases/new/{patient.pk}/")
    page.fill("#id_question", "Fixation prophylactique du fémur droit ?")
    for checkbox in page.locator("input[name=lesions]").all():
        checkbox.check()
    page.check("#id_patient_informed")
    submit(page)
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(patient=patient)
    with page.expect_navigation():
        page.locator(f"form[action$='/cases/{case.pk}/submit/'] button").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    return case


def schedule_and_download_the_booklet(page: Page, case: Case, meeting) -> None:
    page.goto(meeting.get_absolute_url())
    with page.expect_navigation():
        page.locator(f"#waiting-{case.pk} button").click()
    case.refresh_from_db()
    assert case.meeting_id == meeting.pk
    booklet = page.get_by_test_id("document-booklet")
    with page.expect_navigation():  # prepared at once: Celery runs eagerly here
        booklet.locator("button").click()
    expect(booklet).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        booklet.locator("a").first.click()
    assert download.value.suggested_filename.endswith(".pdf")


def sign_until_quorum(page: Page, case: Case, signers) -> None:
    page.goto(case.get_absolute_url())
    page.locator(f"form[action$='/proposals/discuss/{case.pk}/'] button").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal = case.proposals.get()
    for signer in signers:
        page.context.clear_cookies()
        log_in(page, signer.username, PASSWORD)
        page.goto(f"/proposals/{proposal.pk}/")
        with page.expect_navigation():
            page.locator(f"form[action$='/proposals/{proposal.pk}/sign/'] button").click()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VALID


def test_a_case_goes_from_the_first_form_to_the_signed_pdf(page, panel):
    meeting, signers = panel
    log_in(page, "dr-full", PASSWORD)
    patient = create_patient(page)
    add_spinal_lesion_watching_sins(page, patient)
    add_femur_from_the_map(page, patient)
    case = submit_a_case(page, patient)

    page.context.clear_cookies()
    log_in(page, "coord-full", PASSWORD)
    schedule_and_download_the_booklet(page, case, meeting)
    sign_until_quorum(page, case, signers)

    expect(page.get_by_test_id("quorum")).to_have_text(re.compile("Quorum atteint"))
    document = page.get_by_test_id("document-proposal")
    expect(document).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        document.locator("a").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")
