"""A case carried to a meeting, with present members of given specialties: the starting point
of the workflow and proposal tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from recommendations.case_workflow import schedule_case, submit_case
from recommendations.models import Attendance, Case
from tests.factories import (
    LesionFactory,
    MeasurementFactory,
    MeetingFactory,
    PatientFactory,
    UserFactory,
)


def submitted_case(clinician, **fields) -> Case:
    patient = PatientFactory(referring_clinician=clinician, sex="M",
                             birth_date=dt.date(1956, 3, 2))
    for kind, value in (("weight", "70"), ("creatinine", "70")):
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value),
                           measured_on=timezone.localdate())
    LesionFactory(patient=patient, site="femur_trochanteric", lesion_type="lytic",
                  pain="functional", cortical_involvement="gt_2_3")
    case = Case.objects.create(patient=patient, referring_clinician=clinician,
                               question="Prophylactic fixation?", patient_informed=True,
                               **fields)
    submit_case(case, clinician)
    return case


def members(meeting, *specialties: str) -> list:
    users = []
    for index, specialty in enumerate(specialties):
        user = UserFactory(username=f"member-{specialty}-{index}", roles=["panel_member"],
                           specialty=specialty)
        Attendance.objects.create(meeting=meeting, user=user, specialty=specialty)
        users.append(user)
    return users


def scheduled_case(clinician, coordinator, **fields) -> Case:
    case = submitted_case(clinician, **fields)
    schedule_case(case, MeetingFactory(), coordinator)
    return case


QUORUM = ("oncology", "radiotherapy", "interventional_radiology")
