"""A demo case already discussed and signed at the meeting two weeks before the next one, so
the proposal pages, the signed PDF and the follow-up reminders have something to show from the
first run. It goes through the real workflow (submit, schedule before the deadline, discuss,
draft from the engine, signatures of the members present until the quorum), then the
patient's follow-up actions are computed. Idempotent: known by its patient and question."""

import datetime as dt

from patients.models import Patient
from recommendations.case_workflow import schedule_case, submit_case
from recommendations.follow_up.refresh import refresh_patient
from recommendations.models import Attendance, Case, Meeting
from recommendations.proposals import discuss_and_draft, sign_proposal

PATIENT = "DEMO0001"
QUESTION = "Poursuite du dénosumab et prise en charge de la lésion de L3 ?"
WEEKS_BEFORE = 2


def demo_signed_case(*, next_meeting: Meeting, referrer, coordinator, signers: list,
                     today: dt.date) -> bool:
    """The signed demo case; True when created by this run."""
    patient = Patient.objects.get(ipp=PATIENT)
    if Case.objects.filter(patient=patient, question=QUESTION).exists():
        return False
    meeting = _past_meeting(next_meeting)
    case = Case.objects.create(patient=patient, question=QUESTION, referring_clinician=referrer,
                               patient_informed=True,
                               clinical_summary="Cas fictif de démonstration.")
    case.lesions.set(patient.lesions.all())
    submit_case(case, referrer)
    schedule_case(case, meeting, coordinator,
                  now=meeting.registration_deadline - dt.timedelta(hours=1))
    for user in signers:
        Attendance.objects.get_or_create(meeting=meeting, user=user,
                                         defaults={"specialty": user.specialty})
    proposal = discuss_and_draft(case, meeting.chair)
    for user in signers:
        if sign_proposal(proposal, user).met:
            break
    refresh_patient(patient.pk, today)
    return True


def _past_meeting(next_meeting: Meeting) -> Meeting:
    day = next_meeting.date - dt.timedelta(weeks=WEEKS_BEFORE)
    shift = next_meeting.date - day
    meeting, _created = Meeting.objects.get_or_create(
        date=day, start_time=next_meeting.start_time, place=next_meeting.place,
        defaults={"chair": next_meeting.chair,
                  "registration_deadline": next_meeting.registration_deadline - shift,
                  "expected_specialties": next_meeting.expected_specialties,
                  "meeting_type": next_meeting.meeting_type})
    return meeting
