"""A clinician reads the engine's results on the lesion and patient pages in Chromium, in
French, and tries a planned procedure date."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patients.models import Antithrombotic, Drug
from tests.browser.conftest import log_in
from tests.factories import LesionFactory, MeasurementFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def patient(page):
    clinician = UserFactory(username="dr-martin", roles=["clinician"])
    patient = PatientFactory(referring_clinician=clinician, sex="M", ecog=1,
                             birth_date=dt.date(1956, 3, 2))
    for kind, value in (("weight", "70"), ("creatinine", "90")):
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value),
                           measured_on=timezone.localdate())
    log_in(page, "dr-martin", "correct-horse-battery")
    return patient


def test_the_lesion_page_shows_mirels_and_the_surgical_opinion(page, patient):
    femur = LesionFactory(patient=patient, site="femur_trochanteric", lesion_type="lytic",
                          pain="functional", cortical_involvement="gt_2_3")
    page.goto(femur.get_absolute_url())
    mirels = page.get_by_test_id("score-mirels")
    expect(mirels).to_contain_text("Risque fracturaire (Mirels)")
    expect(mirels.get_by_test_id("score-total")).to_have_text("12")  # 3 + 3 + 3 + 3
    expect(page.get_by_test_id("surgical-opinion")).to_contain_text("recommandé")
    mirels.get_by_text("Raisons et sources").click()
    expect(mirels.get_by_text(re.compile("Mirels"))).not_to_have_count(0)


def test_a_planned_procedure_date_gives_the_clopidogrel_last_day(page, patient):
    # A transactional test empties the tables, the drug vocabulary of the data migration too.
    clopidogrel, _ = Drug.objects.get_or_create(
        code="clopidogrel", defaults={"name": "Clopidogrel", "category": "antithrombotic"})
    Antithrombotic.objects.create(patient=patient, drug=clopidogrel,
                                  start_date=dt.date(2025, 1, 1))
    procedure = timezone.localdate() + dt.timedelta(days=12)
    page.goto(patient.get_absolute_url())
    page.fill("#id_plan-procedure_date", procedure.isoformat())
    page.get_by_role("button", name="Calculer les dates").click()
    page.wait_for_url(re.compile(r"plan-procedure_date="))
    actions = page.get_by_test_id("antithrombotic-actions")
    expect(actions).to_contain_text("Clopidogrel")
    expect(actions).to_contain_text(f"{procedure - dt.timedelta(days=5):%d/%m/%Y}")
