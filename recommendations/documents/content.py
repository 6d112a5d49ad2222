"""What each document shows, as template contexts: one function per kind.

Plain reads of the database and of the engine (scoring.panels.evaluate_patient, the same
evaluation as the patient's page); the templates under templates/recommendations/pdf/ lay
them out. Called inside the document's language (render.py), so labels come out translated.
"""

from base64 import b64encode
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Specialty
from patients.selectors import latest_measurements
from recommendations.documents import config
from recommendations.models import Case, Meeting, Proposal
from recommendations.models.meeting import Attendance
from scoring.adapters import PATIENT_FACT_RELATIONS
from scoring.panels import evaluate_patient
from scoring.referential_store import snapshot
from scoring.referentials import current_referential
from scoring.skeleton_panel import engine_scores, map_context, mapped_lesions, recorded_scores


@dataclass(frozen=True)
class Signer:
    name: str
    specialty: str
    signed_at: object


@dataclass(frozen=True)
class LesionSummary:
    lesion: object
    result: object  # the engine's LesionResult, None if the engine skipped it


def _common(title: str) -> dict:
    return {"title": title, "institution": config.institution(),
            "printed_at": timezone.localtime()}


def identity(patient) -> dict:
    return {"name": f"{patient.family_name.upper()} {patient.given_name}",
            "birth_date": patient.birth_date, "ipp": patient.ipp, "sex": patient.sex}


def specialty_label(code: str) -> str:
    return str(dict(Specialty.choices).get(code, code))


def signers(proposal: Proposal) -> list[Signer]:
    return [Signer(s.user.get_full_name() or s.user.username, specialty_label(s.specialty),
                   s.signed_at)
            for s in proposal.signatures.select_related("user").order_by("signed_at", "pk")]


def printed_map(mapped) -> dict:
    """The skeleton map and legend of `mapped` lesions, the map drawn as an image (a `data:`
    URI, `skeleton_image`): WeasyPrint then reads the drawing with its SVG parser instead of
    taking its hundreds of elements through its HTML parser and CSS cascade (they were 40 %
    of a booklet's elements); the drawing on paper is the same."""
    skeleton = map_context(mapped, printed=True)
    svg = render_to_string("patients/skeleton/_map.html", {
        "skeleton_map": skeleton["skeleton_map"],
        "map_label": _("The patient's lesions on the skeleton, front view")})
    return {**skeleton,
            "skeleton_image": "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()}


def proposal_skeleton(proposal: Proposal) -> dict:
    """The lesions the proposal was drafted from, on the skeleton, with the bands of its
    recorded results under its own referential edition (a later lesion is not its subject)."""
    scores = recorded_scores(proposal.engine_result)
    ids = [int(pk) for pk in scores if pk.isdigit()]
    lesions = proposal.case.patient.lesions.filter(pk__in=ids)
    return printed_map(mapped_lesions(lesions, scores, snapshot(proposal.referential),
                                      links=False))


def proposal_context(proposal: Proposal, title: str) -> dict:
    case = proposal.case
    return {**_common(title), "proposal": proposal, "case": case, "patient": case.patient,
            "identity": identity(case.patient), "referential": proposal.referential,
            "referential_label": proposal.referential.label,
            "referential_version": proposal.referential.version,
            "signers": signers(proposal), "meeting": case.meeting,
            "previous": proposal.previous, "skeleton": proposal_skeleton(proposal)}


def prefetch_summaries(cases: list[Case]) -> None:
    """Every relation a case summary reads, for all the cases at once (a few queries for a
    whole booklet instead of a dozen per case); case_summary then finds them fetched."""
    prefetch_related_objects([case.patient for case in cases], *PATIENT_FACT_RELATIONS,
                             "markers")


def case_summary(case: Case, referential=None) -> dict:
    """The content of one case summary (used alone and in the booklet); `referential` is the
    current one, when the caller already has it."""
    patient = case.patient
    referential = referential or current_referential()
    prefetch_summaries([case])
    result = evaluate_patient(patient, referential=referential)
    by_lesion = {r.lesion_id: r for r in result.lesions}
    lesions = [LesionSummary(lesion, by_lesion.get(str(lesion.pk)))
               for lesion in sorted(patient.lesions.all(), key=lambda lesion: lesion.pk)]
    measurements = sorted(latest_measurements(patient).values(), key=lambda m: m.kind)
    skeleton = printed_map(mapped_lesions([item.lesion for item in lesions],
                                          engine_scores(result.lesions), referential,
                                          links=False))
    return {"case": case, "patient": patient, "identity": identity(patient),
            "result": result, "lesions": lesions, "measurements": measurements,
            "skeleton": skeleton,
            "markers": list(patient.markers.all()),
            "referential_label": result.referential_label,
            "referential_version": result.referential_version,
            "age": patient.age_on(result.reference_date)}


def case_summary_context(case: Case, title: str) -> dict:
    summary = case_summary(case)
    return {**_common(title), **summary, "summary": summary}


def _agenda_cases(meeting: Meeting) -> list[Case]:
    return list(meeting.cases.select_related("patient", "referring_clinician")
                .order_by("agenda_position", "pk"))


def agenda_context(meeting: Meeting, title: str, referential=None) -> dict:
    referential = referential or current_referential()
    present = (Attendance.objects.filter(meeting=meeting, present=True)
               .select_related("user").order_by("user__last_name", "user__first_name"))
    return {**_common(title), "meeting": meeting, "cases": _agenda_cases(meeting),
            "attendances": [(a, specialty_label(a.specialty)) for a in present],
            "expected": [specialty_label(code) for code in meeting.expected_specialties],
            "referential_label": referential.label,
            "referential_version": referential.version}


def booklet_context(meeting: Meeting, title: str) -> dict:
    referential = current_referential()
    context = agenda_context(meeting, title, referential)
    prefetch_summaries(context["cases"])
    context["summaries"] = [case_summary(case, referential) for case in context["cases"]]
    return context
