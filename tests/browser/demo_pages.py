"""The main pages of the application with the demo data (`manage.py load_demo`), each as the
role that works on it: the set the accessibility tests walk through."""

import datetime as dt
import io
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command

from recommendations.case_workflow import schedule_case
from recommendations.demo import COORDINATOR
from recommendations.demo.signed_case import PATIENT as SIGNED_PATIENT
from recommendations.models import Case, FollowUpAction, Meeting
from recommendations.proposals import discuss_and_draft
from scoring.models import Referential
from scoring.referential_store import ensure_first_referential

ADMIN, CLINICIAN, MEMBER = "admin", "clinicien", "membre"

# page name -> (who looks at it, or None for anonymous; its address from the demo objects)
PAGES = {
    "login": (None, lambda d: "/accounts/login/"),
    "home-clinician": (CLINICIAN, lambda d: "/"),
    "home-coordinator": (COORDINATOR, lambda d: "/"),
    "home-panel-member": (MEMBER, lambda d: "/"),
    "home-admin": (ADMIN, lambda d: "/"),
    "patient-list": (CLINICIAN, lambda d: "/patients/"),
    "patient-detail": (CLINICIAN, lambda d: f"/patients/{d.patient.pk}/"),
    "patient-timeline": (CLINICIAN, lambda d: f"/patients/{d.patient.pk}/timeline/"),
    "patient-form": (CLINICIAN, lambda d: f"/patients/{d.patient.pk}/edit/"),
    "lesion-form": (CLINICIAN, lambda d: f"/patients/{d.patient.pk}/lesions/new/"),
    "lesion-detail": (CLINICIAN, lambda d: f"/patients/{d.patient.pk}/lesions/{d.lesion.pk}/"),
    "record-form": (CLINICIAN, lambda d: f"/patients/{d.patient.pk}/measurements/add/"),
    "case-list": (CLINICIAN, lambda d: "/cases/"),
    "case-detail": (CLINICIAN, lambda d: f"/cases/{d.case.pk}/"),
    "case-form": (CLINICIAN, lambda d: f"/cases/new/{d.patient.pk}/"),
    "meeting-list": (COORDINATOR, lambda d: "/meetings/"),
    "meeting-detail": (COORDINATOR, lambda d: f"/meetings/{d.meeting.pk}/"),
    "meeting-form": (COORDINATOR, lambda d: "/meetings/new/"),
    "proposal-edit": (MEMBER, lambda d: f"/proposals/{d.proposal.pk}/edit/"),
    "proposal-detail": (MEMBER, lambda d: f"/proposals/{d.proposal.pk}/"),
    "statistics": (COORDINATOR, lambda d: "/statistics/"),
    "follow-up-list": (CLINICIAN, lambda d: "/follow-up/?whose=everyone"),
    "follow-up-done": (CLINICIAN, lambda d: f"/follow-up/{open_follow_up_action().pk}/done/"),
    "patient-fhir-import": (CLINICIAN, lambda d: "/patients/import/fhir/"),
    "referential-admin": (
        ADMIN, lambda d: f"/admin/scoring/referential/{d.referential.pk}/change/"),
}
FORM_PAGES = ("login", "patient-form", "lesion-form", "record-form", "case-form",
              "meeting-form", "proposal-edit", "patient-fhir-import", "follow-up-done")


def open_follow_up_action() -> FollowUpAction:
    """The first open follow-up action of the demo's signed case."""
    return (FollowUpAction.objects.filter(patient__ipp=SIGNED_PATIENT, status="open")
            .order_by("pk").first())


def reload_drug_vocabulary() -> None:
    """The transactional flush empties the rows the migrations loaded; the demo needs them."""
    import_module("patients.migrations.0002_drug_vocabulary").load(apps, None)


@pytest.fixture
def demo() -> SimpleNamespace:
    """The demo data, and the objects the pages show: a patient with lesions, its case on the
    next meeting's agenda, and the proposal drafted when the panel discussed it."""
    ensure_first_referential()
    reload_drug_vocabulary()
    call_command("load_demo", stdout=io.StringIO())
    meeting = Meeting.objects.order_by("-date").first()  # the next one, not the signed case's
    case = Case.objects.filter(lesions__isnull=False).order_by("pk").first()
    if case.meeting is None:  # load_demo ran past the meeting's registration deadline
        before_deadline = meeting.registration_deadline - dt.timedelta(hours=1)
        schedule_case(case, meeting, case.referring_clinician, now=before_deadline)
    proposal = discuss_and_draft(case, case.meeting.attendances.first().user)
    return SimpleNamespace(
        patient=case.patient, lesion=case.patient.lesions.first(), case=case,
        meeting=meeting, proposal=proposal, referential=Referential.objects.first(),
    )
