"""Scoring results shown on the patient page (registered in settings.PATIENT_PAGE_PANELS)."""

from django.utils import timezone

from patients.models import Patient
from patients.models.records import MeasurementKind
from patients.panels import Panel
from patients.selectors import latest_measurements
from scoring.engine.renal import RenalFacts, creatinine_clearance
from scoring.referential_data import seed_referential


def patient_panel(patient: Patient, request) -> Panel:
    latest = latest_measurements(patient)
    weight = latest.get(MeasurementKind.WEIGHT)
    creatinine = latest.get(MeasurementKind.CREATININE)
    facts = RenalFacts(
        age_years=patient.age_on(timezone.localdate()),
        sex=patient.sex or None,
        weight_kg=weight.value if weight else None,
        creatinine_umol_l=creatinine.value if creatinine else None,
    )
    clearance = creatinine_clearance(facts, seed_referential()["cockcroft_gault"])
    return Panel(
        "scoring/patient_panel.html",
        {
            "clearance": clearance,
            "clearance_inputs": {"weight": weight, "creatinine": creatinine},
            "language": getattr(request, "LANGUAGE_CODE", "fr"),
        },
    )
