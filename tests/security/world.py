"""The objects every URL of the authorisation matrix points at: one user per role, a patient
with a record of each kind the URLs name, cases in each state the case and meeting pages act
on, a meeting the panel member attended, a draft proposal, a stored document, an
attachment and an open follow-up action. Built once per test module
(tests/security/conftest.py); each test's changes are rolled back."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from patients.models import AntiresorptiveInjection, Lesion, Measurement, Patient
from patients.records_actions import record_injection
from recommendations.case_workflow import schedule_case
from recommendations.documents.revision import revision_of
from recommendations.follow_up.refresh import refresh_patient
from recommendations.models import (
    Attendance,
    Case,
    CaseAttachment,
    CaseStatus,
    Document,
    DocumentStatus,
    FollowUpAction,
    FollowUpStatus,
    Meeting,
    Proposal,
    ProposalStatus,
)
from recommendations.proposals import discuss_and_draft
from scoring.models import Referential, ReferentialStatus
from scoring.referential_store import ensure_first_referential
from tests.factories import (
    AntiresorptiveTreatmentFactory,
    LesionFactory,
    MeasurementFactory,
    MeetingFactory,
    PatientFactory,
    UserFactory,
)
from tests.recommendations.workflow_helpers import submitted_case

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict  # role code -> user (no entry for "anonymous")
    other_clinician: object
    patient: Patient
    lesion: Lesion
    measurement: Measurement
    treatment: object
    injection: AntiresorptiveInjection
    meeting: Meeting
    attendance: Attendance
    draft_case: Case
    submitted_case: Case
    scheduled_case: Case
    proposal: Proposal
    attachment: CaseAttachment
    document: Document
    follow_up_action: FollowUpAction


def role_users() -> dict:
    """One user per role, as the demo creates them (the administrator is staff and
    superuser, as `load_demo` makes it)."""
    return {
        "clinician": UserFactory(username="matrix-clinician", roles=["clinician"]),
        "coordinator": UserFactory(username="matrix-coordinator", roles=["coordinator"]),
        "panel_member": UserFactory(username="matrix-panel", roles=["panel_member"],
                                    specialty="radiotherapy"),
        "admin": UserFactory(username="matrix-admin", roles=["admin"], is_staff=True,
                             is_superuser=True),
    }


def build_world() -> World:
    ensure_first_referential()
    users = role_users()
    clinician, coordinator = users["clinician"], users["coordinator"]
    patient = PatientFactory(referring_clinician=clinician)
    treatment = AntiresorptiveTreatmentFactory(patient=patient)
    meeting = MeetingFactory()
    attendance = Attendance.objects.create(meeting=meeting, user=users["panel_member"],
                                           specialty="radiotherapy")
    draft_case = Case.objects.create(patient=patient, referring_clinician=clinician,
                                     question="Radiotherapy of T7?")
    discussed = submitted_case(clinician)
    schedule_case(discussed, meeting, coordinator)
    scheduled = submitted_case(clinician)
    schedule_case(scheduled, meeting, coordinator)
    return World(
        users=users,
        other_clinician=UserFactory(username="matrix-other-clinician", roles=["clinician"]),
        patient=patient,
        lesion=LesionFactory(patient=patient),
        measurement=MeasurementFactory(patient=patient, value=Decimal("68")),
        treatment=treatment,
        injection=record_injection(treatment=treatment, given_on=dt.date(2025, 4, 1)),
        meeting=meeting,
        attendance=attendance,
        draft_case=draft_case,
        submitted_case=submitted_case(clinician),
        scheduled_case=scheduled,
        proposal=discuss_and_draft(discussed, users["panel_member"]),
        attachment=stored_attachment(draft_case, clinician),
        document=stored_document(draft_case),
        follow_up_action=open_follow_up_action(clinician),
    )


def stored_attachment(case: Case, user) -> CaseAttachment:
    return CaseAttachment.objects.create(
        case=case, kind="imaging", file=ContentFile(PDF_BYTES, name="report.pdf"),
        original_name="report.pdf", content_type="application/pdf", size=len(PDF_BYTES),
        sha256=hashlib.sha256(PDF_BYTES).hexdigest(), uploaded_by=user)


def stored_document(case: Case) -> Document:
    """A ready case summary, its file in the private storage (no rendering needed)."""
    document = Document.objects.create(kind="case_summary", case=case,
                                       revision=revision_of("case_summary", case))
    document.file.save("summary.pdf", ContentFile(PDF_BYTES), save=False)
    document.status = DocumentStatus.READY
    document.sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    document.rendered_at = timezone.now()
    document.save()
    return document


def open_follow_up_action(clinician) -> FollowUpAction:
    """An open follow-up action of a proposal signed today (starting zoledronic acid), on a
    patient and case of the clinician's own."""
    patient = PatientFactory(referring_clinician=clinician)
    case = Case.objects.create(patient=patient, referring_clinician=clinician,
                               question="Antiresorptive?", patient_informed=True,
                               status=CaseStatus.DISCUSSED)
    agents = [{"drug_code": "zoledronic_acid", "contraindicated": False},
              {"drug_code": "denosumab", "contraindicated": True}]
    proposal = Proposal.objects.create(
        case=case, status=ProposalStatus.VALID, validated_at=timezone.now(),
        referential=Referential.objects.get(status=ReferentialStatus.ACTIVE),
        engine_result={"result": {"antiresorptive": {"should_start": True, "agents": agents},
                                  "lesions": []}})
    refresh_patient(patient.pk, timezone.localdate())
    action = (FollowUpAction.objects.filter(proposal=proposal, status=FollowUpStatus.OPEN)
              .order_by("pk").first())
    assert action is not None, "the signed proposal gave no follow-up action"
    return action
