"""Demo cases for the next meeting: two on its agenda (the panel members present recorded, so
the quorum can be reached), one waiting to be scheduled. Idempotent: a demo case is known by
its patient and question."""

from contextlib import suppress

from patients.models import Patient
from recommendations.case_workflow import schedule_case, submit_case
from recommendations.models import Attendance, Case, Meeting
from recommendations.workflow import TransitionRefused

DEMO_CASES = (
    # (patient IPP, question, on the agenda?)
    ("DEMO0003", "Fixation prophylactique du fémur droit avant radiothérapie ?", True),
    ("DEMO0002", "Radiothérapie de T11 et place d'une cimentoplastie ?", True),
    ("DEMO0004", "Traitement anti-résorptif : acide zolédronique ou dénosumab ?", False),
)
# The demo's panel members present at the meeting (their specialty counts for the quorum).
PRESENT = ("oncologue", "membre", "radiologue", "chirurgien")


def demo_cases(*, meeting: Meeting, referrer, coordinator, users: dict) -> int:
    """The demo cases; returns how many were created."""
    created = 0
    for ipp, question, on_agenda in DEMO_CASES:
        case, was_created = Case.objects.get_or_create(
            patient=Patient.objects.get(ipp=ipp), question=question,
            defaults={"referring_clinician": referrer, "patient_informed": True,
                      "clinical_summary": "Cas fictif de démonstration."})
        if not was_created:
            continue
        created += 1
        case.lesions.set(case.patient.lesions.all())
        submit_case(case, referrer)
        if on_agenda:
            # past the deadline (a run on a Wednesday) the case just waits to be scheduled
            with suppress(TransitionRefused):
                schedule_case(case, meeting, coordinator)
    for username in PRESENT:
        user = users[username]
        Attendance.objects.get_or_create(meeting=meeting, user=user,
                                         defaults={"specialty": user.specialty})
    return created
