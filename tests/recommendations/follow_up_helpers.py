"""A patient with a signed proposal, for the follow-up tests: dates are relative to today
(the refresh run by signals uses the real date)."""

import datetime as dt

from django.utils import timezone

from recommendations.models import Case, CaseStatus, Proposal, ProposalStatus
from scoring.models import Referential, ReferentialStatus
from tests.factories import PatientFactory, UserFactory

ZOL_ONLY = {"result": {"antiresorptive": {"should_start": True, "agents": [
    {"drug_code": "zoledronic_acid", "contraindicated": False},
    {"drug_code": "denosumab", "contraindicated": True}]}, "lesions": []}}
EITHER_AGENT = {"result": {"antiresorptive": {"should_start": True, "agents": [
    {"drug_code": "zoledronic_acid", "contraindicated": False},
    {"drug_code": "denosumab", "contraindicated": None}]}, "lesions": []}}


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def case_for(patient=None, clinician=None, **fields) -> Case:
    clinician = clinician or UserFactory(roles=["clinician"])
    patient = patient or PatientFactory(referring_clinician=clinician)
    return Case.objects.create(patient=patient, referring_clinician=clinician, question="?",
                               patient_informed=True, status=CaseStatus.SIGNED, **fields)


def signed(case: Case, engine_result=None, *, on: dt.date | None = None, version: int = 1,
           off_referential: bool = False) -> Proposal:
    return Proposal.objects.create(
        case=case, version=version, status=ProposalStatus.VALID,
        validated_at=noon(on or timezone.localdate()),
        referential=Referential.objects.get(status=ReferentialStatus.ACTIVE),
        engine_result=engine_result if engine_result is not None else ZOL_ONLY,
        off_referential=off_referential,
        off_referential_reason="Panel's choice" if off_referential else "")
