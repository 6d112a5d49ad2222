"""The engine's results on the patient and lesion pages (settings.PATIENT_PAGE_PANELS and
LESION_PAGE_PANELS).

Both pages evaluate the whole case: a lesion's radiotherapy depends on the patient's
oligometastatic status, so a lesion is never scored alone. The records are read with one
prefetch, then the engine runs without touching the database.
"""

from django.db.models import prefetch_related_objects
from django.utils import timezone

from patients.models import Drug, Lesion, Patient
from patients.models.records import MeasurementKind
from patients.panels import Panel
from patients.selectors import latest_measurements
from scoring.adapters import PATIENT_FACT_RELATIONS, case_facts
from scoring.engine.evaluate import CaseResult, evaluate_case
from scoring.forms import planning_form
from scoring.live_patient import what_if_panel_context
from scoring.referentials import current_referential, request_referential


def evaluate_patient(patient: Patient, planned=None, referential=None) -> CaseResult:
    """The engine's results for a patient; `referential` is the current one when the caller
    already holds it (a booklet evaluates thirty patients under one)."""
    prefetch_related_objects([patient], *PATIENT_FACT_RELATIONS)
    facts = case_facts(patient, timezone.localdate(), planned)
    return evaluate_case(facts, referential or current_referential())


def drug_names(result: CaseResult) -> dict[str, str]:
    """Names of the drugs the results mention, by code (one query)."""
    codes = {agent.drug_code for agent in result.antiresorptive.agents}
    codes |= {drug.drug_code for drug in result.radiotherapy_planning.drugs}
    codes |= {action.drug_code for action in result.procedure_preparation.antithrombotics}
    return dict(Drug.objects.filter(code__in=codes).values_list("code", "name"))


def patient_panel(patient: Patient, request) -> Panel:
    form = planning_form(request.GET, timezone.localdate())
    result = evaluate_patient(patient, form.planned_dates(), request_referential(request))
    measurements = latest_measurements(patient)
    return Panel("scoring/patient_panel.html", {
        "result": result,
        "clearance": result.clearance,
        "clearance_inputs": {"weight": measurements.get(MeasurementKind.WEIGHT),
                             "creatinine": measurements.get(MeasurementKind.CREATININE)},
        "drug_names": drug_names(result),
        "planning_form": form,
        "lab_checks": (result.procedure_preparation.platelets,
                       result.procedure_preparation.prothrombin),
        "patient": patient,
        **what_if_panel_context(patient),
    })


def lesion_panel(lesion: Lesion, request) -> Panel | None:
    result = evaluate_patient(lesion.patient, referential=request_referential(request))
    lesion_result = next((r for r in result.lesions if r.lesion_id == str(lesion.pk)), None)
    if lesion_result is None:  # cannot happen for a saved lesion; no panel rather than a 500
        return None
    return Panel("scoring/lesion_panel.html", {
        "result": result,
        "lesion_result": lesion_result,
        "noms_components": _noms_components(lesion_result),
    })


def _noms_components(lesion_result) -> tuple:
    noms = lesion_result.noms
    return (noms.neurologic, noms.oncologic, noms.mechanical, noms.systemic) if noms else ()
