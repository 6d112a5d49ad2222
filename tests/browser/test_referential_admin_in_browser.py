"""An administrator prepares a new edition of the referential in Chromium (clone, edit a dose,
activate) and the patient page answers with the new dose: no code changed."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scoring.models import Referential, ReferentialStatus
from scoring.referential_store import ensure_first_referential
from tests.browser.conftest import log_in
from tests.factories import MeasurementFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def active_referential():
    """Transactional tests empty the tables: put the first edition back when it is gone."""
    return ensure_first_referential()


def test_a_new_edition_changes_the_dose_on_the_patient_page(page, active_referential):
    UserFactory(username="admin-rcp", roles=["admin"], is_staff=True)
    patient = PatientFactory(sex="M", birth_date=timezone.localdate().replace(year=1956))
    for kind, value in (("weight", "70"), ("creatinine", "70")):  # clearance > 60
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value),
                           measured_on=timezone.localdate())
    log_in(page, "admin-rcp", "correct-horse-battery")

    page.goto(f"/admin/scoring/referential/{active_referential.pk}/clone/")
    page.fill("input[name=version]", "2027.1")
    page.locator("input[type=submit].default").click()
    page.wait_for_url(re.compile(r"/admin/scoring/referential/\d+/change/"))
    draft = Referential.objects.get(version="2027.1")
    assert draft.status == ReferentialStatus.DRAFT

    page.goto(f"/admin/scoring/referential/{draft.pk}/change/?table=zoldoseband")
    dose = page.locator("input[name$='-dose_mg'][value^='4.0']")
    expect(dose).to_have_count(1)
    dose.fill("3.8")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()

    page.goto(f"/admin/scoring/referential/{draft.pk}/compare/")
    expect(page.locator("body")).to_contain_text("3.8")
    page.goto(f"/admin/scoring/referential/{draft.pk}/activate/")
    page.locator("input[type=submit].default").click()
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.status == ReferentialStatus.ACTIVE

    log_in(page, "admin-rcp", "correct-horse-battery")
    page.goto(patient.get_absolute_url())
    expect(page.get_by_test_id("zoledronic-dose")).to_contain_text("3,8 mg")
