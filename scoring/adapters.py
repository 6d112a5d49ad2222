"""From the patients app's records to the engine's facts.

The only place where Django models meet the engine: a blank choice becomes None (unknown),
"yes"/"no" become True/False, and anatomy is resolved from the skeleton vocabulary.
"""

from datetime import date

from patients import skeleton
from patients.models import Lesion, Patient
from patients.selectors import latest_measurements
from scoring.engine import facts


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _blank_to_none(value):
    return value if value not in ("", None) else None


def patient_facts(patient: Patient, reference_date: date) -> facts.PatientFacts:
    """Reads the patient's relations: prefetch them (see PATIENT_FACT_RELATIONS)."""
    return facts.PatientFacts(
        age_years=patient.age_on(reference_date),
        sex=_blank_to_none(patient.sex),
        primary_site=_blank_to_none(patient.primary_site),
        histology=_blank_to_none(patient.histology),
        disease_status=_blank_to_none(patient.disease_status),
        visceral_metastases=_blank_to_none(patient.visceral_metastases),
        bone_metastasis_count=patient.bone_metastasis_count,
        vertebral_metastasis_count=patient.vertebral_metastasis_count,
        ecog=patient.ecog,
        karnofsky=patient.karnofsky,
        life_expectancy=_blank_to_none(patient.life_expectancy),
        implanted_electronic_device=_yes_no(patient.implanted_electronic_device),
        cement_allergy=_yes_no(patient.cement_allergy),
        active_infection=_yes_no(patient.active_infection),
        coagulation_disorder=_yes_no(patient.coagulation_disorder),
        measurements={
            kind: facts.Measurement(value=m.value, measured_on=m.measured_on)
            for kind, m in latest_measurements(patient).items()
        },
        systemic_treatments=tuple(
            facts.SystemicTreatment(t.drug.code, t.start_date, t.last_dose_date,
                                    t.next_dose_date, t.end_date)
            for t in patient.systemic_treatments.all()
        ),
        antithrombotics=tuple(
            facts.Antithrombotic(a.drug.code, a.daily_dose_mg)
            for a in patient.antithrombotics.all()
            if a.end_date is None or a.end_date >= reference_date
        ),
        antiresorptives=tuple(
            facts.Antiresorptive(a.drug.code, a.start_date, a.last_injection_date, a.end_date)
            for a in patient.antiresorptives.all()
        ),
        dental_assessments=tuple(
            facts.DentalAssessment(d.assessed_on, d.result, d.panoramic_xray,
                                   d.extraction_date, d.dentist_clearance_date)
            for d in sorted(patient.dental_assessments.all(), key=lambda d: d.assessed_on,
                            reverse=True)
        ),
        skeletal_events=tuple(
            facts.SkeletalEvent(e.kind, e.occurred_on) for e in patient.skeletal_events.all()
        ),
        implants=tuple(
            facts.Implant(i.site, i.side, _region(i.site))
            for i in patient.orthopaedic_implants.all()
        ),
    )


PATIENT_FACT_RELATIONS = (
    "measurements", "systemic_treatments__drug", "antithrombotics__drug",
    "antiresorptives__drug", "dental_assessments", "skeletal_events", "orthopaedic_implants",
    "lesions",
)


def _region(site_code: str) -> str:
    site = skeleton.get_site(site_code)
    return site.region if site else ""


def lesion_facts(lesion: Lesion) -> facts.LesionFacts:
    site = skeleton.get_site(lesion.site)
    return facts.LesionFacts(
        id=str(lesion.pk),
        site=lesion.site,
        region=site.region if site else "",
        spine_level=site.spine_level if site else None,
        limb=site.limb if site else "",
        segment=site.segment if site else "",
        side=lesion.side,
        lesion_type=_blank_to_none(lesion.lesion_type),
        size_mm=lesion.size_mm,
        pain=_blank_to_none(lesion.pain),
        pain_mechanical=_yes_no(lesion.pain_mechanical),
        pain_controlled_by_analgesics=_yes_no(lesion.pain_controlled_by_analgesics),
        cortical_involvement=_blank_to_none(lesion.cortical_involvement),
        alignment=_blank_to_none(lesion.alignment),
        collapse=_blank_to_none(lesion.collapse),
        posterolateral=_blank_to_none(lesion.posterolateral),
        epidural_extension=_yes_no(lesion.epidural_extension),
        bilsky_grade=_blank_to_none(lesion.bilsky_grade),
        neurological_deficit=_blank_to_none(lesion.neurological_deficit),
        frankel_grade=_blank_to_none(lesion.frankel_grade),
        soft_tissue_extension=_yes_no(lesion.soft_tissue_extension),
        fracture_status=_blank_to_none(lesion.fracture_status),
        prior_radiotherapy_date=lesion.prior_radiotherapy_date,
        prior_radiotherapy_dose_gy=lesion.prior_radiotherapy_dose_gy,
        prior_radiotherapy_fractions=lesion.prior_radiotherapy_fractions,
        surgery_date=lesion.surgery_date,
    )


def case_facts(patient: Patient, reference_date: date,
               planned: facts.PlannedDates | None = None) -> facts.CaseFacts:
    return facts.CaseFacts(
        patient=patient_facts(patient, reference_date),
        lesions=tuple(lesion_facts(lesion) for lesion in patient.lesions.all()),
        reference_date=reference_date,
        planned=planned or facts.PlannedDates(),
    )
